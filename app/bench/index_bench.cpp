// cortex-bench-index: builds a VectorIndex over synthetic embeddings and reports build speed, memory,
// file size, save/load time, search latency and recall@10 against exact search.
//
// The data imitate embeddings: unit vectors around random cluster centres (topics) rather than
// uniform noise, on which nearest-neighbour search is both unrealistically hard and meaningless.
// Everything is deterministic for a given --seed (the generator is ours, not the standard library's,
// whose distributions differ between implementations).

#include "index/vector_index.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <thread>
#include <unistd.h>
#include <vector>

using namespace cortex::index;
namespace fs = std::filesystem;

namespace {

struct Options {
    size_t count = 100000;
    int dim = 2048;
    size_t queries = 1000;
    int m = 16;
    int efConstruction = 200;
    int efSearch = 64;
    unsigned threads = std::max(1u, std::thread::hardware_concurrency());
    std::vector<int> sweep;
    size_t clusters = 1000;
    double noise = 1.0; // norm of the noise added to a unit centre before normalising
    uint64_t seed = 1;
    std::string file; // where to save; a temporary file when empty
};

constexpr size_t kRecallK = 10;

void usage()
{
    std::fprintf(
        stderr,
        "usage: cortex-bench-index [--count 100000] [--dim 2048] [--queries 1000] [--m 16]\n"
        "                          [--ef-construction 200] [--ef-search 64] [--threads N]\n"
        "                          [--ef-search-sweep 32,64,128,256] [--clusters 1000] [--noise 1.0]\n"
        "                          [--seed 1] [--file PATH]\n");
}

bool parse(int argc, char **argv, Options &o)
{
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--help" || arg == "-h")
            return false;
        if (i + 1 >= argc) {
            std::fprintf(stderr, "cortex-bench-index: %s needs a value\n", arg.c_str());
            return false;
        }
        const std::string value = argv[++i];
        char *end = nullptr;
        const double number = std::strtod(value.c_str(), &end);
        const bool numeric = end != value.c_str() && *end == '\0' && number >= 0;
        if (arg == "--file") {
            o.file = value;
        } else if (arg == "--ef-search-sweep") {
            for (size_t at = 0; at <= value.size();) {
                const size_t comma = std::min(value.find(',', at), value.size());
                const int ef = std::atoi(value.substr(at, comma - at).c_str());
                if (ef <= 0) {
                    std::fprintf(stderr, "cortex-bench-index: bad --ef-search-sweep list \"%s\"\n",
                                 value.c_str());
                    return false;
                }
                o.sweep.push_back(ef);
                at = comma + 1;
            }
        } else if (!numeric) {
            std::fprintf(stderr, "cortex-bench-index: %s needs a non-negative number, not \"%s\"\n",
                         arg.c_str(), value.c_str());
            return false;
        } else if (arg == "--count") {
            o.count = size_t(number);
        } else if (arg == "--dim") {
            o.dim = int(number);
        } else if (arg == "--queries") {
            o.queries = size_t(number);
        } else if (arg == "--m") {
            o.m = int(number);
        } else if (arg == "--ef-construction") {
            o.efConstruction = int(number);
        } else if (arg == "--ef-search") {
            o.efSearch = int(number);
        } else if (arg == "--threads") {
            o.threads = std::max(1u, unsigned(number));
        } else if (arg == "--clusters") {
            o.clusters = std::max<size_t>(1, size_t(number));
        } else if (arg == "--noise") {
            o.noise = number;
        } else if (arg == "--seed") {
            o.seed = uint64_t(number);
        } else {
            std::fprintf(stderr, "cortex-bench-index: unknown option %s\n", arg.c_str());
            return false;
        }
    }
    if (o.count == 0 || o.dim <= 0 || o.queries == 0) {
        std::fprintf(stderr, "cortex-bench-index: --count, --dim and --queries must be positive\n");
        return false;
    }
    return true;
}

