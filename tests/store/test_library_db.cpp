// LibraryDb: spaces, documents, shared contents, vectors (float32 and float16), full-text search with
// filters, generations, transactions, concurrent readers under WAL, and maintenance.

#include "store/database.h"
#include "store/fts_query.h"
#include "store/schema.h"
#include "store_test_support.h"

#include <algorithm>

using namespace storetest;
using cortex::ItemKind;
using cortex::Status;

namespace {

struct Fixture {
    TempDir dir;
    fs::path file = dir / "library.db";
    std::unique_ptr<LibraryDb> lib = openLibrary(file);
    int64_t space = must(lib->ensureSpace(testIdentity()));
};

std::vector<int64_t> hitIds(const std::vector<FtsHit> &hits)
{
    std::vector<int64_t> ids;
    for (const FtsHit &h : hits)
        ids.push_back(h.itemId);
    return ids;
}

std::vector<int64_t> sorted(std::vector<int64_t> v)
{
    std::sort(v.begin(), v.end());
    return v;
}

NewItem itemOfKind(ItemKind kind, int position, std::string text, unsigned seed)
{
    NewItem item = textItem(position, std::move(text), unitVector(4, seed));
    item.kind = kind;
    if (kind != ItemKind::Text)
        item.thumbnailPng = {0x89, 'P', 'N', 'G'};
    if (kind == ItemKind::PdfPage)
        item.page = position;
    return item;
}

// SearchFilter{.collectionIds = ...} would trip -Wmissing-field-initializers; this reads as well.
struct Where {
    SearchFilter filter;
    Where &collections(std::vector<int64_t> ids)
    {
        filter.collectionIds = std::move(ids);
        return *this;
    }
    Where &kinds(std::vector<ItemKind> kinds)
    {
        filter.kinds = std::move(kinds);
        return *this;
    }
    Where &types(std::vector<std::string> types)
    {
        filter.documentTypes = std::move(types);
        return *this;
    }
    Where &after(int64_t seconds)
    {
        filter.modifiedAfter = seconds;
        return *this;
    }
    Where &before(int64_t seconds)
    {
        filter.modifiedBefore = seconds;
        return *this;
    }
};

} // namespace

TEST_CASE("ensureSpace returns one space per identity, whatever dtype computed the vectors")
{
    Fixture f;
    CHECK(must(f.lib->ensureSpace(testIdentity())) == f.space);
    CHECK(must(f.lib->ensureSpace(testIdentity(), VectorEncoding::Float16)) == f.space); // keeps its encoding
    // bfloat16 vectors of the same model go into the float32 space (the recorded dtype stays).
    SpaceIdentity bf16 = testIdentity();
    bf16.dtype = testIdentity().dtype == "bfloat16" ? "float32" : "bfloat16";
    CHECK(must(f.lib->ensureSpace(bf16)) == f.space);
    CHECK(bf16 == testIdentity());
    CHECK(must(f.lib->space(f.space)).identity.dtype == testIdentity().dtype);

    std::vector<SpaceIdentity> variants(6, testIdentity(8));
    variants[0].modelName = "Other-Model";
    variants[1].modelHash = "ffff";
    variants[2].outputDim = 16;
    variants[3].mrlDim = 4;
    variants[4].instruction = "Another instruction.";
    variants[5].normalized = false;
    std::vector<int64_t> ids{f.space, must(f.lib->ensureSpace(testIdentity(8)))};
    for (const SpaceIdentity &id : variants)
        ids.push_back(must(f.lib->ensureSpace(id)));
    std::vector<int64_t> unique = sorted(ids);
    unique.erase(std::unique(unique.begin(), unique.end()), unique.end());
    CHECK(unique.size() == ids.size());

    const int64_t building =
        must(f.lib->ensureSpace(testIdentity(32), VectorEncoding::Float16, SpaceState::Building));
    const SpaceInfo info = must(f.lib->space(building));
    CHECK(info.identity == testIdentity(32));
    CHECK(info.encoding == VectorEncoding::Float16);
    CHECK(info.state == SpaceState::Building);
    CHECK(info.generation == 0);
    CHECK(info.vectorCount == 0);
    CHECK(info.createdAt > 0);
    must(f.lib->setSpaceState(building, SpaceState::Active));
    CHECK(must(f.lib->space(building)).state == SpaceState::Active);
    CHECK(must(f.lib->spaces()).size() == ids.size() + 1);

    SpaceIdentity mrl = testIdentity(8);
    mrl.mrlDim = 4;
    CHECK(mrl.storedDim() == 4);
    SpaceIdentity bad = testIdentity(8);
    bad.mrlDim = 9;
    CHECK(errorOf(f.lib->ensureSpace(bad)).find("Matryoshka dimension 9") != std::string::npos);
    bad.outputDim = 0;
    CHECK_FALSE(f.lib->ensureSpace(bad).ok());

    const std::string missing = errorOf(f.lib->space(999));
    CHECK(missing == f.file.string() + ": cannot read embedding space 999: no such space");
    CHECK_FALSE(f.lib->setSpaceState(999, SpaceState::Retired).ok());
}

