// Real files that the project did not write: the manuals, examples and pictures that two small Debian
// documentation packages install (bash-doc: PDF, Markdown, text, PNG; libtiff-doc: JPEG, GIF, PNG, text).
// Every supported file must either give items or fail with a clear error that names it; nothing may
// crash. The packages are in packaging/debian-build-deps.txt; without one the test skips, naming it.

#include "ingest/extract/extractor.h"
#include "ingest/extract/file_type.h"
#include "ingest/file_scanner.h"

#include <QFileInfo>
#include <QGuiApplication>
#include <QMap>
#include <QTest>

#include <numeric>

using namespace cortex::ingest;
using cortex::ItemKind;

namespace {

struct CorpusReport {
    QMap<QString, int> filesByType; // "pdf" -> files that gave items
    QMap<QString, int> emptyByType; // files that gave a document without items (an empty text file)
    QStringList errors;             // clear errors: "name: reason"
    QStringList failures;           // what the test rejects
    int pdfPages = 0;
    QString pdfText; // all PDF text, for a sanity check of its content
};

CorpusReport extractAll(const QStringList &files)
{
    CorpusReport report;
    ExtractOptions options;
    options.pdfRenderLongSide = 256; // small pages keep the test fast (under AddressSanitizer too)
    for (const QString &path : files) {
        const QString name = QFileInfo(path).fileName();
        const QString type = detectFileType(path).value_or(QStringLiteral("?"));
        const auto document = extractFile(path, options);
        if (!document.ok()) {
            const QString message = QString::fromStdString(document.error().message);
            if (message.startsWith(name + QStringLiteral(": ")) && message.size() > name.size() + 10)
                report.errors.append(message);
            else
                report.failures.append(path + QStringLiteral(": unclear error: ") + message);
            continue;
        }
        if (document->type != type)
            report.failures.append(path + QStringLiteral(": type %1, expected %2").arg(document->type, type));
        if (document->items.empty()) {
            ++report.emptyByType[type];
            continue;
        }
        ++report.filesByType[type];
        for (const ExtractedItem &item : document->items) {
            if (item.kind != ItemKind::Text && item.image.isNull())
                report.failures.append(path + QStringLiteral(": an image item without pixels"));
            if (item.kind == ItemKind::Text && item.text.trimmed().isEmpty())
                report.failures.append(path + QStringLiteral(": an empty text item"));
            if (type == u"pdf" && item.kind == ItemKind::Text)
                report.pdfText += item.text;
        }
        if (type == u"pdf") {
            report.pdfPages += document->pageCount;
            const auto rendered =
                std::count_if(document->items.begin(), document->items.end(),
                              [](const ExtractedItem &item) { return item.kind == ItemKind::PdfPage; });
            if (rendered != document->pageCount)
                report.failures.append(
                    path +
                    QStringLiteral(": %1 of %2 pages rendered").arg(rendered).arg(document->pageCount));
        }
    }
    return report;
}

void printReport(const char *package, const CorpusReport &report)
{
    QStringList counts;
    for (auto it = report.filesByType.cbegin(); it != report.filesByType.cend(); ++it)
        counts.append(QStringLiteral("%1 %2").arg(it.value()).arg(it.key()));
    qInfo("%s: %s; %d PDF pages; %d empty; %d clear errors", package,
          qPrintable(counts.join(QStringLiteral(", "))), report.pdfPages,
          int(std::accumulate(report.emptyByType.cbegin(), report.emptyByType.cend(), 0)),
          int(report.errors.size()));
    for (const QString &error : report.errors)
        qInfo("  %s", qPrintable(error));
}

} // namespace

class TestExtractCorpus : public QObject {
    Q_OBJECT

private slots:
    void bashDoc()
    {
        const QString folder = QStringLiteral("/usr/share/doc/bash");
        if (!QFileInfo::exists(folder + QStringLiteral("/bashref.pdf")))
            QSKIP("the Debian package bash-doc is not installed (/usr/share/doc/bash/bashref.pdf)");
        const ScanResult scan = scanPaths({folder});
        QVERIFY(scan.problems.isEmpty());
        const CorpusReport report = extractAll(scan.files);
        printReport("bash-doc", report);
        QVERIFY2(report.failures.isEmpty(), qPrintable(report.failures.join(u'\n')));
        QVERIFY(report.errors.isEmpty());
        QVERIFY(report.filesByType.value(QStringLiteral("pdf")) >= 2); // bash.pdf, bashref.pdf
        QVERIFY(report.pdfPages > 100);
        QVERIFY(report.pdfText.contains(QStringLiteral("Bash Reference Manual")));
        QVERIFY(report.filesByType.value(QStringLiteral("markdown")) >= 1);
        QVERIFY(report.filesByType.value(QStringLiteral("image")) >= 1);
    }

    void libtiffDoc()
    {
        const QString folder = QStringLiteral("/usr/share/doc/libtiff-doc");
        if (!QFileInfo::exists(folder + QStringLiteral("/manual/_images/cover.jpg")))
            QSKIP("the Debian package libtiff-doc is not installed "
                  "(/usr/share/doc/libtiff-doc/manual/_images)");
        const ScanResult scan = scanPaths({folder});
        QVERIFY(scan.problems.isEmpty());
        const CorpusReport report = extractAll(scan.files);
        printReport("libtiff-doc", report);
        QVERIFY2(report.failures.isEmpty(), qPrintable(report.failures.join(u'\n')));
        QVERIFY(report.errors.isEmpty());
        // JPEG, GIF and PNG pictures and the manual's reStructuredText sources.
        QVERIFY(report.filesByType.value(QStringLiteral("image")) >= 12);
        QVERIFY(report.filesByType.value(QStringLiteral("text")) >= 50);
    }
};

QTEST_MAIN(TestExtractCorpus)
#include "test_extract_corpus.moc"
