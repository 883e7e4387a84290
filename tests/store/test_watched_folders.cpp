// Watched folders in the store (store/watched_folder.h): added with their settings, updated without
// losing their paused flag and state, refused when a pattern cannot be stored; the documents under a
// folder by path range; a moved document keeps its id, content and collections.

#include "store_test_support.h"

using namespace storetest;
using cortex::kDefaultPageImageSide;
using cortex::kMaxPageImageSide;
using cortex::kMinPageImageSide;

namespace {

WatchedFolderSettings settingsOf(std::string collection, std::vector<std::string> include,
                                 std::vector<std::string> exclude, int chunk = 0, int overlap = 0)
{
    WatchedFolderSettings s;
    s.collection = std::move(collection);
    s.includePatterns = std::move(include);
    s.excludePatterns = std::move(exclude);
    s.chunkTokens = chunk;
    s.overlapTokens = overlap;
    return s;
}

WatchedFolderSettings pageImages(int side)
{
    WatchedFolderSettings s;
    s.pageImageSide = side;
    return s;
}

} // namespace

TEST_CASE("a watched folder keeps its settings, and an update keeps its paused flag and state")
{
    TempDir dir;
    auto lib = openLibrary(dir / "library.db");
    const auto settings = settingsOf("Papers", {"*.pdf", "*.md"}, {".git", "*~"}, 256, 32);
    const int64_t id = must(lib->upsertWatchedFolder("/home/a/papers", settings));
    auto folder = must(lib->watchedFolder(id));
    REQUIRE(folder);
    CHECK(folder->path == "/home/a/papers");
    CHECK(folder->settings.collection == "Papers");
    CHECK(folder->settings.includePatterns == settings.includePatterns);
    CHECK(folder->settings.excludePatterns == settings.excludePatterns);
    CHECK(folder->settings.chunkTokens == 256);
    CHECK(folder->settings.overlapTokens == 32);
    CHECK(folder->settings.followSymlinks);
    CHECK(folder->settings.pageImageSide == kDefaultPageImageSide);
    CHECK(folder->addedAt > 0);

    must(lib->setWatchedFolderPaused(id, true));
    must(lib->setWatchedFolderState(id, WatchedFolderState::Unavailable, "the folder is missing", 1234));
    // The same path again: the same row, new settings, the pause and state kept.
    CHECK(must(lib->upsertWatchedFolder("/home/a/papers", settingsOf("Other", {}, {}))) == id);
    folder = must(lib->watchedFolderByPath("/home/a/papers"));
    REQUIRE(folder);
    CHECK(folder->settings.collection == "Other");
    CHECK(folder->settings.includePatterns.empty());
    CHECK(folder->paused);
    CHECK(folder->state == WatchedFolderState::Unavailable);
    CHECK(folder->stateDetail == "the folder is missing");
    CHECK(folder->lastSyncAt == 1234);

    must(lib->upsertWatchedFolder("/home/a/notes", {}));
    const auto all = must(lib->watchedFolders());
    REQUIRE(all.size() == 2);
    CHECK(all[0].path == "/home/a/notes"); // by path
    must(lib->removeWatchedFolder(id));
    CHECK_FALSE(must(lib->watchedFolder(id)));
    CHECK(errorOf(lib->removeWatchedFolder(id)).find("no watched folder has id") != std::string::npos);
    CHECK(errorOf(lib->setWatchedFolderPaused(id, false)).find("no watched folder has id") !=
          std::string::npos);
}

// Page images off (0) or a size of the accepted range, stored and read back, changed by an update.
TEST_CASE("a watched folder keeps its page-image choice")
{
    TempDir dir;
    auto lib = openLibrary(dir / "library.db");
    for (const int side : {0, kMinPageImageSide, 960, kMaxPageImageSide}) {
        CAPTURE(side);
        WatchedFolderSettings settings;
        settings.pageImageSide = side;
        const int64_t id = must(lib->upsertWatchedFolder("/home/a/scans", settings));
        const auto folder = must(lib->watchedFolder(id));
        REQUIRE(folder);
        CHECK(folder->settings.pageImageSide == side);
    }
}