// splitmix64: small, fast, and the same on every platform.
class Rng {
public:
    explicit Rng(uint64_t seed) : state_(seed) {}
    uint64_t next()
    {
        uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }
    double uniform() { return double(next() >> 11) * 0x1.0p-53; } // [0, 1)
    float normal()                                                // Box-Muller, both halves used
    {
        if (hasSpare_) {
            hasSpare_ = false;
            return spare_;
        }
        const double u = 1.0 - uniform(), v = uniform();
        const double r = std::sqrt(-2.0 * std::log(u));
        spare_ = float(r * std::sin(2 * M_PI * v));
        hasSpare_ = true;
        return float(r * std::cos(2 * M_PI * v));
    }

private:
    uint64_t state_;
    float spare_ = 0;
    bool hasSpare_ = false;
};

void normalise(float *v, int dim)
{
    double norm = 0;
    for (int j = 0; j < dim; ++j)
        norm += double(v[j]) * v[j];
    const float scale = norm > 0 ? float(1.0 / std::sqrt(norm)) : 0.0f;
    for (int j = 0; j < dim; ++j)
        v[j] *= scale;
}

// Runs body(i) for i in [0, n) on `threads` threads, in contiguous slices.
template <typename F> void parallelFor(size_t n, unsigned threads, F &&body)
{
    std::vector<std::thread> pool;
    const size_t slice = (n + threads - 1) / threads;
    for (unsigned t = 0; t < threads; ++t) {
        const size_t begin = t * slice, end = std::min(n, begin + slice);
        if (begin < end)
            pool.emplace_back([&, begin, end] {
                for (size_t i = begin; i < end; ++i)
                    body(i);
            });
    }
    for (std::thread &t : pool)
        t.join();
}

// Unit cluster centres, then `count` unit vectors: a random centre plus Gaussian noise of norm ~`noise`.
// `stream` separates the data from the queries.
std::vector<float> clusteredVectors(const Options &o, const std::vector<float> &centres, size_t count,
                                    uint64_t stream)
{
    std::vector<float> out(count * size_t(o.dim));
    const float sigma = float(o.noise / std::sqrt(double(o.dim)));
    parallelFor(count, o.threads, [&](size_t i) {
        Rng rng(o.seed * 0x100000001B3ULL + stream * 0x9E3779B97F4A7C15ULL + i);
        const float *centre = centres.data() + (rng.next() % o.clusters) * size_t(o.dim);
        float *v = out.data() + i * size_t(o.dim);
        for (int j = 0; j < o.dim; ++j)
            v[j] = centre[j] + sigma * rng.normal();
        normalise(v, o.dim);
    });
    return out;
}

std::vector<float> clusterCentres(const Options &o)
{
    std::vector<float> centres(o.clusters * size_t(o.dim));
    parallelFor(o.clusters, o.threads, [&](size_t c) {
        Rng rng(o.seed * 0x100000001B3ULL + 0xC3A5C85C97CB3127ULL + c);
        float *v = centres.data() + c * size_t(o.dim);
        for (int j = 0; j < o.dim; ++j)
            v[j] = rng.normal();
        normalise(v, o.dim);
    });
    return centres;
}

// Exact top-k for every query with exactSearch, over blocks of vectors small enough to stay in cache
// while each thread's queries pass over them (per query, the whole set would be read from memory
// once per query).
std::vector<std::vector<Neighbor>> groundTruth(const Options &o, const std::vector<float> &vectors,
                                               const std::vector<int64_t> &labels,
                                               const std::vector<float> &queries)
{
    const size_t dim = size_t(o.dim);
    const size_t block = std::max<size_t>(16, (size_t(2) << 20) / (dim * sizeof(float)));
    std::vector<std::vector<Neighbor>> truth(o.queries);
    const size_t slice = (o.queries + o.threads - 1) / o.threads;
    parallelFor(o.threads, o.threads, [&](size_t t) {
        const size_t begin = t * slice, end = std::min(o.queries, begin + slice);
        for (size_t b = 0; b < labels.size(); b += block) {
            const size_t n = std::min(block, labels.size() - b);
            const std::span<const float> blockVectors(vectors.data() + b * dim, n * dim);
            const std::span<const int64_t> blockLabels(labels.data() + b, n);
            for (size_t q = begin; q < end; ++q) {
                auto found = exactSearch(std::span<const float>(queries.data() + q * dim, dim), blockVectors,
                                         o.dim, blockLabels, kRecallK);
                std::vector<Neighbor> &best = truth[q];
                best.insert(best.end(), found.begin(), found.end());
                std::sort(best.begin(), best.end(), [](const Neighbor &x, const Neighbor &y) {
                    return x.similarity > y.similarity || (x.similarity == y.similarity && x.label < y.label);
                });
                best.resize(std::min(best.size(), kRecallK));
            }
        }
    });
    return truth;
}

