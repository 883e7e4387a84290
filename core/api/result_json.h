#pragma once
// A search hit and an ingestion job as JSON, written once for `cortex-cli search --json`, `cortex-cli
// jobs --json` and the library API (search_api.h), so that a script reads the same fields with the same
// values from either. It lives here, not in application/, because the library API sits below the
// application layer (application/library_api.h uses it) and may not include it.

#include "search/searcher.h"
#include "store/records.h"

#include <QJsonObject>

#include <cstdint>

namespace cortex::api {

// {"rank", "item", "kind", "path", "document_type", "page", "position", "snippet" (the first 300 bytes
//  of a text), "source", "fused_score", "vector_similarity", "vector_rank", "bm25", "bm25_rank",
//  "rerank_score" (null when unknown), "found_by", "score", "has_thumbnail"}
QJsonObject hitJson(const search::Hit &hit, int rank);

// {"hits": [hitJson...], "reranked", "note", "query_notice", "space",
//  "seconds": {"embed", "retrieve", "rerank"}}
QJsonObject searchResultJson(const search::SearchResult &result);

// What a job's row leaves to derive: the files neither indexed, skipped nor failed yet, the page
// images left (none once the job has finished), and for a running job the time left of its running
// pass as its process last estimated it, counted down to `nowSeconds` (not below 0), and how old that
// estimate is (none: no estimate, or the job is not running).
struct JobCounts {
    int64_t pending = 0;
    int64_t pageImagesLeft = 0;
    std::optional<double> etaSeconds;
    int64_t etaAgeSeconds = 0;
};
JobCounts jobCounts(const store::JobInfo &job, int64_t nowSeconds);

// {"id", "kind", "state", "files", "done", "indexed", "failed", "skipped", "pending",
//  "page_images": {"done", "left"}, "eta_seconds" (null: none), "eta_age_seconds"}
QJsonObject jobJson(const store::JobInfo &job, int64_t nowSeconds);

} // namespace cortex::api