TEST_CASE("deleteSpace removes the space with its vectors")
{
    Fixture f;
    addDocument(*f.lib, f.space, "/a.txt", "sha-a", {textItem(0, "alpha", unitVector(4, 1))});
    CHECK(must(f.lib->vectorCount(f.space)) == 1);
    must(f.lib->deleteSpace(f.space));
    CHECK(must(f.lib->spaces()).empty());
    CHECK(must(f.lib->database().queryInt("SELECT COUNT(*) FROM vectors")) == std::optional<int64_t>(0));
    CHECK(must(f.lib->itemCount()) == 1); // the items stay: another space can embed them
    CHECK(errorOf(f.lib->deleteSpace(f.space)).find("no such space") != std::string::npos);
    // A new space never takes the id of a deleted one: caches keyed by space id cannot be confused.
    CHECK(must(f.lib->ensureSpace(testIdentity())) > f.space);
}

TEST_CASE("documents are inserted and updated by path")
{
    Fixture f;
    const int64_t content = [&] {
        must(f.lib->addContent("sha-1", std::vector{textItem(0, "hello", unitVector(4, 1))}, f.space));
        return must(f.lib->contentBySha("sha-1")).value();
    }();

    DocumentRecord doc;
    doc.path = "/docs/b.pdf";
    doc.size = 1234;
    doc.mtimeNs = 1'700'000'000'123'456'789;
    doc.sha256 = "sha-1";
    doc.type = "pdf";
    doc.contentId = content;
    doc.pageCount = 3;
    doc.addedAt = 100;
    const int64_t id = must(f.lib->upsertDocument(doc));

    auto read = must(f.lib->documentByPath("/docs/b.pdf"));
    REQUIRE(read);
    CHECK(read->id == id);
    CHECK(read->size == 1234);
    CHECK(read->mtimeNs == 1'700'000'000'123'456'789);
    CHECK(read->type == "pdf");
    CHECK(read->status == DocumentStatus::Indexed);
    CHECK(read->contentId == std::optional<int64_t>(content));
    CHECK(read->pageCount == 3);
    CHECK(read->addedAt == 100);
    CHECK(read->updatedAt > 100);

    // The same path again: an update of the same row; added_at stays.
    doc.addedAt = 0;
    doc.size = 99;
    doc.status = DocumentStatus::Failed;
    doc.error = "the file vanished";
    doc.contentId.reset();
    CHECK(must(f.lib->upsertDocument(doc)) == id);
    read = must(f.lib->document(id));
    REQUIRE(read);
    CHECK(read->size == 99);
    CHECK(read->addedAt == 100);
    CHECK(read->status == DocumentStatus::Failed);
    CHECK(read->error == "the file vanished");
    CHECK_FALSE(read->contentId);
    CHECK(must(f.lib->failedDocuments()).size() == 1);

    DocumentRecord other;
    other.path = "/docs/a.txt";
    const int64_t otherId = must(f.lib->upsertDocument(other));
    CHECK(otherId != id);
    auto all = must(f.lib->documents());
    REQUIRE(all.size() == 2);
    CHECK(all[0].path == "/docs/a.txt"); // by path
    CHECK(all[1].path == "/docs/b.pdf");
    CHECK_FALSE(must(f.lib->documentByPath("/nowhere")));
    CHECK_FALSE(must(f.lib->document(9999)));

    DocumentRecord dangling;
    dangling.path = "/docs/c.txt";
    dangling.contentId = 777;
    CHECK(errorOf(f.lib->upsertDocument(dangling)).find("no content has id 777") != std::string::npos);
    CHECK(errorOf(f.lib->upsertDocument(DocumentRecord{})).find("the path is empty") != std::string::npos);
}

TEST_CASE("two documents with one content share its items until the last one goes")
{
    Fixture f;
    const std::vector<NewItem> items{textItem(0, "shared walrus text", unitVector(4, 1)),
                                     textItem(1, "second walrus chunk", unitVector(4, 2))};
    const int64_t first = addDocument(*f.lib, f.space, "/one.txt", "sha-shared", items);
    const int64_t second = addDocument(*f.lib, f.space, "/copy/one.txt", "sha-shared", items);
    const int64_t content = must(f.lib->contentBySha("sha-shared")).value();
    const std::vector<int64_t> itemIds = [&] {
        std::vector<int64_t> ids;
        for (const ItemRecord &item : must(f.lib->itemsOfContent(content)))
            ids.push_back(item.id);
        return ids;
    }();
    REQUIRE(itemIds.size() == 2);
    CHECK(must(f.lib->itemCount()) == 2);

    CHECK(must(f.lib->removeDocument(first)).empty());
    CHECK(must(f.lib->itemCount()) == 2);
    CHECK(must(f.lib->fullTextSearch("walrus", 10, {})).size() == 2);
    CHECK(must(f.lib->removeContentIfUnused(content)).empty()); // still used by the second

    const uint64_t generation = must(f.lib->generation(f.space));
    CHECK(sorted(must(f.lib->removeDocument(second))) == itemIds);
    CHECK(must(f.lib->itemCount()) == 0);
    CHECK(must(f.lib->vectorCount(f.space)) == 0);
    CHECK(must(f.lib->fullTextSearch("walrus", 10, {})).empty());
    CHECK_FALSE(must(f.lib->contentBySha("sha-shared")));
    CHECK(must(f.lib->generation(f.space)) == generation + 1);
    CHECK(must(f.lib->integrityCheck()).empty()); // the FTS rows went with the items

    CHECK(errorOf(f.lib->removeDocument(first)) == f.file.string() + ": cannot remove document " +
                                                       std::to_string(first) + ": no document has id " +
                                                       std::to_string(first));
}