double seconds(std::chrono::steady_clock::time_point since)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

// A field of /proc/self/status in bytes (VmRSS: current, VmHWM: peak resident set).
double procStatusBytes(const char *field)
{
    std::ifstream in("/proc/self/status");
    std::string line;
    const size_t length = std::strlen(field);
    while (std::getline(in, line))
        if (line.compare(0, length, field) == 0 && line.size() > length && line[length] == ':')
            return std::atof(line.c_str() + length + 1) * 1024.0;
    return 0;
}

double mib(double bytes)
{
    return bytes / (1024.0 * 1024.0);
}

struct SearchFigures {
    double p50 = 0, p99 = 0, mean = 0; // milliseconds
    double recall = 0;
};

// One thread, one query at a time, as the application searches.
SearchFigures measureSearch(const Options &o, const VectorIndex &index, const std::vector<float> &queries,
                            const std::vector<std::vector<Neighbor>> &truth, int efSearch,
                            const std::function<bool(int64_t)> &accept = {})
{
    const size_t dim = size_t(o.dim);
    auto query = [&](size_t q) {
        return std::span<const float>(queries.data() + q * dim, dim);
    };
    for (size_t q = 0; q < std::min<size_t>(o.queries, 50); ++q) // warm the caches
        (void)index.search(query(q), kRecallK, accept, efSearch);

    std::vector<double> latencies(o.queries);
    size_t found = 0, expected = 0;
    for (size_t q = 0; q < o.queries; ++q) {
        const auto start = std::chrono::steady_clock::now();
        const auto result = index.search(query(q), kRecallK, accept, efSearch);
        latencies[q] = seconds(start) * 1000.0;
        for (const Neighbor &t : truth[q]) {
            ++expected;
            found += size_t(std::any_of(result.begin(), result.end(),
                                        [&](const Neighbor &n) { return n.label == t.label; }));
        }
    }
    SearchFigures f;
    std::vector<double> sorted = latencies;
    std::sort(sorted.begin(), sorted.end());
    auto percentile = [&](double p) {
        return sorted[std::min(sorted.size() - 1, size_t(p * double(sorted.size())))];
    };
    f.p50 = percentile(0.50);
    f.p99 = percentile(0.99);
    for (double l : latencies)
        f.mean += l / double(latencies.size());
    f.recall = expected > 0 ? double(found) / double(expected) : 0;
    return f;
}

void printSearch(int efSearch, const SearchFigures &f, const std::string &filter = {})
{
    std::printf("search k=10 efSearch %-4d%s p50 %.3f ms, p99 %.3f ms, mean %.3f ms, recall@10 %.4f\n",
                efSearch, filter.c_str(), f.p50, f.p99, f.mean, f.recall);
}

// Search with a filter that admits every `modulus`-th label (a collection or a file type), recall
// measured against exact search over the admitted vectors only.
void measureFiltered(const Options &o, const VectorIndex &index, const std::vector<float> &vectors,
                     const std::vector<float> &queries, int64_t modulus)
{
    std::vector<int64_t> labels;
    std::vector<float> admitted;
    for (size_t i = 0; i < o.count; i += size_t(modulus)) {
        labels.push_back(int64_t(i));
        admitted.insert(admitted.end(), vectors.begin() + std::ptrdiff_t(i * size_t(o.dim)),
                        vectors.begin() + std::ptrdiff_t((i + 1) * size_t(o.dim)));
    }
    const auto truth = groundTruth(o, admitted, labels, queries);
    const auto f = measureSearch(o, index, queries, truth, o.efSearch,
                                 [modulus](int64_t label) { return label % modulus == 0; });
    printSearch(o.efSearch, f, " filter 1/" + std::to_string(modulus));
}

} // namespace

