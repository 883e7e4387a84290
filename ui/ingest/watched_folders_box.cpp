#include "ui/ingest/watched_folders_box.h"

#include "session/library_session.h"
#include "ui/common/format.h"
#include "ui/common/icons.h"
#include "ui/ingest/watched_folder_edit_dialog.h"

#include <QDateTime>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace cortex::ui {

namespace {
constexpr int kIdRole = Qt::UserRole;
} // namespace

WatchedFoldersBox::WatchedFoldersBox(session::LibrarySession *session, QWidget *parent)
    : QWidget(parent), session_(session)
{
    setObjectName(QStringLiteral("watchedFoldersBox"));
    auto *layout = new QVBoxLayout(this);
    view_ = new QTableWidget(0, ColumnCount, this);
    view_->setObjectName(QStringLiteral("watchedFoldersView"));
    view_->setHorizontalHeaderLabels({tr("Folder"), tr("Collection"), tr("State"), tr("Last sync")});
    view_->setSelectionBehavior(QAbstractItemView::SelectRows);
    view_->setSelectionMode(QAbstractItemView::SingleSelection);
    view_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view_->verticalHeader()->hide();
    view_->setWordWrap(false);
    view_->setTextElideMode(Qt::ElideMiddle);
    view_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    view_->horizontalHeader()->setSectionResizeMode(PathColumn, QHeaderView::Stretch);
    connect(view_, &QTableWidget::itemSelectionChanged, this, &WatchedFoldersBox::updateButtons);
    layout->addWidget(view_, 1);

    auto *buttons = new QHBoxLayout;
    pauseButton_ =
        new QPushButton(themedIcon(QStringLiteral("media-playback-pause")), tr("Pause &Watching"), this);
    pauseButton_->setObjectName(QStringLiteral("watchedFolderPauseButton"));
    pauseButton_->setToolTip(tr("A paused folder is not synced; its documents stay searchable."));
    connect(pauseButton_, &QPushButton::clicked, this, &WatchedFoldersBox::togglePaused);
    // Access keys are unique on the Ingest tab (test_ui_shell): its source box, Start, menus and tabs hold
    // every letter of "Edit", so the button says Cha&nge (n is the jobs' Cancel, never shown with it).
    editButton_ = new QPushButton(themedIcon(QStringLiteral("document-edit")), tr("Cha&nge…"), this);
    editButton_->setObjectName(QStringLiteral("watchedFolderEditButton"));
    connect(editButton_, &QPushButton::clicked, this, &WatchedFoldersBox::editSelected);
    removeButton_ = new QPushButton(themedIcon(QStringLiteral("list-remove")), tr("&Remove…"), this);
    removeButton_->setObjectName(QStringLiteral("watchedFolderRemoveButton"));
    connect(removeButton_, &QPushButton::clicked, this, &WatchedFoldersBox::removeSelected);
    syncButton_ = new QPushButton(themedIcon(QStringLiteral("view-refresh")), tr("S&ync Now"), this);
    syncButton_->setObjectName(QStringLiteral("watchedFolderSyncButton"));
    syncButton_->setToolTip(
        tr("Looks for changes in the selected folder now (every folder when none is selected)."));
    connect(syncButton_, &QPushButton::clicked, this, &WatchedFoldersBox::syncNow);
    buttons->addWidget(pauseButton_);
    buttons->addWidget(editButton_);
    buttons->addWidget(removeButton_);
    buttons->addWidget(syncButton_);
    buttons->addStretch(1);
    layout->addLayout(buttons);
    messageLabel_ = new QLabel(this);
    messageLabel_->setObjectName(QStringLiteral("watchedFolderMessageLabel"));
    messageLabel_->setWordWrap(true);
    layout->addWidget(messageLabel_);

    connect(session_, &session::LibrarySession::libraryOpened, this, &WatchedFoldersBox::refresh);
    connect(session_, &session::LibrarySession::watchedFoldersChanged, this, &WatchedFoldersBox::refresh);
    // Syncing, settling files: the states change without the list changing.
    connect(session_, &session::LibrarySession::watchActivityChanged, this, &WatchedFoldersBox::showFolders);
    refresh();
    updateButtons();
}

void WatchedFoldersBox::refresh()
{
    if (!session_->isLibraryOpen())
        return;
    const auto request = listRequest_.start();
    application::listWatchedFolders(*session_).then(
        this, [this, request](const Result<std::vector<store::WatchedFolder>> &folders) {
            if (!listRequest_.isLatest(request))
                return;
            if (!folders) {
                messageLabel_->setText(QString::fromStdString(folders.error().message));
                return;
            }
            folders_ = *folders;
            showFolders();
        });
}