TEST_CASE("addContent with a wrong vector size writes nothing")
{
    Fixture f;
    const std::vector<NewItem> items{textItem(0, "fine", unitVector(4, 1)),
                                     textItem(7, "too short", std::vector<float>{1, 0, 0})};
    const std::string message = errorOf(f.lib->addContent("sha-bad", items, f.space));
    CHECK(message.find(f.file.string()) == 0);
    CHECK(message.find("position 7") != std::string::npos);
    CHECK(message.find("3 values") != std::string::npos);
    CHECK(message.find("stores 4") != std::string::npos);
    CHECK(must(f.lib->itemCount()) == 0);
    CHECK(must(f.lib->vectorCount(f.space)) == 0);
    CHECK_FALSE(must(f.lib->contentBySha("sha-bad")));
    CHECK(must(f.lib->generation(f.space)) == 0);

    // Inside a caller's transaction, the failure undoes the caller's earlier writes too.
    DocumentRecord doc;
    doc.path = "/bad.txt";
    Status failed = f.lib->transaction([&]() -> cortex::Status {
        if (auto id = f.lib->upsertDocument(doc); !id)
            return id.error();
        auto added = f.lib->addContent("sha-bad", items, f.space);
        if (!added)
            return added.error();
        return {};
    });
    CHECK_FALSE(failed.ok());
    CHECK_FALSE(must(f.lib->documentByPath("/bad.txt")));

    // The SHA-256 is unique, and the space must exist.
    must(f.lib->addContent("sha-ok", std::vector{textItem(0, "x", unitVector(4, 1))}, f.space));
    CHECK(errorOf(f.lib->addContent("sha-ok", std::vector{textItem(0, "y", unitVector(4, 2))}, f.space))
              .find("already exists") != std::string::npos);
    CHECK(errorOf(f.lib->addContent("sha-new", std::vector{textItem(0, "y", unitVector(4, 2))}, 999))
              .find("no embedding space has id 999") != std::string::npos);
    CHECK(must(f.lib->itemCount()) == 1);
}

TEST_CASE("vectors round trip in float32 and float16 spaces")
{
    Fixture f;
    const int64_t half = must(f.lib->ensureSpace(testIdentity(64), VectorEncoding::Float16));
    std::vector<NewItem> items;
    for (int i = 0; i < 5; ++i)
        items.push_back(textItem(i, "chunk " + std::to_string(i), unitVector(64, 10 + unsigned(i))));
    const auto ids = must(f.lib->addContent("sha-half", items, half)).itemIds;
    REQUIRE(ids.size() == 5);
    CHECK(std::is_sorted(ids.begin(), ids.end()));
    for (size_t i = 0; i < ids.size(); ++i) {
        auto back = must(f.lib->vector(half, ids[i]));
        REQUIRE(back);
        REQUIRE(back->size() == 64);
        float worst = 0;
        for (size_t k = 0; k < 64; ++k)
            worst = std::max(worst, std::fabs((*back)[k] - items[i].vector[k]));
        CHECK(worst < 1e-3f);
    }
    // Two bytes a value on disk.
    CHECK(must(f.lib->database().queryInt("SELECT MIN(length(data)) FROM vectors")) ==
          std::optional<int64_t>(128));
    CHECK(must(f.lib->database().queryInt("SELECT MAX(length(data)) FROM vectors")) ==
          std::optional<int64_t>(128));

    // The same items in a float32 space via putVector: exact.
    for (size_t i = 0; i < ids.size(); ++i)
        must(f.lib->putVector(f.space, ids[i], unitVector(4, unsigned(i))));
    CHECK(must(f.lib->vector(f.space, ids[2])) == std::optional<std::vector<float>>(unitVector(4, 2)));
    must(f.lib->putVector(f.space, ids[2], unitVector(4, 99))); // replaces
    CHECK(must(f.lib->vector(f.space, ids[2])) == std::optional<std::vector<float>>(unitVector(4, 99)));
    CHECK(must(f.lib->vectorCount(f.space)) == 5);
    CHECK_FALSE(must(f.lib->vector(f.space, 12345)));

    CHECK(errorOf(f.lib->putVector(f.space, ids[0], unitVector(64, 1))).find("64 values") !=
          std::string::npos);
    CHECK(errorOf(f.lib->putVector(f.space, 12345, unitVector(4, 1))).find("no such item") !=
          std::string::npos);
    CHECK(errorOf(f.lib->putVector(999, ids[0], unitVector(4, 1))).find("no embedding space") !=
          std::string::npos);
}

