// The Maintenance tab's tasks, each on the session's library worker: migration, integrity check, index
// rebuild, vacuum, backup (the same core calls as cortex-cli migrate, check and maintenance).

#include "ui/maintenance/maintenance_page.h"

#include "embedding/encoder.h"
#include "library/library.h"
#include "service/migration.h"
#include "session/library_session.h"
#include "settings/settings.h"
#include "store/library_db.h"
#include "store/meta_keys.h"
#include "ui/maintenance/task_progress_panel.h"

#include <QDate>
#include <QDir>
#include <QFileDialog>
#include <QPlainTextEdit>
#include <QSettings>

namespace cortex::ui {

void MaintenancePage::migrate()
{
    auto encoder = session_->encoder(); // shared and queued: ingestion and search may use it meanwhile
    if (!encoder || busy())
        return;
    // The batch size the user chose for embedding (Settings, or its QWEN3_VL_* override).
    QSettings store;
    auto settings = settings::load(store);
    settings::applyEnvironment(settings);
    const int batchSize = std::max(1, settings.embedBatchSize);
    const std::string modelDir = QDir(session_->embeddingModelDirectory()).absolutePath().toStdString();
    const bool knowsDir = !session_->embeddingModelDirectory().isEmpty();

    auto task =
        progress_->start(tr("Migrating to %1").arg(QString::fromStdString(encoder->identity().modelName)));
    updateActions();
    session_
        ->runLong<service::MigrationSummary>([encoder, task, batchSize, modelDir, knowsDir](
                                                 library::Library &lib) -> Result<service::MigrationSummary> {
            auto summary =
                service::migrateLibrary(lib, *encoder, batchSize, task->callback(), task->predicate());
            if (!summary)
                return summary.error();
            // Remember the model with the library, as cortex-cli migrate does.
            if (summary->switched && knowsDir)
                (void)lib.write(
                    [&](store::LibraryDb &db) { return db.setMeta(store::kEmbeddingModelDirKey, modelDir); });
            return summary;
        })
        .then(this, [this](Result<service::MigrationSummary> answer) {
            progress_->finish();
            updateActions();
            if (!answer) {
                showError(QString::fromStdString(answer.error().message));
                refresh();
                return;
            }
            const auto &s = *answer;
            QString text = tr("%n item(s) embedded", nullptr, int(s.embedded));
            if (s.failed > 0)
                text += tr(", %n item(s) could not be embedded", nullptr, int(s.failed));
            if (s.switched)
                showMessage(text + tr("; the library now uses the loaded model."));
            else
                showMessage(text + tr("; the migration was interrupted. Click Migrate again to continue "
                                      "where it stopped."));
            emit session_->libraryChanged();
        });
}

void MaintenancePage::check()
{
    ++quickTasks_;
    updateActions();
    showMessage(tr("Checking the library…"));
    session_->runLong<library::CheckReport>([](library::Library &lib) { return lib.check(); })
        .then(this, [this](Result<library::CheckReport> answer) {
            --quickTasks_;
            updateActions();
            if (!answer) {
                showError(QString::fromStdString(answer.error().message));
                return;
            }
            showReport(*answer);
            if (answer->healthy())
                showMessage(tr("The library is healthy."));
            else
                showError(tr("The check found problems; see the report."));
        });
}

void MaintenancePage::showReport(const library::CheckReport &report)
{
    QStringList lines;
    lines << (report.healthy() ? tr("The library is healthy.") : tr("Problems were found:"));
    lines << QString();
    if (report.databaseProblems.empty())
        lines << tr("Database: no problems found.");
    for (const auto &p : report.databaseProblems)
        lines << tr("Database: %1").arg(QString::fromStdString(p));
    for (const auto &i : report.indexes) {
        QString line = tr("Space %1: %2 vectors in the database, %3 in the index")
                           .arg(i.spaceId)
                           .arg(i.databaseVectors)
                           .arg(i.indexVectors);
        if (!i.consistent())
            line += tr(" — mismatch: rebuild the index");
        lines << line;
    }
    for (const auto &f : report.orphanFiles)
        lines << tr("Stray file in the index folder: %1").arg(QString::fromStdString(f));
    if (!report.damaged.empty())
        lines << tr("%n stored vector(s) or thumbnail(s) are damaged and left out of searches; ingest these "
                    "documents again (cortex-cli check --repair does it):",
                    nullptr, int(report.damaged.size()));
    for (const auto &path : report.damagedDocuments)
        lines << QStringLiteral("  ") + QString::fromStdString(path);
    reportView_->setPlainText(lines.join(QLatin1Char('\n')));
}

void MaintenancePage::rebuildIndex()
{
    if (busy())
        return;
    auto task = progress_->start(tr("Rebuilding the index"));
    updateActions();
    session_
        ->runLong<int>([task](library::Library &lib) -> Result<int> {
            std::vector<store::SpaceInfo> spaces;
            {
                auto reader = lib.openReader();
                if (!reader)
                    return reader.error();
                auto all = (*reader)->spaces();
                if (!all)
                    return all.error();
                spaces = std::move(all).value();
            }
            int rebuilt = 0;
            for (const auto &s : spaces) {
                if (s.state == store::SpaceState::Retired)
                    continue; // its vectors are gone; nothing searches it
                if (task->cancelled())
                    break;
                if (auto status = lib.rebuildIndex(s.id, task->callback(), task->predicate()); !status)
                    return status.error();
                ++rebuilt;
            }
            return rebuilt;
        })
        .then(this, [this, task](Result<int> answer) {
            const bool cancelled = task->cancelled();
            progress_->finish();
            updateActions();
            if (!answer)
                showError(QString::fromStdString(answer.error().message));
            else if (cancelled)
                showMessage(
                    tr("Index rebuild cancelled; the library rebuilds what is missing when it opens."));
            else
                showMessage(tr("Rebuilt the index of %n embedding space(s).", nullptr, *answer));
            refresh();
        });
}

void MaintenancePage::vacuum()
{
    if (busy())
        return;
    progress_->start(tr("Vacuuming the database"));
    updateActions();
    session_
        ->runLong<bool>([](library::Library &lib) -> Result<bool> {
            if (auto s = lib.write([](store::LibraryDb &db) { return db.vacuum(); }); !s)
                return s.error();
            return true;
        })
        .then(this, [this](Result<bool> answer) {
            progress_->finish();
            updateActions();
            if (!answer)
                showError(QString::fromStdString(answer.error().message));
            else
                showMessage(tr("The database was vacuumed."));
        });
}

void MaintenancePage::chooseBackupFile()
{
    const QString suggested =
        QDir::home().filePath(tr("cortex-backup-%1.db").arg(QDate::currentDate().toString(Qt::ISODate)));
    auto *dialog =
        new QFileDialog(this, tr("Back up the library"), suggested, tr("Databases (*.db);;All files (*)"));
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    dialog->setDefaultSuffix(QStringLiteral("db"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QFileDialog::fileSelected, this, &MaintenancePage::backupTo);
    dialog->open(); // no nested event loop
}

void MaintenancePage::backupTo(const QString &file)
{
    if (file.isEmpty() || busy())
        return;
    progress_->start(tr("Backing up to %1").arg(QDir::toNativeSeparators(file)));
    updateActions();
    session_
        ->runLong<bool>([path = file.toStdString()](library::Library &lib) -> Result<bool> {
            if (auto s = lib.write([&](store::LibraryDb &db) { return db.backupTo(path); }); !s)
                return s.error();
            return true;
        })
        .then(this, [this, file](Result<bool> answer) {
            progress_->finish();
            updateActions();
            if (!answer)
                showError(QString::fromStdString(answer.error().message));
            else
                showMessage(tr("The database was backed up to %1.").arg(QDir::toNativeSeparators(file)));
        });
}

} // namespace cortex::ui
