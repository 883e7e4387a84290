#include "index/vector_index.h"

#include "index/file_io.h"
#include "index/index_file_format.h"
#include "index/rw_lock.h"
#include "index/top_k.h"
#include "index/xxhash64.h"

// hnswlib defines ordinary (not inline) functions in its headers (cpuid, AVXCapable, ...), so only one
// translation unit of a program may include it: this one. Everything that touches the graph is here.
#include <hnswlib/hnswlib.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <mutex>
#include <shared_mutex>
#include <thread>
#include <unordered_map>

namespace cortex::index {

namespace {

using Hnsw = hnswlib::HierarchicalNSW<float>;
using hnswlib::labeltype;
using hnswlib::tableint;

static_assert(sizeof(labeltype) == sizeof(int64_t), "labels are item ids stored in hnswlib's 64-bit labels");

constexpr size_t kMinCapacity = 16;
constexpr int kMaxDimension = 1 << 16;
// hnswlib stores a level-0 neighbour count (2 * M) in 16 bits.
constexpr int kMaxM = 4096;
// Internal ids are 32-bit and hnswlib uses the largest one as "no entry point".
constexpr size_t kMaxCapacity = std::numeric_limits<tableint>::max() - 1;
// A filtered search first asks hnswlib for this many times k candidates (at least efSearch).
constexpr size_t kOverFetch = 4;
// The cost of one call of a search filter, in distance computations, for choosing between a wider
// beam and a scan (a distance at the dimensions Cortex uses costs far more than a hash lookup).
constexpr double kFilterCallCost = 1.0 / 16;
// Below this many new rows per thread, starting threads costs more than it saves.
constexpr size_t kMinRowsPerThread = 64;

Status validateParams(const IndexParams &p)
{
    auto invalid = [](const std::string &what) {
        return makeError("invalid vector index parameters: " + what);
    };
    if (p.dimension < 1 || p.dimension > kMaxDimension)
        return invalid("the dimension must be between 1 and " + std::to_string(kMaxDimension) + " (it is " +
                       std::to_string(p.dimension) + ")");
    if (p.m < 2 || p.m > kMaxM)
        return invalid("M must be between 2 and " + std::to_string(kMaxM) + " (it is " + std::to_string(p.m) +
                       ")");
    if (p.efConstruction < 1)
        return invalid("efConstruction must be positive (it is " + std::to_string(p.efConstruction) + ")");
    if (p.efSearch < 1)
        return invalid("efSearch must be positive (it is " + std::to_string(p.efSearch) + ")");
    return {};
}

bool allFinite(std::span<const float> values)
{
    return std::all_of(values.begin(), values.end(), [](float v) { return std::isfinite(v); });
}

Status checkVector(int64_t label, std::span<const float> vector, int dimension)
{
    if (vector.size() != size_t(dimension))
        return makeError("cannot add item " + std::to_string(label) +
                         " to the vector index: its vector has " + std::to_string(vector.size()) +
                         " values, the index holds " + std::to_string(dimension));
    if (!allFinite(vector))
        return makeError("cannot add item " + std::to_string(label) +
                         " to the vector index: its vector contains NaN or infinity");
    return {};
}

// hnswlib's distance for the inner-product space is 1 - dot.
float similarityOf(float distance)
{
    return 1.0f - distance;
}

// The payload as it is written: hashed and counted on the way to the file.
struct PayloadWriter {
    explicit PayloadWriter(detail::AtomicFileWriter &f) : file(f) {}

    detail::AtomicFileWriter &file;
    detail::Xxh64 hash;
    uint64_t size = 0;

    Status write(const void *data, size_t n)
    {
        hash.update(data, n);
        size += n;
        return file.write(data, n);
    }
    template <typename T> Status pod(const T &value) { return write(&value, sizeof value); }
};

// The payload as it is read: never past its end, hashed on the way in.
struct PayloadReader {
    PayloadReader(detail::FileReader &f, const std::string &n, uint64_t size) : file(f), name(n), limit(size)
    {
    }

