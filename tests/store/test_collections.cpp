// Collections: unique trimmed names, renaming, tags, membership, merging, and deleting with the
// documents (and contents) that belonged only to the deleted collection.

#include "store/database.h"
#include "store_test_support.h"

#include <algorithm>

using namespace storetest;

namespace {

struct Fixture {
    TempDir dir;
    fs::path file = dir / "library.db";
    std::unique_ptr<LibraryDb> lib = openLibrary(file);
    int64_t space = must(lib->ensureSpace(testIdentity()));

    int64_t document(const std::string &path, const std::string &sha, int64_t size = 100)
    {
        const int64_t id =
            addDocument(*lib, space, path, sha, {textItem(0, "text of " + sha, unitVector(4, 1))});
        DocumentRecord doc = must(lib->document(id)).value();
        doc.size = size;
        return must(lib->upsertDocument(doc));
    }
    std::vector<int64_t> itemsOf(const std::string &sha)
    {
        std::vector<int64_t> ids;
        for (const ItemRecord &item : must(lib->itemsOfContent(must(lib->contentBySha(sha)).value())))
            ids.push_back(item.id);
        return ids;
    }
    std::vector<std::string> pathsIn(int64_t collection)
    {
        std::vector<std::string> paths;
        for (const DocumentRecord &d : must(lib->documents(collection)))
            paths.push_back(d.path);
        return paths;
    }
};

} // namespace

TEST_CASE("collection names are unique and not empty after trimming")
{
    Fixture f;
    const int64_t papers = must(f.lib->createCollection("  Papers\t"));
    auto found = must(f.lib->collectionByName("Papers"));
    REQUIRE(found);
    CHECK(found->id == papers);
    CHECK(found->name == "Papers");
    CHECK(found->createdAt > 0);
    CHECK(must(f.lib->collectionByName(" Papers "))->id == papers);
    CHECK_FALSE(must(f.lib->collectionByName("papers"))); // exact comparison
    CHECK_FALSE(must(f.lib->collectionByName("")));

    CHECK(errorOf(f.lib->createCollection("Papers ")) ==
          f.file.string() +
              ": cannot create the collection 'Papers': a collection named 'Papers' already exists");
    CHECK(errorOf(f.lib->createCollection(" \t ")).find("a collection name cannot be empty") !=
          std::string::npos);
    const int64_t photos = must(f.lib->createCollection("Photos"));
    CHECK(photos != papers);

    CHECK(errorOf(f.lib->renameCollection(photos, " Papers"))
              .find("a collection named 'Papers' already exists") != std::string::npos);
    CHECK(errorOf(f.lib->renameCollection(photos, "")).find("cannot be empty") != std::string::npos);
    CHECK(errorOf(f.lib->renameCollection(7777, "Anything")) ==
          f.file.string() + ": cannot rename collection 7777: no such collection");
    must(f.lib->renameCollection(papers, "Papers")); // to its own name
    must(f.lib->renameCollection(photos, " Holiday photos "));
    CHECK_FALSE(must(f.lib->collectionByName("Photos")));
    CHECK(must(f.lib->collectionByName("Holiday photos"))->id == photos);
    must(f.lib->createCollection("Photos")); // the old name is free again

    auto all = must(f.lib->collections());
    REQUIRE(all.size() == 3);
    CHECK(all[0].name == "Holiday photos"); // by name, ignoring case
    CHECK(all[1].name == "Papers");
    CHECK(all[2].name == "Photos");
}

TEST_CASE("membership, counts and sizes")
{
    Fixture f;
    const int64_t col = must(f.lib->createCollection("Work"));
    const int64_t a = f.document("/w/a.txt", "sa", 1000);
    const int64_t b = f.document("/w/b.txt", "sb", 234);
    must(f.lib->addToCollection(b, col));
    must(f.lib->addToCollection(a, col));
    must(f.lib->addToCollection(a, col)); // twice is once
    CHECK(f.pathsIn(col) == std::vector<std::string>{"/w/a.txt", "/w/b.txt"});
    auto info = must(f.lib->collectionByName("Work")).value();
    CHECK(info.documentCount == 2);
    CHECK(info.totalBytes == 1234);
    CHECK(must(f.lib->collectionsOfDocument(a)) == std::vector<int64_t>{col});

    must(f.lib->removeFromCollection(a, col));
    CHECK(f.pathsIn(col) == std::vector<std::string>{"/w/b.txt"});
    CHECK(must(f.lib->document(a))); // the document stays
    CHECK(must(f.lib->collectionsOfDocument(a)).empty());

    CHECK(errorOf(f.lib->addToCollection(4242, col)).find("no document has id 4242") != std::string::npos);
    CHECK(errorOf(f.lib->addToCollection(a, 4242)).find("no collection has id 4242") != std::string::npos);
    CHECK(must(f.lib->documents(4242)).empty());
}

