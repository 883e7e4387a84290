#pragma once
// Two-stage multimodal search over a library.
//   Stage 1: the query (text, image, or both) is embedded; the space's vector index gives the top N
//            by cosine similarity, FTS5 gives the top N by BM25 (text queries), and the two lists
//            are fused by reciprocal rank fusion. Filters restrict both lists.
//   Stage 2: when a reranker is ready, the N fused candidates are re-scored against the query and the
//            best K kept; otherwise the best K by fused score are returned, and the result says why
//            it was not reranked (disabled, still loading, failed).
// Thread-safe: every search opens its own read-only connection; searches run during ingestion.

#include "common/result.h"
#include "model/image/image.h"
#include "model/video/video_clip.h"
#include "store/records.h"

#include <optional>
#include <string>
#include <vector>

namespace cortex::embedding {
class Encoder;
class Scorer;
} // namespace cortex::embedding
namespace cortex::library {
class Library;
}

namespace cortex::search {

// The order of the hits that are returned (the best K by relevance, whatever the order).
enum class SortOrder { Relevance, Newest, Oldest };

struct Query {
    std::string text;                 // in the query language (query_language.h)
    std::vector<model::Image> images; // a file, or a pasted screenshot decoded by the caller
    // A video as (part of) the query: the first segment window of a file, sampled as ingestion samples
    // a segment (application/query_video.h). Embedded before the images and the text.
    std::optional<model::VideoClip> video;
    store::SearchFilter filter;
    int candidates = 20; // N: QWEN3_VL_RERANKER_CANDIDATES
    int topK = 5;        // K: QWEN3_VL_RERANKER_TOP_K
    bool rerank = true;  // the user's toggle
    // Find Similar: when > 0, this item's stored vector is the query (nothing is embedded again); text
    // and images are ignored, there is no keyword side and no reranking, and the item itself is left
    // out of the hits.
    int64_t similarToItem = 0;
    // Hits whose score (hitScore) is below this are dropped; nullopt keeps every hit.
    std::optional<double> minScore;
    SortOrder sort = SortOrder::Relevance;
};

// OnDemand: configured, not in memory; the next search that reranks loads it (then Ready), and it is
// released again when idle (session/library_session.h).
enum class RerankerState { Disabled, Loading, Ready, Failed, OnDemand };

struct RerankerStatus {
    RerankerState state = RerankerState::Disabled;
    std::string message; // the reason, when Failed
};

struct Hit {
    store::ItemView view;
    double fusedScore = 0;
    // The cosine similarity to the query, also for a hit that only the keyword side found (computed
    // from its stored vector); vectorRank says whether the meaning side found it.
    std::optional<double> vectorSimilarity;
    std::optional<int> vectorRank;
    std::optional<double> bm25;
    std::optional<int> bm25Rank;
    std::optional<double> rerankScore;
};

struct SearchResult {
    std::vector<Hit> hits;
    bool reranked = false;
    std::string note; // why the reranker was not used, or an empty string
    // "the query was truncated to N tokens (...)" when the query text was longer than the model reads
    // (Encoder::fitQueryText), or an empty string
    std::string queryNotice;
    int64_t spaceId = 0;
    double embedSeconds = 0;
    double retrieveSeconds = 0;
    double rerankSeconds = 0;
};

// Which side of the search found a hit: "meaning" (the vector index), "keywords" (BM25) or both.
enum class FoundBy { Meaning, Keywords, Both };
FoundBy foundBy(const Hit &hit);
const char *toString(FoundBy side); // "meaning", "keywords", "meaning and keywords"

// The score a hit is shown and cut off with: its rerank score when the result was reranked, else its
// similarity to the query (0 when it has none: a Find Similar of an item without a vector).
double hitScore(const Hit &hit);

// The hits of one document (its pages, chunks), best first, for results grouped by document.
struct DocumentHits {
    int64_t documentId = 0;
    std::string documentPath;
    std::vector<Hit> hits;
};
// In the order of each document's first hit.
std::vector<DocumentHits> groupByDocument(const std::vector<Hit> &hits);
// The same grouping as positions in `hits` (for views that keep the flat list and show it grouped).
std::vector<std::vector<size_t>> documentGroups(const std::vector<Hit> &hits);

class Searcher {
public:
    // `scorer` may be null (no reranker configured). The encoder's space must exist in the library.
    Searcher(library::Library &library, embedding::Encoder &encoder, embedding::Scorer *scorer);

    Result<SearchResult> search(const Query &query, const RerankerStatus &reranker) const;

private:
    library::Library &library_;
    embedding::Encoder &encoder_;
    embedding::Scorer *scorer_;
};

// The query's text read in the query language (query_language.h): the free text stays as the text, the
// phrases, exclusions and fields join the filter. Find Similar queries are returned as they are. An
// InvalidInput error for a syntax error, or for filters without anything to search for.
Result<Query> applyQueryLanguage(Query query);

// The space of `identity` in the library, or an error that says which model made the library's
// vectors and how to switch (never guessed from the dimension).
Result<int64_t> findSpace(const std::vector<store::SpaceInfo> &spaces, const store::SpaceIdentity &identity,
                          const std::string &libraryName);

} // namespace cortex::search