    detail::FileReader &file;
    const std::string &name;
    uint64_t limit;
    detail::Xxh64 hash;
    uint64_t consumed = 0;
    bool ioFailed = false; // the operating system failed, not the content

    uint64_t remaining() const { return limit - consumed; }

    Status read(void *data, size_t n)
    {
        if (n > remaining())
            return makeError(name + " is corrupt (the graph runs past the end of the file)");
        if (Status st = file.read(data, n); !st) {
            ioFailed = true;
            return st;
        }
        hash.update(data, n);
        consumed += n;
        return {};
    }
    template <typename T> Status pod(T &value) { return read(&value, sizeof value); }

    // Hashes whatever is left, so a damaged file is reported as a checksum mismatch rather than by
    // whichever structural check happened to trip first.
    Status drain()
    {
        std::vector<unsigned char> chunk(size_t(1) << 20);
        while (remaining() > 0)
            if (Status st = read(chunk.data(), size_t(std::min<uint64_t>(remaining(), chunk.size()))); !st)
                return st;
        return {};
    }
};

// hnswlib's serialised parameters, the first bytes of its file.
struct GraphPrefix {
    size_t offsetLevel0 = 0, maxElements = 0, count = 0, sizePerElement = 0, labelOffset = 0, offsetData = 0;
    int maxLevel = 0;
    tableint entryPoint = 0;
    size_t maxM = 0, maxM0 = 0, m = 0;
    double mult = 0;
    size_t efConstruction = 0;

    // In the order HierarchicalNSW::saveIndex writes them.
    template <typename Self, typename F> static void forEachField(Self &p, F &&f)
    {
        f(p.offsetLevel0);
        f(p.maxElements);
        f(p.count);
        f(p.sizePerElement);
        f(p.labelOffset);
        f(p.offsetData);
        f(p.maxLevel);
        f(p.entryPoint);
        f(p.maxM);
        f(p.maxM0);
        f(p.m);
        f(p.mult);
        f(p.efConstruction);
    }
    static constexpr size_t kSize = 6 * sizeof(size_t) + sizeof(int) + sizeof(tableint) + 3 * sizeof(size_t) +
                                    sizeof(double) + sizeof(size_t);

    std::array<unsigned char, kSize> encode() const
    {
        std::array<unsigned char, kSize> out{};
        size_t at = 0;
        forEachField(*this, [&](const auto &field) {
            std::memcpy(out.data() + at, &field, sizeof field);
            at += sizeof field;
        });
        return out;
    }
    static GraphPrefix decode(const std::array<unsigned char, kSize> &in)
    {
        GraphPrefix p;
        size_t at = 0;
        forEachField(p, [&](auto &field) {
            std::memcpy(&field, in.data() + at, sizeof field);
            at += sizeof field;
        });
        return p;
    }
};

} // namespace

struct VectorIndex::Impl {
    explicit Impl(const IndexParams &p) : params(p), space(size_t(p.dimension)) {}

    IndexParams params;               // immutable after construction: read without the lock
    hnswlib::InnerProductSpace space; // hnsw points into it, so it is declared (and outlives) first
    std::unique_ptr<Hnsw> hnsw;
    mutable detail::RwLock lock;  // shared: searches, save; exclusive: add, remove
    mutable std::mutex saveMutex; // one save at a time: saves share the .tmp name

    size_t liveCount() const { return hnsw->cur_element_count - hnsw->num_deleted_; }

    // Makes room for `needed` elements by doubling; under the write lock.
    void reserve(size_t needed)
    {
        Hnsw &h = *hnsw;
        if (needed <= h.max_elements_)
            return;
        if (needed > kMaxCapacity)
            throw std::length_error("the index cannot hold more than " + std::to_string(kMaxCapacity) +
                                    " vectors");
        size_t capacity = std::max(h.max_elements_, kMinCapacity);
        while (capacity < needed)
            capacity = std::min(capacity * 2, kMaxCapacity);
        h.resizeIndex(capacity);
    }