TEST_CASE("collection tags are trimmed, unique and replaced as a whole")
{
    Fixture f;
    const int64_t col = must(f.lib->createCollection("Tagged"));
    must(f.lib->setCollectionTags(col, {" science ", "2024", "science", "", "  "}));
    CHECK(must(f.lib->collectionByName("Tagged"))->tags == std::vector<std::string>{"2024", "science"});
    must(f.lib->setCollectionTags(col, {"archive"}));
    CHECK(must(f.lib->collectionByName("Tagged"))->tags == std::vector<std::string>{"archive"});
    must(f.lib->setCollectionTags(col, {}));
    CHECK(must(f.lib->collectionByName("Tagged"))->tags.empty());
    CHECK(errorOf(f.lib->setCollectionTags(999, {"x"})).find("no collection has id 999") !=
          std::string::npos);
}

TEST_CASE("mergeCollections moves every document and the tags, then deletes the source")
{
    Fixture f;
    const int64_t from = must(f.lib->createCollection("From"));
    const int64_t into = must(f.lib->createCollection("Into"));
    const int64_t d1 = f.document("/1.txt", "s1");
    const int64_t d2 = f.document("/2.txt", "s2");
    const int64_t d3 = f.document("/3.txt", "s3");
    must(f.lib->addToCollection(d1, from));
    must(f.lib->addToCollection(d2, from));
    must(f.lib->addToCollection(d2, into)); // in both: stays once
    must(f.lib->addToCollection(d3, into));
    must(f.lib->setCollectionTags(from, {"a", "shared"}));
    must(f.lib->setCollectionTags(into, {"shared", "z"}));

    CHECK(errorOf(f.lib->mergeCollections(from, from)).find("into itself") != std::string::npos);
    CHECK(errorOf(f.lib->mergeCollections(from, 999)).find("no collection has id 999") != std::string::npos);
    CHECK(errorOf(f.lib->mergeCollections(999, into)).find("no collection has id 999") != std::string::npos);

    must(f.lib->mergeCollections(from, into));
    CHECK(f.pathsIn(into) == std::vector<std::string>{"/1.txt", "/2.txt", "/3.txt"});
    CHECK_FALSE(must(f.lib->collectionByName("From")));
    auto merged = must(f.lib->collectionByName("Into")).value();
    CHECK(merged.documentCount == 3);
    CHECK(merged.tags == std::vector<std::string>{"a", "shared", "z"});
    CHECK(must(f.lib->collections()).size() == 1);
    CHECK(must(f.lib->itemCount()) == 3); // nothing was deleted
    CHECK(must(f.lib->integrityCheck()).empty());
}

TEST_CASE("deleteCollection removes the documents only it held, and their unused contents")
{
    Fixture f;
    const int64_t x = must(f.lib->createCollection("X"));
    const int64_t y = must(f.lib->createCollection("Y"));
    const int64_t onlyX = f.document("/only-x.txt", "c-only");       // only in X: removed with its items
    const int64_t both = f.document("/both.txt", "c-both");          // in X and Y: survives
    const int64_t sharedX = f.document("/shared-x.txt", "c-shared"); // only in X, content also used by...
    const int64_t sharedY = f.document("/shared-y.txt", "c-shared"); // ...this one in Y: content survives
    const int64_t loose = f.document("/loose.txt", "c-loose");       // in no collection: untouched
    must(f.lib->addToCollection(onlyX, x));
    must(f.lib->addToCollection(both, x));
    must(f.lib->addToCollection(both, y));
    must(f.lib->addToCollection(sharedX, x));
    must(f.lib->addToCollection(sharedY, y));
    must(f.lib->setCollectionTags(x, {"doomed"}));
    const auto onlyItems = f.itemsOf("c-only");
    const auto sharedItems = f.itemsOf("c-shared");
    const uint64_t generation = must(f.lib->generation(f.space));

    CHECK(must(f.lib->deleteCollection(x)) == onlyItems);

    CHECK_FALSE(must(f.lib->collectionByName("X")));
    CHECK_FALSE(must(f.lib->document(onlyX)));
    CHECK_FALSE(must(f.lib->document(sharedX)));
    CHECK(must(f.lib->document(both)));
    CHECK(must(f.lib->document(sharedY)));
    CHECK(must(f.lib->document(loose)));
    CHECK(must(f.lib->collectionsOfDocument(both)) == std::vector<int64_t>{y});
    CHECK_FALSE(must(f.lib->contentBySha("c-only")));
    CHECK(f.itemsOf("c-shared") == sharedItems);
    CHECK(must(f.lib->itemViews(onlyItems)).empty());
    CHECK(must(f.lib->fullTextSearch("only", 10, {})).empty());
    CHECK(must(f.lib->fullTextSearch("shared", 10, {})).size() == 1);
    CHECK(must(f.lib->generation(f.space)) == generation + 1);
    CHECK(must(f.lib->database().queryInt("SELECT COUNT(*) FROM collection_tags")) ==
          std::optional<int64_t>(0));
    CHECK(must(f.lib->integrityCheck()).empty());

    CHECK(errorOf(f.lib->deleteCollection(x)) == f.file.string() + ": cannot delete collection " +
                                                     std::to_string(x) + ": no collection has id " +
                                                     std::to_string(x));
    // An empty collection goes alone.
    const int64_t empty = must(f.lib->createCollection("Empty"));
    CHECK(must(f.lib->deleteCollection(empty)).empty());
    CHECK(must(f.lib->documents()).size() == 3);
}
