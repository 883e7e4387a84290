// The Collections tab: layout, refresh and selection (the actions are in collections_actions.cpp).

#include "ui/collections/collections_page.h"

#include "application/collections.h"
#include "session/library_session.h"
#include "ui/collections/collections_model.h"
#include "ui/collections/documents_model.h"
#include "ui/collections/record_text.h"
#include "ui/common/icons.h"
#include "ui/common/widgets.h"
#include "ui/maintenance/task_progress_panel.h"

#include <QComboBox>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>

namespace cortex::ui {

CollectionsPage::CollectionsPage(session::LibrarySession *session, QWidget *parent)
    : QWidget(parent), session_(session), collectionsModel_(new CollectionsModel(this)),
      documentsModel_(new DocumentsModel(this)), collectionsProxy_(new QSortFilterProxyModel(this)),
      documentsProxy_(new QSortFilterProxyModel(this))
{
    setObjectName(QStringLiteral("collectionsPage"));
    collectionsProxy_->setSourceModel(collectionsModel_);
    collectionsProxy_->setSortRole(CollectionsModel::RawValueRole);
    collectionsProxy_->setSortCaseSensitivity(Qt::CaseInsensitive);
    documentsProxy_->setSourceModel(documentsModel_);
    documentsProxy_->setSortRole(DocumentsModel::RawValueRole);
    documentsProxy_->setSortCaseSensitivity(Qt::CaseInsensitive);
    buildLayout();

    connect(session_, &session::LibrarySession::libraryOpened, this, [this] {
        selectedId_ = 0;
        refresh();
    });
    connect(session_, &session::LibrarySession::libraryChanged, this, &CollectionsPage::refresh);
    connect(collectionsView_->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &CollectionsPage::onCollectionSelected);
    connect(documentsView_->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &CollectionsPage::updateActions);
    connect(nameEdit_, &QLineEdit::textChanged, this, &CollectionsPage::updateActions);
    connect(nameEdit_, &QLineEdit::returnPressed, this, &CollectionsPage::createCollection);
    connect(tagsEdit_, &QLineEdit::returnPressed, this, &CollectionsPage::applyTags);
    connect(createButton_, &QPushButton::clicked, this, &CollectionsPage::createCollection);
    connect(renameButton_, &QPushButton::clicked, this, &CollectionsPage::renameCollection);
    connect(mergeButton_, &QPushButton::clicked, this, &CollectionsPage::mergeCollection);
    connect(deleteButton_, &QPushButton::clicked, this, &CollectionsPage::deleteCollection);
    connect(tagsButton_, &QPushButton::clicked, this, &CollectionsPage::applyTags);
    connect(exportButton_, &QPushButton::clicked, this, &CollectionsPage::chooseExportFile);
    connect(importButton_, &QPushButton::clicked, this, &CollectionsPage::chooseImportFile);
    connect(moveButton_, &QPushButton::clicked, this, &CollectionsPage::moveDocuments);
    connect(removeButton_, &QPushButton::clicked, this, &CollectionsPage::removeDocuments);
    connect(targetCombo_, &QComboBox::currentIndexChanged, this, &CollectionsPage::updateActions);

    updateActions();
    if (session_->isLibraryOpen())
        refresh();
}

void CollectionsPage::buildLayout()
{
    // Top: the collections with their actions; bottom: the selected collection's documents. A splitter
    // lets both shrink to fit 1024x640.
    auto *collectionsBox = new QGroupBox(tr("Collections"), this);
    nameEdit_ = new QLineEdit(collectionsBox);
    nameEdit_->setObjectName(QStringLiteral("collectionNameEdit"));
    nameEdit_->setPlaceholderText(tr("Collection name"));
    nameEdit_->setClearButtonEnabled(true);
    createButton_ = makeButton(QStringLiteral("list-add"), tr("Create"),
                               QStringLiteral("collectionCreateButton"), collectionsBox);
    renameButton_ = makeButton(QStringLiteral("edit-rename"), tr("Rename"),
                               QStringLiteral("collectionRenameButton"), collectionsBox);
    renameButton_->setToolTip(tr("Give the selected collection the name typed on the left"));
    deleteButton_ = makeButton(QStringLiteral("edit-delete"), tr("Delete…"),
                               QStringLiteral("collectionDeleteButton"), collectionsBox);
    exportButton_ = makeButton(QStringLiteral("document-export"), tr("Export…"),
                               QStringLiteral("collectionExportButton"), collectionsBox);
    importButton_ = makeButton(QStringLiteral("document-import"), tr("Import…"),
                               QStringLiteral("collectionImportButton"), collectionsBox);

    auto *nameRow = new QHBoxLayout;
    nameRow->addWidget(nameEdit_, 1);
    nameRow->addWidget(createButton_);
    nameRow->addWidget(renameButton_);
    nameRow->addWidget(deleteButton_);
    nameRow->addSpacing(12);
    nameRow->addWidget(exportButton_);
    nameRow->addWidget(importButton_);

    collectionsView_ = makeTable(collectionsProxy_, QStringLiteral("collectionsView"), collectionsBox);
    collectionsView_->setSelectionMode(QAbstractItemView::SingleSelection);
    collectionsView_->sortByColumn(CollectionsModel::NameColumn, Qt::AscendingOrder);
    collectionsView_->horizontalHeader()->setStretchLastSection(false);
    collectionsView_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    collectionsView_->horizontalHeader()->setSectionResizeMode(CollectionsModel::NameColumn,
                                                               QHeaderView::Stretch);
    collectionsView_->horizontalHeader()->setSectionResizeMode(CollectionsModel::TagsColumn,
                                                               QHeaderView::Stretch);

    tagsEdit_ = new QLineEdit(collectionsBox);
    tagsEdit_->setObjectName(QStringLiteral("collectionTagsEdit"));
    tagsEdit_->setPlaceholderText(tr("Tags, separated by commas"));
    tagsButton_ = makeButton(QStringLiteral("tag"), tr("Set tags"), QStringLiteral("collectionTagsButton"),
                             collectionsBox);
    targetCombo_ = new QComboBox(collectionsBox);
    targetCombo_->setObjectName(QStringLiteral("collectionTargetCombo"));
    targetCombo_->setToolTip(tr("The collection that merged or moved documents go to"));
    targetCombo_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    targetCombo_->setMinimumContentsLength(12);
    mergeButton_ = makeButton(QStringLiteral("view-list-details"), tr("Merge into…"),
                              QStringLiteral("collectionMergeButton"), collectionsBox);
    mergeButton_->setToolTip(tr("Move every document of the selected collection into the chosen one and "
                                "delete the selected collection"));

    auto *tagsRow = new QHBoxLayout;
    tagsRow->addWidget(new QLabel(tr("Tags:"), collectionsBox));
    tagsRow->addWidget(tagsEdit_, 1);
    tagsRow->addWidget(tagsButton_);
    tagsRow->addSpacing(12);
    tagsRow->addWidget(new QLabel(tr("Other collection:"), collectionsBox));
    tagsRow->addWidget(targetCombo_);
    tagsRow->addWidget(mergeButton_);

    auto *collectionsLayout = new QVBoxLayout(collectionsBox);
    collectionsLayout->addLayout(nameRow);
    collectionsLayout->addWidget(collectionsView_, 1);
    collectionsLayout->addLayout(tagsRow);

    auto *documentsBox = new QGroupBox(tr("Documents"), this);
    documentsTitle_ = new QLabel(tr("Select a collection to see its documents."), documentsBox);
    documentsTitle_->setObjectName(QStringLiteral("documentsTitleLabel"));
    documentsView_ = makeTable(documentsProxy_, QStringLiteral("documentsView"), documentsBox);
    documentsView_->setSelectionMode(QAbstractItemView::ExtendedSelection);
    documentsView_->sortByColumn(DocumentsModel::PathColumn, Qt::AscendingOrder);
    documentsView_->setTextElideMode(Qt::ElideMiddle); // the file name at the end of a path matters most
    // The path takes the room; the error is cut (its tooltip holds all of it).
    documentsView_->horizontalHeader()->setStretchLastSection(false);
    documentsView_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    documentsView_->horizontalHeader()->setSectionResizeMode(DocumentsModel::PathColumn,
                                                             QHeaderView::Stretch);
    documentsView_->horizontalHeader()->setSectionResizeMode(DocumentsModel::ErrorColumn,
                                                             QHeaderView::Interactive);
    documentsView_->horizontalHeader()->resizeSection(DocumentsModel::ErrorColumn, 160);
    moveButton_ = makeButton(QStringLiteral("folder-open"), tr("Move to other collection"),
                             QStringLiteral("documentsMoveButton"), documentsBox);
    removeButton_ = makeButton(QStringLiteral("list-remove"), tr("Remove from collection"),
                               QStringLiteral("documentsRemoveButton"), documentsBox);
    removeButton_->setToolTip(tr("The documents stay in the library; only this collection lets them go"));
    auto *documentsRow = new QHBoxLayout;
    documentsRow->addWidget(documentsTitle_, 1);
    documentsRow->addWidget(moveButton_);
    documentsRow->addWidget(removeButton_);
    auto *documentsLayout = new QVBoxLayout(documentsBox);
    documentsLayout->addLayout(documentsRow);
    documentsLayout->addWidget(documentsView_, 1);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->setChildrenCollapsible(false);
    splitter->addWidget(collectionsBox);
    splitter->addWidget(documentsBox);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 1);

