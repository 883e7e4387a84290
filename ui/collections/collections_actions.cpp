// The Collections tab's actions: every read and write is a use case of the application layer
// (application/collections.h), the same ones cortex-cli's collections, export and import commands call.

#include "ui/collections/collections_page.h"

#include "application/collections.h"
#include "session/library_session.h"
#include "ui/collections/collections_model.h"
#include "ui/collections/record_text.h"
#include "ui/maintenance/task_progress_panel.h"

#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>

namespace cortex::ui {
namespace {

using application::CollectionRef;

// A write that answers a count (documents moved, items removed) followed as one that answers nothing.
QFuture<Status> asStatus(QFuture<Result<int64_t>> pending)
{
    return pending.then([](Result<int64_t> answer) -> Status {
        if (!answer)
            return answer.error();
        return {};
    });
}

} // namespace

void CollectionsPage::write(const QString &done, QFuture<Status> pending, std::function<void()> onSuccess)
{
    ++writesRunning_;
    updateActions();
    pending.then(this, [this, done, onSuccess = std::move(onSuccess)](Status answer) {
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
    write(tr("Created the collection “%1”.").arg(name),
          asStatus(application::createCollection(*session_, name.toStdString())),
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
    write(tr("Renamed “%1” to “%2”.").arg(QString::fromStdString(c->name), name),
          application::renameCollection(*session_, CollectionRef::byId(c->id), name.toStdString()),
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
                      application::mergeCollections(*session_, CollectionRef::byId(fromId),
                                                    CollectionRef::byId(intoId)));
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
                      asStatus(application::deleteCollection(*session_, CollectionRef::byId(id))));
            });
}

void CollectionsPage::applyTags()
{
    const auto *c = selectedCollection();
    if (!c)
        return;
    const auto tags = splitTags(tagsEdit_->text());
    write(tr("Set the tags of “%1”.").arg(QString::fromStdString(c->name)),
          application::setCollectionTags(*session_, CollectionRef::byId(c->id), tags));
}

void CollectionsPage::moveDocuments()
{
    const auto *c = selectedCollection();
    const auto ids = selectedDocumentIds();
    if (!c || ids.empty() || targetCombo_->currentIndex() < 0)
        return;
    const QString into = targetCombo_->currentText();
    write(tr("Moved %n document(s) to “%1”.", nullptr, int(ids.size())).arg(into),
          asStatus(application::moveDocuments(*session_, CollectionRef::byId(c->id),
                                              CollectionRef::byId(targetCombo_->currentData().toLongLong()),
                                              ids)));
}

void CollectionsPage::removeDocuments()
{
    const auto *c = selectedCollection();
    const auto ids = selectedDocumentIds();
    if (!c || ids.empty())
        return;
    write(tr("Removed %n document(s) from “%1”; they stay in the library.", nullptr, int(ids.size()))
              .arg(QString::fromStdString(c->name)),
          asStatus(application::removeDocuments(*session_, CollectionRef::byId(c->id), ids)));
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
    application::exportCollection(*session_, CollectionRef::byId(c->id), file.toStdString())
        .then(this, [this, file](Result<application::TransferSummary> answer) {
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
    auto task = progress_->start(reembed ? tr("Importing %1 and embedding it again").arg(file)
                                         : tr("Importing %1").arg(file));
    updateActions();
    application::importCollection(*session_, file.toStdString(), reembed, task->callback(), task->predicate())
        .then(this, [this, file](Result<application::ImportOutcome> answer) {
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
            if (!session_->hasEmbeddingModel() ||
                !(session_->embeddingIdentity() == answer->libraryIdentity)) {
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
