// Ingestion and two-stage search end to end with the tiny Qwen3-VL model: what goes in, what is found,
// incremental updates, failures recorded with their reason, cancel and resume, search during ingestion.

#include "library_fixture.h"

#include "index/vector_index.h"
#include "ingest/ingestor.h"
#include "library/library.h"
#include "search/near_duplicates.h"
#include "search/searcher.h"
#include "store/library_db.h"

#include <QGuiApplication>
#include <QMap>
#include <QThread>

#include <atomic>
#include <thread>

using namespace cortex;
using namespace cortex::testing;

namespace {

// A PNG that claims 20000x20000 pixels: signature and IHDR (with its CRC) only, as a decompression
// bomb would start.
QByteArray hugePngHeader()
{
    const auto crc32 = [](const QByteArray &data) {
        quint32 crc = 0xffffffffu;
        for (const char ch : data) {
            crc ^= quint8(ch);
            for (int k = 0; k < 8; ++k)
                crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1u)));
        }
        return ~crc;
    };
    const auto be32 = [](quint32 v) {
        QByteArray b(4, '\0');
        for (int i = 0; i < 4; ++i)
            b[i] = char((v >> (24 - 8 * i)) & 0xff);
        return b;
    };
    QByteArray ihdr = QByteArray("IHDR") + be32(20000) + be32(20000) + QByteArray("\x08\x02\x00\x00\x00", 5);
    return QByteArray("\x89PNG\r\n\x1a\n", 8) + be32(13) + ihdr + be32(crc32(ihdr));
}

// A PDF whose only page is a picture: a scanned page without text.
void writeScannedPdf(const QString &path)
{
    QPdfWriter writer(path);
    writer.setResolution(72);
    QPainter p(&writer);
    p.drawImage(QRect(40, 40, 400, 300), patternImage(200, 150, Qt::darkGreen, Qt::white, 5));
}

} // namespace

class TestIngestSearch : public QObject {
    Q_OBJECT

    std::unique_ptr<embedding::QwenEncoder> encoder_;
    std::shared_ptr<const model::Tokenizer> tokenizer_;

    struct Setup {
        QTemporaryDir dir;
        std::unique_ptr<Corpus> corpus;
        std::unique_ptr<library::Library> library;
    };

    std::unique_ptr<Setup> ingestCorpus(ingest::IngestSummary *summaryOut = nullptr, int pageImageSide = 1280)
    {
        auto s = std::make_unique<Setup>();
        s->corpus = std::make_unique<Corpus>(s->dir.path());
        s->library =
            library::Library::open(QString(s->dir.path() + QStringLiteral("/lib")).toStdString()).value();
        ingest::Ingestor ingestor(*s->library, *encoder_, tokenizer_);
        ingest::IngestOptions options;
        options.collection = QStringLiteral("work");
        options.chunk.chunkTokens = 32;
        options.chunk.overlapTokens = 4;
        options.extract.pdfRenderLongSide = pageImageSide;
        auto summary = ingestor.ingest({s->corpus->root}, options);
        if (!summary)
            qFatal("%s", summary.error().message.c_str());
        if (summaryOut)
            *summaryOut = *summary;
        return s;
    }

    search::SearchResult runSearch(library::Library &lib, search::Query q,
                                   embedding::Scorer *scorer = nullptr, search::RerankerStatus status = {})
    {
        search::Searcher searcher(lib, *encoder_, scorer);
        auto r = searcher.search(q, status);
        if (!r)
            qFatal("%s", r.error().message.c_str());
        return *r;
    }

private slots:
    void initTestCase()
    {
        encoder_ = loadTinyEncoder();
        tokenizer_ = loadTinyTokenizer();
    }