TEST_CASE("forEachVector visits in item order and can stop early")
{
    Fixture f;
    std::vector<NewItem> items;
    for (int i = 0; i < 4; ++i)
        items.push_back(textItem(i, "v", unitVector(4, unsigned(i))));
    const auto ids = must(f.lib->addContent("sha", items, f.space)).itemIds;
    REQUIRE(ids.size() == 4);

    std::vector<int64_t> seen;
    must(f.lib->forEachVector(f.space, [&](int64_t id, std::span<const float> v) {
        const size_t k = size_t(std::find(ids.begin(), ids.end(), id) - ids.begin());
        REQUIRE(k < ids.size());
        CHECK(std::vector<float>(v.begin(), v.end()) == items[k].vector);
        seen.push_back(id);
        return true;
    }));
    CHECK(seen == ids);

    int visits = 0;
    must(f.lib->forEachVector(f.space, [&](int64_t, std::span<const float>) { return ++visits < 2; }));
    CHECK(visits == 2);

    // A BLOB of the wrong size is an error naming the item, not a silent misread.
    must(f.lib->database().exec("UPDATE vectors SET data = x'0000' WHERE item_id = " +
                                std::to_string(ids[1])));
    const std::string message =
        errorOf(f.lib->forEachVector(f.space, [](int64_t, std::span<const float>) { return true; }));
    CHECK(message.find("item " + std::to_string(ids[1])) != std::string::npos);
    CHECK(message.find("2 bytes") != std::string::npos);
}

TEST_CASE("itemsWithoutVector lists what a new space still has to embed")
{
    Fixture f;
    const auto ids = must(f.lib->addContent("sha",
                                            std::vector{textItem(0, "a", unitVector(4, 1)),
                                                        textItem(1, "b", unitVector(4, 2)),
                                                        textItem(2, "c", unitVector(4, 3))},
                                            f.space))
                         .itemIds;
    REQUIRE(ids.size() == 3);
    const int64_t next =
        must(f.lib->ensureSpace(testIdentity(8), VectorEncoding::Float32, SpaceState::Building));
    CHECK(must(f.lib->itemsWithoutVector(next, 100)) == ids);
    CHECK(must(f.lib->itemsWithoutVector(next, 2)) == std::vector<int64_t>{ids[0], ids[1]});
    must(f.lib->putVector(next, ids[1], unitVector(8, 5)));
    CHECK(must(f.lib->itemsWithoutVector(next, 100)) == std::vector<int64_t>{ids[0], ids[2]});
    CHECK(must(f.lib->itemsWithoutVector(f.space, 100)).empty());
    CHECK_FALSE(f.lib->itemsWithoutVector(999, 10).ok());
}

TEST_CASE("generations count committed changes of a space's vectors")
{
    Fixture f;
    const int64_t other = must(f.lib->ensureSpace(testIdentity(8)));
    CHECK(must(f.lib->generation(f.space)) == 0);

    const int64_t doc = addDocument(*f.lib, f.space, "/a.txt", "sha-a",
                                    {textItem(0, "a", unitVector(4, 1)), textItem(1, "b", unitVector(4, 2))});
    CHECK(must(f.lib->generation(f.space)) == 1); // once for the whole content
    CHECK(must(f.lib->generation(other)) == 0);

    const int64_t item = must(f.lib->itemsOfContent(must(f.lib->contentBySha("sha-a")).value()))[0].id;
    must(f.lib->putVector(f.space, item, unitVector(4, 3)));
    CHECK(must(f.lib->generation(f.space)) == 2);
    CHECK_FALSE(f.lib->putVector(f.space, item, unitVector(8, 3)).ok());
    CHECK(must(f.lib->generation(f.space)) == 2);
    must(f.lib->putVector(other, item, unitVector(8, 3)));
    CHECK(must(f.lib->generation(other)) == 1);

    // A document whose content stays (shared) changes no vectors.
    const int64_t copy = addDocument(*f.lib, f.space, "/copy.txt", "sha-a", {});
    CHECK(must(f.lib->removeDocument(copy)).empty());
    CHECK(must(f.lib->generation(f.space)) == 2);

    // Removing the content bumps every space that lost vectors, once each.
    CHECK(must(f.lib->removeDocument(doc)).size() == 2);
    CHECK(must(f.lib->generation(f.space)) == 3);
    CHECK(must(f.lib->generation(other)) == 2);

    // A rolled-back change leaves the generation as it was.
    const Status undone = f.lib->transaction([&]() -> cortex::Status {
        must(f.lib->addContent("sha-b", std::vector{textItem(0, "x", unitVector(4, 9))}, f.space));
        return cortex::makeError("changed my mind");
    });
    CHECK(errorOf(undone) == "changed my mind");
    CHECK(must(f.lib->generation(f.space)) == 3);
    CHECK(errorOf(f.lib->generation(999)).find("no such space") != std::string::npos);
}

