#include "search/searcher.h"

#include "common/ascii.h"
#include "embedding/encoder.h"
#include "index/vector_index.h"
#include "library/library.h"
#include "search/fusion.h"
#include "search/item_input.h"
#include "search/query_language.h"
#include "store/library_db.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <unordered_map>
#include <unordered_set>

namespace cortex::search {
namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start)
{
    return std::chrono::duration<double>(Clock::now() - start).count();
}

double cosine(const std::vector<float> &a, const std::vector<float> &b)
{
    double dot = 0, na = 0, nb = 0;
    for (size_t i = 0; i < a.size(); ++i) {
        dot += double(a[i]) * double(b[i]);
        na += double(a[i]) * double(a[i]);
        nb += double(b[i]) * double(b[i]);
    }
    return na > 0 && nb > 0 ? dot / std::sqrt(na * nb) : 0.0;
}

std::string describe(const store::SpaceIdentity &id)
{
    std::string s = id.modelName + " (" + std::to_string(id.storedDim()) + " dimensions, " + id.dtype + ")";
    return s;
}

} // namespace

Result<int64_t> findSpace(const std::vector<store::SpaceInfo> &spaces, const store::SpaceIdentity &identity,
                          const std::string &libraryName)
{
    for (const auto &s : spaces)
        if (s.identity == identity && s.state == store::SpaceState::Active)
            return s.id;
    for (const auto &s : spaces)
        if (s.identity == identity && s.state == store::SpaceState::Building)
            return makeError(libraryName + ": the vectors of " + describe(identity) +
                             " are still being built by a migration; search with the library's current model "
                             "until it finishes");
    if (const auto *active = store::activeSpaceIn(spaces))
        return makeError(libraryName + ": the library was embedded with " + describe(active->identity) +
                         ", not with the configured model " + describe(identity) +
                         "; use that model, or migrate the library to the new one (cortex-cli migrate)");
    return makeError(libraryName + ": the library holds no embedded documents yet (ingest some first)");
}

Searcher::Searcher(library::Library &library, embedding::Encoder &encoder, embedding::Scorer *scorer)
    : library_(library), encoder_(encoder), scorer_(scorer)
{
}

FoundBy foundBy(const Hit &hit)
{
    if (hit.vectorRank && hit.bm25Rank)
        return FoundBy::Both;
    return hit.bm25Rank ? FoundBy::Keywords : FoundBy::Meaning;
}

const char *toString(FoundBy side)
{
    switch (side) {
    case FoundBy::Meaning:
        return "meaning";
    case FoundBy::Keywords:
        return "keywords";
    case FoundBy::Both:
        return "meaning and keywords";
    }
    return "meaning";
}

double hitScore(const Hit &hit)
{
    if (hit.rerankScore)
        return *hit.rerankScore;
    return hit.vectorSimilarity.value_or(0.0);
}

std::vector<std::vector<size_t>> documentGroups(const std::vector<Hit> &hits)
{
    std::vector<std::vector<size_t>> groups;
    std::unordered_map<int64_t, size_t> groupOf;
    for (size_t i = 0; i < hits.size(); ++i) {
        const auto [it, added] = groupOf.try_emplace(hits[i].view.documentId, groups.size());
        if (added)
            groups.emplace_back();
        groups[it->second].push_back(i);
    }
    return groups;
}

std::vector<DocumentHits> groupByDocument(const std::vector<Hit> &hits)
{
    std::vector<DocumentHits> groups;
    for (const auto &positions : documentGroups(hits)) {
        const Hit &first = hits[positions.front()];
        DocumentHits group{first.view.documentId, first.view.documentPath, {}};
        for (const size_t i : positions)
            group.hits.push_back(hits[i]);
        groups.push_back(std::move(group));
    }
    return groups;
}

Result<Query> applyQueryLanguage(Query query)
{
    if (query.similarToItem > 0)
        return query;
    auto parsed = parseQuery(query.text);
    if (!parsed)
        return parsed.error();
    query.text = parsed->freeText;
    auto &f = query.filter;
    f.requiredPhrases.insert(f.requiredPhrases.end(), parsed->phrases.begin(), parsed->phrases.end());
    f.excludedText.insert(f.excludedText.end(), parsed->excluded.begin(), parsed->excluded.end());
    f.documentTypes.insert(f.documentTypes.end(), parsed->documentTypes.begin(), parsed->documentTypes.end());
    f.collectionNames.insert(f.collectionNames.end(), parsed->collections.begin(), parsed->collections.end());
    f.tags.insert(f.tags.end(), parsed->tags.begin(), parsed->tags.end());
    f.pathContains.insert(f.pathContains.end(), parsed->pathContains.begin(), parsed->pathContains.end());
    // A day given both on the command line and in the text: the narrower range holds.
    if (parsed->modifiedAfter)
        f.modifiedAfter = std::max(f.modifiedAfter.value_or(*parsed->modifiedAfter), *parsed->modifiedAfter);
    if (parsed->modifiedBefore)
        f.modifiedBefore =
            std::min(f.modifiedBefore.value_or(*parsed->modifiedBefore), *parsed->modifiedBefore);
    if (query.text.empty() && query.images.empty() && !query.video && parsed->hasFilters())
        return makeError("the query has only filters: add some words, an image or a video to search for",
                         ErrorKind::InvalidInput);
    return query;
}