    void ingestRecordsEveryFile()
    {
        ingest::IngestSummary summary;
        auto s = ingestCorpus(&summary);
        // alpha, beta, gamma, red, blue, report.pdf indexed; the copy shares alpha's content; the empty
        // file is indexed with no items; the broken PDF fails with its reason.
        QCOMPARE(summary.files, 9);
        QCOMPARE(summary.failed, 1);
        QCOMPARE(summary.failures.front().path, s->corpus->corrupt);
        QVERIFY2(summary.failures.front().reason.contains(QStringLiteral("broken.pdf")),
                 qPrintable(summary.failures.front().reason));
        auto db = s->library->openReader().value();
        auto docs = db->documents().value();
        QCOMPARE(int(docs.size()), 9);
        auto failed = db->failedDocuments().value();
        QCOMPARE(int(failed.size()), 1);
        // Identical content is stored once: both paths point at one content.
        const auto a = db->documentByPath(s->corpus->alpha.toStdString()).value().value();
        const auto c = db->documentByPath(s->corpus->duplicate.toStdString()).value().value();
        QCOMPARE(*a.contentId, *c.contentId);
        // The PDF gave text items and one rendered page item per page, with thumbnails.
        const auto pdf = db->documentByPath(s->corpus->pdf.toStdString()).value().value();
        QCOMPARE(pdf.pageCount, 2);
        int pages = 0;
        // Named: a range-for over a temporary Result's value() (a T&&) reads a vector destroyed with it.
        const auto items = db->itemsOfContent(*pdf.contentId).value();
        for (const auto &item : items)
            if (item.kind == ItemKind::PdfPage) {
                ++pages;
                QVERIFY(!item.thumbnailPng.empty());
            }
        QCOMPARE(pages, 2);
        // The pages' embedding time is theirs alone (calls of their own), for the cost shown beside the
        // page-image choice.
        QCOMPARE(summary.pageImages.pages, qint64(2));
        QCOMPARE(summary.pageImages.longSide, 1280);
        QVERIFY(summary.pageImages.seconds > 0);
        QVERIFY(summary.pageImages.seconds < summary.seconds);
        // Every item has a vector and the index agrees with the database.
        auto report = s->library->check().value();
        QVERIFY(report.healthy());
        QCOMPARE(report.indexes.front().databaseVectors, db->itemCount().value());
    }

    // Page images off (a job's choice): the PDF's text is embedded, its pages are not rendered.
    void pageImagesOffKeepsTheTextOnly()
    {
        ingest::IngestSummary summary;
        auto s = ingestCorpus(&summary, 0);
        QCOMPARE(summary.pageImages.pages, qint64(0));
        QCOMPARE(summary.pageImages.seconds, 0.0);
        auto db = s->library->openReader().value();
        const auto pdf = db->documentByPath(s->corpus->pdf.toStdString()).value().value();
        QCOMPARE(pdf.pageCount, 2);
        int text = 0;
        const auto items = db->itemsOfContent(*pdf.contentId).value(); // outlives the loop (see above)
        for (const auto &item : items) {
            QVERIFY(item.kind != ItemKind::PdfPage);
            text += item.kind == ItemKind::Text;
        }
        QVERIFY(text > 0);
        QVERIFY(s->library->check().value().healthy());
    }

    void textQueryFindsTheIdenticalItem()
    {
        auto s = ingestCorpus();
        search::Query q;
        q.text = "The harbour at dawn was full of fishing boats and seagulls.";
        q.rerank = false;
        const auto r = runSearch(*s->library, q);
        QVERIFY(!r.hits.empty());
        QCOMPARE(QString::fromStdString(r.hits.front().view.documentPath), s->corpus->beta);
        QCOMPARE(r.hits.front().bm25Rank.value_or(0), 1);
        QVERIFY(r.hits.front().vectorSimilarity.has_value());
        QVERIFY(!r.reranked);
    }

    void imageQueryFindsTheIdenticalImage()
    {
        auto s = ingestCorpus();
        search::Query q;
        auto image = model::decodeImageFile(s->corpus->blue.toStdString());
        QVERIFY(image.ok());
        q.images.push_back(*image);
        q.rerank = false;
        const auto r = runSearch(*s->library, q);
        QVERIFY(!r.hits.empty());
        QCOMPARE(QString::fromStdString(r.hits.front().view.documentPath), s->corpus->blue);
        QVERIFY(r.hits.front().view.item.kind == ItemKind::Image);
        QVERIFY(!r.hits.front().view.item.thumbnailPng.empty());
        // Embedded exactly like the document: the identical image has cosine similarity 1.
        QVERIFY2(*r.hits.front().vectorSimilarity > 0.999,
                 qPrintable(QString::number(*r.hits.front().vectorSimilarity)));
    }

