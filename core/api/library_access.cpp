#include "api/library_access.h"

#include "api/dynamic_batcher.h"

namespace cortex::api {

serve::HttpResponse libraryQueueFull()
{
    serve::HttpResponse busy =
        serve::HttpResponse::error(503, QStringLiteral("the library's queue is full; retry later"),
                                   QStringLiteral("ServiceUnavailableError"));
    busy.headers.append({QByteArrayLiteral("Retry-After"), QByteArrayLiteral("1")});
    return busy;
}

struct OwnLibraryAccess::Impl {
    struct Job {
        LibraryAccess::Work work;
        serve::Responder respond;
    };
    LibraryTools tools;
    std::unique_ptr<DynamicBatcher<Job>> worker; // one job at a time: no batching, a bounded queue
};

OwnLibraryAccess::OwnLibraryAccess(LibraryTools tools, int maxQueue) : impl_(std::make_unique<Impl>())
{
    impl_->tools = tools;
    BatchOptions oneAtATime;
    oneAtATime.maxBatch = 1;
    oneAtATime.windowMs = 0;
    oneAtATime.maxQueue = maxQueue;
    impl_->worker = std::make_unique<DynamicBatcher<Impl::Job>>(
        oneAtATime, [impl = impl_.get()](std::vector<Impl::Job> &batch) {
            for (auto &job : batch)
                job.respond(job.work(impl->tools));
        });
}

OwnLibraryAccess::~OwnLibraryAccess() = default;

void OwnLibraryAccess::run(bool, Work work, serve::Responder respond)
{
    Impl::Job job{std::move(work), std::move(respond)};
    if (!impl_->worker->submit(job))
        job.respond(libraryQueueFull());
}

} // namespace cortex::api