    // Under the write lock. hnswlib's addPoint replaces the vector of a label it already has (and
    // clears its deleted mark) in place, repairing the neighbours' links, so replacing never leaves a
    // stale copy behind.
    void insertOrReplace(int64_t label, const float *vector)
    {
        const auto key = static_cast<labeltype>(label);
        if (hnsw->label_lookup_.find(key) != hnsw->label_lookup_.end()) {
            hnsw->addPoint(vector, key);
            return;
        }
        reserve(hnsw->cur_element_count + 1);
        insertNew(key, vector);
    }

    // hnswlib 0.6's addPoint descends greedily through the levels above the new element's, then on
    // each of its levels links it to the live elements that a search from where the descent stopped
    // finds. If the descent stops on a deleted element (not the entry point, which hnswlib adds
    // itself) from which no live element is reachable on that level, the search finds nothing and
    // hnswlib reads before the start of an empty vector (mutuallyConnectNewElement). Removals leave
    // deleted elements in the graph, and a crafted index file can arrange exactly that. So while
    // deleted elements exist, every deleted element where the descent could stop (one per level, the
    // new element's level is drawn inside addPoint) counts as live for this one insertion: the search
    // then always finds at least its start. Under the write lock, so no reader sees the marks lifted.
    void insertNew(labeltype key, const float *vector)
    {
        Hnsw &h = *hnsw;
        const std::vector<tableint> lifted =
            h.num_deleted_ > 0 ? deletedDescentStops(vector) : std::vector<tableint>{};
        for (tableint id : lifted)
            h.unmarkDeletedInternal(id);
        auto restore = [&] {
            for (tableint id : lifted)
                h.markDeletedInternal(id);
        };
        try {
            h.addPoint(vector, key);
        } catch (...) {
            restore();
            throw;
        }
        restore();
    }

    // The deleted elements other than the entry point at which addPoint's greedy descent (the same
    // walk, with the same distances) stops on levels maxlevel..1, without duplicates.
    std::vector<tableint> deletedDescentStops(const float *vector) const
    {
        const Hnsw &h = *hnsw;
        std::vector<tableint> stops;
        if (h.cur_element_count == 0)
            return stops;
        tableint current = h.enterpoint_node_;
        float distance = h.fstdistfunc_(vector, h.getDataByInternalId(current), h.dist_func_param_);
        for (int level = h.maxlevel_; level > 0; --level) {
            for (bool moved = true; moved;) {
                moved = false;
                hnswlib::linklistsizeint *list = h.get_linklist(current, level);
                const auto *neighbours = reinterpret_cast<const tableint *>(list + 1);
                for (size_t i = 0, n = h.getListCount(list); i < n; ++i) {
                    const float d =
                        h.fstdistfunc_(vector, h.getDataByInternalId(neighbours[i]), h.dist_func_param_);
                    if (d < distance) {
                        distance = d;
                        current = neighbours[i];
                        moved = true;
                    }
                }
            }
            if (current != h.enterpoint_node_ && h.isMarkedDeleted(current) &&
                std::find(stops.begin(), stops.end(), current) == stops.end())
                stops.push_back(current);
        }
        return stops;
    }

    // hnswlib's search with the beam max(ef_, n) = n (ef_ is kept at 1, so no search ever writes it);
    // an exception (only a damaged graph throws) gives no candidates, and the callers then scan.
    std::priority_queue<std::pair<float, labeltype>> knn(const float *query, size_t n) const
    {
        try {
            return hnsw->searchKnn(query, n);
        } catch (const std::exception &) {
            return {};
        }
    }

    // Exact: every live vector that `accept` admits.
    std::vector<Neighbor> scan(const float *query, size_t k, const std::function<bool(int64_t)> &accept) const
    {
        const Hnsw &h = *hnsw;
        detail::TopK top(k);
        for (tableint id = 0; id < h.cur_element_count; ++id) {
            if (h.isMarkedDeleted(id))
                continue;
            const auto label = static_cast<int64_t>(h.getExternalLabel(id));
            if (accept && !accept(label))
                continue;
            top.push(label,
                     similarityOf(h.fstdistfunc_(query, h.getDataByInternalId(id), h.dist_func_param_)));
        }
        return top.take();
    }