TEST_CASE("full-text search ranks by BM25 and survives any punctuation")
{
    Fixture f;
    const auto ids = must(f.lib->addContent(
                              "sha",
                              std::vector{textItem(0, "apple banana cherry", unitVector(4, 1)),
                                          textItem(1, "apple apple cherry", unitVector(4, 2)),
                                          textItem(2, "durian only here", unitVector(4, 3)),
                                          textItem(3, "The C++ draft standard, NEAR final", unitVector(4, 4)),
                                          textItem(4, "Crème brûlée recipe", unitVector(4, 5))},
                              f.space))
                         .itemIds;
    REQUIRE(ids.size() == 5);

    auto apple = must(f.lib->fullTextSearch("apple", 10, {}));
    REQUIRE(hitIds(apple) == std::vector<int64_t>{ids[1], ids[0]}); // the term twice ranks above once
    CHECK(apple[0].bm25 < apple[1].bm25);

    // OR semantics: a row with some of the words matches; more matching words rank higher.
    auto several = must(f.lib->fullTextSearch("apple durian banana", 10, {}));
    REQUIRE(sorted(hitIds(several)) == std::vector<int64_t>{ids[0], ids[1], ids[2]});
    CHECK(several[0].itemId == ids[0]); // apple and banana

    CHECK(hitIds(must(f.lib->fullTextSearch("APPLE", 1, {}))) == std::vector<int64_t>{ids[1]}); // limit, case
    CHECK(hitIds(must(f.lib->fullTextSearch("creme brulee", 10, {}))) == std::vector<int64_t>{ids[4]});

    for (const char *query : {"C++ (draft) \"x\" AND OR NEAR*", "\"unbalanced", "a:b", "-draft", "^draft",
                              "NOT", "draft*", "(((", "col:draft", "\"\"\"", "'; DROP TABLE items; --"}) {
        CAPTURE(query);
        auto hits = f.lib->fullTextSearch(query, 10, {});
        if (!hits.ok())
            FAIL_CHECK(hits.error().message);
    }
    CHECK(hitIds(must(f.lib->fullTextSearch("C++ (draft) \"x\" AND OR NEAR*", 10, {}))) ==
          std::vector<int64_t>{ids[3]});
    for (const char *empty : {"", "   ", "()\"*", "+-+"})
        CHECK(must(f.lib->fullTextSearch(empty, 10, {})).empty());
    CHECK(must(f.lib->itemCount()) == 5);
}

TEST_CASE("ftsQuery quotes every word and joins them with OR")
{
    CHECK(ftsQuery("") == "");
    CHECK(ftsQuery("hello") == "\"hello\"");
    CHECK(ftsQuery("C++ (draft) \"x\" AND OR NEAR*") ==
          "\"C\" OR \"draft\" OR \"x\" OR \"AND\" OR \"OR\" OR \"NEAR\"");
    CHECK(ftsQuery("café, café") == "\"café\"");
    CHECK(ftsTerms("snake_case-word") == std::vector<std::string>{"snake_case", "word"});
}

TEST_CASE("search filters: collections, kinds, document types and modification times")
{
    Fixture f;
    const int64_t colA = must(f.lib->createCollection("A"));
    const int64_t colB = must(f.lib->createCollection("B"));
    // doc1: text, 1000 s, in A. doc2: pdf, 2000 s, in B (a page and a text chunk). doc3: image, 3000 s, in
    // none.
    const int64_t doc1 = addDocument(*f.lib, f.space, "/1.txt", "c1",
                                     {itemOfKind(ItemKind::Text, 0, "common one", 1)}, "text", 1000);
    const int64_t doc2 = addDocument(*f.lib, f.space, "/2.pdf", "c2",
                                     {itemOfKind(ItemKind::PdfPage, 0, "common page", 2),
                                      itemOfKind(ItemKind::Text, 1, "common chunk", 3)},
                                     "pdf", 2000);
    addDocument(*f.lib, f.space, "/3.png", "c3", {itemOfKind(ItemKind::Image, 0, "common picture", 4)},
                "image", 3000);
    must(f.lib->addToCollection(doc1, colA));
    must(f.lib->addToCollection(doc2, colB));
    const auto items = [&](const std::string &sha) {
        std::vector<int64_t> ids;
        for (const ItemRecord &r : must(f.lib->itemsOfContent(must(f.lib->contentBySha(sha)).value())))
            ids.push_back(r.id);
        return ids;
    };
    const auto i1 = items("c1"), i2 = items("c2"), i3 = items("c3");
    REQUIRE((i1.size() == 1 && i2.size() == 2 && i3.size() == 1));
    const auto join = [](std::initializer_list<std::vector<int64_t>> parts) {
        std::vector<int64_t> all;
        for (const auto &p : parts)
            all.insert(all.end(), p.begin(), p.end());
        return sorted(all);
    };

    // Both entry points must agree with the expectation.
    const auto check = [&](const Where &where, const std::vector<int64_t> &expected) {
        const SearchFilter &filter = where.filter;
        CHECK(must(f.lib->itemsMatching(filter)) == expected);
        CHECK(sorted(hitIds(must(f.lib->fullTextSearch("common", 100, filter)))) == expected);
    };
    check(Where(), join({i1, i2, i3}));
    check(Where().collections({colA}), i1);
    check(Where().collections({colA, colB}), join({i1, i2}));
    check(Where().kinds({ItemKind::PdfPage}), {i2[0]});
    check(Where().kinds({ItemKind::Image, ItemKind::PdfPage}), {i2[0], i3[0]});
    check(Where().types({"image"}), i3);
    check(Where().types({"pdf", "text"}), join({i1, i2}));
    check(Where().after(1500), join({i2, i3}));
    check(Where().after(2000), join({i2, i3})); // inclusive
    check(Where().before(2000), i1);            // exclusive
    check(Where().after(1500).before(2500), i2);
    check(Where().collections({colB}).kinds({ItemKind::Text}), {i2[1]});
    check(Where().collections({colA}).types({"pdf"}), {});
    check(Where().collections({999}), {});

    // A content in two documents: admitted when one document meets every condition by itself.
    const int64_t copy = addDocument(*f.lib, f.space, "/copy/1.txt", "c1", {}, "text", 5000);
    must(f.lib->addToCollection(copy, colB));
    check(Where().collections({colA}).after(4000), {}); // A is old, the new one is in B
    check(Where().collections({colB}).after(4000), i1);
    check(Where().collections({colB}), join({i1, i2}));
}

