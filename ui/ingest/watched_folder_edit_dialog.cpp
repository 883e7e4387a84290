#include "ui/ingest/watched_folder_edit_dialog.h"

#include "ui/ingest/page_image_choice.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>

namespace cortex::ui {
namespace {
constexpr int kMinimumChunkTokens = 16; // as cortex-cli's --chunk-tokens and the Settings tab
} // namespace

QString joinPatterns(const std::vector<std::string> &patterns)
{
    QStringList parts;
    for (const auto &p : patterns)
        parts << QString::fromStdString(p);
    return parts.join(QStringLiteral(", "));
}

std::vector<std::string> splitPatternList(const QString &text)
{
    std::vector<std::string> out;
    for (const QString &part : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const QString p = part.trimmed();
        if (!p.isEmpty())
            out.push_back(p.toStdString());
    }
    return out;
}

WatchedFolderEditDialog::WatchedFolderEditDialog(const store::WatchedFolder &folder,
                                                 session::LibrarySession *session, QWidget *parent)
    : QDialog(parent), folder_(folder)
{
    setObjectName(QStringLiteral("watchedFolderEditDialog"));
    setWindowTitle(tr("Edit Watched Folder"));
    auto *layout = new QVBoxLayout(this);
    auto *path = new QLabel(QString::fromStdString(folder.path), this);
    path->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(path);
    auto *form = new QFormLayout;
    collectionEdit_ = new QLineEdit(QString::fromStdString(folder.settings.collection), this);
    collectionEdit_->setObjectName(QStringLiteral("watchedFolderCollectionEdit"));
    collectionEdit_->setToolTip(tr("A new collection takes the folder's documents with it."));
    includeEdit_ = new QLineEdit(joinPatterns(folder.settings.includePatterns), this);
    includeEdit_->setObjectName(QStringLiteral("watchedFolderIncludeEdit"));
    includeEdit_->setPlaceholderText(tr("every supported type, or e.g. *.pdf, *.md"));
    excludeEdit_ = new QLineEdit(joinPatterns(folder.settings.excludePatterns), this);
    excludeEdit_->setObjectName(QStringLiteral("watchedFolderExcludeEdit"));
    excludeEdit_->setPlaceholderText(tr("e.g. drafts, *.tmp"));
    chunkSpin_ = new QSpinBox(this);
    chunkSpin_->setObjectName(QStringLiteral("watchedFolderChunkSpin"));
    chunkSpin_->setRange(0, 32768);
    chunkSpin_->setSpecialValueText(tr("As in Settings"));
    chunkSpin_->setValue(folder.settings.chunkTokens);
    overlapSpin_ = new QSpinBox(this);
    overlapSpin_->setObjectName(QStringLiteral("watchedFolderOverlapSpin"));
    overlapSpin_->setRange(0, 32768);
    overlapSpin_->setValue(folder.settings.overlapTokens);
    // The overlap belongs to a chunk size of the folder's own and stays below it.
    const auto limitOverlap = [this](int chunk) {
        overlapSpin_->setEnabled(chunk > 0);
        overlapSpin_->setMaximum(std::max(0, chunk - 1));
    };
    limitOverlap(folder.settings.chunkTokens);
    connect(chunkSpin_, &QSpinBox::valueChanged, this, limitOverlap);
    form->addRow(tr("&Collection:"), collectionEdit_);
    form->addRow(tr("&Include:"), includeEdit_);
    form->addRow(tr("E&xclude:"), excludeEdit_);
    form->addRow(tr("C&hunk size (tokens):"), chunkSpin_);
    form->addRow(tr("O&verlap (tokens):"), overlapSpin_);
    pageImagesCombo_ = new QComboBox(this);
    pageImagesCombo_->setObjectName(QStringLiteral("watchedFolderPageImagesCombo"));
    fillPageImageSizes(pageImagesCombo_, folder.settings.pageImageSide);
    pageImageCostLabel_ = new QLabel(this);
    pageImageCostLabel_->setObjectName(QStringLiteral("watchedFolderPageImageCostLabel"));
    pageImageCostLabel_->setWordWrap(true);
    const auto showCost = [this, session] {
        pageImageCostLabel_->setText(
            session ? pageImageCostText(*session, pageImagesCombo_->currentData().toInt()) : QString());
    };
    showCost();
    connect(pageImagesCombo_, &QComboBox::currentIndexChanged, this, showCost);
    form->addRow(tr("&Page images:"), pageImagesCombo_);
    form->addRow(QString(), pageImageCostLabel_);
    layout->addLayout(form);
    auto *note = new QLabel(tr("New patterns and page images apply to the files the next syncs take (the "
                               "documents already in the library keep theirs); a new chunk size embeds the "
                               "folder's documents again (you are asked first)."),
                            this);
    note->setWordWrap(true);
    layout->addWidget(note);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
}

application::WatchedFolderEdit WatchedFolderEditDialog::edit() const
{
    application::WatchedFolderEdit edit;
    const std::string collection = collectionEdit_->text().trimmed().toStdString();
    if (collection != folder_.settings.collection)
        edit.collection = collection;
    const auto include = splitPatternList(includeEdit_->text());
    if (include != folder_.settings.includePatterns)
        edit.includePatterns = include;
    const auto exclude = splitPatternList(excludeEdit_->text());
    if (exclude != folder_.settings.excludePatterns)
        edit.excludePatterns = exclude;
    // The two go together (the store keeps the overlap with a chunk size of its own only).
    const int chunk = chunkSpin_->value() > 0 ? std::max(chunkSpin_->value(), kMinimumChunkTokens) : 0;
    const int overlap = chunk > 0 ? std::min(overlapSpin_->value(), chunk - 1) : 0;
    if (chunk != folder_.settings.chunkTokens || overlap != folder_.settings.overlapTokens) {
        edit.chunkTokens = chunk;
        edit.overlapTokens = overlap;
    }
    if (const int side = pageImagesCombo_->currentData().toInt(); side != folder_.settings.pageImageSide)
        edit.pageImageSide = side;
    return edit;
}

} // namespace cortex::ui
