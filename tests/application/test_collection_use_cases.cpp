// The application layer's collection use cases (application/collections.h) on a real library ingested
// with the tiny model: what cortex-cli and the Collections tab both call. Each edit is checked in the
// database and, for deletions, in the index; refusals name what they refuse and change nothing.

#include "../library/library_fixture.h"

#include "application/collections.h"
#include "application/library_views.h"
#include "application/maintenance.h"
#include "ingest/ingestor.h"
#include "library/library.h"
#include "store/library_db.h"

#include <QGuiApplication>

using namespace cortex;
using namespace cortex::testing;
using application::CollectionRef;

class TestCollectionUseCases : public QObject {
    Q_OBJECT

    std::unique_ptr<embedding::QwenEncoder> tinyA_, tinyB_;
    std::shared_ptr<const model::Tokenizer> tokenizer_;

    // A library of the text files of the corpus in the collection "work" (images and PDFs left out:
    // the test is about collections, not extraction).
    std::unique_ptr<library::Library> ingested(const QString &dir, embedding::Encoder &encoder,
                                               const QStringList &files, const QString &collection)
    {
        auto lib = library::Library::open(dir.toStdString()).value();
        ingest::Ingestor ingestor(*lib, encoder, tokenizer_);
        ingest::IngestOptions options;
        options.collection = collection;
        if (auto s = ingestor.ingest(files, options); !s)
            qFatal("%s", s.error().message.c_str());
        return lib;
    }

    // Sorted and joined with commas, so that a failed comparison shows them.
    static QString names(library::Library &lib)
    {
        QStringList out;
        const auto all = application::listCollections(lib); // kept: a range-for over value() would dangle
        for (const auto &c : all.value())
            out << QString::fromStdString(c.name);
        out.sort();
        return out.join(QLatin1Char(','));
    }

    static QStringList documentPaths(library::Library &lib, const std::string &collection)
    {
        QStringList out;
        const auto documents = application::collectionDocuments(lib, CollectionRef::byName(collection));
        for (const auto &d : documents.value())
            out << QString::fromStdString(d.path);
        out.sort();
        return out;
    }

private slots:
    void initTestCase()
    {
        tinyA_ = loadTinyEncoder(CORTEX_TINY_A_DIR);
        tinyB_ = loadTinyEncoder(CORTEX_TINY_B_DIR);
        tokenizer_ = loadTinyTokenizer();
    }

    void createRenameTagMergeByNameAndById()
    {
        QTemporaryDir dir;
        Corpus corpus(dir.path());
        auto lib = ingested(dir.path() + QStringLiteral("/lib"), *tinyA_, {corpus.alpha, corpus.gamma},
                            QStringLiteral("work"));

        const auto created = application::createCollection(*lib, "drafts");
        QVERIFY2(created.ok(), created.ok() ? "" : created.error().message.c_str());
        QVERIFY(*created > 0);
        QVERIFY(!application::createCollection(*lib, "drafts").ok()); // the name exists
        QVERIFY(application::renameCollection(*lib, CollectionRef::byId(*created), "ideas").ok());
        QCOMPARE(names(*lib), QStringLiteral("ideas,work"));
        QVERIFY(application::setCollectionTags(*lib, CollectionRef::byName("ideas"), {"q3", "draft"}).ok());
        const auto collections = application::listCollections(*lib);
        for (const auto &c : collections.value())
            if (c.name == "ideas")
                QCOMPARE(c.tags, (std::vector<std::string>{"draft", "q3"}));

        // An unknown collection is named in the error, and nothing changes.
        const Status unknown = application::renameCollection(*lib, CollectionRef::byName("nope"), "x");
        QVERIFY(!unknown.ok());
        QVERIFY2(unknown.error().message.find("'nope'") != std::string::npos,
                 unknown.error().message.c_str());
        QCOMPARE(int(unknown.error().kind), int(ErrorKind::NotFound));

        QVERIFY(
            application::mergeCollections(*lib, CollectionRef::byName("work"), CollectionRef::byName("ideas"))
                .ok());
        QCOMPARE(names(*lib), QStringLiteral("ideas"));
        QCOMPARE(documentPaths(*lib, "ideas").size(), 2);
    }

