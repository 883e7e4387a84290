#pragma once
// An approximate nearest-neighbour index over one embedding space (hnswlib, inner product on
// L2-normalised vectors, so the score is the cosine similarity). Labels are the library's item ids.
//
// Thread safety: hnswlib is not safe for adding and searching at once, so every call takes a
// readers-writer lock: any number of searches run together, an add/remove waits for them and blocks
// new ones only for its own duration. Search therefore works while ingestion adds vectors.
//
// Persistence: save() writes a temporary file beside the target (a header with the dimension, the
// count, the library generation it covers and a checksum of the hnswlib payload), fsyncs it and
// renames it over the target, so a crash leaves either the old file or the new one, never a torn one.
// load() verifies the header and the checksum; the caller compares count and generation with the
// database and rebuilds a stale index instead of trusting it.

#include "common/result.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <span>
#include <vector>

namespace cortex::index {

struct IndexParams {
    int dimension = 0;
    int m = 16;               // graph degree (hnswlib M)
    int efConstruction = 200; // build-time beam width
    int efSearch = 64;        // query-time beam width (raised to k when k is larger)
};

struct Neighbor {
    int64_t label = 0;
    float similarity = 0; // inner product = cosine for normalised vectors; larger is closer
};

// What an index file says about itself, read without loading the graph.
struct IndexFileInfo {
    int dimension = 0;
    uint64_t count = 0;      // live (not deleted) vectors
    uint64_t generation = 0; // the database generation the file covers (see Library)
};

class VectorIndex {
public:
    static Result<std::unique_ptr<VectorIndex>> create(const IndexParams &params,
                                                       size_t initialCapacity = 1024);
    // Errors name the file: missing, not an index, wrong dimension, checksum mismatch (corrupt).
    // The graph keeps the M and efConstruction it was built with (params() reports them); the
    // dimension must match `params`, efSearch is taken from `params`.
    static Result<std::unique_ptr<VectorIndex>> load(const std::filesystem::path &file,
                                                     const IndexParams &params);
    static Result<IndexFileInfo> peek(const std::filesystem::path &file);

    ~VectorIndex();
    VectorIndex(const VectorIndex &) = delete;
    VectorIndex &operator=(const VectorIndex &) = delete;

    // Adds or replaces the vector of `label`; grows the capacity as needed. The vector must have
    // `dimension()` values.
    Status add(int64_t label, std::span<const float> vector);
    // add() for many vectors under one lock: `vectors` holds labels.size() rows of dimension()
    // values; a label given twice keeps its last row. On an error the rows before it may have been
    // added. With `threads` > 1 (0: one per core) the labels new to the index are inserted in
    // parallel, as hnswlib's own parallel build does (its Python add_items): several times faster on
    // a large rebuild, but hnswlib then shares its level generator and entry point between threads
    // without a lock, benign races that ThreadSanitizer reports. Replacements run one at a time.
    Status addBatch(std::span<const int64_t> labels, std::span<const float> vectors, unsigned threads = 1);
    // Removes `label` (a no-op when it is absent).
    void remove(int64_t label);
    bool contains(int64_t label) const;

    // The k nearest live vectors, most similar first. `accept` (optional) restricts the result to
    // labels it returns true for (filters by collection, type, date); the search widens its beam
    // until it has k accepted labels or has seen them all.
    // The beam width is max(params().efSearch, k); with a filter, the beam widens until that many
    // candidates pass, so filtered results are as good as unfiltered ones. When a filter admits few
    // labels, the search scans the live vectors instead (exact). `accept` runs under the index's read lock:
    // it must not call this index. A query of the wrong dimension or with NaN gives no results.
    std::vector<Neighbor> search(std::span<const float> query, size_t k,
                                 const std::function<bool(int64_t)> &accept = {}) const;
    // The same with an explicit beam width instead of params().efSearch (the benchmark's sweep).
    std::vector<Neighbor> search(std::span<const float> query, size_t k,
                                 const std::function<bool(int64_t)> &accept, int efSearch) const;

    size_t size() const; // live vectors
    int dimension() const;
    const IndexParams &params() const;

    // Atomic write (temporary file, fsync, rename); `generation` is recorded in the header.
    // Searches go on while it writes; adds and removes wait for it (and searches that arrive
    // after a waiting add queue behind that add).
    Status save(const std::filesystem::path &file, uint64_t generation) const;

    struct Impl;

private:
    explicit VectorIndex(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

// Exact top-k by brute force (the recall reference for tests and the benchmark).
std::vector<Neighbor> exactSearch(std::span<const float> query, std::span<const float> vectors, int dimension,
                                  std::span<const int64_t> labels, size_t k);

} // namespace cortex::index
