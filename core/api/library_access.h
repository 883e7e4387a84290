#pragma once
// Where the library API's work runs (search_api.h): each request's work gets the library and the models
// on a thread that may use them, in turn with that thread's other work, through a bounded queue. Two
// implementations:
//   - OwnLibraryAccess (here): `cortex-cli serve --library` opened the library itself; one worker;
//   - the window's (application/library_api.h): the session's open library and models, on the workers
//     the Search tab's searches run on, so that the window never opens its library a second time (the
//     library's lock is the session's) and the API follows the library the user opens.

#include "search/searcher.h"
#include "serve/http_types.h"

#include <functional>

namespace cortex::library {
class Library;
}

namespace cortex::api {

// What a request's work uses; valid while the work runs.
struct LibraryTools {
    library::Library *library = nullptr;   // null: no library is open
    embedding::Encoder *encoder = nullptr; // null: no embedding model is loaded
    embedding::Scorer *scorer = nullptr;   // null: no reranker (`reranker` says why)
    search::RerankerStatus reranker;
};

class LibraryAccess {
public:
    using Work = std::function<serve::HttpResponse(const LibraryTools &)>;
    virtual ~LibraryAccess() = default;
    // Runs `work` and answers `respond` with what it returns; when the queue is full, answers 503 with
    // Retry-After at once. `rerank`: the work may rerank (a reranker loaded on demand is kept for it).
    // Any thread.
    virtual void run(bool rerank, Work work, serve::Responder respond) = 0;
};

// The 503 of a full library queue, with Retry-After.
serve::HttpResponse libraryQueueFull();

// `cortex-cli serve --library`: the library and models it loaded, one job at a time on its own worker.
class OwnLibraryAccess final : public LibraryAccess {
public:
    OwnLibraryAccess(LibraryTools tools, int maxQueue);
    ~OwnLibraryAccess() override; // answers the jobs queued, then stops
    void run(bool rerank, Work work, serve::Responder respond) override;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace cortex::api
