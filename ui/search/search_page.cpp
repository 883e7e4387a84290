#include "ui/search/search_page.h"

#include "application/collections.h"
#include "application/library_views.h"
#include "application/open_document.h"
#include "application/query_video.h"
#include "application/search_query.h"
#include "common/item_kind.h"
#include "common/time_range.h"
#include "session/library_session.h"
#include "settings/settings.h"
#include "ui/common/icons.h"
#include "ui/search/preview_pane.h"
#include "ui/search/query_image_bar.h"
#include "ui/search/query_line_edit.h"
#include "ui/search/result_card_delegate.h"
#include "ui/search/search_results_model.h"

#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileInfo>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QListView>
#include <QMenu>
#include <QPushButton>
#include <QSettings>
#include <QShortcut>
#include <QSignalBlocker>
#include <QSplitter>
#include <QStackedWidget>
#include <QToolButton>
#include <QToolTip>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <climits>
#include <cstring>

namespace cortex::ui {

namespace {

// The engine takes interleaved RGB rows without padding; QImage rows may be padded.
model::Image toModelImage(const QImage &source)
{
    const QImage rgb = source.convertToFormat(QImage::Format_RGB888);
    model::Image image;
    image.width = rgb.width();
    image.height = rgb.height();
    image.channels = 3;
    image.pixels.resize(size_t(image.width) * size_t(image.height) * 3);
    for (int y = 0; y < rgb.height(); ++y)
        std::memcpy(image.pixels.data() + size_t(y) * size_t(image.width) * 3, rgb.constScanLine(y),
                    size_t(image.width) * 3);
    return image;
}

QString millis(double seconds)
{
    return SearchPage::tr("%1 ms").arg(qRound(seconds * 1000));
}

enum TypeFilter { AllTypes, TextOnly, ImagesOnly, PdfPagesOnly, VideosOnly };

// A hit as the status line and the preview name it: "report.pdf, page 3".
QString hitTitle(const QModelIndex &hit)
{
    const QString name = hit.data(Qt::DisplayRole).toString();
    const int page = hit.data(SearchResultsModel::PageRole).toInt();
    return page > 0 ? SearchPage::tr("%1, page %2").arg(name).arg(page) : name;
}

constexpr auto kPreviewVisibleKey = "search/previewVisible";
constexpr auto kPreviewSplitterKey = "search/previewSplitter";

} // namespace

SearchPage::SearchPage(session::LibrarySession *session, QWidget *parent) : QWidget(parent), session_(session)
{
    setObjectName(QStringLiteral("searchPage"));
    results_ = new SearchResultsModel(this);

    auto *queryRow = new QHBoxLayout;
    queryEdit_ = new QueryLineEdit(this);
    queryEdit_->setObjectName(QStringLiteral("searchQueryEdit"));
    queryEdit_->setPlaceholderText(tr("Search for text, or paste or drop an image or a video…"));
    queryEdit_->setClearButtonEnabled(true);
    connect(queryEdit_, &QLineEdit::returnPressed, this, &SearchPage::search);
    connect(queryEdit_, &QueryLineEdit::imageReceived, this, &SearchPage::useImageAndSearch);
    videoChip_ = new QToolButton(this);
    videoChip_->setObjectName(QStringLiteral("searchQueryVideoChip"));
    videoChip_->setIcon(themedIcon(QStringLiteral("edit-delete")));
    videoChip_->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    videoChip_->hide();
    connect(videoChip_, &QToolButton::clicked, this, [this] { setQueryVideo({}); });
    connect(queryEdit_, &QueryLineEdit::videoReceived, this, [this](const QString &path) {
        setQueryVideo(path);
        search();
    });
    imageBar_ = new QueryImageBar(this);
    // A crop is made to search with it: the crop searches at once, as a paste does.
    connect(imageBar_, &QueryImageBar::imageCropped, this, &SearchPage::search);
    searchButton_ = new QPushButton(themedIcon(QStringLiteral("edit-find")), tr("Se&arch"), this);
    searchButton_->setObjectName(QStringLiteral("searchButton"));
    connect(searchButton_, &QPushButton::clicked, this, &SearchPage::search);
    auto *pasteButton = new QPushButton(themedIcon(QStringLiteral("edit-paste")), QString(), this);
    pasteButton->setObjectName(QStringLiteral("searchPasteImageButton"));
    pasteButton->setToolTip(tr("Add the image on the clipboard to the query and search"));
    connect(pasteButton, &QPushButton::clicked, this, &SearchPage::pasteImageFromClipboard);
    auto *helpButton = new QToolButton(this);
    helpButton->setObjectName(QStringLiteral("searchHelpButton"));
    helpButton->setIcon(themedIcon(QStringLiteral("help-contextual")));
    helpButton->setText(QStringLiteral("?"));
    helpButton->setAutoRaise(true);
    helpButton->setToolTip(
        tr("<p><b>Query language</b></p><table>"
           "<tr><td>words</td><td>found by meaning and by keywords</td></tr>"
           "<tr><td>\"exact phrase\"</td><td>every hit contains the phrase</td></tr>"
           "<tr><td>-word, -\"a phrase\"</td><td>no hit contains it</td></tr>"
           "<tr><td>type:pdf, image, text, office, video</td><td>documents of that type</td></tr>"
           "<tr><td>in:collection</td><td>in:\"two words\" for a name with spaces</td></tr>"
           "<tr><td>tag:name</td><td>documents of a collection with that tag</td></tr>"
           "<tr><td>path:part</td><td>the document's path contains it</td></tr>"
           "<tr><td>after:2024-01-01</td><td>modified on or after that day</td></tr>"
           "<tr><td>before:2024-02-01</td><td>modified before that day</td></tr></table>"));
    connect(helpButton, &QToolButton::clicked, this, [helpButton] {
        QToolTip::showText(helpButton->mapToGlobal(QPoint(0, helpButton->height())), helpButton->toolTip(),
                           helpButton);
    });
    connect(queryEdit_, &QLineEdit::textChanged, this, &SearchPage::updateQuerySyntax);
    queryRow->addWidget(queryEdit_, 1);
    queryRow->addWidget(helpButton);
    queryRow->addWidget(imageBar_);
    queryRow->addWidget(videoChip_);
    queryRow->addWidget(pasteButton);
    queryRow->addWidget(searchButton_);

    auto *filterRow = new QHBoxLayout;
    collectionCombo_ = new QComboBox(this);
    collectionCombo_->setObjectName(QStringLiteral("searchCollectionCombo"));
    collectionCombo_->addItem(tr("All collections"), qlonglong(0));
    collectionCombo_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    typeCombo_ = new QComboBox(this);
    typeCombo_->setObjectName(QStringLiteral("searchTypeCombo"));
    typeCombo_->addItem(tr("All types"), int(AllTypes));
    typeCombo_->addItem(themedIcon(QStringLiteral("text-plain")), tr("Text"), int(TextOnly));
    typeCombo_->addItem(themedIcon(QStringLiteral("image-x-generic")), tr("Images"), int(ImagesOnly));
    typeCombo_->addItem(themedIcon(QStringLiteral("application-pdf")), tr("PDF pages"), int(PdfPagesOnly));
    typeCombo_->addItem(tr("Video segments (preview)"), int(VideosOnly));
    rerankCheck_ = new QCheckBox(tr("&Rerank"), this);
    rerankCheck_->setObjectName(QStringLiteral("searchRerankCheck"));
    rerankCheck_->setChecked(true);
    rerankCheck_->setToolTip(
        tr("Re-score the best candidates with the reranker model (slower, more precise)."));
    connect(rerankCheck_, &QCheckBox::toggled, this, [this](bool on) {
        if (rerankCheck_->isEnabled())
            rerankWanted_ = on;
    });
    filterRow->addWidget(new QLabel(tr("Collection:"), this));
    filterRow->addWidget(collectionCombo_);
    filterRow->addWidget(new QLabel(tr("Type:"), this));
    filterRow->addWidget(typeCombo_);
    sortCombo_ = new QComboBox(this);
    sortCombo_->setObjectName(QStringLiteral("searchSortCombo"));
    sortCombo_->addItem(tr("Most relevant first"), int(search::SortOrder::Relevance));
    sortCombo_->addItem(tr("Newest first"), int(search::SortOrder::Newest));
    sortCombo_->addItem(tr("Oldest first"), int(search::SortOrder::Oldest));
    sortCombo_->setToolTip(tr("The order of the best results (by the documents' modification time)"));
    minScoreSpin_ = new QDoubleSpinBox(this);
    minScoreSpin_->setObjectName(QStringLiteral("searchMinScoreSpin"));
    minScoreSpin_->setRange(0.0, 1.0);
    minScoreSpin_->setSingleStep(0.05);
    minScoreSpin_->setDecimals(2);
    minScoreSpin_->setSpecialValueText(tr("none"));
    minScoreSpin_->setToolTip(tr("Leave out results scored below this: the rerank score when reranked, "
                                 "else the similarity to the query"));
    filterRow->addWidget(rerankCheck_);
    filterRow->addStretch();
    // How the hits are shown, on a row of its own so that the filters stay readable in a small window.
    auto *orderRow = new QHBoxLayout;
    orderRow->addWidget(new QLabel(tr("Sort:"), this));
    orderRow->addWidget(sortCombo_);
    orderRow->addWidget(new QLabel(tr("Minimum score:"), this));
    orderRow->addWidget(minScoreSpin_);
    groupCheck_ = new QCheckBox(tr("Group &by document"), this);
    groupCheck_->setObjectName(QStringLiteral("searchGroupCheck"));
    groupCheck_->setToolTip(tr("One card per document with its best hit; “more hits” on a card (or the "
                               "Right and Left keys) lists or hides the document's other pages and chunks"));
    orderRow->addWidget(groupCheck_);
    orderRow->addStretch();

    resultsView_ = new QListView(this);
    resultsView_->setObjectName(QStringLiteral("searchResultsView"));
    resultsView_->setModel(results_);
    resultsView_->setItemDelegate(new ResultCardDelegate(resultsView_));
    resultsView_->setUniformItemSizes(true);
    resultsView_->setSelectionMode(QAbstractItemView::SingleSelection);
    resultsView_->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    resultsView_->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(resultsView_, &QWidget::customContextMenuRequested, this, &SearchPage::showContextMenu);
    // Opened by a double-click (Ctrl may be held) and by Enter (eventFilter), not by `activated`: a
    // style that activates on a single click would open every hit the user only wants to preview.
    connect(resultsView_, &QAbstractItemView::doubleClicked, this, [this](const QModelIndex &index) {
        resultsView_->setCurrentIndex(index);
        openDocument();
    });
    resultsView_->installEventFilter(this);
    connect(resultsView_->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &SearchPage::updateActions);
    connect(results_, &QAbstractItemModel::modelReset, this, &SearchPage::updateActions);
    groupCheck_->setChecked(QSettings().value(QStringLiteral("search/groupByDocument"), false).toBool());
    results_->setGrouped(groupCheck_->isChecked());
    connect(groupCheck_, &QCheckBox::toggled, this, [this](bool grouped) {
        QSettings().setValue(QStringLiteral("search/groupByDocument"), grouped);
        results_->setGrouped(grouped);
        if (results_->rowCount() > 0)
            resultsView_->setCurrentIndex(results_->index(0, 0));
    });
    // As in a tree: Right lists a document's other hits, Left hides them again.
    for (const auto key : {Qt::Key_Right, Qt::Key_Left}) {
        auto *shortcut = new QShortcut(QKeySequence(key), resultsView_, nullptr, nullptr, Qt::WidgetShortcut);
        connect(shortcut, &QShortcut::activated, this, [this, key] {
            const QModelIndex hit = currentHit();
            if (hit.isValid() &&
                (key == Qt::Key_Right) != hit.data(SearchResultsModel::GroupExpandedRole).toBool() &&
                (hit.data(SearchResultsModel::GroupMoreRole).toInt() > 0 ||
                 hit.data(SearchResultsModel::GroupMemberRole).toBool()))
                toggleDocumentHits();
        });
    }
    connect(resultsView_->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &SearchPage::updatePreview);
    connect(results_, &QAbstractItemModel::modelReset, this, &SearchPage::updatePreview);

    auto *actionRow = new QHBoxLayout;
    openButton_ = new QPushButton(themedIcon(QStringLiteral("document-open")), tr("&Open"), this);
    openButton_->setObjectName(QStringLiteral("searchOpenButton"));
    connect(openButton_, &QPushButton::clicked, this, &SearchPage::openDocument);
    revealButton_ = new QPushButton(themedIcon(QStringLiteral("folder-open")), tr("Show in Fol&der"), this);
    revealButton_->setObjectName(QStringLiteral("searchRevealButton"));
    connect(revealButton_, &QPushButton::clicked, this, &SearchPage::revealDocument);
    copyButton_ = new QPushButton(themedIcon(QStringLiteral("edit-copy")), tr("Cop&y Path"), this);
    copyButton_->setObjectName(QStringLiteral("searchCopyPathButton"));
    connect(copyButton_, &QPushButton::clicked, this, &SearchPage::copyPath);
    similarButton_ = new QPushButton(themedIcon(QStringLiteral("system-search")), tr("Find Simi&lar"), this);
    similarButton_->setObjectName(QStringLiteral("searchFindSimilarButton"));
    connect(similarButton_, &QPushButton::clicked, this, [this] { findSimilar(); });
    actionRow->addWidget(openButton_);
    actionRow->addWidget(revealButton_);
    actionRow->addWidget(copyButton_);
    actionRow->addWidget(similarButton_);
    actionRow->addStretch();
    previewButton_ = new QPushButton(themedIcon(QStringLiteral("document-preview")), tr("Previe&w"), this);
    previewButton_->setObjectName(QStringLiteral("searchPreviewToggle"));
    previewButton_->setCheckable(true);
    previewButton_->setToolTip(tr("Show or hide the preview of the selected result (Space in the results)"));
    connect(previewButton_, &QPushButton::toggled, this, &SearchPage::setPreviewVisible);
    actionRow->addWidget(previewButton_);

    statusLabel_ = new QLabel(this);
    statusLabel_->setObjectName(QStringLiteral("searchStatusLabel"));
    statusLabel_->setWordWrap(true);
    statusLabel_->setTextInteractionFlags(Qt::TextSelectableByMouse);

    emptyLabel_ = new QLabel(this);
    emptyLabel_->setObjectName(QStringLiteral("searchEmptyState"));
    emptyLabel_->setAlignment(Qt::AlignCenter);
    emptyLabel_->setWordWrap(true);
    emptyLabel_->setForegroundRole(QPalette::PlaceholderText);
    resultsStack_ = new QStackedWidget(this);
    resultsStack_->addWidget(resultsView_);
    resultsStack_->addWidget(emptyLabel_);
    connect(results_, &QAbstractItemModel::modelReset, this, &SearchPage::updateEmptyState);

    previewPane_ = new PreviewPane(session_, this);
    splitter_ = new QSplitter(Qt::Horizontal, this);
    splitter_->setObjectName(QStringLiteral("searchSplitter"));
    splitter_->setChildrenCollapsible(false);
    splitter_->addWidget(resultsStack_);
    splitter_->addWidget(previewPane_);
    splitter_->setStretchFactor(0, 1);
    splitter_->setStretchFactor(1, 1);
    connect(splitter_, &QSplitter::splitterMoved, this, [this] {
        QSettings store;
        store.setValue(QLatin1String(kPreviewSplitterKey), splitter_->saveState());
    });

    queryErrorLabel_ = new QLabel(this);
    queryErrorLabel_->setObjectName(QStringLiteral("searchQueryError"));
    queryErrorLabel_->setWordWrap(true);
    queryErrorLabel_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QPalette errorPalette = queryErrorLabel_->palette();
    errorPalette.setColor(QPalette::WindowText, QColor(0xc0, 0x1c, 0x28));
    queryErrorLabel_->setPalette(errorPalette);
    queryErrorLabel_->hide();

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(queryRow);
    layout->addWidget(queryErrorLabel_);
    layout->addLayout(filterRow);
    layout->addLayout(orderRow);
    layout->addWidget(splitter_, 1);
    layout->addLayout(actionRow);
    layout->addWidget(statusLabel_);

    // Tab goes through the query row as it reads: text, paste, search, then the filters and the hits.
    setTabOrder(queryEdit_, pasteButton);
    setTabOrder(pasteButton, searchButton_);
    setTabOrder(searchButton_, collectionCombo_);
    setTabOrder(collectionCombo_, typeCombo_);
    setTabOrder(typeCombo_, rerankCheck_);
    setTabOrder(rerankCheck_, sortCombo_);
    setTabOrder(sortCombo_, minScoreSpin_);
    setTabOrder(minScoreSpin_, groupCheck_);
    setTabOrder(groupCheck_, resultsView_);
    setTabOrder(resultsView_, openButton_);
    setTabOrder(openButton_, revealButton_);
    setTabOrder(revealButton_, copyButton_);
    setTabOrder(copyButton_, similarButton_);
    setTabOrder(similarButton_, previewButton_);

    {
        QSettings store;
        splitter_->restoreState(store.value(QLatin1String(kPreviewSplitterKey)).toByteArray());
        const bool visible = store.value(QLatin1String(kPreviewVisibleKey), true).toBool();
        previewPane_->setVisible(visible);
        const QSignalBlocker blocker(previewButton_);
        previewButton_->setChecked(visible);
    }

    connect(session_, &session::LibrarySession::libraryOpened, this, &SearchPage::refreshCollections);
    connect(session_, &session::LibrarySession::libraryChanged, this, &SearchPage::refreshCollections);
    connect(session_, &session::LibrarySession::libraryOpened, this, &SearchPage::refreshLibrarySize);
    connect(session_, &session::LibrarySession::libraryChanged, this, &SearchPage::refreshLibrarySize);
    connect(session_, &session::LibrarySession::rerankerStatusChanged, this, &SearchPage::updateRerankCheck);
    updateRerankCheck(session_->rerankerStatus());
    refreshCollections();
    refreshLibrarySize();
    updateActions();
    updateEmptyState();
}

void SearchPage::useImageAndSearch(const QImage &image)
{
    if (addQueryImage(image))
        search();
}

void SearchPage::updateRerankCheck(const search::RerankerStatus &status)
{
    // Ticked only where a reranker can run: none configured, or one that failed to load, cannot.
    const bool available =
        status.state != search::RerankerState::Disabled && status.state != search::RerankerState::Failed;
    rerankCheck_->setEnabled(available);
    const QSignalBlocker blocker(rerankCheck_);
    rerankCheck_->setChecked(available && rerankWanted_);
    if (status.state == search::RerankerState::Disabled)
        rerankCheck_->setToolTip(tr("No reranker is set up: choose a Qwen3-VL-Reranker folder in Settings."));
    else if (status.state == search::RerankerState::Failed)
        rerankCheck_->setToolTip(
            tr("The reranker could not be loaded: %1").arg(QString::fromStdString(status.message)));
    else
        rerankCheck_->setToolTip(
            tr("Re-score the best candidates with the reranker model (slower, more precise)."));
}

void SearchPage::refreshLibrarySize()
{
    if (!session_->isLibraryOpen())
        return;
    const auto request = sizeRequest_.start();
    application::itemCount(*session_).then(this, [this, request](const Result<int64_t> &items) {
        if (!sizeRequest_.isLatest(request) || !items)
            return;
        libraryItems_ = *items;
        updateEmptyState();
    });
}

void SearchPage::updateEmptyState()
{
    if (results_->rowCount() > 0) {
        resultsStack_->setCurrentWidget(resultsView_);
        return;
    }
    QString text = searchedOnce_ ? tr("Nothing found. Try other words, another filter, or an image.")
                                 : tr("Type words and press Enter, or paste (Ctrl+V) or drop an image, to "
                                      "search text, pages and pictures together.");
    if (libraryItems_ == 0)
        text += u'\n' + tr("The library is empty: add files and folders in the Ingest tab.");
    else if (libraryItems_ > 0)
        text += u'\n' + tr("The library holds %n searchable item(s).", nullptr,
                           int(qMin<int64_t>(libraryItems_, INT_MAX)));
    emptyLabel_->setText(text);
    resultsStack_->setCurrentWidget(emptyLabel_);
}

void SearchPage::focusQuery()
{
    queryEdit_->setFocus(Qt::ShortcutFocusReason);
    queryEdit_->selectAll();
}

void SearchPage::pasteImageFromClipboard()
{
    const QImage image = QGuiApplication::clipboard()->image();
    if (image.isNull()) {
        statusLabel_->setText(tr("The clipboard holds no image."));
        return;
    }
    useImageAndSearch(image);
}

QList<QImage> SearchPage::queryImages() const
{
    return imageBar_->images();
}

QImage SearchPage::queryImage() const
{
    const QList<QImage> images = imageBar_->images();
    return images.isEmpty() ? QImage() : images.front();
}

void SearchPage::setQueryImage(const QImage &image)
{
    imageBar_->clear();
    if (!image.isNull())
        addQueryImage(image);
}

bool SearchPage::addQueryImage(const QImage &image)
{
    const QString refused = imageBar_->add(image);
    if (!refused.isEmpty())
        statusLabel_->setText(refused);
    return refused.isEmpty();
}

void SearchPage::setSearchLimits(int candidates, int topK)
{
    candidates_ = qMax(1, candidates);
    topK_ = qMax(1, topK);
}

search::Query SearchPage::filteredQuery() const
{
    search::Query query;
    if (const qlonglong id = collectionCombo_->currentData().toLongLong(); id > 0)
        query.filter.collectionIds.push_back(id);
    switch (typeCombo_->currentData().toInt()) {
    case TextOnly:
        query.filter.kinds = {ItemKind::Text};
        break;
    case ImagesOnly:
        query.filter.kinds = {ItemKind::Image};
        break;
    case PdfPagesOnly:
        query.filter.kinds = {ItemKind::PdfPage};
        break;
    case VideosOnly:
        query.filter.kinds = {ItemKind::VideoSegment};
        break;
    default:
        break;
    }
    query.candidates = qMax(candidates_, topK_);
    query.topK = topK_;
    query.rerank = rerankCheck_->isChecked();
    query.sort = search::SortOrder(sortCombo_->currentData().toInt());
    if (minScoreSpin_->value() > 0)
        query.minScore = minScoreSpin_->value();
    return query;
}

void SearchPage::setQueryVideo(const QString &path)
{
    videoPath_ = path;
    videoChip_->setVisible(!path.isEmpty());
    // Issue 16: "preview" until the video embedding is proven equal to transformers'.
    videoChip_->setText(path.isEmpty() ? QString()
                                       : tr("%1 (video, preview)").arg(QFileInfo(path).fileName()));
    videoChip_->setToolTip(path.isEmpty() ? QString()
                                          : tr("%1\nIts first segment is searched with. Click to remove it.")
                                                .arg(QDir::toNativeSeparators(path)));
}

void SearchPage::search()
{
    const QString text = queryEdit_->text().trimmed();
    const QList<QImage> images = imageBar_->images();
    if (text.isEmpty() && images.isEmpty() && videoPath_.isEmpty()) {
        statusLabel_->setText(tr("Type a query, or paste or drop an image."));
        return;
    }
    updateQuerySyntax();
    if (!queryErrorLabel_->isHidden()) {
        statusLabel_->setText(tr("Correct the query first (see above)."));
        return;
    }
    search::Query query = filteredQuery();
    query.text = text.toStdString();
    // The text and every image are one query: the model embeds them together into one vector.
    for (const QImage &image : images)
        query.images.push_back(toModelImage(image));
    const QString words = QString::fromStdString(application::queryWords(query.text));
    const quint64 read = ++videoReads_;
    if (videoPath_.isEmpty()) {
        runSearch(query, words, {});
        return;
    }
    // The video's first segment is decoded off the GUI thread (seconds for a long window), then searched.
    statusLabel_->setText(tr("Reading the video…"));
    const std::string path = videoPath_.toStdString();
    const double window = application::videoSegmentSeconds();
    QtConcurrent::run([path, window] {
        return application::readQueryVideo(path, window);
    }).then(this, [this, read, query, words](const Result<model::VideoClip> &clip) mutable {
        if (read != videoReads_)
            return; // a newer search was started meanwhile
        if (!clip) {
            statusLabel_->setText(tr("Search failed: %1").arg(QString::fromStdString(clip.error().message)));
            emit searchFinished();
            return;
        }
        query.video = *clip;
        runSearch(query, words, {});
    });
}

void SearchPage::updateQuerySyntax()
{
    const QString error =
        QString::fromStdString(application::querySyntaxError(queryEdit_->text().trimmed().toStdString()));
    queryErrorLabel_->setText(error);
    queryErrorLabel_->setVisible(!error.isEmpty());
}

void SearchPage::runSearch(const search::Query &query, const QString &text, const QString &similarTo)
{
    if (const QString reason = session_->notReadyReason(); !reason.isEmpty()) {
        statusLabel_->setText(reason);
        return;
    }
    const auto request = searchRequest_.start();
    results_->setStale(true);
    statusLabel_->setText(results_->rowCount() > 0
                              ? tr("Searching… (the results below are the previous query's)")
                              : tr("Searching…"));
    session_->search(query).then(
        this, [this, request, text, similarTo](const Result<search::SearchResult> &answer) {
            if (!searchRequest_.isLatest(request))
                return; // a newer search was started meanwhile; its answer is the one to show
            searchedOnce_ = true;
            if (!answer) {
                results_->clear();
                if (answer.error().kind == ErrorKind::InvalidInput) { // the query's own problem: beside it
                    queryErrorLabel_->setText(QString::fromStdString(answer.error().message));
                    queryErrorLabel_->show();
                }
                statusLabel_->setText(
                    tr("Search failed: %1").arg(QString::fromStdString(answer.error().message)));
                emit searchFinished();
                return;
            }
            results_->setResult(*answer, text);
            if (results_->rowCount() > 0)
                resultsView_->setCurrentIndex(results_->index(0, 0));
            QStringList parts;
            if (!similarTo.isEmpty())
                parts << tr("Similar to “%1”").arg(similarTo);
            if (answer->hits.empty())
                parts << tr("Nothing found. If the library is empty, add files in the Ingest tab.");
            else
                parts << tr("%n result(s)", nullptr, int(answer->hits.size()));
            QString timing = tr("embedding %1, retrieval %2")
                                 .arg(millis(answer->embedSeconds), millis(answer->retrieveSeconds));
            if (answer->reranked)
                timing += tr(", reranking %1").arg(millis(answer->rerankSeconds));
            parts << timing;
            if (!answer->queryNotice.empty())
                parts << QString::fromStdString(answer->queryNotice);
            if (!answer->note.empty())
                parts << QString::fromStdString(answer->note);
            statusLabel_->setText(parts.join(QStringLiteral(" — ")));
            emit searchFinished();
        });
}

void SearchPage::refreshCollections()
{
    if (!session_->isLibraryOpen())
        return;
    const auto request = collectionsRequest_.start();
    application::listCollections(*session_).then(
        this, [this, request](const Result<std::vector<store::CollectionInfo>> &entries) {
            if (!collectionsRequest_.isLatest(request) || !entries)
                return;
            const qlonglong current = collectionCombo_->currentData().toLongLong();
            while (collectionCombo_->count() > 1)
                collectionCombo_->removeItem(1);
            for (const auto &c : *entries)
                collectionCombo_->addItem(themedIcon(QStringLiteral("folder")),
                                          QString::fromStdString(c.name), qlonglong(c.id));
            const int again = collectionCombo_->findData(current);
            collectionCombo_->setCurrentIndex(again >= 0 ? again : 0);
        });
}

QModelIndex SearchPage::currentHit() const
{
    const QModelIndex index = resultsView_->currentIndex();
    return index.isValid() ? index : QModelIndex();
}

void SearchPage::updateActions()
{
    const bool has = currentHit().isValid();
    openButton_->setEnabled(has);
    revealButton_->setEnabled(has);
    copyButton_->setEnabled(has);
    similarButton_->setEnabled(has);
}

void SearchPage::showContextMenu(const QPoint &pos)
{
    const QModelIndex index = resultsView_->indexAt(pos);
    if (!index.isValid())
        return;
    resultsView_->setCurrentIndex(index);
    auto *menu = new QMenu(this);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    menu->addAction(themedIcon(QStringLiteral("document-open")), tr("Open"), this, &SearchPage::openDocument);
    menu->addAction(themedIcon(QStringLiteral("folder-open")), tr("Show in Folder"), this,
                    &SearchPage::revealDocument);
    menu->addAction(themedIcon(QStringLiteral("edit-copy")), tr("Copy Path"), this, &SearchPage::copyPath);
    menu->addAction(themedIcon(QStringLiteral("system-search")), tr("Find Similar"), this,
                    [this] { findSimilar(); });
    menu->addAction(themedIcon(QStringLiteral("edit-copy")), tr("Find Near-Duplicates"), this,
                    [this] { findSimilar(true); })
        ->setObjectName(QStringLiteral("searchNearDuplicatesAction"));
    if (index.data(SearchResultsModel::GroupMoreRole).toInt() > 0 ||
        index.data(SearchResultsModel::GroupMemberRole).toBool()) {
        const bool expanded = index.data(SearchResultsModel::GroupExpandedRole).toBool();
        menu->addSeparator();
        menu->addAction(expanded ? tr("Hide the Document's Other Hits")
                                 : tr("Show the Document's Other Hits"),
                        this, &SearchPage::toggleDocumentHits)
            ->setObjectName(QStringLiteral("searchToggleDocumentHitsAction"));
    }
    menu->popup(resultsView_->viewport()->mapToGlobal(pos));
}

void SearchPage::toggleDocumentHits()
{
    const QModelIndex card = results_->toggleExpanded(currentHit());
    if (card.isValid())
        resultsView_->setCurrentIndex(card);
}

void SearchPage::openDocument()
{
    const QModelIndex hit = currentHit();
    if (!hit.isValid())
        return;
    const QString path = hit.data(SearchResultsModel::DocumentPathRole).toString();
    const QString name = QFileInfo(path).fileName();
    application::Opened opened = application::Opened::NotOpened;
    QString atPosition;
    QString fromBeginning; // said when a video opens at its beginning: the hit is elsewhere in it
    if (const QVariant start = hit.data(SearchResultsModel::StartSecondsRole); start.isValid()) {
        const QString moment = QString::fromStdString(clockTime(start.toDouble()));
        opened = application::openVideoAtSeconds(launcher_, path, start.toDouble());
        atPosition = tr("Opened %1 at %2.").arg(name, moment);
        fromBeginning = tr("Opened %1 from the beginning: the video player cannot start at a time "
                           "(mpv, VLC and Celluloid can); the segment starts at %2.")
                            .arg(name, moment);
    } else {
        // A PDF hit opens at its page when the default PDF viewer takes one (page_opener.h).
        const int page = hit.data(SearchResultsModel::PageRole).toInt();
        const bool pdf = hit.data(SearchResultsModel::DocumentTypeRole).toString() == u"pdf";
        opened = application::openPdfAtPage(launcher_, path, pdf ? page : 0);
        atPosition = tr("Opened %1 at page %2.").arg(name).arg(page);
    }
    switch (opened) {
    case application::Opened::AtPosition:
        statusLabel_->setText(atPosition);
        break;
    case application::Opened::FromBeginning:
        if (!fromBeginning.isEmpty())
            statusLabel_->setText(fromBeginning);
        break;
    case application::Opened::NotOpened:
        statusLabel_->setText(
            tr("Could not open %1: no application is set up for this file type.").arg(path));
        break;
    }
}

bool SearchPage::isPreviewVisible() const
{
    return !previewPane_->isHidden();
}

void SearchPage::setPreviewVisible(bool visible)
{
    {
        const QSignalBlocker blocker(previewButton_);
        previewButton_->setChecked(visible);
    }
    if (visible == isPreviewVisible())
        return;
    QSettings store;
    store.setValue(QLatin1String(kPreviewVisibleKey), visible);
    if (visible) {
        previewPane_->setVisible(true);
        // Back at the width it had (the splitter gave the results all the room while it was hidden).
        splitter_->restoreState(store.value(QLatin1String(kPreviewSplitterKey)).toByteArray());
        updatePreview();
    } else {
        store.setValue(QLatin1String(kPreviewSplitterKey), splitter_->saveState());
        previewPane_->hide();
        previewPane_->clear(); // nothing renders for a pane nobody sees
    }
}

void SearchPage::togglePreview()
{
    setPreviewVisible(!isPreviewVisible());
}

void SearchPage::updatePreview()
{
    if (!isPreviewVisible())
        return;
    const QModelIndex hit = currentHit();
    if (!hit.isValid()) {
        previewPane_->clear();
        return;
    }
    previewPane_->showItem(hit.data(SearchResultsModel::ItemIdRole).toLongLong(), results_->queryWords(),
                           hitTitle(hit));
}

bool SearchPage::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == resultsView_ && event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        const Qt::KeyboardModifiers modifiers = key->modifiers() & ~Qt::KeypadModifier;
        if (key->key() == Qt::Key_Space && modifiers == Qt::NoModifier) {
            togglePreview();
            return true;
        }
        if ((key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) &&
            (modifiers == Qt::NoModifier || modifiers == Qt::ControlModifier)) {
            openDocument();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void SearchPage::revealDocument()
{
    const QModelIndex hit = currentHit();
    if (!hit.isValid())
        return;
    const QString path = hit.data(SearchResultsModel::DocumentPathRole).toString();
    const QString folder = QFileInfo(path).absolutePath();
    if (!launcher_.openPath || !launcher_.openPath(folder))
        statusLabel_->setText(tr("Could not open the folder %1.").arg(folder));
}

void SearchPage::copyPath()
{
    const QModelIndex hit = currentHit();
    if (hit.isValid())
        QGuiApplication::clipboard()->setText(hit.data(SearchResultsModel::DocumentPathRole).toString());
}

void SearchPage::findSimilar(bool nearDuplicatesOnly)
{
    const QModelIndex hit = currentHit();
    if (!hit.isValid())
        return;
    // The hit's stored vector is the query: nothing is embedded again, and the query field shows no
    // 512-token chunk pasted into it; the status line says what the results are similar to.
    QString title = hitTitle(hit);
    search::Query query = filteredQuery();
    query.similarToItem = hit.data(SearchResultsModel::ItemIdRole).toLongLong();
    if (nearDuplicatesOnly) {
        QSettings store;
        const double threshold = settings::load(store).nearDuplicatePercent / 100.0;
        query.minScore = std::max(query.minScore.value_or(0.0), threshold);
        title = tr("%1 (near-duplicates: similarity at least %2)").arg(title).arg(threshold, 0, 'f', 2);
    }
    queryEdit_->clear();
    setQueryImage({});
    runSearch(query, {}, title);
}

} // namespace cortex::ui
