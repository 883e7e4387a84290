#pragma once
// A model download as the GUI sees it: hub::downloadModel on its own worker thread (one download at a
// time), progress and the outcome as signals on the GUI thread, cancel at any moment. A cancelled or
// failed download keeps its partial files; starting the same repository again resumes it.

#include "hub/model_download.h"

#include <QObject>
#include <QThreadPool>

#include <atomic>

namespace cortex::session {

class ModelDownloadJob : public QObject {
    Q_OBJECT
public:
    explicit ModelDownloadJob(QObject *parent = nullptr);
    ~ModelDownloadJob() override; // cancels and waits for the worker

    // Starts downloading; false (and nothing happens) while another download runs.
    bool start(const hub::DownloadRequest &request);
    void cancel() { cancelRequested_ = true; }
    bool isRunning() const { return running_; }
    QString repoId() const { return request_.repoId; }

signals:
    void progressed(const cortex::hub::DownloadProgress &progress);
    // ok: the snapshot folder is complete (message says what was transferred); otherwise message is the
    // error (or that it was cancelled) in one sentence.
    void finished(bool ok, const QString &message, const QString &snapshotDir, bool cancelled);

private:
    QThreadPool pool_;
    hub::DownloadRequest request_;
    std::atomic_bool cancelRequested_{false};
    bool running_ = false;
};

} // namespace cortex::session