    void documentsInAndOutByPathAndFolder()
    {
        QTemporaryDir dir;
        Corpus corpus(dir.path());
        auto lib = ingested(dir.path() + QStringLiteral("/lib"), *tinyA_,
                            {corpus.alpha, corpus.beta, corpus.gamma}, QStringLiteral("work"));
        QVERIFY(application::createCollection(*lib, "notes").ok());

        // A folder names every document of the library under it; a file outside the library is refused.
        const auto underNotes =
            application::documentsAt(*lib, {QString(corpus.root + QStringLiteral("/notes")).toStdString()});
        QVERIFY2(underNotes.ok(), underNotes.ok() ? "" : underNotes.error().message.c_str());
        QCOMPARE(underNotes->size(), size_t(1));
        const auto outside = application::documentsAt(*lib, {corpus.duplicate.toStdString()});
        QVERIFY(!outside.ok());
        QVERIFY2(outside.error().message.find("copy-of-alpha.txt is not in the library") != std::string::npos,
                 outside.error().message.c_str());

        QCOMPARE(application::addDocuments(*lib, CollectionRef::byName("notes"), *underNotes).value(),
                 int64_t(1));
        QCOMPARE(documentPaths(*lib, "notes"), QStringList{corpus.beta});
        const auto alpha = application::documentsAt(*lib, {corpus.alpha.toStdString()}).value();
        QCOMPARE(application::moveDocuments(*lib, CollectionRef::byName("work"),
                                            CollectionRef::byName("notes"), alpha)
                     .value(),
                 int64_t(1));
        QCOMPARE(documentPaths(*lib, "work").size(), 2);  // beta and gamma
        QCOMPARE(documentPaths(*lib, "notes").size(), 2); // alpha and beta
        QVERIFY(application::removeDocuments(*lib, CollectionRef::byName("notes"), alpha).ok());
        QCOMPARE(documentPaths(*lib, "notes"), QStringList{corpus.beta});
        // Removed from a collection, a document stays in the library.
        QCOMPARE(application::documentsAt(*lib, {corpus.alpha.toStdString()}).value(), alpha);
    }

    void deleteRemovesOnlyDocumentsOfNoOtherCollectionAndTheirVectors()
    {
        QTemporaryDir dir;
        Corpus corpus(dir.path());
        auto lib = ingested(dir.path() + QStringLiteral("/lib"), *tinyA_, {corpus.alpha, corpus.gamma},
                            QStringLiteral("work"));
        QVERIFY(application::createCollection(*lib, "keep").ok());
        const auto gamma = application::documentsAt(*lib, {corpus.gamma.toStdString()}).value();
        QVERIFY(application::addDocuments(*lib, CollectionRef::byName("keep"), gamma).ok());
        const int64_t before = application::itemCount(*lib).value();

        const auto removed = application::deleteCollection(*lib, CollectionRef::byName("work"));
        QVERIFY2(removed.ok(), removed.ok() ? "" : removed.error().message.c_str());
        QVERIFY(*removed > 0);
        QCOMPARE(application::itemCount(*lib).value(), before - *removed);
        QCOMPARE(names(*lib), QStringLiteral("keep"));
        QVERIFY(!application::documentsAt(*lib, {corpus.alpha.toStdString()}).ok()); // gone with "work"
        QCOMPARE(application::documentsAt(*lib, {corpus.gamma.toStdString()}).value(), gamma);
        // The index lost exactly their vectors: the check finds the database and the index agree.
        const auto report = application::checkLibrary(*lib);
        QVERIFY(report.ok());
        QVERIFY(report->healthy());
    }

    void exportImportRoundTripAndTheRefusalOfAnotherModel()
    {
        QTemporaryDir dir;
        Corpus corpus(dir.path());
        auto source = ingested(dir.path() + QStringLiteral("/a"), *tinyA_, {corpus.alpha, corpus.gamma},
                               QStringLiteral("work"));
        const std::string file = QString(dir.path() + QStringLiteral("/work.cortex")).toStdString();
        const auto exported = application::exportCollection(*source, CollectionRef::byName("work"), file);
        QVERIFY2(exported.ok(), exported.ok() ? "" : exported.error().message.c_str());
        QCOMPARE(exported->documents, int64_t(2));

        // Into a library of the same model: imported.
        auto same =
            ingested(dir.path() + QStringLiteral("/same"), *tinyA_, {corpus.beta}, QStringLiteral("mine"));
        const auto imported = application::importCollection(*same, file, std::string("theirs"));
        QVERIFY2(imported.ok(), imported.ok() ? "" : imported.error().message.c_str());
        QVERIFY(imported->summary.has_value());
        QCOMPARE(imported->summary->documents, int64_t(2));
        QCOMPARE(names(*same), QStringLiteral("mine,theirs"));

        // Into a library of another model without one to embed again: refused with both identities,
        // nothing imported; the sentence names both models.
        auto other =
            ingested(dir.path() + QStringLiteral("/b"), *tinyB_, {corpus.beta}, QStringLiteral("mine"));
        const auto refused = application::importCollection(*other, file, std::string("theirs"));
        QVERIFY(refused.ok());
        QVERIFY(!refused->summary.has_value());
        QCOMPARE(refused->fileIdentity, tinyA_->identity());
        QCOMPARE(refused->libraryIdentity, tinyB_->identity());
        QCOMPARE(names(*other), QStringLiteral("mine"));
        const std::string sentence = application::refusalMessage(*refused, file);
        QVERIFY2(sentence.find(tinyA_->identity().modelName) != std::string::npos &&
                     sentence.find(tinyB_->identity().modelName) != std::string::npos,
                 sentence.c_str());
        // With the library's model it is embedded again and imported.
        const auto reembedded =
            application::importCollection(*other, file, std::string("theirs"), tinyB_.get());
        QVERIFY2(reembedded.ok(), reembedded.ok() ? "" : reembedded.error().message.c_str());
        QVERIFY(reembedded->summary && reembedded->summary->reembedded);
    }
};

int main(int argc, char **argv)
{
    QGuiApplication app(argc, argv);
    TestCollectionUseCases test;
    return QTest::qExec(&test, argc, argv);
}

#include "test_collection_use_cases.moc"