    // Under the read lock.
    std::vector<Neighbor> search(const float *query, size_t k, const std::function<bool(int64_t)> &accept,
                                 size_t ef) const
    {
        const size_t live = liveCount();
        if (live == 0 || k == 0)
            return {};
        k = std::min(k, live);
        if (!accept) {
            auto found = knn(query, std::max(k, ef));
            // Fewer than asked although more exist: part of the graph was unreachable.
            if (found.size() < std::min(k, live))
                return scan(query, k, accept);
            detail::TopK top(k);
            for (; !found.empty(); found.pop())
                top.push(static_cast<int64_t>(found.top().second), similarityOf(found.top().first));
            return top.take();
        }
        // hnswlib 0.6 has no filter hook: over-fetch and filter afterwards, widening the beam until a
        // beam's worth of candidates pass (max(k, ef), as many as an unfiltered search ranks; k alone
        // would make a filtered search less thorough) or a scan is cheaper.
        const size_t wanted = std::min(std::max(k, ef), live);
        size_t fetch = std::max(k * kOverFetch, ef);
        double admittedShare = 1.0; // of the live vectors, as far as the candidates tell
        for (;;) {
            // In distance computations: a beam of `fetch` expands about that many nodes with up to
            // 2M neighbours each, most already visited; a scan computes one per admitted vector
            // and calls the filter for every live one. The scan is exact.
            const double beamCost = double(fetch) * double(hnsw->M_);
            const double scanCost = double(live) * (admittedShare + kFilterCallCost);
            if (beamCost >= scanCost)
                return scan(query, k, accept);
            auto found = knn(query, fetch);
            const size_t seen = found.size();
            size_t accepted = 0;
            detail::TopK top(k);
            for (; !found.empty(); found.pop()) {
                const auto label = static_cast<int64_t>(found.top().second);
                if (accept(label)) {
                    ++accepted;
                    top.push(label, similarityOf(found.top().first));
                }
            }
            if (accepted >= wanted || seen >= live)
                return top.take();
            if (seen < fetch) // the graph did not reach every live vector
                return scan(query, k, accept);
            // The share of candidates that passed says how wide the beam must be (with a margin); at
            // least double it.
            admittedShare = double(std::max<size_t>(accepted, 1)) / double(seen);
            const double needed = 1.25 * double(wanted) / admittedShare;
            fetch = std::max(fetch * 2, size_t(std::min(needed, double(live))));
        }
    }

    // hnswlib 0.6's own serialisation (HierarchicalNSW::saveIndex), written here so that it can be
    // hashed on its way into our file instead of going through a second temporary file.
    Status writePayload(PayloadWriter &out) const
    {
        const Hnsw &h = *hnsw;
        GraphPrefix g;
        g.offsetLevel0 = h.offsetLevel0_;
        g.maxElements = h.max_elements_;
        g.count = h.cur_element_count;
        g.sizePerElement = h.size_data_per_element_;
        g.labelOffset = h.label_offset_;
        g.offsetData = h.offsetData_;
        g.maxLevel = h.maxlevel_;
        g.entryPoint = h.enterpoint_node_;
        g.maxM = h.maxM_;
        g.maxM0 = h.maxM0_;
        g.m = h.M_;
        g.mult = h.mult_;
        g.efConstruction = h.ef_construction_;
        const auto prefix = g.encode();
        if (Status st = out.write(prefix.data(), prefix.size()); !st)
            return st;
        if (Status st = out.write(h.data_level0_memory_, h.cur_element_count * h.size_data_per_element_); !st)
            return st;
        for (size_t i = 0; i < h.cur_element_count; ++i) {
            const unsigned size = h.element_levels_[i] > 0
                                      ? unsigned(h.size_links_per_element_ * size_t(h.element_levels_[i]))
                                      : 0;
            if (Status st = out.pod(size); !st)
                return st;
            if (size > 0)
                if (Status st = out.write(h.linkLists_[i], size); !st)
                    return st;
        }
        return {};
    }