    // One model's vectors are one space whatever dtype computed them: a library embedded in float32 is
    // searched and extended in bfloat16 (the GPU's dtype, or a CPU with native bfloat16) without a second
    // space, and the identical image is still found first.
    void aLibraryOfOneDtypeIsSearchedAndExtendedWithTheOther()
    {
        QTemporaryDir dir;
        Corpus corpus(dir.path());
        auto lib = library::Library::open(QString(dir.path() + QStringLiteral("/lib")).toStdString()).value();
        auto optionsFor = [](model::DTypePreference dtype) {
            auto o = tinyOptions();
            o.dtype = dtype;
            return o;
        };
        auto fp32 =
            embedding::QwenEncoder::load(CORTEX_TINY_A_DIR, optionsFor(model::DTypePreference::Float32));
        auto bf16 =
            embedding::QwenEncoder::load(CORTEX_TINY_A_DIR, optionsFor(model::DTypePreference::BFloat16));
        QVERIFY(fp32.ok() && bf16.ok());
        QCOMPARE(QString::fromStdString((*bf16)->identity().dtype), QStringLiteral("bfloat16"));
        QVERIFY((*fp32)->identity() == (*bf16)->identity());

        ingest::Ingestor first(*lib, **fp32, tokenizer_);
        QVERIFY(first.ingest({corpus.red, corpus.alpha}, {}).ok());
        ingest::Ingestor second(*lib, **bf16, tokenizer_);
        auto more = second.ingest({corpus.blue}, {});
        QVERIFY2(more.ok(), more.ok() ? "" : more.error().message.c_str());
        QCOMPARE(more->indexed, 1);
        auto db = lib->openReader().value();
        QCOMPARE(int(db->spaces().value().size()), 1);
        QCOMPARE(QString::fromStdString(db->spaces().value().front().identity.dtype),
                 QStringLiteral("float32"));

        search::Searcher searcher(*lib, **bf16, nullptr);
        search::Query q;
        q.images.push_back(model::decodeImageFile(corpus.red.toStdString()).value());
        q.rerank = false;
        const auto r = searcher.search(q, {});
        QVERIFY(r.ok() && !r->hits.empty());
        QCOMPARE(QString::fromStdString(r->hits.front().view.documentPath), corpus.red);
        qInfo("bfloat16 query against the float32 vector of the same image: %.5f",
              *r->hits.front().vectorSimilarity);
        QVERIFY(*r->hits.front().vectorSimilarity > 0.99);
    }

    void keywordOnlyInOneDocumentIsFoundByBm25()
    {
        auto s = ingestCorpus();
        search::Query q;
        q.text = "zebrafinch";
        q.rerank = false;
        q.topK = 20;
        const auto r = runSearch(*s->library, q);
        int found = 0;
        for (const auto &h : r.hits)
            if (h.bm25Rank) {
                ++found;
                QCOMPARE(QString::fromStdString(h.view.documentPath), s->corpus->gamma);
                QCOMPARE(*h.bm25Rank, 1);
            }
        QCOMPARE(found, 1);
    }

    void filtersRestrictBothLists()
    {
        auto s = ingestCorpus();
        search::Query q;
        q.text = "lighthouse";
        q.rerank = false;
        q.topK = 50;
        q.filter.kinds = {ItemKind::PdfPage};
        auto r = runSearch(*s->library, q);
        QCOMPARE(int(r.hits.size()), 2);
        for (const auto &h : r.hits)
            QVERIFY(h.view.item.kind == ItemKind::PdfPage);
        q.filter = {};
        q.filter.documentTypes = {"image"};
        r = runSearch(*s->library, q);
        QCOMPARE(int(r.hits.size()), 2);
        for (const auto &h : r.hits)
            QCOMPARE(h.view.documentType, std::string("image"));
    }

