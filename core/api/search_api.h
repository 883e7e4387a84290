#pragma once
// POST /v1/search of `cortex-cli serve --library`: the library searched as `cortex-cli search` searches
// it (search::Searcher, the same two stages, the same reranker), one search at a time on a worker with a
// bounded queue (503 with Retry-After when full).
//
//   {"query": "revenue type:pdf",            the text, in Cortex's query language (fields filter)
//    "images": ["data:image/png;base64,..."], query images (with or without text)
//    "collections": ["Reports"], "types": ["text", "image", "pdf-page"],
//    "top_k": 10, "candidates": 50, "rerank": true}                  (defaults: the settings')
//   -> {"hits": [{"rank", "item", "kind", "path", "document_type", "page", "position", "snippet",
//                 "score", "fused_score", "vector_similarity", "rerank_score", "found_by"}],
//       "reranked", "note", "query_notice"}
// The hits' fields are those of `cortex-cli search --json`.
//   GET /v1/items/{id}/thumbnail   the item's stored thumbnail (PNG, as small as ingestion made it);
//                                  404 for an unknown item or one without a thumbnail
//   GET /v1/ingestion              the library's ingestion jobs and their progress (`cortex-cli jobs --json`)
// Every request on the library runs on one worker, in turn.

#include "api/dynamic_batcher.h"
#include "api/json_inputs.h"
#include "search/searcher.h"
#include "serve/http_types.h"

#include <QThreadPool>

#include <memory>

namespace cortex::library {
class Library;
}

namespace cortex::api {

struct SearchSetup {
    library::Library *library = nullptr; // not owned; used on the search worker only
    embedding::Encoder *encoder = nullptr;
    embedding::Scorer *scorer = nullptr; // may be null
    search::RerankerStatus reranker;
    int defaultTopK = 5;
    int defaultCandidates = 20;
    int maxQueue = 64;
};

// The request read (no library needed): the query with its images decoded; the collections by name.
struct SearchRequest {
    search::Query query;
    std::vector<std::string> collections;
};
Result<SearchRequest> parseSearchRequest(const QByteArray &body, const SearchSetup &setup,
                                         const InputLimits &limits);

class SearchApi {
public:
    SearchApi(SearchSetup setup, InputLimits limits);
    ~SearchApi();
    SearchApi(const SearchApi &) = delete;
    SearchApi &operator=(const SearchApi &) = delete;

    void search(const serve::HttpRequest &request, serve::Responder respond);
    void thumbnail(const serve::HttpRequest &request, serve::Responder respond); // prefix /v1/items/
    void ingestion(const serve::HttpRequest &request, serve::Responder respond);

private:
    struct Job {
        std::function<serve::HttpResponse()> work;
        serve::Responder respond;
    };
    void submit(Job job);
    serve::HttpResponse runSearch(SearchRequest &request) const;
    serve::HttpResponse readThumbnail(int64_t itemId) const;
    serve::HttpResponse readJobs() const;

    const SearchSetup setup_;
    const InputLimits limits_;
    std::unique_ptr<DynamicBatcher<Job>> worker_;
    QThreadPool parsers_; // last: destroyed first
};

} // namespace cortex::api
