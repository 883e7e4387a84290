// cortex-bench-extract: extraction speed on real files. For every supported file under the arguments it
// reports PDF text extraction (pages/s), PDF page rendering at --render-side (pages/s), image decoding
// (files/s, megapixels/s) and the other documents (files/s, MB/s), then the totals.
//
// PDF text and rendering are timed apart: text through extractFile without rendering, rendering page by
// page on an open document, so each figure is what the pipeline pays for that step.

#include "ingest/extract/extractor.h"
#include "ingest/extract/file_type.h"
#include "ingest/extract/pdf_extractor.h"
#include "ingest/file_scanner.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QGuiApplication>
#include <QPdfDocument>

#include <cstdio>
#include <map>

using namespace cortex::ingest;

namespace {

struct Tally {
    int files = 0;
    int units = 0; // pages (PDF) or items
    double seconds = 0;
    double megabytes = 0;
    double megapixels = 0;
};

void usage()
{
    std::fprintf(stderr, "usage: cortex-bench-extract FILE_OR_DIR... [--render-side 1280]\n");
}

double rate(double count, double seconds)
{
    return seconds > 0 ? count / seconds : 0;
}

} // namespace

int main(int argc, char **argv)
{
    // No display is needed; SVG drawings need a QGuiApplication for the fonts of their text, so one on
    // the offscreen platform.
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    QStringList inputs;
    int renderSide = 1280;
    const QStringList args = app.arguments().mid(1);
    for (qsizetype i = 0; i < args.size(); ++i) {
        if (args[i] == u"--render-side" && i + 1 < args.size()) {
            bool ok = false;
            renderSide = args[++i].toInt(&ok);
            if (!ok || renderSide <= 0) {
                usage();
                return 2;
            }
        } else if (args[i] == u"--help" || args[i] == u"-h" || args[i].startsWith(u"--")) {
            usage();
            return args[i].startsWith(u"--h") || args[i] == u"-h" ? 0 : 2;
        } else {
            inputs.append(args[i]);
        }
    }
    if (inputs.isEmpty()) {
        usage();
        return 2;
    }

    const ScanResult scan = scanPaths(inputs);
    for (const QString &problem : scan.problems)
        std::fprintf(stderr, "scan: %s\n", qPrintable(problem));
    std::printf("cortex-bench-extract: %lld files, PDF pages rendered with the longer side %d px\n\n",
                static_cast<long long>(scan.files.size()), renderSide);

    Tally pdfText, pdfRender, images, others;
    int errors = 0;
    QElapsedTimer timer;
    for (const QString &path : scan.files) {
        const QString type = detectFileType(path).value_or(QString());
        const double megabytes = QFileInfo(path).size() / 1e6;
        if (type == u"pdf") {
            ExtractOptions textOnly;
            textOnly.pdfRenderLongSide = 0;
            timer.start();
            const auto document = extractFile(path, textOnly);
            const double textSeconds = timer.nsecsElapsed() / 1e9;
            if (!document) {
                std::printf("  error: %s\n", document.error().message.c_str());
                ++errors;
                continue;
            }
            QPdfDocument pdf;
            if (!cortex::ingest::detail::openPdf(pdf, path)) {
                ++errors;
                continue;
            }
            timer.start();
            int rendered = 0;
            for (int page = 0; page < pdf.pageCount(); ++page)
                rendered +=
                    !cortex::ingest::detail::renderPdfPage(pdf, page, renderSide, 100'000'000).isNull();
            const double renderSeconds = timer.nsecsElapsed() / 1e9;
            std::printf("  %-40s %4d pages  text %8.1f pages/s  render %7.1f pages/s\n",
                        qPrintable(QFileInfo(path).fileName()), document->pageCount,
                        rate(document->pageCount, textSeconds), rate(rendered, renderSeconds));
            pdfText.files++;
            pdfText.units += document->pageCount;
            pdfText.seconds += textSeconds;
            pdfText.megabytes += megabytes;
            pdfRender.files++;
            pdfRender.units += rendered;
            pdfRender.seconds += renderSeconds;
            continue;
        }
        timer.start();
        const auto document = extractFile(path);
        const double seconds = timer.nsecsElapsed() / 1e9;
        if (!document) {
            std::printf("  error: %s\n", document.error().message.c_str());
            ++errors;
            continue;
        }
        Tally &tally = type == u"image" ? images : others;
        tally.files++;
        tally.units += int(document->items.size());
        tally.seconds += seconds;
        tally.megabytes += megabytes;
        for (const ExtractedItem &item : document->items)
            tally.megapixels += double(item.image.width()) * item.image.height() / 1e6;
    }

    std::printf("\n");
    std::printf("PDF text       %5d files %6d pages %8.3f s  %9.1f pages/s\n", pdfText.files, pdfText.units,
                pdfText.seconds, rate(pdfText.units, pdfText.seconds));
    std::printf("PDF rendering  %5d files %6d pages %8.3f s  %9.1f pages/s  (%d px)\n", pdfRender.files,
                pdfRender.units, pdfRender.seconds, rate(pdfRender.units, pdfRender.seconds), renderSide);
    std::printf("images         %5d files %13s %8.3f s  %9.1f files/s  %7.1f MP/s\n", images.files, "",
                images.seconds, rate(images.files, images.seconds), rate(images.megapixels, images.seconds));
    std::printf("other docs     %5d files %13s %8.3f s  %9.1f files/s  %7.1f MB/s\n", others.files, "",
                others.seconds, rate(others.files, others.seconds), rate(others.megabytes, others.seconds));
    const double total = pdfText.seconds + pdfRender.seconds + images.seconds + others.seconds;
    const int files = pdfText.files + images.files + others.files;
    std::printf("total          %5d files %13s %8.3f s  %9.1f files/s  %d errors\n", files, "", total,
                rate(files, total), errors);
    return 0;
}