    // Reads the graph into a fresh hnsw built with the header's parameters. Only bounds are checked
    // here (nothing is allocated beyond what the file holds); the links are checked once the checksum
    // has been verified (validateGraph).
    Status readPayload(PayloadReader &in, const detail::FileHeader &header)
    {
        const std::string &name = in.name;
        auto corrupt = [&](const std::string &why) {
            return makeError(name + " is corrupt (" + why + ")");
        };

        std::array<unsigned char, GraphPrefix::kSize> prefix{};
        if (Status st = in.read(prefix.data(), prefix.size()); !st)
            return st;
        const GraphPrefix g = GraphPrefix::decode(prefix);

        // Everything about the layout follows from the dimension and M; a file that disagrees was not
        // written by this code for this header.
        const size_t m = size_t(params.m);
        const size_t linksLevel0 = 2 * m * sizeof(tableint) + sizeof(hnswlib::linklistsizeint);
        const size_t dataSize = size_t(params.dimension) * sizeof(float);
        if (g.offsetLevel0 != 0 || g.m != m || g.maxM != m || g.maxM0 != 2 * m ||
            g.offsetData != linksLevel0 || g.labelOffset != linksLevel0 + dataSize ||
            g.sizePerElement != linksLevel0 + dataSize + sizeof(labeltype) ||
            g.efConstruction != std::max(size_t(params.efConstruction), m))
            return corrupt("the graph's layout does not match its header");
        if (g.count != header.elementCount)
            return corrupt("the graph holds " + std::to_string(g.count) + " vectors, its header says " +
                           std::to_string(header.elementCount));
        if (g.count > kMaxCapacity || g.count > in.remaining() / g.sizePerElement)
            return corrupt("the graph runs past the end of the file");
        if (g.count > 0 && (g.maxLevel < 0 || g.entryPoint >= g.count))
            return corrupt("the graph has no valid entry point");

        // Keep the saved spare capacity (the next add should not reallocate), within reason.
        const size_t capacity =
            std::max({g.count, kMinCapacity, std::min(g.maxElements, std::max(2 * g.count, size_t(1024)))});
        try {
            hnsw = std::make_unique<Hnsw>(&space, capacity, m, size_t(params.efConstruction));
        } catch (const std::exception &e) {
            return makeError("cannot load " + name + ": " + e.what());
        }
        Hnsw &h = *hnsw;
        h.setEf(1);
        if (Status st = in.read(h.data_level0_memory_, g.count * g.sizePerElement); !st)
            return st;
        // The destructor frees the upper-level lists of the first cur_element_count elements whose
        // level is above 0; levels stay 0 until a list is allocated, so any early return is safe.
        h.cur_element_count = g.count;
        const size_t linksPerLevel = h.size_links_per_element_;
        for (size_t i = 0; i < g.count; ++i) {
            h.linkLists_[i] = nullptr;
            unsigned size = 0;
            if (Status st = in.pod(size); !st)
                return st;
            if (size == 0)
                continue;
            if (size % linksPerLevel != 0 || size / linksPerLevel > size_t(g.maxLevel))
                return corrupt("element " + std::to_string(i) + " has a malformed link list");
            if (size > in.remaining())
                return corrupt("the graph runs past the end of the file");
            // Slack after the list, as addPoint allocates it: hnswlib's SSE prefetch reads the id one
            // past the last neighbour of a full list.
            auto *links = static_cast<char *>(std::calloc(1, size + sizeof(tableint)));
            if (links == nullptr)
                return makeError("cannot load " + name + ": not enough memory");
            h.linkLists_[i] = links;
            h.element_levels_[i] = int(size / linksPerLevel);
            if (Status st = in.read(links, size); !st)
                return st;
        }
        if (g.count > 0) {
            h.maxlevel_ = g.maxLevel;
            h.enterpoint_node_ = g.entryPoint;
        }
        return {};
    }

