// The Maintenance tab's tasks, each a use case of the application layer (application/maintenance.h) on
// the session's long-work worker: migration, integrity check, index rebuild, vacuum, backup, the same
// ones cortex-cli migrate, check and maintenance call.

#include "ui/maintenance/maintenance_page.h"

#include "application/maintenance.h"
#include "session/library_session.h"
#include "settings/settings.h"
#include "ui/maintenance/task_progress_panel.h"

#include <QDate>
#include <QDir>
#include <QFileDialog>
#include <QPlainTextEdit>
#include <QSettings>

namespace cortex::ui {

void MaintenancePage::migrate()
{
    if (!session_->hasEmbeddingModel() || busy())
        return;
    // The batch size the user chose for embedding (Settings, or its QWEN3_VL_* override).
    QSettings store;
    auto settings = settings::load(store);
    settings::applyEnvironment(settings);

    auto task = progress_->start(
        tr("Migrating to %1").arg(QString::fromStdString(session_->embeddingIdentity().modelName)));
    updateActions();
    application::migrateLibrary(*session_, settings.embedBatchSize, task->callback(), task->predicate())
        .then(this, [this](Result<application::MigrationSummary> answer) {
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
    application::checkLibrary(*session_).then(this, [this](Result<application::CheckReport> answer) {
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

void MaintenancePage::showReport(const application::CheckReport &report)
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
    application::rebuildIndexes(*session_, task->callback(), task->predicate())
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
    application::vacuumLibrary(*session_).then(this, [this](Status answer) {
        progress_->finish();
        updateActions();
        if (!answer)
            showError(QString::fromStdString(answer.error().message));
        else
            showMessage(tr("The database was vacuumed."));
    });
}

void MaintenancePage::findNearDuplicates()
{
    if (busy())
        return;
    QSettings store;
    const double threshold = settings::load(store).nearDuplicatePercent / 100.0;
    auto task = progress_->start(tr("Looking for near-duplicates"));
    updateActions();
    application::nearDuplicateReport(*session_, threshold, task->callback(), task->predicate())
        .then(this, [this, threshold](Result<std::vector<search::NearDuplicateGroup>> answer) {
            progress_->finish();
            updateActions();
            if (!answer) {
                showError(QString::fromStdString(answer.error().message));
                return;
            }
            QStringList lines;
            lines << tr("%n group(s) of near-duplicates (similarity at least %1):", nullptr,
                        int(answer->size()))
                         .arg(threshold, 0, 'f', 2);
            for (const auto &g : *answer) {
                lines << QString();
                lines << tr("Similarity %1").arg(g.highestSimilarity, 0, 'f', 3);
                for (const auto &item : g.items) {
                    const QString path = QDir::toNativeSeparators(QString::fromStdString(item.documentPath));
                    lines << (item.item.page >= 0 ? tr("  %1, page %2").arg(path).arg(item.item.page + 1)
                                                  : QStringLiteral("  ") + path);
                }
            }
            reportView_->setPlainText(lines.join(QLatin1Char('\n')));
            showMessage(tr("%n group(s) of near-duplicates found.", nullptr, int(answer->size())));
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
    application::backUpLibrary(*session_, file.toStdString()).then(this, [this, file](Status answer) {
        progress_->finish();
        updateActions();
        if (!answer)
            showError(QString::fromStdString(answer.error().message));
        else
            showMessage(tr("The database was backed up to %1.").arg(QDir::toNativeSeparators(file)));
    });
}

} // namespace cortex::ui
