#pragma once
// The library API of `cortex-cli serve --library` and of the window (Settings, "Library API"): the library
// searched as `cortex-cli search` searches it (search::Searcher, the same two stages, the same reranker),
// the work run where a LibraryAccess runs it (library_access.h), with a bounded queue (503 with
// Retry-After when full). Without an open library (the window's) it answers 503 saying so.
//
//   {"query": "revenue type:pdf",            the text, in Cortex's query language (fields filter)
//    "images": ["data:image/png;base64,..."], query images (with or without text)
//    "collections": ["Reports"], "types": ["text", "image", "pdf-page"],
//    "top_k": 10, "candidates": 50, "rerank": true}                  (defaults: the settings')
//   -> {"hits": [...], "reranked", "note", "query_notice", "space", "seconds"}
// The answer and its hits are `cortex-cli search --json`'s, from one builder (result_json.h).
//   GET /v1/items/{id}/thumbnail   the item's stored thumbnail (PNG, as small as ingestion made it);
//                                  404 for an unknown item or one without a thumbnail
//   GET /v1/ingestion              the library's ingestion jobs and their progress (`cortex-cli jobs
//   --json`'s)
// Every request on the library runs where the LibraryAccess runs it, in turn.

#include "api/json_inputs.h"
#include "api/library_access.h"
#include "search/searcher.h"
#include "serve/http_types.h"

#include <QThreadPool>

#include <memory>

namespace cortex::library {
class Library;
}

namespace cortex::api {

// What a request leaves out (the settings' top K and candidates).
struct SearchDefaults {
    int topK = 5;
    int candidates = 20;
};

// The request read (no library needed): the query with its images decoded; the collections by name.
struct SearchRequest {
    search::Query query;
    std::vector<std::string> collections;
};
Result<SearchRequest> parseSearchRequest(const QByteArray &body, const SearchDefaults &defaults,
                                         const InputLimits &limits);

class SearchApi {
public:
    // `access` outlives the SearchApi; the work it runs holds nothing of the SearchApi.
    SearchApi(LibraryAccess &access, SearchDefaults defaults, InputLimits limits);
    ~SearchApi(); // waits for the requests still being read (they submit to `access`)
    SearchApi(const SearchApi &) = delete;
    SearchApi &operator=(const SearchApi &) = delete;

    void search(const serve::HttpRequest &request, serve::Responder respond);
    void thumbnail(const serve::HttpRequest &request, serve::Responder respond); // prefix /v1/items/
    void ingestion(const serve::HttpRequest &request, serve::Responder respond);

private:
    LibraryAccess &access_;
    const SearchDefaults defaults_;
    const InputLimits limits_;
    QThreadPool parsers_; // last: destroyed first
};

} // namespace cortex::api
