// Jobs and the state of each of their files, kept in the database so that a job killed half-way
// resumes where it stopped. A job's counts are computed from its files, so they cannot drift.

#include "store/library_db_impl.h"

#include <cmath>

namespace cortex::store {

namespace {

// A pending file being worked on keeps its state 'pending' (the schema's CHECK lists the four states)
// and carries this word in its error column until its outcome replaces both.
constexpr const char *kStartedMarker = "started";

constexpr const char *kJobSelect =
    "SELECT j.id, j.kind, j.parameters, j.state, j.created_at, j.updated_at, COUNT(f.id), "
    "COALESCE(SUM(f.state = 'done'), 0), COALESCE(SUM(f.state = 'failed'), 0), "
    "COALESCE(SUM(f.state = 'skipped'), 0), j.page_images_done, "
    "(SELECT COUNT(*) FROM deferred_images d WHERE d.job_id = j.id OR d.job_id IS NULL), j.eta_seconds, "
    "j.eta_at "
    "FROM jobs j LEFT JOIN job_files f ON f.job_id = j.id ";

JobInfo readJob(const Statement &st)
{
    JobInfo job;
    job.id = st.int64(0);
    job.kind = st.text(1);
    job.parameters = st.text(2);
    job.state = jobStateFromString(st.text(3)).value_or(JobState::Failed);
    job.createdAt = st.int64(4);
    job.updatedAt = st.int64(5);
    job.totalFiles = st.int64(6);
    job.doneFiles = st.int64(7);
    job.failedFiles = st.int64(8);
    job.skippedFiles = st.int64(9);
    job.pageImagesDone = st.int64(10);
    job.pageImagesLeft = st.int64(11);
    if (!st.isNull(12))
        job.etaSeconds = st.real(12);
    job.etaAt = st.int64(13);
    return job;
}

Result<std::vector<JobInfo>> readJobs(const Action &action, Statement &st)
{
    std::vector<JobInfo> result;
    if (auto s = action.forEachRow(st, [&](const Statement &row) { result.push_back(readJob(row)); }); !s)
        return s.error();
    return result;
}

Status insertFiles(const Action &action, int64_t jobId, std::span<const std::string> paths)
{
    for (const std::string &path : paths) {
        if (auto s = action.run("INSERT OR IGNORE INTO job_files (job_id, path, state) VALUES (?1, ?2, ?3)",
                                jobId, path, toString(JobFileState::Pending));
            !s)
            return s;
    }
    return {};
}

Status touchJob(const Action &action, int64_t jobId)
{
    if (auto s = action.run("UPDATE jobs SET updated_at = ?2 WHERE id = ?1", jobId, nowSeconds()); !s)
        return s;
    if (action.db().changes() == 0)
        return action.fail("no job has id " + std::to_string(jobId));
    return {};
}

} // namespace

Result<int64_t> LibraryDb::createJob(const std::string &kind, const std::string &parametersJson,
                                     std::span<const std::string> paths)
{
    const Action action(*impl_->db,
                        "create a " + kind + " job of " + std::to_string(paths.size()) + " files");
    int64_t id = 0;
    Status done = action.transaction([&]() -> Status {
        const int64_t now = nowSeconds();
        if (auto s = action.run("INSERT INTO jobs (kind, parameters, state, created_at, updated_at) "
                                "VALUES (?1, ?2, ?3, ?4, ?4)",
                                kind, parametersJson.empty() ? std::string("{}") : parametersJson,
                                toString(JobState::Queued), now);
            !s)
            return s;
        id = action.db().lastInsertRowid();
        return insertFiles(action, id, paths);
    });
    if (!done)
        return done.error();
    return id;
}

Result<std::optional<JobInfo>> LibraryDb::job(int64_t jobId)
{
    const Action action(*impl_->db, "read job " + std::to_string(jobId));
    auto st = action.prepare(std::string(kJobSelect) + "WHERE j.id = ?1 GROUP BY j.id", jobId);
    if (!st)
        return st.error();
    auto row = action.fetch(*st);
    if (!row)
        return row.error();
    return *row ? std::optional<JobInfo>(readJob(*st)) : std::optional<JobInfo>();
}

Result<std::vector<JobInfo>> LibraryDb::jobs()
{
    const Action action(*impl_->db, "list the jobs");
    auto st = action.prepare(std::string(kJobSelect) + "GROUP BY j.id ORDER BY j.created_at DESC, j.id DESC");
    if (!st)
        return st.error();
    return readJobs(action, *st);
}

Result<std::vector<JobInfo>> LibraryDb::unfinishedJobs()
{
    const Action action(*impl_->db, "list the unfinished jobs");
    auto st = action.prepare(
        std::string(kJobSelect) + "WHERE j.state IN (?1, ?2, ?3) GROUP BY j.id ORDER BY j.created_at, j.id",
        toString(JobState::Queued), toString(JobState::Running), toString(JobState::Paused));
    if (!st)
        return st.error();
    return readJobs(action, *st);
}

Status LibraryDb::setJobState(int64_t jobId, JobState state)
{
    const Action action(*impl_->db,
                        "mark job " + std::to_string(jobId) + " as " + std::string(toString(state)));
    if (auto s = action.run("UPDATE jobs SET state = ?2, updated_at = ?3 WHERE id = ?1", jobId,
                            toString(state), nowSeconds());
        !s)
        return s;
    if (impl_->db->changes() == 0)
        return action.fail("no such job");
    return {};
}

Status LibraryDb::setJobEta(int64_t jobId, std::optional<double> seconds)
{
    const Action action(*impl_->db, "record the time left of job " + std::to_string(jobId));
    if (seconds && !(std::isfinite(*seconds) && *seconds >= 0))
        seconds.reset(); // not an estimate
    if (auto s = action.run("UPDATE jobs SET eta_seconds = ?2, eta_at = ?3 WHERE id = ?1", jobId, seconds,
                            nowSeconds());
        !s)
        return s;
    if (impl_->db->changes() == 0)
        return action.fail("no such job");
    return {};
}

Result<std::vector<JobFile>> LibraryDb::jobFiles(int64_t jobId, std::optional<JobFileState> only)
{
    const Action action(*impl_->db, "list the files of job " + std::to_string(jobId));
    auto st =
        only ? action.prepare("SELECT job_id, path, state, error FROM job_files WHERE job_id = ?1 AND "
                              "state = ?2 ORDER BY id",
                              jobId, toString(*only))
             : action.prepare(
                   "SELECT job_id, path, state, error FROM job_files WHERE job_id = ?1 ORDER BY id", jobId);
    if (!st)
        return st.error();
    std::vector<JobFile> result;
    auto read = action.forEachRow(*st, [&](const Statement &row) {
        JobFile file{row.int64(0), row.text(1),
                     jobFileStateFromString(row.text(2)).value_or(JobFileState::Pending), row.text(3)};
        if (file.state == JobFileState::Pending && file.error == kStartedMarker) {
            file.started = true;
            file.error.clear();
        }
        result.push_back(std::move(file));
    });
    if (!read)
        return read.error();
    return result;
}

Status LibraryDb::setJobFileState(int64_t jobId, const std::string &path, JobFileState state,
                                  const std::string &error)
{
    const Action action(*impl_->db, "mark " + inQuotes(path) + " as " + std::string(toString(state)) +
                                        " in job " + std::to_string(jobId));
    return action.transaction([&]() -> Status {
        if (auto s = action.run("UPDATE job_files SET state = ?3, error = ?4 WHERE job_id = ?1 AND path = ?2",
                                jobId, path, toString(state), error);
            !s)
            return s;
        if (action.db().changes() == 0)
            return action.fail("the job has no such file");
        return touchJob(action, jobId);
    });
}

Status LibraryDb::markJobFileStarted(int64_t jobId, const std::string &path)
{
    const Action action(*impl_->db, "mark " + inQuotes(path) + " as started in job " + std::to_string(jobId));
    if (auto s = action.run("UPDATE job_files SET error = ?3 WHERE job_id = ?1 AND path = ?2 AND state = ?4",
                            jobId, path, std::string(kStartedMarker), toString(JobFileState::Pending));
        !s)
        return s;
    if (action.db().changes() == 0)
        return action.fail("the job has no such pending file");
    return {};
}

Status LibraryDb::addJobFiles(int64_t jobId, std::span<const std::string> paths)
{
    const Action action(*impl_->db,
                        "add " + std::to_string(paths.size()) + " files to job " + std::to_string(jobId));
    return action.transaction([&]() -> Status {
        if (auto s = touchJob(action, jobId); !s) // also checks that the job exists
            return s;
        return insertFiles(action, jobId, paths);
    });
}

} // namespace cortex::store