    // The query language's filters apply to the meaning side too, before fusion: a phrase or an
    // exclusion that only the keyword side could check would leave vector hits that break it.
    void queryLanguageFiltersBothLists()
    {
        auto s = ingestCorpus();
        const auto hitsOf = [&](const std::string &text) {
            search::Query q;
            q.text = text;
            q.rerank = false;
            q.topK = 50;
            q.candidates = 50;
            return runSearch(*s->library, q).hits;
        };
        const auto lower = [](std::string t) {
            for (char &c : t)
                c = char(std::tolower(static_cast<unsigned char>(c)));
            return t;
        };
        // Without a phrase the vector side brings every item, the revenue notes among them.
        QVERIFY(hitsOf("revenue zebrafinch").size() > 3);
        auto hits = hitsOf("revenue \"zebrafinch\"");
        QCOMPARE(int(hits.size()), 1);
        QCOMPARE(QString::fromStdString(hits.front().view.documentPath), s->corpus->gamma);

        hits = hitsOf("lighthouse -budget");
        QVERIFY(!hits.empty());
        for (const auto &h : hits)
            QVERIFY2(lower(h.view.item.text).find("budget") == std::string::npos, h.view.item.text.c_str());

        hits = hitsOf("lighthouse type:pdf");
        QVERIFY(!hits.empty());
        for (const auto &h : hits)
            QCOMPARE(h.view.documentType, std::string("pdf"));

        // beta.md and the copy of alpha (shown under alpha.txt, the first document of that content).
        hits = hitsOf("harbour PATH:/Notes/");
        QCOMPARE(int(hits.size()), 2);
        QStringList paths;
        for (const auto &h : hits)
            paths << QString::fromStdString(h.view.documentPath);
        paths.sort();
        QCOMPARE(paths, (QStringList{s->corpus->alpha, s->corpus->beta}));

        QVERIFY(!hitsOf("revenue in:WORK").empty());
        QVERIFY(hitsOf("revenue after:2999-01-01").empty());
        QVERIFY(!hitsOf("revenue before:2999-01-01").empty());

        // Errors, never an empty answer that looks like "nothing matches".
        search::Searcher searcher(*s->library, *encoder_, nullptr);
        const std::pair<std::string, std::string> refused[] = {
            {"revenue in:nowhere", "no collection named 'nowhere'"},
            {"revenue tag:unknown", "no collection has the tag 'unknown'"},
            {"revenue \"unclosed", "not closed"},
            {"type:pdf", "only filters"},
            {"colour:red", "unknown field"},
        };
        for (const auto &[text, part] : refused) {
            search::Query q;
            q.text = text;
            q.rerank = false;
            const auto r = searcher.search(q, {});
            QVERIFY2(!r.ok(), text.c_str());
            QVERIFY2(r.error().message.find(part) != std::string::npos, r.error().message.c_str());
            QVERIFY(r.error().kind == ErrorKind::InvalidInput);
        }
    }

    // Every hit has a similarity (a keyword-only hit's from its stored vector) and says which side found
    // it; a minimum score drops the hits below it; the best K are sorted by date when asked; grouping
    // puts a document's hits together.
    void scoresSortingAndGroups()
    {
        auto s = ingestCorpus();
        search::Query q;
        q.text = "lighthouse";
        q.rerank = false;
        q.topK = 50;
        q.candidates = 50;
        const auto all = runSearch(*s->library, q).hits;
        QVERIFY(all.size() > 4);
        bool both = false;
        std::vector<double> scores;
        for (const auto &h : all) {
            QVERIFY(h.vectorSimilarity.has_value());
            QCOMPARE(search::hitScore(h), *h.vectorSimilarity);
            scores.push_back(*h.vectorSimilarity);
            const auto side = search::foundBy(h);
            QCOMPARE(side == search::FoundBy::Meaning, h.vectorRank && !h.bm25Rank);
            both = both || side == search::FoundBy::Both;
        }
        QVERIFY(both);
        std::sort(scores.begin(), scores.end());
        const double median = scores[scores.size() / 2];
        q.minScore = median;
        const auto kept = runSearch(*s->library, q).hits;
        QVERIFY(!kept.empty() && kept.size() < all.size());
        for (const auto &h : kept)
            QVERIFY(*h.vectorSimilarity >= median);

        // Grouped by document: the report's pages and text chunks under one entry.
        const auto groups = search::groupByDocument(all);
        QVERIFY(groups.size() < all.size());
        size_t grouped = 0;
        for (const auto &g : groups) {
            grouped += g.hits.size();
            for (const auto &h : g.hits)
                QCOMPARE(h.view.documentId, g.documentId);
        }
        QCOMPARE(grouped, all.size());

        // By date: three notes with known modification times.
        QTemporaryDir dir;
        const QString root = dir.path() + QStringLiteral("/dated");
        const QStringList names{QStringLiteral("2021.txt"), QStringLiteral("2019.txt"),
                                QStringLiteral("2023.txt")};
        for (const QString &name : names) {
            writeFile(root + QLatin1Char('/') + name,
                      "Minutes of the lighthouse keepers' meeting in " + name.left(4).toUtf8());
            QFile file(root + QLatin1Char('/') + name);
            QVERIFY(file.open(QIODevice::ReadWrite));
            QVERIFY(file.setFileTime(QDateTime(QDate(name.left(4).toInt(), 6, 1), QTime(12, 0)),
                                     QFileDevice::FileModificationTime));
        }
        const QString libraryDir = dir.path() + QStringLiteral("/lib");
        auto lib = library::Library::open(libraryDir.toStdString()).value();
        ingest::Ingestor ingestor(*lib, *encoder_, tokenizer_);
        QVERIFY(ingestor.ingest({root}, {}).ok());
        q = {};
        q.text = "lighthouse keepers";
        q.rerank = false;
        q.topK = 3;
        const auto yearsOf = [&](search::SortOrder order) {
            q.sort = order;
            QStringList years;
            for (const auto &h : runSearch(*lib, q).hits)
                years << QFileInfo(QString::fromStdString(h.view.documentPath)).baseName();
            return years;
        };
        QCOMPARE(yearsOf(search::SortOrder::Newest),
                 (QStringList{QStringLiteral("2023"), QStringLiteral("2021"), QStringLiteral("2019")}));
        QCOMPARE(yearsOf(search::SortOrder::Oldest),
                 (QStringList{QStringLiteral("2019"), QStringLiteral("2021"), QStringLiteral("2023")}));
    }