    // Every link points at an element that has that level, so a search can never step outside the
    // graph; labels are unique; the live count matches the header. Fills label_lookup_ and
    // num_deleted_ (hnswlib 0.6's own loadIndex leaves num_deleted_ uninitialised).
    Status validateGraph(const detail::FileHeader &header, const std::string &name)
    {
        Hnsw &h = *hnsw;
        auto corrupt = [&](const std::string &why) {
            return makeError(name + " is corrupt (" + why + ")");
        };
        const size_t count = h.cur_element_count;
        if (count > 0 && h.element_levels_[h.enterpoint_node_] != h.maxlevel_)
            return corrupt("the entry point is not on the top level");

        h.label_lookup_.reserve(count);
        size_t deleted = 0;
        for (tableint id = 0; id < count; ++id) {
            for (int level = 0; level <= h.element_levels_[id]; ++level) {
                hnswlib::linklistsizeint *list = h.get_linklist_at_level(id, level);
                const size_t size = h.getListCount(list);
                if (size > (level == 0 ? h.maxM0_ : h.maxM_))
                    return corrupt("element " + std::to_string(id) + " has too many links");
                const auto *neighbours = reinterpret_cast<const tableint *>(list + 1);
                for (size_t j = 0; j < size; ++j)
                    if (neighbours[j] >= count || h.element_levels_[neighbours[j]] < level)
                        return corrupt("element " + std::to_string(id) + " links to a missing element");
            }
            if (!h.label_lookup_.emplace(h.getExternalLabel(id), id).second)
                return corrupt("item " + std::to_string(static_cast<int64_t>(h.getExternalLabel(id))) +
                               " appears twice");
            if (h.isMarkedDeleted(id))
                ++deleted;
        }
        h.num_deleted_ = deleted;
        if (count - deleted != header.liveCount)
            return corrupt("the graph holds " + std::to_string(count - deleted) +
                           " live vectors, its header says " + std::to_string(header.liveCount));
        return {};
    }
};

VectorIndex::VectorIndex(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

VectorIndex::~VectorIndex() = default;

Result<std::unique_ptr<VectorIndex>> VectorIndex::create(const IndexParams &params, size_t initialCapacity)
{
    if (Status st = validateParams(params); !st)
        return st.error();
    auto impl = std::make_unique<Impl>(params);
    const size_t capacity = std::clamp(initialCapacity, kMinCapacity, kMaxCapacity);
    try {
        impl->hnsw =
            std::make_unique<Hnsw>(&impl->space, capacity, size_t(params.m), size_t(params.efConstruction));
    } catch (const std::exception &e) {
        return makeError("cannot create a vector index for " + std::to_string(capacity) +
                         " vectors: " + e.what());
    }
    impl->hnsw->setEf(1); // see Impl::knn
    return std::unique_ptr<VectorIndex>(new VectorIndex(std::move(impl)));
}

Result<std::unique_ptr<VectorIndex>> VectorIndex::load(const std::filesystem::path &file,
                                                       const IndexParams &params)
{
    const std::string name = file.string();
    detail::FileReader reader;
    if (Status st = reader.open(file); !st)
        return st.error();
    auto header = detail::readHeader(reader, file);
    if (!header)
        return header.error();
    if (Status st = validateParams(params); !st)
        return st.error();
    if (int64_t(header->dimension) != params.dimension)
        return makeError(name + " holds vectors of dimension " + std::to_string(header->dimension) +
                         ", but dimension " + std::to_string(params.dimension) + " was expected");

    IndexParams actual = params;
    actual.m = int(std::min<uint32_t>(header->m, uint32_t(std::numeric_limits<int>::max())));
    actual.efConstruction =
        int(std::min<uint32_t>(header->efConstruction, uint32_t(std::numeric_limits<int>::max())));
    if (Status st = validateParams(actual); !st)
        return makeError(name + " is not usable: " + st.error().message);

    auto impl = std::make_unique<Impl>(actual);
    PayloadReader in(reader, name, header->payloadSize);
    const Status parsed = impl->readPayload(in, *header);
    if (in.ioFailed)
        return parsed.error();
    if (Status st = in.drain(); !st)
        return st.error();
    if (in.hash.digest() != header->payloadChecksum)
        return makeError(name + " is corrupt (checksum mismatch)");
    if (!parsed)
        return parsed.error();
    if (Status st = impl->validateGraph(*header, name); !st)
        return st.error();
    return std::unique_ptr<VectorIndex>(new VectorIndex(std::move(impl)));
}

Result<IndexFileInfo> VectorIndex::peek(const std::filesystem::path &file)
{
    detail::FileReader reader;
    if (Status st = reader.open(file); !st)
        return st.error();
    auto header = detail::readHeader(reader, file);
    if (!header)
        return header.error();
    return IndexFileInfo{int(header->dimension), header->liveCount, header->generation};
}

Status VectorIndex::add(int64_t label, std::span<const float> vector)
{
    if (Status st = checkVector(label, vector, impl_->params.dimension); !st)
        return st;
    std::unique_lock guard(impl_->lock);
    try {
        impl_->insertOrReplace(label, vector.data());
    } catch (const std::exception &e) {
        return makeError("cannot add item " + std::to_string(label) + " to the vector index: " + e.what());
    }
    return {};
}

Status VectorIndex::addBatch(std::span<const int64_t> labels, std::span<const float> vectors,
                             unsigned threads)
{
    const size_t dim = size_t(impl_->params.dimension);
    const size_t rows = labels.size();
    if (vectors.size() != rows * dim)
        return makeError("cannot add " + std::to_string(rows) + " vectors to the vector index: they hold " +
                         std::to_string(vectors.size()) + " values, " + std::to_string(rows * dim) +
                         " were expected (dimension " + std::to_string(dim) + ")");
    auto row = [&](size_t i) {
        return vectors.subspan(i * dim, dim);
    };
    for (size_t i = 0; i < rows; ++i)
        if (Status st = checkVector(labels[i], row(i), int(dim)); !st)
            return st;

    // The last row of a repeated label wins, as if add() were called row by row.
    std::unordered_map<int64_t, size_t> lastRow;
    lastRow.reserve(rows);
    for (size_t i = 0; i < rows; ++i)
        lastRow[labels[i]] = i;

    std::unique_lock guard(impl_->lock);
    Hnsw &h = *impl_->hnsw;
    std::vector<size_t> fresh;
    fresh.reserve(lastRow.size());
    try {
        for (size_t i = 0; i < rows; ++i) {
            if (lastRow[labels[i]] != i)
                continue;
            if (h.label_lookup_.count(static_cast<labeltype>(labels[i])) != 0)
                impl_->insertOrReplace(labels[i], row(i).data());
            else
                fresh.push_back(i);
        }
        // No resize may happen while threads insert.
        impl_->reserve(h.cur_element_count + fresh.size());
    } catch (const std::exception &e) {
        return makeError("cannot add " + std::to_string(rows) + " vectors to the vector index: " + e.what());
    }

    // hnswlib's addPoint may run concurrently for distinct new labels when no resize happens: its
    // per-element and global locks keep the graph consistent (this is how its Python add_items builds
    // in parallel). It reads two things without a lock, both harmless: its level generator (a racing
    // draw can repeat a level) and the entry point (a stale one is only a worse starting point).
    std::atomic<size_t> next{0};
    std::atomic<bool> failed{false};
    std::mutex errorMutex;
    std::string error;
    auto work = [&] {
        while (!failed.load()) {
            const size_t j = next.fetch_add(1);
            if (j >= fresh.size())
                return;
            const size_t i = fresh[j];
            try {
                impl_->insertNew(static_cast<labeltype>(labels[i]), row(i).data());
            } catch (const std::exception &e) {
                std::lock_guard lock(errorMutex);
                if (!failed.exchange(true))
                    error =
                        "cannot add item " + std::to_string(labels[i]) + " to the vector index: " + e.what();
            }
        }
    };
    const size_t wanted = threads != 0 ? threads : std::max(1u, std::thread::hardware_concurrency());
    // insertNew lifts deleted marks for the length of one insertion, which no other thread may see.
    const size_t useful = h.num_deleted_ > 0 ? 1 : std::min(wanted, fresh.size() / kMinRowsPerThread + 1);
    std::vector<std::thread> helpers;
    for (size_t t = 1; t < useful; ++t) {
        try {
            helpers.emplace_back(work);
        } catch (const std::system_error &) {
            break; // fewer threads than asked: the work still gets done
        }
    }
    work();
    for (std::thread &t : helpers)
        t.join();
    if (failed)
        return makeError(error);
    return {};
}

void VectorIndex::remove(int64_t label)
{
    std::unique_lock guard(impl_->lock);
    Hnsw &h = *impl_->hnsw;
    auto it = h.label_lookup_.find(static_cast<labeltype>(label));
    if (it == h.label_lookup_.end() || h.isMarkedDeleted(it->second))
        return;
    // hnswlib marks the element and keeps it in the graph as a waypoint; add() of the same label
    // later reuses its slot.
    h.markDeletedInternal(it->second);
}

bool VectorIndex::contains(int64_t label) const
{
    std::shared_lock guard(impl_->lock);
    const Hnsw &h = *impl_->hnsw;
    auto it = h.label_lookup_.find(static_cast<labeltype>(label));
    return it != h.label_lookup_.end() && !h.isMarkedDeleted(it->second);
}

std::vector<Neighbor> VectorIndex::search(std::span<const float> query, size_t k,
                                          const std::function<bool(int64_t)> &accept) const
{
    return search(query, k, accept, impl_->params.efSearch);
}

std::vector<Neighbor> VectorIndex::search(std::span<const float> query, size_t k,
                                          const std::function<bool(int64_t)> &accept, int efSearch) const
{
    if (query.size() != size_t(impl_->params.dimension) || !allFinite(query))
        return {};
    std::shared_lock guard(impl_->lock);
    return impl_->search(query.data(), k, accept, size_t(std::max(efSearch, 1)));
}

size_t VectorIndex::size() const
{
    std::shared_lock guard(impl_->lock);
    return impl_->liveCount();
}

int VectorIndex::dimension() const
{
    return impl_->params.dimension;
}

const IndexParams &VectorIndex::params() const
{
    return impl_->params;
}

Status VectorIndex::save(const std::filesystem::path &file, uint64_t generation) const
{
    std::lock_guard saveGuard(impl_->saveMutex);
    // Writing only reads the graph, so searches may go on.
    std::shared_lock guard(impl_->lock);
    const Hnsw &h = *impl_->hnsw;

    detail::AtomicFileWriter writer(file);
    if (Status st = writer.open(); !st)
        return st;
    // The header goes last (it holds the payload's size and checksum): reserve its place.
    const std::array<unsigned char, detail::kHeaderSize> reservedHeader{};
    if (Status st = writer.write(reservedHeader.data(), reservedHeader.size()); !st)
        return st;
    PayloadWriter payload(writer);
    if (Status st = impl_->writePayload(payload); !st)
        return st;

    detail::FileHeader header;
    header.dimension = uint32_t(impl_->params.dimension);
    header.m = uint32_t(impl_->params.m);
    header.efConstruction = uint32_t(impl_->params.efConstruction);
    header.elementCount = h.cur_element_count;
    header.liveCount = impl_->liveCount();
    header.generation = generation;
    header.payloadSize = payload.size;
    header.payloadChecksum = payload.hash.digest();
    const auto bytes = detail::encodeHeader(header);
    if (Status st = writer.writeAt(0, bytes.data(), bytes.size()); !st)
        return st;
    return writer.commit();
}

} // namespace cortex::index