TEST_CASE("itemViews keeps the given order and shows the first document of a content")
{
    Fixture f;
    const int64_t first = addDocument(*f.lib, f.space, "/z-first.txt", "c1",
                                      {textItem(0, "one", unitVector(4, 1))}, "text", 1000);
    addDocument(*f.lib, f.space, "/a-second.txt", "c1", {}, "markdown", 2000);
    addDocument(
        *f.lib, f.space, "/b.pdf", "c2",
        {itemOfKind(ItemKind::PdfPage, 0, "page zero", 2), itemOfKind(ItemKind::PdfPage, 1, "page one", 3)},
        "pdf", 3000);
    const auto orphan =
        must(f.lib->addContent("c3", std::vector{textItem(0, "orphan", unitVector(4, 4))}, f.space)).itemIds;
    const int64_t a = must(f.lib->itemsOfContent(must(f.lib->contentBySha("c1")).value()))[0].id;
    const auto pages = must(f.lib->itemsOfContent(must(f.lib->contentBySha("c2")).value()));
    REQUIRE(pages.size() == 2);
    REQUIRE(orphan.size() == 1);

    const std::vector<int64_t> ask{pages[1].id, 424242, a, orphan[0], pages[0].id};
    const auto views = must(f.lib->itemViews(ask));
    REQUIRE(views.size() == 4); // the missing id is skipped
    CHECK(views[0].item.id == pages[1].id);
    CHECK(views[0].item.kind == ItemKind::PdfPage);
    CHECK(views[0].item.page == 1);
    CHECK(views[0].item.text == "page one");
    CHECK(views[0].item.thumbnailPng == std::vector<uint8_t>{0x89, 'P', 'N', 'G'});
    CHECK(views[0].documentPath == "/b.pdf");
    CHECK(views[0].documentType == "pdf");
    CHECK(views[0].documentMtimeNs == 3000'000'000'000);
    CHECK(views[1].item.id == a);
    CHECK(views[1].documentId == first); // the lowest id, not the first by path
    CHECK(views[1].documentPath == "/z-first.txt");
    CHECK(views[1].item.thumbnailPng.empty());
    CHECK(views[2].item.id == orphan[0]);
    CHECK(views[2].documentId == 0);
    CHECK(views[2].documentPath.empty());
    CHECK(views[3].item.id == pages[0].id);
    CHECK(must(f.lib->itemViews({})).empty());
}

TEST_CASE("a read-only connection reads while the writer holds a transaction")
{
    Fixture f;
    addDocument(*f.lib, f.space, "/a.txt", "sha-a", {textItem(0, "committed aardvark", unitVector(4, 1))});
    auto reader = openLibrary(f.file, OpenMode::ReadOnly);
    CHECK(must(reader->itemCount()) == 1);

    Status written = f.lib->transaction([&]() -> cortex::Status {
        addDocument(*f.lib, f.space, "/b.txt", "sha-b", {textItem(0, "pending aardvark", unitVector(4, 2))});
        // The writer holds the write lock now; under WAL the reader is neither blocked nor shown the
        // uncommitted rows (a blocked reader would fail after the 5 s busy timeout).
        CHECK(must(reader->itemCount()) == 1);
        CHECK(must(reader->fullTextSearch("aardvark", 10, {})).size() == 1);
        CHECK_FALSE(must(reader->documentByPath("/b.txt")));
        return {};
    });
    must(written);
    CHECK(must(reader->itemCount()) == 2);
    CHECK(must(reader->fullTextSearch("aardvark", 10, {})).size() == 2);

    // The reader refuses to write, saying so.
    const std::string refused = errorOf(reader->setMeta("k", "v"));
    CHECK(refused.find(f.file.string()) == 0);
    CHECK(must(reader->integrityCheck()).empty());

    // A second writer waits for the first instead of failing at once (busy timeout).
    auto second = openLibrary(f.file);
    must(second->setMeta("from", "second"));
    CHECK(must(f.lib->meta("from")) == std::optional<std::string>("second"));
}

TEST_CASE("a read-only connection opens a library no writer has open")
{
    TempDir dir;
    const fs::path file = dir / "library.db";
    {
        auto lib = openLibrary(file);
        const int64_t space = must(lib->ensureSpace(testIdentity()));
        addDocument(*lib, space, "/a.txt", "sha-a", {textItem(0, "quiet library", unitVector(4, 1))});
    }
    auto reader = openLibrary(file, OpenMode::ReadOnly);
    CHECK(must(reader->fullTextSearch("quiet", 10, {})).size() == 1);
    CHECK(reader->schemaVersion() == kSchemaVersion);
}

TEST_CASE("transactions roll back on an error or an exception, and nest")
{
    Fixture f;
    CHECK_FALSE(f.lib
                    ->transaction([&]() -> cortex::Status {
                        must(f.lib->setMeta("a", "1"));
                        return cortex::makeError("no");
                    })
                    .ok());
    CHECK_FALSE(must(f.lib->meta("a")));

    CHECK_THROWS_AS(static_cast<void>(f.lib->transaction([&]() -> cortex::Status {
                        must(f.lib->setMeta("b", "1"));
                        throw std::runtime_error("boom");
                    })),
                    std::runtime_error);
    CHECK_FALSE(must(f.lib->meta("b")));
    CHECK_FALSE(f.lib->database().inTransaction());

    // An inner failure undoes only the inner part.
    must(f.lib->transaction([&]() -> cortex::Status {
        must(f.lib->setMeta("outer", "kept"));
        CHECK_FALSE(f.lib
                        ->transaction([&]() -> cortex::Status {
                            must(f.lib->setMeta("inner", "dropped"));
                            return cortex::makeError("inner fails");
                        })
                        .ok());
        return {};
    }));
    CHECK(must(f.lib->meta("outer")) == std::optional<std::string>("kept"));
    CHECK_FALSE(must(f.lib->meta("inner")));
    must(f.lib->setMeta("outer", "changed"));
    CHECK(must(f.lib->meta("outer")) == std::optional<std::string>("changed"));
}

TEST_CASE("integrityCheck is empty on a healthy library and reports each kind of damage")
{
    Fixture f;
    const int64_t doc =
        addDocument(*f.lib, f.space, "/a.txt", "sha-a",
                    {textItem(0, "alpha", unitVector(4, 1)), textItem(1, "beta", unitVector(4, 2))});
    CHECK(must(f.lib->integrityCheck()).empty());
    Database &db = f.lib->database();

    must(db.exec("UPDATE vectors SET data = x'00010203'"));
    auto problems = must(f.lib->integrityCheck());
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].find("space " + std::to_string(f.space)) == 0);
    CHECK(problems[0].find("2 vectors") != std::string::npos);

    must(db.exec("DELETE FROM vectors"));
    must(db.exec("PRAGMA foreign_keys = OFF"));
    must(db.exec("INSERT INTO document_collections (document_id, collection_id) VALUES (" +
                 std::to_string(doc) + ", 4242)"));
    must(db.exec("PRAGMA foreign_keys = ON"));
    problems = must(f.lib->integrityCheck());
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].find("document_collections") != std::string::npos);
    CHECK(problems[0].find("collections") != std::string::npos);
    must(db.exec("DELETE FROM document_collections"));

    // Text changed behind the index's back (the trigger gone): the FTS check notices, without failing.
    must(db.exec("DROP TRIGGER items_fts_after_update; UPDATE items SET text = 'changed'"));
    problems = must(f.lib->integrityCheck());
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].find("full-text index") != std::string::npos);
}