    statusLabel_ = new QLabel(this);
    statusLabel_->setObjectName(QStringLiteral("collectionsStatusLabel"));
    statusLabel_->setWordWrap(true);
    statusLabel_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    progress_ = new TaskProgressPanel(QStringLiteral("collections"), this);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(splitter, 1);
    layout->addWidget(progress_);
    layout->addWidget(statusLabel_);
}

void CollectionsPage::refresh()
{
    const auto generation = collectionsRequest_.start();
    if (!session_->isLibraryOpen()) {
        applyCollections({});
        return;
    }
    application::listCollections(*session_).then(
        this, [this, generation](Result<std::vector<store::CollectionInfo>> answer) {
            if (!collectionsRequest_.isLatest(generation))
                return; // a newer refresh is on its way
            if (!answer) {
                showError(QString::fromStdString(answer.error().message));
                return;
            }
            applyCollections(std::move(answer).value());
        });
}

void CollectionsPage::applyCollections(std::vector<store::CollectionInfo> collections)
{
    // The reset clears the selection; put it back on the same collection (or on one just created or
    // renamed) without treating that as the user's choice.
    restoringSelection_ = true;
    collectionsModel_->setCollections(std::move(collections));
    int row = -1;
    if (!selectAfterRefresh_.isEmpty()) {
        for (const auto &c : collectionsModel_->collections())
            if (QString::fromStdString(c.name) == selectAfterRefresh_) {
                row = collectionsModel_->rowOfId(c.id);
                selectedId_ = c.id;
            }
        if (row >= 0)
            selectAfterRefresh_.clear();
    }
    if (row < 0)
        row = collectionsModel_->rowOfId(selectedId_);
    if (row >= 0) {
        const QModelIndex index = collectionsProxy_->mapFromSource(collectionsModel_->index(row, 0));
        collectionsView_->selectionModel()->select(index, QItemSelectionModel::ClearAndSelect |
                                                              QItemSelectionModel::Rows);
        collectionsView_->setCurrentIndex(index);
    } else {
        selectedId_ = 0;
    }
    restoringSelection_ = false;
    showSelectedCollection();
}