QString WatchedFoldersBox::stateText(const store::WatchedFolder &folder) const
{
    if (folder.paused)
        return tr("Paused");
    const QString detail = QString::fromStdString(folder.stateDetail);
    switch (folder.state) {
    case store::WatchedFolderState::Unavailable:
        return detail.isEmpty() ? tr("Unavailable") : tr("Unavailable: %1").arg(detail);
    case store::WatchedFolderState::Syncing:
        return folder.lastSyncAt == 0 ? tr("Catching up…") : tr("Syncing…");
    case store::WatchedFolderState::Idle:
        break;
    }
    const auto activity = session_->watchActivity();
    QString text = session_->isWatchingEnabled() ? tr("Watching") : tr("Not watched now");
    const QString polled = session_->watchPollReason(folder.id);
    if (!polled.isEmpty())
        text = tr("Scanned periodically (%1)").arg(polled);
    if (const int settling = activity.settling.value(folder.id); settling > 0) {
        const QString more =
            text + QStringLiteral("; ") + tr("%n file(s) still being written", nullptr, settling);
        return more;
    }
    return text;
}

void WatchedFoldersBox::showFolders()
{
    const int64_t keep = selected() ? selected()->id : 0;
    view_->setRowCount(int(folders_.size()));
    for (int row = 0; row < int(folders_.size()); ++row) {
        const auto &f = folders_[size_t(row)];
        const auto cell = [&](int column, const QString &text) {
            auto *item = view_->item(row, column);
            if (!item) {
                item = new QTableWidgetItem;
                view_->setItem(row, column, item);
            }
            item->setText(text);
            item->setToolTip(text);
            item->setData(kIdRole, qlonglong(f.id));
        };
        cell(PathColumn, QString::fromStdString(f.path));
        cell(CollectionColumn, QString::fromStdString(f.settings.collection));
        cell(StateColumn, stateText(f));
        cell(LastSyncColumn,
             f.lastSyncAt > 0
                 ? QLocale().toString(QDateTime::fromSecsSinceEpoch(f.lastSyncAt), QLocale::ShortFormat)
                 : tr("never"));
        if (f.id == keep)
            view_->selectRow(row);
    }
    updateButtons();
}

const store::WatchedFolder *WatchedFoldersBox::selected() const
{
    const auto rows = view_->selectionModel()->selectedRows();
    if (rows.isEmpty())
        return nullptr;
    const int64_t id = rows.first().data(kIdRole).toLongLong();
    for (const auto &f : folders_)
        if (f.id == id)
            return &f;
    return nullptr;
}

void WatchedFoldersBox::updateButtons()
{
    const auto *folder = selected();
    pauseButton_->setEnabled(folder != nullptr);
    editButton_->setEnabled(folder != nullptr);
    removeButton_->setEnabled(folder != nullptr);
    syncButton_->setEnabled(session_->isLibraryOpen() && !folders_.empty());
    const bool paused = folder && folder->paused;
    pauseButton_->setText(paused ? tr("Resume &Watching") : tr("Pause &Watching"));
    pauseButton_->setIcon(
        themedIcon(paused ? QStringLiteral("media-playback-start") : QStringLiteral("media-playback-pause")));
}

void WatchedFoldersBox::togglePaused()
{
    const auto *folder = selected();
    if (!folder)
        return;
    application::setWatchedFolderPaused(*session_, application::WatchedFolderRef::byId(folder->id),
                                        !folder->paused)
        .then(this, [this](const Status &status) {
            messageLabel_->setText(status ? QString() : QString::fromStdString(status.error().message));
        });
}

