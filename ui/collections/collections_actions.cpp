// The Collections tab's actions: every write goes through the session's library worker with the one
// writer (lib.write), exactly as cortex-cli's collections command does.

#include "ui/collections/collections_page.h"

#include "embedding/encoder.h"
#include "library/library.h"
#include "service/collection_transfer.h"
#include "session/library_session.h"
#include "store/library_db.h"
#include "ui/collections/collections_model.h"
#include "ui/collections/record_text.h"
#include "ui/maintenance/task_progress_panel.h"

#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>

#include <optional>

namespace cortex::ui {
namespace {

// The answer of an import attempt: done, or refused because the file was made with another model.
struct ImportAnswer {
    std::optional<service::TransferSummary> summary;
    store::SpaceIdentity fileIdentity;
    store::SpaceIdentity libraryIdentity;
};

std::optional<store::SpaceIdentity> activeIdentity(store::LibraryDb &db, Error *error)
{
    auto spaces = db.spaces();
    if (!spaces) {
        *error = spaces.error();
        return std::nullopt;
    }
    if (const auto *active = store::activeSpaceIn(*spaces))
        return active->identity;
    return std::nullopt;
}

} // namespace

void CollectionsPage::write(const QString &done, WriteBody body, std::function<void()> onSuccess)
{
    ++writesRunning_;
    updateActions();
    session_
        ->run<bool>([body = std::move(body)](library::Library &lib) -> Result<bool> {
            if (auto s = lib.commit(body); !s)
                return s.error();
            if (auto s = lib.saveIndexes(); !s)
                return s.error();
            return true;
        })
        .then(this, [this, done, onSuccess = std::move(onSuccess)](Result<bool> answer) {
            --writesRunning_;
            updateActions();
            if (!answer) {
                selectAfterRefresh_.clear();
                showError(QString::fromStdString(answer.error().message));
                refresh(); // show what is there now
                return;
            }
            showMessage(done);
            if (onSuccess)
                onSuccess();
            emit session_->libraryChanged(); // this page and every other view refresh
        });
}

void CollectionsPage::confirm(const QString &title, const QString &text, const QString &details,
                              std::function<void()> onYes)
{
    // open(), not exec(): no nested event loop; the answer arrives through finished().
    auto *box =
        new QMessageBox(QMessageBox::Warning, title, text, QMessageBox::Yes | QMessageBox::Cancel, this);
    box->setObjectName(QStringLiteral("collectionsConfirmBox"));
    box->setInformativeText(details);
    box->setDefaultButton(QMessageBox::Cancel);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::finished, this, [box, onYes = std::move(onYes)](int) {
        if (box->standardButton(box->clickedButton()) == QMessageBox::Yes)
            onYes();
    });
    box->open();
}

void CollectionsPage::createCollection()
{
    const QString name = nameEdit_->text().trimmed();
    if (name.isEmpty() || !session_->isLibraryOpen()) {
        showError(tr("Type the name of the new collection first."));
        return;
    }
    selectAfterRefresh_ = name;
    write(
        tr("Created the collection “%1”.").arg(name),
        [n = name.toStdString()](store::LibraryDb &db, library::IndexChanges &) -> Status {
            if (auto id = db.createCollection(n); !id)
                return id.error();
            return {};
        },
        [this] { nameEdit_->clear(); }); // kept after a refusal, so the user can correct it
}

void CollectionsPage::renameCollection()
{
    const auto *c = selectedCollection();
    const QString name = nameEdit_->text().trimmed();
    if (!c || name.isEmpty()) {
        showError(tr("Select a collection and type its new name first."));
        return;
    }
    selectAfterRefresh_ = name;
    write(
        tr("Renamed “%1” to “%2”.").arg(QString::fromStdString(c->name), name),
        [id = c->id, n = name.toStdString()](store::LibraryDb &db, library::IndexChanges &) {
            return db.renameCollection(id, n);
        },
        [this] { nameEdit_->clear(); });
}

void CollectionsPage::mergeCollection()
{
    const auto *c = selectedCollection();
    if (!c || targetCombo_->currentIndex() < 0)
        return;
    const QString from = QString::fromStdString(c->name);
    const QString into = targetCombo_->currentText();
    const int64_t fromId = c->id;
    const int64_t intoId = targetCombo_->currentData().toLongLong();
    confirm(tr("Merge collections"), tr("Merge “%1” into “%2”?").arg(from, into),
            tr("Every document of “%1” moves to “%2”, and “%1” is deleted.").arg(from, into),
            [this, from, into, fromId, intoId] {
                selectAfterRefresh_ = into;
                write(tr("Merged “%1” into “%2”.").arg(from, into),
                      [fromId, intoId](store::LibraryDb &db, library::IndexChanges &) {
                          return db.mergeCollections(fromId, intoId);
                      });
            });
}