    // A picture saved again as JPEG is a near-duplicate of the PNG (another file, another content); the
    // groups come from the index's neighbours, and "more like this" for one item finds the other.
    void nearDuplicatesAreGrouped()
    {
        auto s = ingestCorpus();
        const QString copy = s->dir.path() + QStringLiteral("/more/red-again.jpg");
        QDir().mkpath(QFileInfo(copy).path());
        QVERIFY(QImage(s->corpus->red).save(copy, "JPEG", 100));
        ingest::Ingestor ingestor(*s->library, *encoder_, tokenizer_);
        QVERIFY(ingestor.ingest({copy}, {}).ok());

        search::NearDuplicateOptions options;
        options.threshold = 0.98;
        auto groups = search::nearDuplicateGroups(*s->library, options);
        QVERIFY2(groups.ok(), groups.ok() ? "" : groups.error().message.c_str());
        const search::NearDuplicateGroup *pictures = nullptr;
        for (const auto &g : *groups) {
            QStringList paths;
            for (const auto &v : g.items)
                paths << QString::fromStdString(v.documentPath);
            if (paths.contains(copy))
                pictures = &g;
        }
        QVERIFY(pictures);
        QCOMPARE(int(pictures->items.size()), 2);
        QCOMPARE(QString::fromStdString(pictures->items[0].documentPath), s->corpus->red); // by path
        QCOMPARE(QString::fromStdString(pictures->items[1].documentPath), copy);
        QVERIFY(pictures->highestSimilarity >= 0.98);

        QCOMPARE(int(groups->size()), 1); // the corpus has no other near-duplicates
        const auto redItem = pictures->items[0].item.id;
        auto similar = search::nearDuplicatesOf(*s->library, redItem, options);
        QVERIFY(similar.ok());
        QCOMPARE(int(similar->size()), 1);
        QCOMPARE(QString::fromStdString(similar->front().view.documentPath), copy);

        // Above any similarity: nothing is a near-duplicate.
        options.threshold = 1.01;
        QVERIFY(search::nearDuplicateGroups(*s->library, options)->empty());
    }

    void rerankingReordersTheCandidates()
    {
        auto s = ingestCorpus();
        ScriptedScorer scorer;
        // Hand-chosen scores: the gamma text 0.9, small images 0.5 + width/1000 (red 0.596, blue 0.564),
        // rendered PDF pages (wide) 0.05, every other text 0.1.
        scorer.rule = [](const embedding::EncodeInput &d) {
            if (d.text.find("zebrafinch") != std::string::npos)
                return 0.9;
            if (!d.images.empty())
                return d.images.front().width < 200 ? 0.5 + d.images.front().width / 1000.0 : 0.05;
            return 0.1;
        };
        search::Query q;
        q.text = "revenue";
        q.topK = 3;
        q.candidates = 50;
        auto r = runSearch(*s->library, q, &scorer, {search::RerankerState::Ready, {}});
        QVERIFY(r.reranked);
        QCOMPARE(int(r.hits.size()), 3);
        QCOMPARE(QString::fromStdString(r.hits[0].view.documentPath), s->corpus->gamma);
        QCOMPARE(*r.hits[0].rerankScore, 0.9);
        QCOMPARE(QString::fromStdString(r.hits[1].view.documentPath), s->corpus->red);
        QCOMPARE(*r.hits[1].rerankScore, 0.596);
        QCOMPARE(QString::fromStdString(r.hits[2].view.documentPath), s->corpus->blue);

        // While the reranker loads (or after it failed) search still answers, says so, and keeps the fused
        // order.
        r = runSearch(*s->library, q, &scorer, {search::RerankerState::Loading, {}});
        QVERIFY(!r.reranked);
        QVERIFY(QString::fromStdString(r.note).contains(QStringLiteral("loading")));
        QVERIFY(!r.hits.front().rerankScore);
        for (size_t i = 1; i < r.hits.size(); ++i)
            QVERIFY(r.hits[i - 1].fusedScore >= r.hits[i].fusedScore);
        // The session passes no scorer until the reranker is loaded: the note must still say "loading".
        r = runSearch(*s->library, q, nullptr, {search::RerankerState::Loading, {}});
        QVERIFY2(QString::fromStdString(r.note).contains(QStringLiteral("loading")), r.note.c_str());
        r = runSearch(*s->library, q, &scorer, {search::RerankerState::Failed, "out of memory"});
        QVERIFY(QString::fromStdString(r.note).contains(QStringLiteral("out of memory")));
    }