int main(int argc, char **argv)
{
    Options o;
    if (!parse(argc, argv, o)) {
        usage();
        return 2;
    }
    std::printf(
        "cortex-bench-index: %zu vectors x %d (clustered: %zu centres, noise %.2f, seed %llu), %zu queries, "
        "M %d, efConstruction %d, efSearch %d, %u threads\n",
        o.count, o.dim, o.clusters, o.noise, static_cast<unsigned long long>(o.seed), o.queries, o.m,
        o.efConstruction, o.efSearch, o.threads);
    std::fflush(stdout);

    auto start = std::chrono::steady_clock::now();
    const std::vector<float> centres = clusterCentres(o);
    const std::vector<float> vectors = clusteredVectors(o, centres, o.count, 1);
    const std::vector<float> queries = clusteredVectors(o, centres, o.queries, 2);
    std::vector<int64_t> labels(o.count);
    for (size_t i = 0; i < o.count; ++i)
        labels[i] = int64_t(i);
    std::printf("data:         %.2f s to generate\n", seconds(start));
    std::fflush(stdout);

    IndexParams params;
    params.dimension = o.dim;
    params.m = o.m;
    params.efConstruction = o.efConstruction;
    params.efSearch = o.efSearch;

    const double rssBefore = procStatusBytes("VmRSS");
    start = std::chrono::steady_clock::now();
    auto created = VectorIndex::create(params, o.count);
    if (!created) {
        std::fprintf(stderr, "cortex-bench-index: %s\n", created.error().message.c_str());
        return 1;
    }
    std::unique_ptr<VectorIndex> built = std::move(created).value();
    if (auto st = built->addBatch(labels, vectors, o.threads); !st) {
        std::fprintf(stderr, "cortex-bench-index: %s\n", st.error().message.c_str());
        return 1;
    }
    const double buildSeconds = seconds(start);
    const double indexBytes = procStatusBytes("VmHWM") - rssBefore;
    std::printf("build:        %.2f s, %.0f vectors/s (addBatch on %u threads)\n", buildSeconds,
                double(o.count) / buildSeconds, o.threads);
    std::fflush(stdout);

    const bool temporary = o.file.empty();
    const fs::path file =
        temporary ? fs::temp_directory_path() / ("cortex-bench-index-" + std::to_string(::getpid()) + ".cxi")
                  : fs::path(o.file);
    start = std::chrono::steady_clock::now();
    if (auto st = built->save(file, 1); !st) {
        std::fprintf(stderr, "cortex-bench-index: %s\n", st.error().message.c_str());
        return 1;
    }
    const double saveSeconds = seconds(start);
    std::error_code ec;
    const double fileBytes = double(fs::file_size(file, ec));
    std::printf(
        "memory:       index %.1f MiB (peak RSS growth during the build), file %.1f MiB, vectors alone "
        "%.1f MiB\n",
        mib(indexBytes), mib(fileBytes), mib(double(vectors.size() * sizeof(float))));
    built.reset();

    start = std::chrono::steady_clock::now();
    auto loaded = VectorIndex::load(file, params);
    const double loadSeconds = seconds(start);
    if (temporary)
        fs::remove(file, ec);
    if (!loaded) {
        std::fprintf(stderr, "cortex-bench-index: %s\n", loaded.error().message.c_str());
        return 1;
    }
    const VectorIndex &index = **loaded;
    std::printf(
        "save:         %.2f s (fsync included)\nload:         %.2f s (checksum and graph checks included)\n",
        saveSeconds, loadSeconds);
    std::fflush(stdout);

    start = std::chrono::steady_clock::now();
    const auto truth = groundTruth(o, vectors, labels, queries);
    std::printf("exact top-10: %.2f s for %zu queries on %u threads\n", seconds(start), o.queries, o.threads);

    printSearch(o.efSearch, measureSearch(o, index, queries, truth, o.efSearch));
    std::fflush(stdout);

    // Throughput: every thread searching at once, as concurrent users would.
    start = std::chrono::steady_clock::now();
    parallelFor(o.queries, o.threads, [&](size_t q) {
        (void)index.search(std::span<const float>(queries.data() + q * size_t(o.dim), size_t(o.dim)),
                           kRecallK);
    });
    std::printf("throughput:   %.0f queries/s on %u threads (efSearch %d)\n",
                double(o.queries) / seconds(start), o.threads, o.efSearch);

    for (int64_t modulus : {2, 100}) {
        measureFiltered(o, index, vectors, queries, modulus);
        std::fflush(stdout);
    }
    for (int ef : o.sweep)
        printSearch(ef, measureSearch(o, index, queries, truth, ef));
    return 0;
}