void CollectionsPage::deleteCollection()
{
    const auto *c = selectedCollection();
    if (!c)
        return;
    const QString name = QString::fromStdString(c->name);
    const int64_t id = c->id;
    confirm(tr("Delete collection"), tr("Delete the collection “%1”?").arg(name),
            tr("The documents that are only in this collection are deleted from the library too "
               "(this collection holds %n document(s)). Documents that are also in another collection stay.",
               nullptr, int(c->documentCount)),
            [this, name, id] {
                write(tr("Deleted the collection “%1”.").arg(name),
                      [id](store::LibraryDb &db, library::IndexChanges &index) -> Status {
                          auto removed = db.deleteCollection(id);
                          if (!removed)
                              return removed.error();
                          index.remove(*removed); // their vectors leave the search too
                          return {};
                      });
            });
}

void CollectionsPage::applyTags()
{
    const auto *c = selectedCollection();
    if (!c)
        return;
    const auto tags = splitTags(tagsEdit_->text());
    write(tr("Set the tags of “%1”.").arg(QString::fromStdString(c->name)),
          [id = c->id, tags](store::LibraryDb &db, library::IndexChanges &) {
              return db.setCollectionTags(id, tags);
          });
}

void CollectionsPage::moveDocuments()
{
    const auto *c = selectedCollection();
    const auto ids = selectedDocumentIds();
    if (!c || ids.empty() || targetCombo_->currentIndex() < 0)
        return;
    const QString into = targetCombo_->currentText();
    write(tr("Moved %n document(s) to “%1”.", nullptr, int(ids.size())).arg(into),
          [ids, fromId = c->id, intoId = targetCombo_->currentData().toLongLong()](store::LibraryDb &db,
                                                                                   library::IndexChanges &) {
              return db.transaction([&]() -> Status {
                  for (const int64_t doc : ids) {
                      if (auto s = db.addToCollection(doc, intoId); !s)
                          return s;
                      if (auto s = db.removeFromCollection(doc, fromId); !s)
                          return s;
                  }
                  return {};
              });
          });
}

void CollectionsPage::removeDocuments()
{
    const auto *c = selectedCollection();
    const auto ids = selectedDocumentIds();
    if (!c || ids.empty())
        return;
    write(tr("Removed %n document(s) from “%1”; they stay in the library.", nullptr, int(ids.size()))
              .arg(QString::fromStdString(c->name)),
          [ids, id = c->id](store::LibraryDb &db, library::IndexChanges &) {
              return db.transaction([&]() -> Status {
                  for (const int64_t doc : ids)
                      if (auto s = db.removeFromCollection(doc, id); !s)
                          return s;
                  return {};
              });
          });
}

void CollectionsPage::chooseExportFile()
{
    const auto *c = selectedCollection();
    if (!c)
        return;
    auto *dialog =
        new QFileDialog(this, tr("Export collection"),
                        QDir::home().filePath(QString::fromStdString(c->name) + QStringLiteral(".cortex")),
                        tr("Cortex collections (*.cortex);;All files (*)"));
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    dialog->setDefaultSuffix(QStringLiteral("cortex"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QFileDialog::fileSelected, this, &CollectionsPage::exportSelectedTo);
    dialog->open();
}

void CollectionsPage::exportSelectedTo(const QString &file)
{
    const auto *c = selectedCollection();
    if (!c || file.isEmpty())
        return;
    const QString name = QString::fromStdString(c->name);
    progress_->start(tr("Exporting “%1”").arg(name));
    updateActions();
    session_
        ->runLong<service::TransferSummary>([n = c->name, path = file.toStdString()](library::Library &lib) {
            return service::exportCollection(lib, n, path);
        })
        .then(this, [this, file](Result<service::TransferSummary> answer) {
            progress_->finish();
            updateActions();
            if (!answer) {
                showError(QString::fromStdString(answer.error().message));
                return;
            }
            showMessage(tr("Exported %n document(s) (%1 items) to %2.", nullptr, int(answer->documents))
                            .arg(answer->items)
                            .arg(QDir::toNativeSeparators(file)));
        });
}

void CollectionsPage::chooseImportFile()
{
    auto *dialog = new QFileDialog(this, tr("Import collection"), QDir::homePath(),
                                   tr("Cortex collections (*.cortex);;All files (*)"));
    dialog->setAcceptMode(QFileDialog::AcceptOpen);
    dialog->setFileMode(QFileDialog::ExistingFile);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QFileDialog::fileSelected, this, &CollectionsPage::importFrom);
    dialog->open();
}