TEST_CASE("backupTo writes a library that opens with the same rows, replacing an older backup")
{
    Fixture f;
    const int64_t col = must(f.lib->createCollection("Backed up"));
    const int64_t doc =
        addDocument(*f.lib, f.space, "/a.txt", "sha-a", {textItem(0, "backup okapi", unitVector(4, 1))});
    must(f.lib->addToCollection(doc, col));
    const fs::path target = f.dir / "backup.db";
    must(f.lib->backupTo(target));
    CHECK_FALSE(fs::exists(target.string() + ".tmp"));
    {
        auto copy = openLibrary(target, OpenMode::ReadOnly);
        CHECK(must(copy->documents(col)).size() == 1);
        CHECK(must(copy->fullTextSearch("okapi", 10, {})).size() == 1);
        CHECK(must(copy->vectorCount(f.space)) == 1);
        CHECK(must(copy->integrityCheck()).empty());
    }

    addDocument(*f.lib, f.space, "/b.txt", "sha-b", {textItem(0, "later okapi", unitVector(4, 2))});
    must(f.lib->backupTo(target));
    {
        auto copy = openLibrary(target);
        CHECK(must(copy->documents()).size() == 2);
        CHECK(must(copy->fullTextSearch("okapi", 10, {})).size() == 2);
        CHECK(must(copy->integrityCheck()).empty());
    }

    const fs::path nowhere = f.dir / "no-such-folder" / "backup.db";
    const std::string message = errorOf(f.lib->backupTo(nowhere));
    CHECK(message.find(f.file.string()) == 0);
    CHECK(message.find(nowhere.string()) != std::string::npos);
}

