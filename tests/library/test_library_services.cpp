// Export/import of a collection and migration to another model, with the two tiny test models
// (tiny-a and tiny-b: one architecture, other weights, so another embedding space).

#include "library_fixture.h"

#include "index/vector_index.h"
#include "ingest/ingestor.h"
#include "library/library.h"
#include "search/searcher.h"
#include "service/collection_manifest.h"
#include "service/collection_transfer.h"
#include "service/migration.h"
#include "store/library_db.h"

#include <QGuiApplication>

using namespace cortex;
using namespace cortex::testing;

class TestLibraryServices : public QObject {
    Q_OBJECT

    std::unique_ptr<embedding::QwenEncoder> tinyA_, tinyB_;
    std::shared_ptr<const model::Tokenizer> tokenizer_;

    std::unique_ptr<library::Library> ingested(const QString &dir, embedding::Encoder &encoder,
                                               const Corpus &corpus)
    {
        auto lib = library::Library::open(dir.toStdString()).value();
        ingest::Ingestor ingestor(*lib, encoder, tokenizer_);
        ingest::IngestOptions options;
        options.collection = QStringLiteral("work");
        if (auto s = ingestor.ingest({corpus.root}, options); !s)
            qFatal("%s", s.error().message.c_str());
        return lib;
    }

    static QByteArray fileBytes(const QString &path)
    {
        QFile f(path);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }

private slots:
    void initTestCase()
    {
        tinyA_ = loadTinyEncoder(CORTEX_TINY_A_DIR);
        tinyB_ = loadTinyEncoder(CORTEX_TINY_B_DIR);
        tokenizer_ = loadTinyTokenizer();
        QVERIFY(!(tinyA_->identity() == tinyB_->identity()));
        QCOMPARE(tinyA_->identity().outputDim, tinyB_->identity().outputDim); // same width, not compatible
    }

    void exportThenImportKeepsItemsAndVectors()
    {
        QTemporaryDir dir;
        Corpus corpus(dir.path());
        auto source = ingested(dir.path() + QStringLiteral("/a"), *tinyA_, corpus);
        const QString file = dir.path() + QStringLiteral("/work.cortex");
        QVERIFY(source->write([](store::LibraryDb &db) -> Status {
            auto work = db.collectionByName("work");
            if (!work || !work->has_value())
                return makeError("no collection 'work'");
            return db.setCollectionTags((*work)->id, {"finance", "2026"});
        }));
        auto exported = service::exportCollection(*source, "work", file.toStdString());
        QVERIFY2(exported.ok(), exported.ok() ? "" : exported.error().message.c_str());
        QVERIFY(exported->items > 0);
        QVERIFY(!QFile::exists(file + QStringLiteral(".tmp")));

        auto target =
            library::Library::open(QString(dir.path() + QStringLiteral("/b")).toStdString()).value();
        auto imported = service::importCollection(*target, file.toStdString(), std::string("imported"));
        QVERIFY2(imported.ok(), imported.ok() ? "" : imported.error().message.c_str());
        QCOMPARE(imported->items, exported->items);
        QCOMPARE(imported->documents, exported->documents);
        // Everything exported comes back, the collection's tags too.
        {
            auto db = target->openReader().value();
            const auto collection = db->collectionByName("imported").value();
            QVERIFY(collection.has_value());
            auto tags = collection->tags;
            std::sort(tags.begin(), tags.end());
            QCOMPARE(tags, (std::vector<std::string>{"2026", "finance"}));
        }

        // The same image query finds the same image, with the vectors carried over bit for bit.
        search::Searcher searcher(*target, *tinyA_, nullptr);
        search::Query q;
        q.images.push_back(model::decodeImageFile(corpus.red.toStdString()).value());
        q.rerank = false;
        auto r = searcher.search(q, {});
        QVERIFY(r.ok());
        QCOMPARE(QString::fromStdString(r->hits.front().view.documentPath), corpus.red);
        QVERIFY(*r->hits.front().vectorSimilarity > 0.999);
        QVERIFY(target->check().value().healthy());
    }