void CollectionsPage::onCollectionSelected()
{
    if (restoringSelection_)
        return;
    const auto rows = collectionsView_->selectionModel()->selectedRows();
    selectedId_ = rows.isEmpty() ? 0 : rows.first().data(CollectionsModel::IdRole).toLongLong();
    showSelectedCollection();
}

void CollectionsPage::showSelectedCollection()
{
    if (const auto *c = selectedCollection())
        tagsEdit_->setText(joinTags(c->tags));
    else
        tagsEdit_->clear();
    updateTargets();
    refreshDocuments();
}

void CollectionsPage::refreshDocuments()
{
    const uint64_t generation = ++documentsGeneration_;
    const auto *c = selectedCollection();
    if (!c || !session_->isLibraryOpen()) {
        documentsModel_->setDocuments({});
        documentsTitle_->setText(tr("Select a collection to see its documents."));
        updateActions();
        return;
    }
    documentsTitle_->setText(tr("Documents of “%1”").arg(QString::fromStdString(c->name)));
    const int64_t id = c->id;
    application::collectionDocuments(*session_, application::CollectionRef::byId(id))
        .then(this, [this, generation, id](Result<std::vector<store::DocumentRecord>> answer) {
            if (generation != documentsGeneration_ || id != selectedId_)
                return; // the user chose another collection meanwhile
            if (!answer) {
                showError(QString::fromStdString(answer.error().message));
                return;
            }
            documentsModel_->setDocuments(std::move(answer).value());
            updateActions();
        });
    updateActions();
}