    void unchangedFilesAreSkippedAndChangedOnesReplaced()
    {
        auto s = ingestCorpus();
        ingest::Ingestor ingestor(*s->library, *encoder_, tokenizer_);
        ingest::IngestOptions options;
        options.collection = QStringLiteral("work");
        auto again = ingestor.ingest({s->corpus->root}, options).value();
        QCOMPARE(again.indexed, 0);
        QCOMPARE(again.items, 0);

        // gamma changes: its old words disappear from the index, the new ones are found.
        QTest::qWait(20); // a different mtime even on coarse file systems
        writeFile(s->corpus->gamma, "A heron stood in the reeds by the mill pond.");
        auto changed = ingestor.ingest({s->corpus->gamma}, options).value();
        QCOMPARE(changed.indexed, 1);
        auto db = s->library->openReader().value();
        QVERIFY(db->fullTextSearch("zebrafinch", 10, {}).value().empty());
        QCOMPARE(int(db->fullTextSearch("heron", 10, {}).value().size()), 1);
        QVERIFY(s->library->check().value().healthy());

        // beta is deleted: rescan removes it, its items and vectors.
        QVERIFY(QFile::remove(s->corpus->beta));
        auto rescan = ingestor.rescan(options).value();
        QCOMPARE(rescan.removed, 1);
        QVERIFY(!db->documentByPath(s->corpus->beta.toStdString()).value().has_value());
        QVERIFY(db->fullTextSearch("seagulls", 10, {}).value().empty());
        QVERIFY(s->library->check().value().healthy());
    }

    void cancelledJobResumesWhereItStopped()
    {
        QTemporaryDir dir;
        Corpus corpus(dir.path());
        auto lib = library::Library::open(QString(dir.path() + QStringLiteral("/lib")).toStdString()).value();
        ingest::Ingestor ingestor(*lib, *encoder_, tokenizer_);
        int reports = 0;
        std::atomic_bool stop{false};
        auto first = ingestor.ingest(
            {corpus.root}, {},
            [&](const Progress &p) {
                if (p.done >= 3 && ++reports)
                    stop = true;
            },
            [&] { return stop.load(); });
        QVERIFY(first.ok());
        QVERIFY(first->cancelled);
        auto db = lib->openReader().value();
        auto job = db->job(first->jobId).value().value();
        QVERIFY(job.state == store::JobState::Paused); // resumable, also after a restart
        QCOMPARE(int(db->unfinishedJobs().value().size()), 1);
        const auto pendingBefore = db->jobFiles(first->jobId, store::JobFileState::Pending).value().size();
        QVERIFY(pendingBefore > 0);
        auto resumed = ingestor.resume(first->jobId).value();
        QVERIFY(!resumed.cancelled);
        QCOMPARE(resumed.indexed + resumed.skipped + resumed.failed, int64_t(pendingBefore));
        QVERIFY(db->job(first->jobId).value()->state == store::JobState::Finished);
        QCOMPARE(int(db->documents().value().size()), 9);
        QVERIFY(lib->check().value().healthy());
    }

    // While a job runs its row carries the time left as the run estimates it (for cortex-cli jobs and
    // the library API, other processes: api::jobCounts counts it down), seen from another connection once
    // a file is done.
    void aRunningJobRecordsItsTimeLeft()
    {
        QTemporaryDir dir;
        Corpus corpus(dir.path());
        auto lib = library::Library::open(QString(dir.path() + QStringLiteral("/lib")).toStdString()).value();
        auto reader = lib->openReader().value();
        ingest::Ingestor ingestor(*lib, *encoder_, tokenizer_);
        std::optional<store::JobInfo> seen;
        auto summary = ingestor.ingest({corpus.root}, {}, [&](const Progress &p) {
            if (p.done == 2 && p.stage != ingest::kPageImagesStage && !seen)
                seen = reader->jobs().value().front();
        });
        QVERIFY(summary.ok());
        QVERIFY(seen);
        QCOMPARE(seen->id, summary->jobId);
        QVERIFY(seen->state == store::JobState::Running);
        QVERIFY(seen->etaSeconds && *seen->etaSeconds >= 0);
        QVERIFY(seen->etaAt > 0);
        QVERIFY(reader->job(summary->jobId).value()->state == store::JobState::Finished);
    }

