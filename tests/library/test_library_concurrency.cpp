// The library under concurrent use, without Qt or models (this test also runs under ThreadSanitizer):
// one thread commits contents with vectors through the one writer while others search the index and
// read the database. No crash, no torn result: every label a search returns was committed, and its
// item can be read back with the same vector.

#include "index/vector_index.h"
#include "library/library.h"
#include "store/library_db.h"

#include <doctest/doctest.h>

#include <atomic>
#include <cmath>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <random>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace fs = std::filesystem;
using namespace cortex;

namespace {

struct TempDir {
    fs::path path;
    TempDir()
    {
        path = fs::temp_directory_path() / ("cortex-libconc-" + std::to_string(::getpid()) + "-" +
                                            std::to_string(std::random_device{}()));
        fs::create_directories(path);
    }
    ~TempDir() { fs::remove_all(path); }
};

std::vector<float> randomUnit(std::mt19937 &rng, int dim)
{
    std::normal_distribution<float> n;
    std::vector<float> v(static_cast<size_t>(dim));
    float norm = 0;
    for (auto &x : v) {
        x = n(rng);
        norm += x * x;
    }
    for (auto &x : v)
        x /= std::sqrt(norm);
    return v;
}

store::SpaceIdentity testIdentity(int dim)
{
    store::SpaceIdentity id;
    id.modelName = "test/fake";
    id.modelHash = "0123";
    id.outputDim = dim;
    id.dtype = "float32";
    id.instruction = "Represent the user's input.";
    return id;
}

// The library's space of `dim` dimensions (created on first use).
int64_t makeSpace(library::Library &lib, int dim)
{
    int64_t spaceId = 0;
    const Status made = lib.write([&](store::LibraryDb &db) -> Status {
        auto id = db.ensureSpace(testIdentity(dim));
        if (!id)
            return id.error();
        spaceId = *id;
        return {};
    });
    REQUIRE_MESSAGE(made.ok(), (made.ok() ? "" : made.error().message));
    return spaceId;
}

// Commits one content of `items` text items with random vectors; returns the new item ids.
std::vector<int64_t> commitContent(library::Library &lib, int64_t spaceId, int n, int items,
                                   std::mt19937 &rng, int dim)
{
    std::vector<store::NewItem> newItems;
    for (int k = 0; k < items; ++k) {
        store::NewItem item;
        item.position = k;
        item.text = "document " + std::to_string(n) + " chunk " + std::to_string(k) + " keyword" +
                    std::to_string(n % 7);
        item.vector = randomUnit(rng, dim);
        newItems.push_back(std::move(item));
    }
    std::vector<int64_t> ids;
    auto status = lib.commit([&](store::LibraryDb &db, library::IndexChanges &index) -> Status {
        auto added = db.addContent("sha-" + std::to_string(n), newItems, spaceId);
        if (!added)
            return added.error();
        ids = added->itemIds;
        for (size_t k = 0; k < ids.size(); ++k)
            index.add(spaceId, ids[k], newItems[k].vector);
        store::DocumentRecord doc;
        doc.path = "/corpus/doc" + std::to_string(n) + ".txt";
        doc.sha256 = "sha-" + std::to_string(n);
        doc.type = "text";
        doc.contentId = added->contentId;
        auto id = db.upsertDocument(doc);
        return id ? Status() : Status(id.error());
    });
    REQUIRE_MESSAGE(status.ok(), (status.ok() ? "" : status.error().message));
    return ids;
}

} // namespace