void WatchedFoldersBox::editSelected()
{
    const auto *folder = selected();
    if (!folder)
        return;
    auto *dialog = new WatchedFolderEditDialog(*folder, session_, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    const int64_t id = folder->id;
    const QString path = QString::fromStdString(folder->path);
    connect(dialog, &QDialog::accepted, this, [this, dialog, id, path] {
        const application::WatchedFolderEdit edit = dialog->edit();
        if (!edit.chunkTokens && !edit.overlapTokens) {
            applyEdit(id, edit);
            return;
        }
        // What the new chunk size would embed again, measured by the library: asked before anything changes.
        application::reembeddingForEdit(*session_, application::WatchedFolderRef::byId(id), edit)
            .then(this,
                  [this, id, path, edit](const Result<std::optional<application::ReembedEstimate>> &asked) {
                      if (!asked) {
                          messageLabel_->setText(QString::fromStdString(asked.error().message));
                          return;
                      }
                      if (!*asked)
                          applyEdit(id, edit);
                      else
                          confirmReembedding(id, path, edit, **asked);
                  });
    });
    dialog->open();
}

void WatchedFoldersBox::applyEdit(int64_t folderId, const application::WatchedFolderEdit &edit)
{
    application::editWatchedFolder(*session_, application::WatchedFolderRef::byId(folderId), edit)
        .then(this, [this](const Result<store::WatchedFolder> &edited) {
            messageLabel_->setText(edited ? QString() : QString::fromStdString(edited.error().message));
            if (edited)
                emit session_->libraryChanged(); // a new collection took the documents along
        });
}

void WatchedFoldersBox::confirmReembedding(int64_t folderId, const QString &path,
                                           application::WatchedFolderEdit edit,
                                           const application::ReembedEstimate &estimate)
{
    auto *box = new QMessageBox(QMessageBox::Question, tr("Embed Documents Again"),
                                tr("Change the chunk size of %1?").arg(path), QMessageBox::Cancel, this);
    box->setObjectName(QStringLiteral("reembedConfirmDialog"));
    const QString what = tr("Its %n document(s) are cut into new chunks and embedded again", nullptr,
                            int(estimate.documents)) +
                         tr(" (%n item(s) now).", nullptr, int(estimate.items));
    const QString howLong =
        estimate.seconds
            ? tr("This takes about %1, measured from this library's last ingestions (%n file(s) in %2).",
                 nullptr, int(estimate.measuredFiles))
                  .arg(formatDuration(*estimate.seconds), formatDuration(double(estimate.measuredSeconds)))
            : tr("How long this takes is unknown: no ingestion of this library has been timed yet.");
    box->setInformativeText(what + QLatin1Char(' ') + howLong + QLatin1Char(' ') +
                            tr("Until then these documents are not found by search."));
    auto *reembed = box->addButton(tr("&Embed Again"), QMessageBox::AcceptRole);
    reembed->setObjectName(QStringLiteral("reembedConfirmButton"));
    box->setDefaultButton(QMessageBox::Cancel);
    box->setAttribute(Qt::WA_DeleteOnClose);
    edit.reembed = true;
    connect(box, &QMessageBox::buttonClicked, this, [this, reembed, folderId, edit](QAbstractButton *button) {
        if (button == reembed)
            applyEdit(folderId, edit);
    });
    box->open();
}

void WatchedFoldersBox::removeSelected()
{
    const auto *folder = selected();
    if (!folder)
        return;
    // The choice is asked every time and is explicit: no default that drops documents.
    auto *box = new QMessageBox(QMessageBox::Question, tr("Remove Watched Folder"),
                                tr("Stop watching %1?").arg(QString::fromStdString(folder->path)),
                                QMessageBox::Cancel, this);
    box->setObjectName(QStringLiteral("watchedFolderRemoveDialog"));
    box->setInformativeText(
        tr("Its documents can stay in the library (searchable, no longer synced) or be "
           "removed from it with their embeddings. The files themselves are never touched."));
    auto *keep = box->addButton(tr("Keep Documents"), QMessageBox::AcceptRole);
    keep->setObjectName(QStringLiteral("watchedFolderKeepButton"));
    auto *drop = box->addButton(tr("Remove Documents"), QMessageBox::DestructiveRole);
    drop->setObjectName(QStringLiteral("watchedFolderDropButton"));
    box->setDefaultButton(QMessageBox::Cancel);
    box->setAttribute(Qt::WA_DeleteOnClose);
    const int64_t id = folder->id;
    connect(box, &QMessageBox::buttonClicked, this, [this, keep, drop, id](QAbstractButton *button) {
        if (button != keep && button != drop)
            return;
        const auto documents =
            button == drop ? application::FolderDocuments::Drop : application::FolderDocuments::Keep;
        application::removeWatchedFolder(*session_, application::WatchedFolderRef::byId(id), documents)
            .then(this, [this](const Result<int64_t> &removed) {
                if (!removed) {
                    messageLabel_->setText(QString::fromStdString(removed.error().message));
                    return;
                }
                messageLabel_->setText(*removed > 0 ? tr("%n document(s) removed.", nullptr, int(*removed))
                                                    : QString());
                emit session_->libraryChanged();
            });
    });
    box->open();
}

void WatchedFoldersBox::syncNow()
{
    const auto *folder = selected();
    session_->syncWatchedFoldersNow(folder ? std::vector<int64_t>{folder->id} : std::vector<int64_t>{});
}

} // namespace cortex::ui