namespace {

// in: and tag: that name nothing would give an empty answer that looks like "nothing matches": they
// are errors that say so instead.
Status checkNamedFilters(store::LibraryDb &db, const store::SearchFilter &filter,
                         const std::string &libraryName)
{
    if (filter.collectionNames.empty() && filter.tags.empty())
        return {};
    auto collections = db.collections();
    if (!collections)
        return collections.error();
    const auto same = [](const std::string &a, const std::string &b) {
        return asciiLower(a) == asciiLower(b);
    };
    for (const auto &name : filter.collectionNames)
        if (std::none_of(collections->begin(), collections->end(),
                         [&](const store::CollectionInfo &c) { return same(c.name, name); }))
            return makeError(libraryName + " has no collection named '" + name + "' (in:" + name + ")",
                             ErrorKind::InvalidInput);
    for (const auto &tag : filter.tags)
        if (std::none_of(collections->begin(), collections->end(), [&](const store::CollectionInfo &c) {
                return std::any_of(c.tags.begin(), c.tags.end(),
                                   [&](const std::string &t) { return same(t, tag); });
            }))
            return makeError(libraryName + ": no collection has the tag '" + tag + "' (tag:" + tag + ")",
                             ErrorKind::InvalidInput);
    return {};
}

} // namespace