TEST_CASE("searches and reads run while the writer commits")
{
    constexpr int dim = 32;
    TempDir dir;
    auto opened = library::Library::open(dir.path);
    REQUIRE(opened.ok());
    auto &lib = **opened;
    const int64_t spaceId = makeSpace(lib, dim);

    std::atomic<int> committedContents{0};
    std::atomic<bool> done{false};
    std::atomic<int64_t> searches{0};
    std::atomic<int> problems{0};

    std::thread writer([&] {
        std::mt19937 rng(1);
        for (int n = 0; n < 150; ++n) {
            commitContent(lib, spaceId, n, 3, rng, dim);
            committedContents = n + 1;
            if (n % 50 == 49)
                CHECK(lib.saveIndexes().ok());
        }
        done = true;
    });

    std::vector<std::thread> readers;
    for (int t = 0; t < 3; ++t) {
        readers.emplace_back([&, t] {
            std::mt19937 rng(100 + t);
            auto db = lib.openReader();
            if (!db) {
                ++problems;
                return;
            }
            auto idx = lib.index(spaceId);
            if (!idx) {
                ++problems;
                return;
            }
            while (!done) {
                const auto query = randomUnit(rng, dim);
                const auto hits = (*idx)->search(query, 5);
                for (size_t i = 1; i < hits.size(); ++i)
                    if (hits[i].similarity > hits[i - 1].similarity + 1e-6f)
                        ++problems; // not sorted
                std::vector<int64_t> ids;
                for (const auto &h : hits)
                    ids.push_back(h.label);
                // Every label the index returns is committed: its item and vector are readable and equal.
                auto views = (*db)->itemViews(ids);
                if (!views || views->size() != ids.size())
                    ++problems;
                for (const auto &h : hits) {
                    auto stored = (*db)->vector(spaceId, h.label);
                    if (!stored || !stored->has_value()) {
                        ++problems;
                        continue;
                    }
                    float dot = 0;
                    for (int i = 0; i < dim; ++i)
                        dot += (**stored)[size_t(i)] * query[size_t(i)];
                    if (std::fabs(dot - h.similarity) > 1e-4f)
                        ++problems;
                }
                auto fts = (*db)->fullTextSearch("keyword3", 10, {});
                if (!fts)
                    ++problems;
                ++searches;
            }
        });
    }
    writer.join();
    for (auto &r : readers)
        r.join();
    MESSAGE("searches during ingestion: " << searches.load());
    CHECK(problems.load() == 0);
    CHECK(searches.load() > 0);

    auto count = lib.openReader().value()->vectorCount(spaceId);
    REQUIRE(count.ok());
    CHECK(*count == 450);
    CHECK((*lib.index(spaceId))->size() == 450);
}

TEST_CASE("a stale or damaged index is rebuilt from the database on open")
{
    constexpr int dim = 16;
    TempDir dir;
    // A process that commits, saves its index, commits more and is then killed (so its destructor never
    // saves again): a child, SIGKILLed; it reports the space and the first item id through a pipe.
    int64_t report[2] = {0, 0};
    int channel[2];
    REQUIRE(pipe(channel) == 0);
    const pid_t child = fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        auto lib = library::Library::open(dir.path).value();
        int64_t spaceId = 0;
        (void)lib->write([&](store::LibraryDb &db) -> Status {
            auto id = db.ensureSpace(testIdentity(dim));
            if (!id)
                return id.error();
            spaceId = *id;
            return {};
        });
        std::mt19937 rng(3);
        const auto ids = commitContent(*lib, spaceId, 1, 4, rng, dim);
        (void)lib->saveIndexes();
        // Committed after the last save: the saved file is now stale (its generation is older).
        commitContent(*lib, spaceId, 2, 4, rng, dim);
        const int64_t out[2] = {spaceId, ids.front()};
        (void)!write(channel[1], out, sizeof out);
        ::raise(SIGKILL);
    }
    REQUIRE(read(channel[0], report, sizeof report) == ssize_t(sizeof report));
    waitpid(child, nullptr, 0);
    close(channel[0]);
    close(channel[1]);
    const int64_t spaceId = report[0];
    const std::vector<int64_t> ids{report[1]};
    const auto file = dir.path / "indexes" / ("space-" + std::to_string(spaceId) + ".hnsw");
    REQUIRE(fs::exists(file));
    {
        auto lib = library::Library::open(dir.path).value();
        CHECK((*lib->index(spaceId))->size() == 8);
        auto report = lib->check();
        REQUIRE(report.ok());
        CHECK(report->healthy());
    }
    // Damage the file: flip a byte in the middle.
    {
        std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
        f.seekp(std::streamoff(fs::file_size(file) / 2));
        char c = 0;
        f.read(&c, 1);
        f.seekp(std::streamoff(fs::file_size(file) / 2));
        c = char(c ^ 0x5a);
        f.write(&c, 1);
    }
    auto lib = library::Library::open(dir.path).value();
    CHECK((*lib->index(spaceId))->size() == 8);
    CHECK((*lib->index(spaceId))->contains(ids.front()));
}