TEST_CASE("vacuum and checkpoint")
{
    Fixture f;
    std::vector<NewItem> items;
    for (int i = 0; i < 200; ++i)
        items.push_back(textItem(i, std::string(2000, char('a' + i % 26)), unitVector(4, unsigned(i))));
    const int64_t doc = addDocument(*f.lib, f.space, "/big.txt", "sha-big", items);
    CHECK(must(f.lib->removeDocument(doc)).size() == 200);
    must(f.lib->checkpoint());
    const auto before = fs::file_size(f.file);
    must(f.lib->vacuum());
    must(f.lib->checkpoint());
    CHECK(fs::file_size(f.file) < before);
    CHECK(fs::file_size(f.file.string() + "-wal") == 0); // TRUNCATE empties the log
    CHECK(must(f.lib->integrityCheck()).empty());

    CHECK_FALSE(f.lib->transaction([&]() -> cortex::Status { return f.lib->vacuum(); }).ok());
}

TEST_CASE("meta values")
{
    Fixture f;
    CHECK_FALSE(must(f.lib->meta("theme")));
    must(f.lib->setMeta("theme", "dark"));
    must(f.lib->setMeta("theme", "light"));
    CHECK(must(f.lib->meta("theme")) == std::optional<std::string>("light"));
    must(f.lib->setMeta("empty", ""));
    CHECK(must(f.lib->meta("empty")) == std::optional<std::string>(""));
}

TEST_CASE(
    "a vector or thumbnail changed behind SQLite's back fails its checksum, is skipped and can be dropped")
{
    Fixture f;
    NewItem picture = itemOfKind(ItemKind::Image, 1, "", 9);
    picture.thumbnailPng = {0x89, 'P', 'N', 'G', 1, 2, 3, 4};
    const int64_t zebra = addDocument(*f.lib, f.space, "/notes/zebra.txt", "sha-z",
                                      {textItem(0, "zebra", unitVector(4, 1)), picture});
    addDocument(*f.lib, f.space, "/notes/owl.txt", "sha-o", {textItem(0, "owl", unitVector(4, 2))});
    const auto zebraItems = must(f.lib->itemsOfContent(must(f.lib->contentBySha("sha-z")).value()));
    REQUIRE(zebraItems.size() == 2);
    const int64_t changed = zebraItems[0].id;

    // Plain SQL writes the bytes without the checksum, as a bad sector or a stray write would.
    must(f.lib->database().exec(
        "UPDATE vectors SET data = x'0000803F000000000000000000000000' WHERE item_id = " +
        std::to_string(changed)));
    must(f.lib->database().exec("UPDATE items SET thumbnail = x'00' WHERE id = " +
                                std::to_string(zebraItems[1].id)));
    CHECK(errorOf(f.lib->vector(f.space, changed)).find("do not match their checksum") != std::string::npos);
    CHECK(must(f.lib->itemsWithDamagedThumbnails()) == std::vector<int64_t>{zebraItems[1].id});

    std::vector<int64_t> visited, damaged;
    must(f.lib->forEachVector(
        f.space,
        [&](int64_t id, std::span<const float>) {
            visited.push_back(id);
            return true;
        },
        [&](int64_t id, const std::string &) { damaged.push_back(id); }));
    CHECK(damaged == std::vector<int64_t>{changed});
    CHECK(visited.size() == 2); // the picture and the owl

    // A NaN stored with a matching checksum (an older version's import) is refused as well.
    must(f.lib->database().exec("UPDATE vectors SET data = x'0000C07F000000000000000000000000', checksum = "
                                "cortex_checksum(x'0000C07F000000000000000000000000') WHERE item_id = " +
                                std::to_string(changed)));
    CHECK(errorOf(f.lib->vector(f.space, changed)).find("NaN or infinity") != std::string::npos);

    CHECK(must(f.lib->documentPathsOfItems(std::vector<int64_t>{changed})) ==
          std::vector<std::string>{"/notes/zebra.txt"});
    const auto removed = must(f.lib->dropContentsOfItems(std::vector<int64_t>{changed}, "damaged"));
    CHECK(sorted(removed) == sorted({zebraItems[0].id, zebraItems[1].id}));
    const auto doc = must(f.lib->document(zebra));
    REQUIRE(doc);
    CHECK(doc->status == DocumentStatus::Failed);
    CHECK(doc->error == "/notes/zebra.txt: damaged");
    CHECK_FALSE(doc->contentId);
    CHECK(must(f.lib->itemsWithDamagedThumbnails()).empty());
    CHECK(must(f.lib->integrityCheck()).empty());
}

TEST_CASE("a space of impossible dimension is refused, and two active spaces are an integrity problem")
{
    Fixture f;
    CHECK(errorOf(f.lib->ensureSpace(testIdentity(1'000'000'000))).find("1..32768") != std::string::npos);
    CHECK(must(f.lib->integrityCheck()).empty());
    must(f.lib->ensureSpace(testIdentity(8)));
    const auto problems = must(f.lib->integrityCheck());
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].find("2 embedding spaces are active") != std::string::npos);
}