void CollectionsPage::updateTargets()
{
    // The other collections, for merging and moving documents; keep the chosen one when it remains.
    const qint64 previous = targetCombo_->currentData().toLongLong();
    QSignalBlocker blocker(targetCombo_);
    targetCombo_->clear();
    std::vector<store::CollectionInfo> others;
    for (const auto &c : collectionsModel_->collections())
        if (c.id != selectedId_)
            others.push_back(c);
    std::sort(others.begin(), others.end(), [](const auto &a, const auto &b) { return a.name < b.name; });
    for (const auto &c : others)
        targetCombo_->addItem(QString::fromStdString(c.name), QVariant::fromValue<qint64>(c.id));
    const int keep = targetCombo_->findData(QVariant::fromValue<qint64>(previous));
    if (keep >= 0)
        targetCombo_->setCurrentIndex(keep);
    updateActions();
}

void CollectionsPage::updateActions()
{
    const bool open = session_->isLibraryOpen();
    const bool idle = writesRunning_ == 0 && !progress_->isRunning();
    const bool selected = selectedCollection() != nullptr;
    const bool hasTarget = targetCombo_->currentIndex() >= 0;
    const bool hasName = !nameEdit_->text().trimmed().isEmpty();
    const bool documentsSelected = !documentsView_->selectionModel()->selectedRows().isEmpty();
    createButton_->setEnabled(open && idle && hasName);
    renameButton_->setEnabled(open && idle && hasName && selected);
    deleteButton_->setEnabled(open && idle && selected);
    mergeButton_->setEnabled(open && idle && selected && hasTarget);
    tagsButton_->setEnabled(open && idle && selected);
    tagsEdit_->setEnabled(open && selected);
    exportButton_->setEnabled(open && idle && selected);
    importButton_->setEnabled(open && idle);
    moveButton_->setEnabled(open && idle && documentsSelected && hasTarget);
    removeButton_->setEnabled(open && idle && documentsSelected);
}

const store::CollectionInfo *CollectionsPage::selectedCollection() const
{
    const int row = collectionsModel_->rowOfId(selectedId_);
    return row >= 0 ? &collectionsModel_->collections()[size_t(row)] : nullptr;
}

std::vector<int64_t> CollectionsPage::selectedDocumentIds() const
{
    std::vector<int64_t> ids;
    for (const QModelIndex &index : documentsView_->selectionModel()->selectedRows())
        ids.push_back(index.data(DocumentsModel::IdRole).toLongLong());
    return ids;
}

void CollectionsPage::showMessage(const QString &text)
{
    statusLabel_->setStyleSheet(QString());
    statusLabel_->setText(text);
}

void CollectionsPage::showError(const QString &text)
{
    // The palette's link colour is not meant for errors; a plain bold red reads as one in light and dark.
    statusLabel_->setStyleSheet(QStringLiteral("QLabel { color: #da4453; font-weight: bold; }"));
    statusLabel_->setText(text);
}

} // namespace cortex::ui