void CollectionsPage::importFrom(const QString &file)
{
    if (!file.isEmpty())
        runImport(file, false);
}

void CollectionsPage::runImport(const QString &file, bool reembed)
{
    // Re-embedding needs the library's own model: the session's loaded one, checked by identity below.
    std::shared_ptr<embedding::Encoder> encoder = reembed ? session_->encoder() : nullptr;
    auto task = progress_->start(reembed ? tr("Importing %1 and embedding it again").arg(file)
                                         : tr("Importing %1").arg(file));
    updateActions();
    session_
        ->runLong<ImportAnswer>(
            [path = file.toStdString(), encoder, task](library::Library &lib) -> Result<ImportAnswer> {
                ImportAnswer answer;
                auto fileIdentity = service::exportedIdentity(path);
                if (!fileIdentity)
                    return fileIdentity.error();
                answer.fileIdentity = *fileIdentity;
                {
                    auto reader = lib.openReader();
                    if (!reader)
                        return reader.error();
                    Error error;
                    const auto active = activeIdentity(**reader, &error);
                    if (!error.message.empty())
                        return error;
                    if (active && !(*active == *fileIdentity) && !encoder) {
                        answer.libraryIdentity = *active; // refused: made with another model
                        return answer;
                    }
                }
                auto summary = service::importCollection(lib, path, std::nullopt, encoder.get(),
                                                         task->callback(), task->predicate());
                if (!summary)
                    return summary.error();
                answer.summary = *summary;
                return answer;
            })
        .then(this, [this, file](Result<ImportAnswer> answer) {
            progress_->finish();
            updateActions();
            if (!answer) {
                showError(QString::fromStdString(answer.error().message));
                return;
            }
            if (answer->summary) {
                const auto &s = *answer->summary;
                QString text = tr("Imported %n document(s) (%1 items) into “%2”.", nullptr, int(s.documents))
                                   .arg(s.items)
                                   .arg(QString::fromStdString(s.collection));
                if (s.skippedDocuments > 0)
                    text += QLatin1Char(' ') + tr("%n document(s) skipped: the library already holds other "
                                                  "content at their paths.",
                                                  nullptr, int(s.skippedDocuments));
                if (s.reembedded)
                    text += QLatin1Char(' ') + tr("Its items were embedded again with this library's model.");
                selectAfterRefresh_ = QString::fromStdString(s.collection);
                showMessage(text);
                emit session_->libraryChanged();
                return;
            }
            // Made with another model: offer re-embedding when the library's model is the loaded one.
            const QString fileModel = QString::fromStdString(answer->fileIdentity.modelName);
            const QString libraryModel = QString::fromStdString(answer->libraryIdentity.modelName);
            const QString refused = tr("%1 was made with %2 (%3 dimensions), but this library uses %4 (%5 "
                                       "dimensions); its vectors cannot be mixed with the library's.")
                                        .arg(QDir::toNativeSeparators(file), fileModel)
                                        .arg(answer->fileIdentity.storedDim())
                                        .arg(libraryModel)
                                        .arg(answer->libraryIdentity.storedDim());
            const auto encoder = session_->encoder();
            if (!encoder || !(encoder->identity() == answer->libraryIdentity)) {
                showError(refused + QLatin1Char(' ') +
                          tr("Load this library's model (%1) to embed the collection again, or run "
                             "cortex-cli import --re-embed.")
                              .arg(libraryModel));
                return;
            }
            auto *box = new QMessageBox(QMessageBox::Question, tr("Import collection"), refused,
                                        QMessageBox::NoButton, this);
            box->setObjectName(QStringLiteral("collectionsReembedBox"));
            box->setInformativeText(tr("Its items can be embedded again with this library's model (%1). "
                                       "This takes a while for large collections.")
                                        .arg(libraryModel));
            auto *reembed = box->addButton(tr("Re-embed with this library's model"), QMessageBox::AcceptRole);
            box->addButton(QMessageBox::Cancel);
            box->setAttribute(Qt::WA_DeleteOnClose);
            connect(box, &QMessageBox::finished, this, [this, box, reembed, file](int) {
                if (box->clickedButton() == reembed)
                    runImport(file, true);
                else
                    showMessage(tr("Nothing was imported."));
            });
            box->open();
        });
}

} // namespace cortex::ui