    // The manifest parser alone (fuzz_collection_manifest feeds it any bytes): the fields an export
    // writes, and errors that name the file.
    void manifestParsesFromBytesAndNamesTheFileInErrors()
    {
        const std::string manifest = R"({"format": "cortex-collection", "version": 1, "collection": "work",
            "tags": ["a", "b"], "space": {"modelName": "tiny-a", "modelHash": "abc", "outputDim": 64,
            "mrlDim": 32, "dtype": "float32", "instruction": "Represent.", "normalized": true},
            "sha256": {"documents.json": "00", "items.json": "11", "vectors.f32": "22"}})";
        auto parsed = service::parseCollectionManifest(manifest, "work.cortex");
        QVERIFY(!parsed.ok()); // no counts: an export always writes them
        QVERIFY2(parsed.error().message.starts_with("work.cortex: manifest.json: 'documents' is missing"),
                 parsed.error().message.c_str());
        std::string complete = manifest;
        complete.insert(complete.rfind('}'), R"(, "documents": 2, "items": 3)");
        parsed = service::parseCollectionManifest(complete, "work.cortex");
        QVERIFY2(parsed.ok(), parsed.ok() ? "" : parsed.error().message.c_str());
        QCOMPARE(parsed->collection, std::string("work"));
        QCOMPARE(parsed->identity.modelName, std::string("tiny-a"));
        QCOMPARE(parsed->identity.storedDim(), 32);
        QCOMPARE(parsed->items, int64_t(3));
        QCOMPARE(parsed->sha256.at("items.json"), std::string("11"));
        QCOMPARE(parsed->tags, (std::vector<std::string>{"a", "b"}));

        const std::pair<std::string, std::string> refused[] = {
            {"", "manifest.json is not valid JSON"},
            {"\x89PNG not json", "manifest.json is not valid JSON"},
            {"[1, 2]", "not a Cortex collection file"},
            {R"({"format": "other", "version": 1})", "not a Cortex collection file"},
            {R"({"format": "cortex-collection", "version": 3})", "made by a newer Cortex (format version 3)"},
            {R"({"format": "cortex-collection", "version": 1, "space": {"modelName": "m", "modelHash": "h",
                "dtype": "float32", "outputDim": 1000000000}})",
             "'outputDim' is 1000000000, outside 1..32768"},
            {R"({"format": "cortex-collection", "version": 1, "collection": "w", "tags": "a",
                "space": {"modelName": "m", "modelHash": "h", "dtype": "float32", "outputDim": 4}})",
             "'tags' is not a list"},
            {R"({"format": "cortex-collection", "version": 1, "collection": "w", "tags": [""],
                "space": {"modelName": "m", "modelHash": "h", "dtype": "float32", "outputDim": 4}})",
             "'tags' holds an empty tag"},
        };
        for (const auto &[bytes, reason] : refused) {
            auto r = service::parseCollectionManifest(bytes, "bad.cortex");
            QVERIFY(!r.ok());
            QVERIFY2(r.error().message.starts_with("bad.cortex: ") &&
                         r.error().message.find(reason) != std::string::npos,
                     r.error().message.c_str());
        }
    }

    void importIsRefusedForAnotherModelOrADamagedFile()
    {
        QTemporaryDir dir;
        Corpus corpus(dir.path());
        auto source = ingested(dir.path() + QStringLiteral("/a"), *tinyA_, corpus);
        const QString file = dir.path() + QStringLiteral("/work.cortex");
        QVERIFY(service::exportCollection(*source, "work", file.toStdString()).ok());

        // A library made with tiny-b (of one file) refuses it and stays as it was.
        auto other = library::Library::open(QString(dir.path() + QStringLiteral("/b")).toStdString()).value();
        {
            ingest::Ingestor ingestor(*other, *tinyB_, tokenizer_);
            QVERIFY(ingestor.ingest({corpus.alpha}, {}).ok());
        }
        const auto before = other->openReader().value()->itemCount().value();
        auto refused = service::importCollection(*other, file.toStdString(), std::string("x"));
        QVERIFY(!refused.ok());
        const QString message = QString::fromStdString(refused.error().message);
        QVERIFY2(message.contains(QStringLiteral("tiny-a")) && message.contains(QStringLiteral("tiny-b")),
                 qPrintable(message));
        QCOMPARE(other->openReader().value()->itemCount().value(), before);
        QVERIFY(!other->openReader().value()->collectionByName("x").value().has_value());

        // Offered as re-embedding: with the library's model, every item is embedded again.
        auto reembedded =
            service::importCollection(*other, file.toStdString(), std::string("from-a"), tinyB_.get());
        QVERIFY2(reembedded.ok(), reembedded.ok() ? "" : reembedded.error().message.c_str());
        QVERIFY(reembedded->reembedded);
        QVERIFY(other->openReader().value()->collectionByName("from-a").value().has_value());
        auto otherDb = other->openReader().value();
        const auto spaces = otherDb->spaces().value();
        QCOMPARE(spaces.size(), size_t(1));
        QCOMPARE(spaces.front().vectorCount, otherDb->itemCount().value());
        QVERIFY(spaces.front().vectorCount > before);
        QVERIFY(other->check().value().healthy());
        {
            // The red image was embedded again from its file by tiny-b: it finds itself.
            search::Searcher searcher(*other, *tinyB_, nullptr);
            search::Query q;
            q.images.push_back(model::decodeImageFile(corpus.red.toStdString()).value());
            auto r = searcher.search(q, {});
            QVERIFY(r.ok());
            QCOMPARE(QString::fromStdString(r->hits.front().view.documentPath), corpus.red);
            QVERIFY(*r->hits.front().vectorSimilarity > 0.999);
        }
        // Re-embedding with a model that is not the library's is refused.
        auto mismatch = service::importCollection(*other, file.toStdString(), std::string("y"), tinyA_.get());
        QVERIFY(!mismatch.ok());

        // A file whose contents were altered is refused by its checksums.
        QByteArray bytes = fileBytes(file);
        const qsizetype at = bytes.indexOf("Quarterly");
        if (at >= 0) { // items.json is stored deflated or not; alter whatever is visible, else the tail
            bytes[at] = 'q';
        } else {
            bytes[bytes.size() / 2] = char(bytes[bytes.size() / 2] ^ 0x20);
        }
        const QString damaged = dir.path() + QStringLiteral("/damaged.cortex");
        writeFile(damaged, bytes);
        auto target =
            library::Library::open(QString(dir.path() + QStringLiteral("/c")).toStdString()).value();
        auto bad = service::importCollection(*target, damaged.toStdString());
        QVERIFY(!bad.ok());
        QCOMPARE(target->openReader().value()->itemCount().value(), 0);

        // Not a collection file at all.
        auto notZip = service::importCollection(*target, corpus.alpha.toStdString());
        QVERIFY(!notZip.ok());
        QVERIFY(QString::fromStdString(notZip.error().message).contains(QStringLiteral("alpha.txt")));
    }

    // Ingesting with another model (the window's path: no command-line check before it) is refused
    // with both models named; the library keeps one space and its items.
    void ingestWithAnotherModelIsRefused()
    {
        QTemporaryDir dir;
        Corpus corpus(dir.path());
        auto lib = ingested(dir.path() + QStringLiteral("/a"), *tinyA_, corpus);
        const auto items = lib->openReader().value()->itemCount().value();
        ingest::Ingestor other(*lib, *tinyB_, tokenizer_);
        auto refused = other.ingest({corpus.root}, {});
        QVERIFY(!refused.ok());
        const QString message = QString::fromStdString(refused.error().message);
        QVERIFY2(message.contains(QStringLiteral("tiny-a")) && message.contains(QStringLiteral("tiny-b")) &&
                     message.contains(QStringLiteral("migrate")),
                 qPrintable(message));
        auto reader = lib->openReader().value();
        QCOMPARE(int(reader->spaces().value().size()), 1);
        QCOMPARE(reader->itemCount().value(), items);
        QCOMPARE(int(reader->jobs().value().size()), 1); // the first ingestion's; none for the refused one
    }

    void migrationSwitchesSpacesAtomically()
    {
        QTemporaryDir dir;
        Corpus corpus(dir.path());
        auto lib = ingested(dir.path() + QStringLiteral("/a"), *tinyA_, corpus);
        const auto items = lib->openReader().value()->itemCount().value();

        // Searching with the other model before migrating is refused with the reason.
        {
            search::Searcher wrong(*lib, *tinyB_, nullptr);
            search::Query q;
            q.text = "revenue";
            auto r = wrong.search(q, {});
            QVERIFY(!r.ok());
            QVERIFY(QString::fromStdString(r.error().message).contains(QStringLiteral("tiny-a")));
        }
        // A cancelled migration leaves the old space active and searchable.
        int calls = 0;
        auto partial = service::migrateLibrary(*lib, *tinyB_, 2, {}, [&] { return ++calls > 2; });
        QVERIFY(partial.ok());
        QVERIFY(partial->cancelled);
        QVERIFY(!partial->switched);
        {
            search::Searcher old(*lib, *tinyA_, nullptr);
            search::Query q;
            q.text = "revenue";
            QVERIFY(old.search(q, {}).ok());
        }
        // Running it again finishes the work and switches.
        auto done = service::migrateLibrary(*lib, *tinyB_, 4);
        QVERIFY2(done.ok(), done.ok() ? "" : done.error().message.c_str());
        QVERIFY(done->switched);
        auto db = lib->openReader().value();
        const auto spaces = db->spaces().value();
        QCOMPARE(int(spaces.size()), 1);
        QVERIFY(spaces.front().identity == tinyB_->identity());
        QCOMPARE(spaces.front().vectorCount, items);
        search::Searcher searcher(*lib, *tinyB_, nullptr);
        search::Query q;
        q.images.push_back(model::decodeImageFile(corpus.blue.toStdString()).value());
        auto r = searcher.search(q, {});
        QVERIFY(r.ok());
        QCOMPARE(QString::fromStdString(r->hits.front().view.documentPath), corpus.blue);
        QVERIFY(lib->check().value().healthy());
    }
};

QTEST_MAIN(TestLibraryServices)
#include "test_library_services.moc"
