#include "ui/ingest/ingest_jobs_model.h"

#include "session/library_session.h"
#include "ui/common/format.h"

#include <QDir>
#include <QLocale>

namespace cortex::ui {

using session::IngestJob;

IngestJobsModel::IngestJobsModel(session::LibrarySession *session, QObject *parent)
    : RecordTableModel({tr("Files and folders"), tr("Collection"), tr("State"), tr("Progress"), tr("Speed"),
                        tr("Remaining"), tr("Page images"), tr("Failed")},
                       parent)
{
    for (auto *job : session->jobs())
        addJob(job);
    connect(session, &session::LibrarySession::jobAdded, this, &IngestJobsModel::addJob);
    connect(session, &session::LibrarySession::jobRemoved, this, [this](IngestJob *job) {
        const int row = rowOf(job);
        if (row < 0)
            return;
        beginRemoveRows({}, row, row);
        jobs_.removeAt(row);
        endRemoveRows();
    });
}

void IngestJobsModel::addJob(IngestJob *job)
{
    if (!job || rowOf(job) >= 0)
        return;
    beginInsertRows({}, int(jobs_.size()), int(jobs_.size()));
    jobs_.append(job);
    endInsertRows();
    connect(job, &IngestJob::stateChanged, this, [this, job] { jobChanged(job); });
    connect(job, &IngestJob::progressed, this, [this, job] { jobChanged(job); });
    connect(job, &IngestJob::finished, this, [this, job] { jobChanged(job); });
    connect(job, &IngestJob::failed, this, [this, job] { jobChanged(job); });
}

void IngestJobsModel::jobChanged(IngestJob *job)
{
    const int row = rowOf(job);
    if (row >= 0)
        emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

IngestJob *IngestJobsModel::jobAt(int row) const
{
    return row >= 0 && row < jobs_.size() ? jobs_[row].data() : nullptr;
}

int IngestJobsModel::rowOf(const IngestJob *job) const
{
    for (int i = 0; i < jobs_.size(); ++i)
        if (jobs_[i] == job)
            return i;
    return -1;
}

int64_t IngestJobsModel::libraryJobId(const IngestJob *job)
{
    if (!job)
        return 0;
    // A resumption keeps the id of the job it resumes; a fresh job learns its id from its summary.
    if (job->summary().jobId)
        return job->summary().jobId;
    return job->resumesJob();
}

QString IngestJobsModel::stateText(const IngestJob *job)
{
    switch (job->state()) {
    case IngestJob::State::Queued:
        return job->waitsForOtherJobs() ? tr("Page images wait for other jobs") : tr("Queued");
    case IngestJob::State::Running:
        return job->cancelRequested() ? tr("Stopping…") : tr("Running");
    case IngestJob::State::Finished:
        return tr("Finished");
    case IngestJob::State::Cancelled:
        return tr("Cancelled");
    case IngestJob::State::Failed:
        return tr("Failed");
    }
    return {};
}

namespace {

QString pathsText(const IngestJob *job)
{
    const QStringList paths = job->paths();
    if (paths.isEmpty())
        return IngestJobsModel::tr("Resumed job %1").arg(job->resumesJob());
    QString first = QDir::toNativeSeparators(paths.first());
    if (paths.size() == 1)
        return first;
    return IngestJobsModel::tr("%1 and %n more", nullptr, int(paths.size() - 1)).arg(first);
}

// The failures of the whole job: the progress counts those of earlier runs of a resumed job too; the
// summary only this run's (used when the job reported no progress).
int64_t failedCount(const IngestJob *job)
{
    const auto &p = job->filesProgress();
    const int64_t files = p.total > 0 ? p.failed : job->summary().failed;
    const auto &pages = job->pageImageProgress();
    return files + (pages.total > 0 ? pages.failed : job->summary().pageImagesFailed);
}

// The files' bar, or the page images' (`pageImages`).
double fraction(const IngestJob *job, bool pageImages)
{
    const auto &p = pageImages ? job->pageImageProgress() : job->filesProgress();
    if (job->state() == IngestJob::State::Finished && (!pageImages || p.total > 0))
        return 1.0;
    return p.total > 0 ? double(p.done) / double(p.total) : -1.0;
}

bool inPageImagePass(const IngestJob *job)
{
    return job->lastProgress().stage == ingest::kPageImagesStage;
}

QString pageImagesText(const IngestJob *job)
{
    const auto &p = job->pageImageProgress();
    if (p.total <= 0)
        return {};
    QString text = IngestJobsModel::tr("%1 / %2").arg(p.done).arg(p.total);
    if (job->state() == IngestJob::State::Running && inPageImagePass(job) && p.etaSeconds >= 0)
        text = IngestJobsModel::tr("%1, about %2 left").arg(text, formatDuration(p.etaSeconds));
    return text;
}

} // namespace

QVariant IngestJobsModel::cell(int row, int column, int role) const
{
    const IngestJob *job = jobs_[row].data();
    if (!job)
        return {};
    if (role == JobRole)
        return QVariant::fromValue<QObject *>(const_cast<IngestJob *>(job));
    if (role == ProgressFractionRole)
        return fraction(job, column == PageImagesColumn);
    const auto &p = job->filesProgress();
    // The files' speed and time left while they run; the page images have their own column.
    const bool running = job->state() == IngestJob::State::Running && !inPageImagePass(job);
    if (role == RawValueRole) {
        switch (column) {
        case PathsColumn:
            return job->paths().join(QLatin1Char('\n'));
        case CollectionColumn:
            return job->collection();
        case StateColumn:
            return int(job->state());
        case ProgressColumn:
            return qlonglong(p.done);
        case RateColumn:
            return p.itemsPerSecond;
        case EtaColumn:
            return p.etaSeconds;
        case PageImagesColumn:
            return qlonglong(job->pageImageProgress().done);
        case FailedColumn:
            return qlonglong(failedCount(job));
        default:
            return {};
        }
    }
    if (role == Qt::ToolTipRole && column == PathsColumn)
        return QDir::toNativeSeparators(job->paths().join(QLatin1Char('\n')));
    if (role == Qt::ToolTipRole && column == StateColumn && !job->error().isEmpty())
        return job->error();
    if (role == Qt::TextAlignmentRole && column >= ProgressColumn)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (column) {
    case PathsColumn:
        return pathsText(job);
    case CollectionColumn:
        return job->collection();
    case StateColumn:
        return stateText(job);
    case ProgressColumn:
        // Inside a long file, where it is: "3 / 49, page 57", or in a video "3 / 10, 4 of 12 segments"
        // (the segments embedded; 0 of 12 while the first is being embedded).
        if (running && p.total > 0 && p.currentUnit == Progress::Unit::Segment && p.currentOf > 0)
            return tr("%1 / %2, %3 of %n segment(s)", nullptr, p.currentOf)
                .arg(p.done)
                .arg(p.total)
                .arg(p.currentPage);
        if (running && p.total > 0 && p.currentPage > 0)
            return tr("%1 / %2, page %3").arg(p.done).arg(p.total).arg(p.currentPage);
        if (p.total > 0)
            return tr("%1 / %2").arg(p.done).arg(p.total);
        if (job->state() == IngestJob::State::Finished || job->state() == IngestJob::State::Cancelled)
            return tr("%1 / %2")
                .arg(job->summary().indexed + job->summary().skipped + job->summary().failed)
                .arg(job->summary().files);
        return QString();
    case RateColumn:
        return running && p.itemsPerSecond > 0
                   ? tr("%1 items/s").arg(QLocale().toString(p.itemsPerSecond, 'f', 1))
                   : QString();
    case EtaColumn:
        return running && p.etaSeconds >= 0 ? formatDuration(p.etaSeconds) : QString();
    case PageImagesColumn:
        return pageImagesText(job);
    case FailedColumn:
        return QLocale().toString(qlonglong(failedCount(job)));
    default:
        return {};
    }
}

} // namespace cortex::ui
