#include "session/model_download_job.h"

#include <QMetaObject>
#include <QPointer>
#include <QtConcurrent/QtConcurrentRun>

namespace cortex::session {

ModelDownloadJob::ModelDownloadJob(QObject *parent) : QObject(parent)
{
    pool_.setMaxThreadCount(1);
    qRegisterMetaType<cortex::hub::DownloadProgress>();
}

ModelDownloadJob::~ModelDownloadJob()
{
    cancelRequested_ = true;
    pool_.waitForDone();
}

bool ModelDownloadJob::start(const hub::DownloadRequest &request)
{
    if (running_)
        return false;
    running_ = true;
    cancelRequested_ = false;
    request_ = request;
    QPointer<ModelDownloadJob> self(this);
    // The callbacks run on the worker; they hand their values to this object's thread (queued), and the
    // destructor waits for the worker, so `self` is only read there.
    (void)QtConcurrent::run(&pool_, [this, self, request] {
        const auto onProgress = [this, self](const hub::DownloadProgress &progress) {
            QMetaObject::invokeMethod(
                this,
                [self, progress] {
                    if (self)
                        emit self->progressed(progress);
                },
                Qt::QueuedConnection);
        };
        const auto cancelled = [this] {
            return cancelRequested_.load();
        };
        const Result<hub::DownloadResult> result = hub::downloadModel(request, onProgress, cancelled);
        const bool wasCancelled = !result && cancelRequested_.load();
        QString message;
        QString snapshot;
        if (result) {
            snapshot = result->snapshotDir;
            message = result->offline
                          ? tr("The Hub could not be reached; the copy of %1 in the cache is complete.")
                                .arg(request.repoId)
                          : tr("%1 is complete: %2 files downloaded (%3 MB), %4 already present.")
                                .arg(request.repoId)
                                .arg(result->filesTransferred)
                                .arg(result->bytesTransferred / 1e6, 0, 'f', 1)
                                .arg(result->filesAlreadyPresent);
        } else {
            message = QString::fromStdString(result.error().message);
        }
        QMetaObject::invokeMethod(
            this,
            [self, ok = result.ok(), message, snapshot, wasCancelled] {
                if (!self)
                    return;
                self->running_ = false;
                emit self->finished(ok, message, snapshot, wasCancelled);
            },
            Qt::QueuedConnection);
    });
    return true;
}

} // namespace cortex::session
