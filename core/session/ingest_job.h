#pragma once
// One ingestion (or resumption) as the GUI sees it: its state, the progress of both passes, its summary
// or error, and its cancel flag. LibrarySession queues and runs it (the job worker) and changes its state
// on the GUI thread only, so that every signal arrives there.

#include "common/progress.h"
#include "ingest/ingestor.h"

#include <QObject>
#include <QString>
#include <QStringList>

#include <atomic>
#include <cstdint>

namespace cortex::session {

class IngestJob : public QObject {
    Q_OBJECT
public:
    enum class State { Queued, Running, Finished, Cancelled, Failed };
    Q_ENUM(State)

    QStringList paths() const { return paths_; }
    QString collection() const { return options_.collection; }
    State state() const { return state_; }
    cortex::Progress lastProgress() const { return progress_; }
    // The last progress of each pass (ingestor.h, IngestOptions::twoPasses): the files (text first) and
    // the page images after them; a pass that has not reported has total 0.
    cortex::Progress filesProgress() const { return filesProgress_; }
    cortex::Progress pageImageProgress() const { return pageImageProgress_; }
    // Queued again after its first pass, its page images waiting for other jobs' text (which goes first).
    bool waitsForOtherJobs() const { return state_ == State::Queued && pageImageProgress_.total > 0; }
    cortex::ingest::IngestSummary summary() const { return summary_; }
    QString error() const { return error_; }
    int64_t resumesJob() const { return resumeJobId_; }

    // Stops after the current file; what is committed stays, and the job can be resumed later.
    void cancel() { cancelRequested_ = true; }
    bool cancelRequested() const { return cancelRequested_; }

signals:
    void stateChanged(cortex::session::IngestJob::State state);
    void progressed(const cortex::Progress &progress);
    void finished(const cortex::ingest::IngestSummary &summary);
    void failed(const QString &message);

private:
    friend class LibrarySession;
    explicit IngestJob(QObject *parent) : QObject(parent) {}
    void setState(State s)
    {
        state_ = s;
        emit stateChanged(s);
    }

    QStringList paths_;
    ingest::IngestOptions options_;
    int64_t resumeJobId_ = 0;
    State state_ = State::Queued;
    cortex::Progress progress_;
    cortex::Progress filesProgress_;
    cortex::Progress pageImageProgress_;
    ingest::IngestSummary summary_;
    QString error_;
    std::atomic_bool cancelRequested_{false};
};

} // namespace cortex::session