    void badFilesAreRecordedWithTheirReasonAndNothingElseIsLost()
    {
        auto s = ingestCorpus();
        const QString edge = s->dir.path() + QStringLiteral("/edge");
        writeFile(edge + QStringLiteral("/huge.png"), hugePngHeader());
        QVERIFY(QFile::copy(QStringLiteral(CORTEX_TEST_DATA_DIR "/ingest/password-protected.pdf"),
                            edge + QStringLiteral("/locked.pdf")));
        writeScannedPdf(edge + QStringLiteral("/scanned.pdf"));
        writeFile(edge + QStringLiteral("/empty.md"), QByteArray());
        writeFile(edge + QStringLiteral("/vanishing.txt"), "This file is deleted after the scan.");
        writeFile(edge + QStringLiteral("/zz-last.txt"), "Processed after the vanishing file.");
        const auto itemsBefore = s->library->openReader().value()->itemCount().value();

        ingest::Ingestor ingestor(*s->library, *encoder_, tokenizer_);
        bool deleted = false;
        // Once the job is recorded (the "ingesting" reports), the file vanishes mid-ingest.
        auto summary = ingestor.ingest({edge}, {}, [&](const Progress &p) {
            if (!deleted && p.stage == "ingesting")
                deleted = QFile::remove(edge + QStringLiteral("/vanishing.txt"));
        });
        QVERIFY(summary.ok());
        QVERIFY(deleted);
        QCOMPARE(summary->files, 6);
        QCOMPARE(summary->failed, 3);
        QCOMPARE(summary->indexed, 2); // scanned.pdf and zz-last.txt
        QCOMPARE(summary->skipped, 1); // empty.md: the same (empty) content as the corpus's empty.txt
        QMap<QString, QString> reasons;
        for (const auto &f : summary->failures)
            reasons[f.path.section(QLatin1Char('/'), -1)] = f.reason;
        QVERIFY2(reasons[QStringLiteral("huge.png")].contains(QStringLiteral("20000x20000")),
                 qPrintable(reasons[QStringLiteral("huge.png")]));
        QVERIFY2(reasons[QStringLiteral("locked.pdf")].contains(QStringLiteral("password")),
                 qPrintable(reasons[QStringLiteral("locked.pdf")]));
        QVERIFY2(reasons[QStringLiteral("vanishing.txt")].contains(QStringLiteral("does not exist")),
                 qPrintable(reasons[QStringLiteral("vanishing.txt")]));

        auto db = s->library->openReader().value();
        // The failures are in the library with their reasons (the Maintenance tab's log).
        QCOMPARE(int(db->failedDocuments().value().size()), 1 + 3); // broken.pdf from the corpus, and these
        // The scanned page is one rendered-page item; the rest of the library is untouched.
        const auto scanned =
            db->documentByPath(QString(edge + QStringLiteral("/scanned.pdf")).toStdString()).value().value();
        const auto items = db->itemsOfContent(*scanned.contentId).value();
        QCOMPARE(int(items.size()), 1);
        QVERIFY(items.front().kind == ItemKind::PdfPage);
        QVERIFY(db->itemCount().value() > itemsBefore);
        QCOMPARE(int(db->fullTextSearch("harbour", 10, {}).value().size()), 1);
        QVERIFY(s->library->check().value().healthy());
    }