TEST_CASE("a library is used by one process at a time; a killed holder leaves no stale lock")
{
    TempDir dir;
    int ready[2];
    REQUIRE(pipe(ready) == 0);
    const pid_t child = fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        auto lib = library::Library::open(dir.path);
        const char ok = lib ? '1' : '0';
        (void)!write(ready[1], &ok, 1);
        pause(); // holds the library until killed
        _exit(0);
    }
    char ok = 0;
    REQUIRE(read(ready[0], &ok, 1) == 1);
    REQUIRE(ok == '1');
    auto refused = library::Library::open(dir.path);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().message.find("in use by another Cortex process (pid " + std::to_string(child)) !=
          std::string::npos);
    kill(child, SIGKILL);
    waitpid(child, nullptr, 0);
    auto reopened = library::Library::open(dir.path);
    CHECK(reopened.ok());
    // Within one process a second Library of the folder is refused too (two writers, two indexes).
    auto again = library::Library::open(dir.path);
    REQUIRE_FALSE(again.ok());
    CHECK(again.error().message.find("already open in this Cortex process") != std::string::npos);
    close(ready[0]);
    close(ready[1]);
}

TEST_CASE("index changes take effect when the transaction commits, and never otherwise")
{
    constexpr int dim = 8;
    TempDir dir;
    auto lib = library::Library::open(dir.path).value();
    const int64_t spaceId = makeSpace(*lib, dim);
    std::mt19937 rng(5);
    const auto ids = commitContent(*lib, spaceId, 1, 3, rng, dim);
    REQUIRE((*lib->index(spaceId))->size() == 3);

    // A body that records an addition and a removal, then fails: the database rolls back, and the index
    // is left as it was.
    const Status failed = lib->commit([&](store::LibraryDb &db, library::IndexChanges &index) -> Status {
        store::NewItem item;
        item.text = "rolled back";
        item.vector = randomUnit(rng, dim);
        auto added = db.addContent("sha-rolled-back", std::vector<store::NewItem>{item}, spaceId);
        if (!added)
            return added.error();
        index.add(spaceId, added->itemIds.front(), item.vector);
        index.remove(ids);
        return makeError("the body changed its mind");
    });
    CHECK_FALSE(failed.ok());
    CHECK((*lib->index(spaceId))->size() == 3);
    for (const int64_t id : ids)
        CHECK((*lib->index(spaceId))->contains(id));
    CHECK_FALSE(lib->openReader().value()->contentBySha("sha-rolled-back").value().has_value());

    // The same removal in a body that commits leaves the index at once.
    REQUIRE(lib->commit([&](store::LibraryDb &db, library::IndexChanges &index) -> Status {
                   auto doc = db.documentByPath("/corpus/doc1.txt");
                   if (!doc || !doc->has_value())
                       return makeError("the document is missing");
                   auto removed = db.removeDocument((*doc)->id);
                   if (!removed)
                       return removed.error();
                   index.remove(*removed);
                   return {};
               })
                .ok());
    CHECK((*lib->index(spaceId))->size() == 0);
}
