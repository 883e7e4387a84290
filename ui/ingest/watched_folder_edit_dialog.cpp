#include "ui/ingest/watched_folder_edit_dialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QVBoxLayout>

namespace cortex::ui {

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

WatchedFolderEditDialog::WatchedFolderEditDialog(const store::WatchedFolder &folder, QWidget *parent)
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
    form->addRow(tr("&Collection:"), collectionEdit_);
    form->addRow(tr("&Include:"), includeEdit_);
    form->addRow(tr("E&xclude:"), excludeEdit_);
    layout->addLayout(form);
    auto *note = new QLabel(tr("New patterns apply to the files the next syncs take."), this);
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
    return edit;
}

} // namespace cortex::ui