    // Files the project did not write: Debian's bash and libtiff documentation (PDF, HTML-less text,
    // PNG/JPEG/GIF). Each file is ingested or recorded with its reason; none is lost, none crashes.
    void debianDocumentationIngests()
    {
        const QString tiff = QStringLiteral("/usr/share/doc/libtiff-doc/manual");
        const QString bashPdf = QStringLiteral("/usr/share/doc/bash/bash.pdf");
        if (!QFileInfo::exists(tiff) || !QFileInfo::exists(bashPdf))
            QSKIP("libtiff-doc and bash-doc are not installed (packaging/debian-build-deps.txt)");
        QTemporaryDir dir;
        auto lib = library::Library::open(QString(dir.path() + QStringLiteral("/lib")).toStdString()).value();
        ingest::Ingestor ingestor(*lib, *encoder_, tokenizer_);
        ingest::IngestOptions options;
        options.scan.includePatterns = {QStringLiteral("*.png"), QStringLiteral("*.jpg"),
                                        QStringLiteral("*.gif"), QStringLiteral("*.pdf"),
                                        QStringLiteral("*.txt")};
        options.scan.excludePatterns = {QStringLiteral("_sources")}; // the .txt copies of the HTML pages
        options.extract.pdfRenderLongSide = 160; // small pages keep the test quick on two cores
        auto summary = ingestor.ingest({tiff, bashPdf}, options);
        QVERIFY(summary.ok());
        qInfo("Debian corpus: %lld files, %lld indexed, %lld skipped, %lld failed, %lld items in %.1f s",
              static_cast<long long>(summary->files), static_cast<long long>(summary->indexed),
              static_cast<long long>(summary->skipped), static_cast<long long>(summary->failed),
              static_cast<long long>(summary->items), summary->seconds);
        for (const auto &f : summary->failures)
            qInfo("  %s", qPrintable(f.reason));
        QVERIFY(summary->files >= 15);
        QCOMPARE(summary->indexed + summary->skipped + summary->failed, summary->files);
        for (const auto &f : summary->failures)
            QVERIFY2(f.reason.startsWith(f.path.section(QLatin1Char('/'), -1)) || f.reason.startsWith(f.path),
                     qPrintable(f.reason));
        auto db = lib->openReader().value();
        QCOMPARE(int64_t(db->documents().value().size()), summary->files);
        const auto pdf = db->documentByPath(bashPdf.toStdString()).value().value();
        QVERIFY(pdf.pageCount > 50);
        QVERIFY(lib->check().value().healthy());
        // The manual's own words are found.
        search::Query q;
        q.text = "pipeline";
        q.rerank = false;
        q.filter.documentTypes = {"pdf"};
        const auto r = runSearch(*lib, q);
        QVERIFY(!r.hits.empty());
        QCOMPARE(QString::fromStdString(r.hits.front().view.documentPath), bashPdf);
    }

    void searchWorksDuringIngestion()
    {
        QTemporaryDir dir;
        Corpus corpus(dir.path());
        // More files so that ingestion takes a while.
        for (int i = 0; i < 20; ++i)
            writeFile(corpus.root + QStringLiteral("/more/file%1.txt").arg(i),
                      QStringLiteral("Extra document number %1 about lighthouse keepers.").arg(i).toUtf8());
        auto lib = library::Library::open(QString(dir.path() + QStringLiteral("/lib")).toStdString()).value();
        // Seed the space so that searches have something from the start.
        ingest::Ingestor ingestor(*lib, *encoder_, tokenizer_);
        QVERIFY(ingestor.ingest({corpus.alpha}, {}).ok());
        std::atomic_bool done{false};
        std::atomic<int> searches{0}, failures{0};
        std::thread searcher([&] {
            // Its own encoder: an Encoder is not shared between threads.
            auto encoder = loadTinyEncoder();
            search::Searcher s(*lib, *encoder, nullptr);
            search::Query q;
            q.text = "lighthouse keepers";
            while (!done) {
                auto r = s.search(q, {});
                if (!r || r->hits.empty())
                    ++failures;
                ++searches;
            }
        });
        // Interleave for certain: after each file, wait (briefly) until a search has completed meanwhile.
        const auto waitForASearch = [&] {
            const int before = searches.load();
            for (int i = 0; i < 400 && searches.load() == before; ++i)
                QThread::msleep(5);
        };
        waitForASearch(); // the searcher thread has loaded its model
        const int searchesBefore = searches.load();
        auto summary = ingestor.ingest({corpus.root}, {}, [&](const Progress &p) {
            if (p.stage == "ingesting")
                waitForASearch();
        });
        const int searchesDuring = searches.load() - searchesBefore;
        done = true;
        searcher.join();
        QVERIFY(summary.ok());
        QCOMPARE(failures.load(), 0);
        QVERIFY2(searchesDuring > 0, "no search was answered while the ingestion ran");
        qInfo("%d searches ran during the ingestion of %lld files", searchesDuring,
              static_cast<long long>(summary->files));
        QVERIFY(lib->check().value().healthy());
    }
};

QTEST_MAIN(TestIngestSearch)
#include "test_ingest_search.moc"