Result<SearchResult> Searcher::search(const Query &asked, const RerankerStatus &reranker) const
{
    const std::string libraryName = library_.databaseFile().string();
    const bool similar = asked.similarToItem > 0;
    if (!similar && asked.text.empty() && asked.images.empty() && !asked.video)
        return makeError("the query is empty: give a text, an image, a video, or several of them");
    auto applied = applyQueryLanguage(asked);
    if (!applied)
        return applied.error();
    const Query &query = *applied;
    if (query.candidates < 1 || query.topK < 1)
        return makeError("the number of candidates and of results must be at least 1");

    auto db = library_.openReader();
    if (!db)
        return db.error();
    if (auto st = checkNamedFilters(**db, query.filter, libraryName); !st)
        return st.error();
    auto spaces = (*db)->spaces();
    if (!spaces)
        return spaces.error();
    auto spaceId = findSpace(*spaces, encoder_.identity(), libraryName);
    if (!spaceId)
        return spaceId.error();

    SearchResult result;
    result.spaceId = *spaceId;

    // Stage 1a: the query vector. Its text is first cut to what the model reads; every later stage
    // (full text, reranker) uses the same cut text.
    auto start = Clock::now();
    std::string queryText = similar ? std::string() : query.text;
    if (!similar)
        result.queryNotice = encoder_.fitQueryText(queryText);
    embedding::EncodeInput queryInput{queryText, similar ? std::vector<model::Image>() : query.images,
                                      "the query", similar ? std::nullopt : query.video};
    std::vector<float> queryVector;
    if (similar) {
        // The item's own stored vector: the same space, no second embedding of its text or pixels.
        auto stored = (*db)->vector(*spaceId, query.similarToItem);
        if (!stored)
            return stored.error();
        if (!*stored)
            return makeError(libraryName + ": item " + std::to_string(query.similarToItem) +
                             " has no vector in the library's space (ingest its document again)");
        queryVector = std::move(**stored);
    } else {
        auto queryVectors = encoder_.embedQueries(std::span(&queryInput, 1));
        if (!queryVectors)
            return queryVectors.error();
        queryVector = std::move(queryVectors->front());
    }
    result.embedSeconds = secondsSince(start);

    // Stage 1b: vector and full-text candidates under the filter.
    start = Clock::now();
    std::function<bool(int64_t)> accept;
    std::shared_ptr<std::unordered_set<int64_t>> admitted;
    if (!query.filter.empty()) {
        auto ids = (*db)->itemsMatching(query.filter);
        if (!ids)
            return ids.error();
        admitted = std::make_shared<std::unordered_set<int64_t>>(ids->begin(), ids->end());
        accept = [admitted](int64_t id) {
            return admitted->count(id) != 0;
        };
    }
    auto idx = library_.index(*spaceId);
    if (!idx)
        return idx.error();
    std::vector<RankedId> vectorList;
    // One more candidate when the item itself is among them (it is left out).
    for (const auto &n : (*idx)->search(queryVector, size_t(query.candidates) + (similar ? 1 : 0), accept))
        if (n.label != query.similarToItem || !similar)
            vectorList.push_back({n.label, double(n.similarity)});
    std::vector<RankedId> textList;
    if (!queryText.empty()) {
        auto fts = (*db)->fullTextSearch(queryText, query.candidates, query.filter);
        if (!fts)
            return fts.error();
        for (const auto &h : *fts)
            textList.push_back({h.itemId, h.bm25});
    }
    auto fused = fuseRankings(vectorList, textList);
    if (fused.size() > size_t(query.candidates))
        fused.resize(size_t(query.candidates));

    std::vector<int64_t> ids;
    for (const auto &c : fused)
        ids.push_back(c.id);
    auto views = (*db)->itemViews(ids);
    if (!views)
        return views.error();
    std::unordered_map<int64_t, const store::ItemView *> viewById;
    for (const auto &v : *views)
        viewById[v.item.id] = &v;
    for (const auto &c : fused) {
        const auto it = viewById.find(c.id);
        if (it == viewById.end())
            continue; // removed since the index was searched
        Hit hit;
        hit.view = *it->second;
        hit.fusedScore = c.fused;
        hit.vectorRank = c.vectorRank;
        hit.vectorSimilarity = c.vectorScore;
        hit.bm25Rank = c.textRank;
        hit.bm25 = c.textScore;
        result.hits.push_back(std::move(hit));
    }
    // A hit only the keyword side found gets its similarity too, from its stored vector, so that every
    // card shows one and a minimum score applies to all of them.
    for (Hit &hit : result.hits) {
        if (hit.vectorSimilarity)
            continue;
        // A damaged stored vector (left out of searches and reported when the library opened) leaves
        // the keyword hit without a similarity rather than failing the search.
        auto stored = (*db)->vector(*spaceId, hit.view.item.id);
        if (stored && *stored && (*stored)->size() == queryVector.size())
            hit.vectorSimilarity = cosine(**stored, queryVector);
    }
    result.retrieveSeconds = secondsSince(start);

    // Stage 2: rerank when the user wants it and the reranker can.
    if (similar)
        result.note = "Find Similar compares stored vectors; the reranker needs a text or image query";
    else if (!query.rerank)
        result.note = "reranking was turned off for this search";
    else if (query.video)
        // The reranker scores text and images; a video query would be scored without its video.
        result.note = "the reranker does not take a video query yet; these results are not reranked";
    else if (reranker.state == RerankerState::Loading)
        result.note = "the reranker is still loading; these results are not reranked";
    else if (reranker.state == RerankerState::Failed)
        result.note = "the reranker failed to load: " + reranker.message;
    else if (reranker.state == RerankerState::OnDemand && !scorer_)
        result.note = "the reranker is loaded on demand and was not loaded for this search";
    else if (reranker.state == RerankerState::Disabled || !scorer_)
        result.note = "the reranker is disabled";
    else if (!result.hits.empty()) {
        start = Clock::now();
        std::vector<embedding::EncodeInput> documents;
        for (const auto &h : result.hits)
            documents.push_back(rerankInput(h.view));
        auto scores = scorer_->score(queryInput, documents);
        if (!scores || scores->size() != result.hits.size()) {
            result.note = "reranking failed: " +
                          (scores ? std::string("wrong number of scores") : scores.error().message);
        } else {
            for (size_t i = 0; i < result.hits.size(); ++i)
                result.hits[i].rerankScore = (*scores)[i];
            // Stable: equal rerank scores keep the fused order.
            std::stable_sort(result.hits.begin(), result.hits.end(),
                             [](const Hit &a, const Hit &b) { return *a.rerankScore > *b.rerankScore; });
            result.reranked = true;
        }
        result.rerankSeconds = secondsSince(start);
    }
    if (query.minScore)
        std::erase_if(result.hits, [&](const Hit &h) { return hitScore(h) < *query.minScore; });
    if (result.hits.size() > size_t(query.topK))
        result.hits.resize(size_t(query.topK));
    // The best K in the order asked for; equal times keep the relevance order.
    if (query.sort != SortOrder::Relevance)
        std::stable_sort(result.hits.begin(), result.hits.end(), [&](const Hit &a, const Hit &b) {
            return query.sort == SortOrder::Newest ? a.view.documentMtimeNs > b.view.documentMtimeNs
                                                   : a.view.documentMtimeNs < b.view.documentMtimeNs;
        });
    return result;
}

} // namespace cortex::search