TEST_CASE("settings that cannot be stored are refused and nothing is written")
{
    TempDir dir;
    auto lib = openLibrary(dir / "library.db");
    struct Case {
        std::string path;
        WatchedFolderSettings settings;
        std::string reason;
    };
    const std::vector<Case> cases{
        {"relative/folder", {}, "must be absolute"},
        {"", {}, "must be absolute"},
        {"/a", settingsOf("", {"*.pdf\n*.md"}, {}), "line break"},
        {"/a", settingsOf("", {}, {""}), "empty"},
        {"/a", settingsOf("", {}, {}, 64, 64), "chunk size"},
        {"/a", settingsOf("", {}, {}, -1, 0), "chunk size"},
        {"/a", pageImages(-1), "page-image size"},
        {"/a", pageImages(kMinPageImageSide - 1), "page-image size"},
        {"/a", pageImages(kMaxPageImageSide + 1), "page-image size"},
    };
    for (const auto &c : cases) {
        CAPTURE(c.path);
        const auto message = errorOf(lib->upsertWatchedFolder(c.path, c.settings));
        CHECK(message.find(c.reason) != std::string::npos);
        CHECK(message.find("library.db") != std::string::npos);
    }
    CHECK(must(lib->watchedFolders()).empty());
}

TEST_CASE("documentsUnder answers the documents below a folder, and no sibling that shares its prefix")
{
    TempDir dir;
    auto lib = openLibrary(dir / "library.db");
    const int64_t space = must(lib->ensureSpace(testIdentity()));
    const std::vector<std::string> paths{"/a/b",        "/a/b/c.txt", "/a/b/d/e.txt", "/a/b0/f.txt",
                                         "/a/bc/g.txt", "/a/b.txt",   "/a/a.txt"};
    for (size_t i = 0; i < paths.size(); ++i)
        addDocument(*lib, space, paths[i], "sha" + std::to_string(i),
                    {textItem(0, "text " + std::to_string(i), unitVector(4, unsigned(i)))});
    // The expectation, computed the slow way: every path that starts with "/a/b/".
    for (const std::string folder : {"/a/b", "/a/b/", "/a", "/", "/nothing"}) {
        CAPTURE(folder);
        std::string prefix = folder.ends_with('/') ? folder : folder + "/";
        std::vector<std::string> expected;
        for (const auto &p : paths)
            if (p.starts_with(prefix))
                expected.push_back(p);
        std::sort(expected.begin(), expected.end());
        std::vector<std::string> got;
        for (const auto &d : must(lib->documentsUnder(folder)))
            got.push_back(d.path);
        CHECK(got == expected);
    }
}

TEST_CASE("a moved document keeps its id, content and collections; one at the new path gives way")
{
    TempDir dir;
    auto lib = openLibrary(dir / "library.db");
    const int64_t space = must(lib->ensureSpace(testIdentity()));
    const int64_t moved =
        addDocument(*lib, space, "/a/old.txt", "aaaa", {textItem(0, "zebra", unitVector(4, 1))});
    const int64_t occupant =
        addDocument(*lib, space, "/b/new.txt", "bbbb", {textItem(0, "okapi", unitVector(4, 2))});
    const int64_t collection = must(lib->createCollection("Papers"));
    must(lib->addToCollection(moved, collection));
    const auto before = must(lib->document(moved)).value();

    const auto removed = must(lib->moveDocument(moved, "/b/new.txt", 99, 5'000'000'000));
    CHECK(removed.size() == 1); // the occupant's one item, for the index
    CHECK_FALSE(must(lib->document(occupant)));
    const auto after = must(lib->documentByPath("/b/new.txt")).value();
    CHECK(after.id == moved);
    CHECK(after.contentId == before.contentId);
    CHECK(after.size == 99);
    CHECK(after.mtimeNs == 5'000'000'000);
    CHECK(after.addedAt == before.addedAt);
    CHECK(must(lib->collectionsOfDocument(moved)) == std::vector<int64_t>{collection});
    CHECK_FALSE(must(lib->documentByPath("/a/old.txt")));
    CHECK(must(lib->fullTextSearch("zebra", 10, {})).size() == 1);
    CHECK(must(lib->fullTextSearch("okapi", 10, {})).empty());
    CHECK(errorOf(lib->moveDocument(12345, "/c.txt", 1, 1)).find("no document has id 12345") !=
          std::string::npos);
    CHECK(must(lib->integrityCheck()).empty());
}
