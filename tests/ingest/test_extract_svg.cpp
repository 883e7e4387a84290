// SVG drawings: rendered on white through Qt's SVG image plugin from a sanitised copy, their labels as
// text, and the hostile cases: references outside the file (never loaded), entity and <use> bombs,
// deep nesting, huge sizes, malformed XML and oversized files, each refused quickly with a reason that
// names the file. Every SVG is made here.

#include "ingest/extract/extractor.h"
#include "ingest/extract/svg_extractor.h"

#include "ingest_test_support.h"

#include <QElapsedTimer>
#include <QImage>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>
#include <thread>
#include <vector>

using namespace cortex::ingest;
using cortex::test::pngBytes;
using cortex::test::writeFile;

namespace {

QByteArray svgDocument(const QByteArray &body, const QByteArray &size = "width='200' height='100'")
{
    return "<?xml version='1.0' encoding='UTF-8'?>\n<svg xmlns='http://www.w3.org/2000/svg' "
           "xmlns:xlink='http://www.w3.org/1999/xlink' " +
           size + ">\n" + body + "\n</svg>\n";
}

const cortex::ingest::ExtractedItem *firstOfKind(const ExtractedDocument &document, cortex::ItemKind kind)
{
    for (const auto &item : document.items)
        if (item.kind == kind)
            return &item;
    return nullptr;
}

QColor pixel(const QImage &image, double fx, double fy)
{
    return image.pixelColor(int(fx * (image.width() - 1)), int(fy * (image.height() - 1)));
}

bool near(const QColor &a, const QColor &b)
{
    return std::abs(a.red() - b.red()) <= 8 && std::abs(a.green() - b.green()) <= 8 &&
           std::abs(a.blue() - b.blue()) <= 8;
}

QByteArray nested(const QByteArray &open, const QByteArray &close, int depth)
{
    QByteArray out;
    for (int i = 0; i < depth; ++i)
        out += open;
    for (int i = 0; i < depth; ++i)
        out += close;
    return out;
}

} // namespace

class TestExtractSvg : public QObject {
    Q_OBJECT

private:
    QTemporaryDir dir_;

    QString write(const QString &name, const QByteArray &bytes)
    {
        return writeFile(dir_.filePath(name), bytes);
    }

private slots:
    void plainShapeRendersOnWhite()
    {
        // Red on the left half, blue in the top right quarter, nothing (transparent) bottom right.
        const QString path = write(QStringLiteral("shapes.svg"),
                                   svgDocument("<rect x='0' y='0' width='100' height='100' fill='#ff0000'/>"
                                               "<rect x='100' y='0' width='100' height='50' fill='blue'/>"));
        auto document = extractFile(path);
        QVERIFY2(document, document ? "" : document.error().message.c_str());
        QCOMPARE(document->type, QStringLiteral("svg"));
        const auto *item = firstOfKind(*document, cortex::ItemKind::Image);
        QVERIFY(item);
        QCOMPARE(item->imageName, QStringLiteral("shapes.svg"));
        QCOMPARE(item->image.size(), QSize(1024, 512));
        QCOMPARE(item->image.format(), QImage::Format_RGB888);
        QVERIFY(near(pixel(item->image, 0.25, 0.5), Qt::red));
        QVERIFY(near(pixel(item->image, 0.75, 0.25), Qt::blue));
        QVERIFY(near(pixel(item->image, 0.75, 0.75), Qt::white));
        QVERIFY(!firstOfKind(*document, cortex::ItemKind::Text)); // no labels, no text item

        // Again for display and reranking: the same picture.
        auto again = loadItemImage(path, QStringLiteral("svg"), cortex::ItemKind::Image, -1,
                                   QStringLiteral("shapes.svg"));
        QVERIFY(again);
        QCOMPARE(again->size(), item->image.size());
        QVERIFY(near(pixel(*again, 0.25, 0.5), Qt::red));
    }

    void renderSizeFollowsLimits()
    {
        const QString path =
            write(QStringLiteral("small.svg"),
                  svgDocument("<rect width='10' height='20' fill='green'/>", "viewBox='0 0 10 20'"));
        auto document = extractFile(path);
        QVERIFY2(document, document ? "" : document.error().message.c_str());
        QCOMPARE(firstOfKind(*document, cortex::ItemKind::Image)->image.size(), QSize(512, 1024));
        ExtractOptions options;
        options.maxImageLongSide = 300;
        document = extractFile(path, options);
        QVERIFY(document);
        QCOMPARE(firstOfKind(*document, cortex::ItemKind::Image)->image.size(), QSize(150, 300));
        options = {};
        options.maxImagePixels = 5000;
        document = extractFile(path, options);
        QVERIFY(document);
        const QImage image = firstOfKind(*document, cortex::ItemKind::Image)->image;
        QVERIFY(int64_t(image.width()) * image.height() <= 5000);
        QVERIFY(image.height() > image.width());
    }

    void manyElementsAreDrawnSmaller()
    {
        // 20,000 elements that could each cover every pixel: drawn within kSvgDrawBudget pixel-elements.
        QByteArray body;
        for (int i = 0; i < 20000; ++i)
            body += "<rect width='100' height='100' fill='#00f'/>";
        const QString path = write(QStringLiteral("many.svg"), svgDocument(body, "width='100' height='100'"));
        auto document = extractFile(path);
        QVERIFY2(document, document ? "" : document.error().message.c_str());
        const QImage image = firstOfKind(*document, cortex::ItemKind::Image)->image;
        QVERIFY2(int64_t(image.width()) * image.height() <= detail::kSvgDrawBudget / 20000,
                 qPrintable(QStringLiteral("%1x%2").arg(image.width()).arg(image.height())));
        QVERIFY(image.width() >= 128);
        QVERIFY(near(pixel(image, 0.5, 0.5), Qt::blue));
    }

    void labels_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("text");
        QTest::newRow("text") << QByteArray("<text x='10' y='20'>Load balancer</text>")
                              << QStringLiteral("Load balancer");
        QTest::newRow("tspans") << QByteArray("<text x='1' y='9'><tspan>Web</tspan><tspan x='1' "
                                              "dy='12'>server</tspan></text>")
                                << QStringLiteral("Web server");
        QTest::newRow("title, desc and labels in order")
            << QByteArray("<title>Network</title><desc>How the  parts\n connect</desc>"
                          "<g><text x='1' y='9'>Router</text></g><text x='1' y='30'>Switch</text>")
            << QStringLiteral("Network\nHow the parts connect\nRouter\nSwitch");
        QTest::newRow("entities and CDATA")
            << QByteArray("<text x='1' y='9'>A &amp; B <![CDATA[<C>]]></text>")
            << QStringLiteral("A & B <C>");
        QTest::newRow("script text is no label")
            << QByteArray("<text x='1' y='9'>shown</text><script>var hidden = 1;</script>")
            << QStringLiteral("shown");
    }

    void labels()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, text);
        const QString path = write(QStringLiteral("labels.svg"), svgDocument(body));
        auto document = extractFile(path);
        QVERIFY2(document, document ? "" : document.error().message.c_str());
        QCOMPARE(document->items.size(), size_t(2));
        QVERIFY(document->items[0].kind == cortex::ItemKind::Image);
        QVERIFY(document->items[1].kind == cortex::ItemKind::Text);
        QCOMPARE(document->items[1].text, text);
    }

    void labelsWithinTheTextLimit()
    {
        const QString path = write(QStringLiteral("long.svg"),
                                   svgDocument("<text x='1' y='9'>" + QByteArray(5000, 'x') + "</text>"));
        ExtractOptions options;
        options.maxTextChars = 100;
        auto document = extractFile(path, options);
        QVERIFY(document);
        QCOMPARE(firstOfKind(*document, cortex::ItemKind::Text)->text.size(), 100);
        QVERIFY(document->warnings.join(u'\n').contains(QStringLiteral("truncated at 100 characters")));
    }

    void textRenders()
    {
        // Fonts are needed here: the QGuiApplication of this test gives them (offscreen).
        const QString path = write(
            QStringLiteral("text.svg"),
            svgDocument("<text x='5' y='80' font-family='sans-serif' font-size='80' fill='black'>HI</text>"));
        auto document = extractFile(path);
        QVERIFY2(document, document ? "" : document.error().message.c_str());
        const QImage image = firstOfKind(*document, cortex::ItemKind::Image)->image;
        int dark = 0;
        for (int y = 0; y < image.height(); y += 2)
            for (int x = 0; x < image.width(); x += 2)
                dark += qGray(image.pixel(x, y)) < 100;
        QVERIFY2(dark > 100, qPrintable(QString::number(dark)));
        QCOMPARE(firstOfKind(*document, cortex::ItemKind::Text)->text, QStringLiteral("HI"));
    }

    void textRendersOnWorkerThreads()
    {
        // The window ingests on worker threads: several drawings with text at once.
        const QString path =
            write(QStringLiteral("threads.svg"), svgDocument("<text x='5' y='80' font-size='80'>HI</text>"));
        std::vector<std::thread> threads;
        std::atomic<int> rendered{0};
        for (int i = 0; i < 4; ++i)
            threads.emplace_back([&] {
                auto document = extractFile(path);
                if (document && firstOfKind(*document, cortex::ItemKind::Image))
                    ++rendered;
            });
        for (auto &thread : threads)
            thread.join();
        QCOMPARE(rendered.load(), 4);
    }

    void referencesOutsideTheFileAreNotLoaded_data()
    {
        QTest::addColumn<QByteArray>("body");
        // A red PNG beside the drawing, to prove that a relative reference is not followed either.
        const QString beside = QStringLiteral("red.png");
        writeFile(dir_.filePath(beside), pngBytes(20, 20, Qt::red));
        const QByteArray image = "<image x='0' y='0' width='200' height='100' preserveAspectRatio='none' ";
        QTest::newRow("file:// image")
            << image + "xlink:href='file://" + dir_.filePath(beside).toUtf8() + "'/>";
        QTest::newRow("absolute path image")
            << image + "xlink:href='" + dir_.filePath(beside).toUtf8() + "'/>";
        QTest::newRow("relative image") << image + "href='red.png'/>";
        QTest::newRow("passwd") << image + "xlink:href='file:///etc/passwd'/>";
        QTest::newRow("http image") << image + "xlink:href='http://127.0.0.1:9/red.png'/>";
        QTest::newRow("use of another file") << QByteArray("<use xlink:href='other.svg#shape'/>");
        QTest::newRow("style import")
            << QByteArray("<style>@import url(http://127.0.0.1:9/x.css); rect { fill: red }</style>"
                          "<rect width='200' height='100' fill='white'/>");
        QTest::newRow("fill from another file")
            << QByteArray("<g fill='white'><rect width='200' height='100' "
                          "fill='url(http://127.0.0.1:9/g.svg#red)'/></g>");
    }

    void referencesOutsideTheFileAreNotLoaded()
    {
        QFETCH(QByteArray, body);
        const QString path = write(QStringLiteral("outside.svg"), svgDocument(body));
        auto document = extractFile(path);
        QVERIFY2(document, document ? "" : document.error().message.c_str());
        const QImage image = firstOfKind(*document, cortex::ItemKind::Image)->image;
        QVERIFY(near(pixel(image, 0.5, 0.5), Qt::white));
        QVERIFY2(!document->warnings.isEmpty(), "what was left out is said");

        auto clean = detail::sanitizeSvg(svgDocument(body), {});
        QVERIFY(clean);
        QVERIFY(!clean->svg.contains("passwd"));
        QVERIFY(!clean->svg.contains("red.png"));
        QVERIFY(!clean->svg.contains("127.0.0.1"));
        QVERIFY(!clean->svg.contains("other.svg"));
    }

    void inlineImagesWithinTheLimit()
    {
        const QByteArray red = pngBytes(20, 20, Qt::red).toBase64();
        const QString path =
            write(QStringLiteral("inline.svg"),
                  svgDocument("<image x='0' y='0' width='200' height='100' "
                              "preserveAspectRatio='none' xlink:href='data:image/png;base64," +
                              red + "'/>"));
        auto document = extractFile(path);
        QVERIFY2(document, document ? "" : document.error().message.c_str());
        QVERIFY(near(pixel(firstOfKind(*document, cortex::ItemKind::Image)->image, 0.5, 0.5), Qt::red));

        // A header that claims more pixels than the limit: left out before Qt's plugin decodes it.
        const QByteArray bomb = cortex::test::pngHeaderOnly(100000, 100000, true).toBase64();
        auto clean = detail::sanitizeSvg(
            svgDocument("<image width='10' height='10' xlink:href='data:image/png;base64," + bomb + "'/>"),
            {});
        QVERIFY(clean);
        QVERIFY(!clean->svg.contains("base64"));
        QVERIFY(clean->warnings.join(u'\n').contains(QStringLiteral("100000x100000")));
        // Another SVG inside is not an allowed image.
        clean = detail::sanitizeSvg(
            svgDocument("<image width='10' height='10' xlink:href='data:image/svg+xml;base64," +
                        svgDocument("<rect/>").toBase64() + "'/>"),
            {});
        QVERIFY(clean);
        QVERIFY(!clean->svg.contains("base64"));
    }

    void scriptsAndForeignContentAreDropped()
    {
        auto clean = detail::sanitizeSvg(
            svgDocument("<?php echo 1; ?><!-- note --><script>alert(1)</script>"
                        "<foreignObject><div xmlns='http://www.w3.org/1999/xhtml'>html</div></foreignObject>"
                        "<rect width='10' height='10' onclick='alert(2)'/>"),
            {});
        QVERIFY(clean);
        for (const char *gone : {"php", "note", "alert", "foreignObject", "html", "onclick"})
            QVERIFY2(!clean->svg.contains(gone), gone);
        QVERIFY(clean->svg.contains("<rect"));
    }

    void styleSheetsAndInternalReferencesWork()
    {
        // A style sheet without imports, a gradient and a <use> of a shape in <defs>: all drawn.
        const QString path =
            write(QStringLiteral("styled.svg"),
                  svgDocument("<style type='text/css'><![CDATA[ .left { fill: #00ff00 } ]]></style>"
                              "<defs><linearGradient id='blue'><stop offset='0' stop-color='blue'/>"
                              "<stop offset='1' stop-color='blue'/></linearGradient>"
                              "<rect id='box' width='100' height='100'/></defs>"
                              "<rect class='left' width='100' height='100'/>"
                              "<use href='#box' x='100' fill='url(#blue)'/>"));
        auto document = extractFile(path);
        QVERIFY2(document, document ? "" : document.error().message.c_str());
        const QImage image = firstOfKind(*document, cortex::ItemKind::Image)->image;
        QVERIFY(near(pixel(image, 0.25, 0.5), Qt::green));
        QVERIFY(near(pixel(image, 0.75, 0.5), Qt::blue));
        QVERIFY2(document->warnings.isEmpty(), qPrintable(document->warnings.join(u'\n')));
    }

    void hostileDocumentsAreRefused_data()
    {
        QTest::addColumn<QByteArray>("svg");
        QTest::addColumn<QString>("reason");

        QByteArray laughs = "<?xml version='1.0'?>\n<!DOCTYPE svg [\n<!ENTITY lol 'lol'>\n";
        for (int i = 1; i <= 9; ++i)
            laughs +=
                "<!ENTITY lol" + QByteArray::number(i) + " '" +
                QByteArray("&lol").append(i == 1 ? "" : QByteArray::number(i - 1)).append(";").repeated(10) +
                "'>\n";
        laughs += "]>\n<svg xmlns='http://www.w3.org/2000/svg'><text>&lol9;</text></svg>\n";
        QTest::newRow("billion laughs") << laughs << QStringLiteral("declares entities in its DTD");
        QTest::newRow("external entity")
            << QByteArray("<?xml version='1.0'?>\n<!DOCTYPE svg [<!ENTITY x SYSTEM 'file:///etc/passwd'>]>\n"
                          "<svg xmlns='http://www.w3.org/2000/svg'><text>&x;</text></svg>")
            << QStringLiteral("declares entities in its DTD");

        // Ten levels of ten <use> each: ten billion rectangles from a few kilobytes.
        QByteArray fanOut = "<defs><rect id='l0' width='1' height='1'/>";
        for (int level = 1; level <= 10; ++level) {
            fanOut += "<g id='l" + QByteArray::number(level) + "'>";
            for (int i = 0; i < 10; ++i)
                fanOut += "<use xlink:href='#l" + QByteArray::number(level - 1) + "'/>";
            fanOut += "</g>";
        }
        fanOut += "</defs><use xlink:href='#l10'/>";
        QTest::newRow("use fan-out") << svgDocument(fanOut)
                                     << QStringLiteral("which itself is or contains a <use>");

        // One level only, but wide: 2,000 <use> of a group of 1,000 elements.
        QByteArray wide = "<defs><g id='big'>";
        for (int i = 0; i < 1000; ++i)
            wide += "<rect width='1' height='1'/>";
        wide += "</g></defs>";
        for (int i = 0; i < 2000; ++i)
            wide += "<use href='#big'/>";
        QTest::newRow("use of a large group")
            << svgDocument(wide) << QStringLiteral("draw more than 200000 elements");
        QByteArray labels = "<defs><g id='labels'>";
        for (int i = 0; i < 100; ++i)
            labels += "<text x='1' y='9'>label <tspan>" + QByteArray::number(i) + "</tspan></text>";
        labels += "</g></defs>";
        for (int i = 0; i < 150; ++i)
            labels += "<use href='#labels'/>";
        QTest::newRow("too many texts drawn")
            << svgDocument(labels) << QStringLiteral("draws 30200 text elements (counting those its <use>");
        QTest::newRow("use cycle") << svgDocument("<g id='a'><use xlink:href='#a'/></g>")
                                   << QStringLiteral("<use>");
        QTest::newRow("gradient cycle")
            << svgDocument("<linearGradient id='a' xlink:href='#b'/><linearGradient id='b' xlink:href='#a'/>")
            << QStringLiteral("go round in a circle");
        QTest::newRow("deep nesting")
            << svgDocument(nested("<g>", "</g>", 300)) << QStringLiteral("more than 256 levels deep");
        QTest::newRow("deep nesting in a left-out element")
            << svgDocument("<metadata><x:a xmlns:x='urn:x'>" + nested("<x:b>", "</x:b>", 5000) +
                           "</x:a></metadata>")
            << QStringLiteral("more than 256 levels deep");
        QByteArray namespaces;
        for (int i = 0; i < 2000; ++i)
            namespaces += "<g xmlns:n" + QByteArray::number(i) + "='urn:" + QByteArray::number(i) + "'/>";
        QTest::newRow("many namespaces")
            << svgDocument(namespaces) << QStringLiteral("XML namespaces, more than");
        QTest::newRow("too many elements") << svgDocument(QByteArray("<rect/>").repeated(100001))
                                           << QStringLiteral("more than 100000 elements");
        QByteArray attributes = "<rect";
        for (int i = 0; i < 200000; ++i)
            attributes += " a" + QByteArray::number(i) + "='1'";
        attributes += "/>";
        QTest::newRow("many attributes")
            << svgDocument(attributes) << QStringLiteral("attributes, more than");
        QTest::newRow("huge width") << svgDocument("<rect/>", "width='1e30' height='10'")
                                    << QStringLiteral("beyond the limit");
        QTest::newRow("huge viewBox")
            << svgDocument("<rect/>", "viewBox='0 0 1e12 1e12'") << QStringLiteral("beyond the limit");
        QTest::newRow("not svg root")
            << QByteArray("<?xml version='1.0'?><html xmlns='http://www.w3.org/1999/xhtml'><svg/></html>")
            << QStringLiteral("root element is <html>");
        QTest::newRow("zero size") << svgDocument("<rect/>", "width='0' height='0'")
                                   << QStringLiteral("no size");
        QTest::newRow("absurd aspect ratio")
            << svgDocument("<rect/>", "width='100000' height='10'") << QStringLiteral("more than 100 times");
        QTest::newRow("malformed") << QByteArray(
                                          "<svg xmlns='http://www.w3.org/2000/svg'>\n<g>\n<rect></g>\n</svg>")
                                   << QStringLiteral("not well-formed XML (line 3");
        QTest::newRow("unclosed") << QByteArray("<svg xmlns='http://www.w3.org/2000/svg'><g>")
                                  << QStringLiteral("not well-formed XML");
        QTest::newRow("png content") << pngBytes(4, 4, Qt::red)
                                     << QStringLiteral("not an SVG image (it looks like PNG)");
    }

    void hostileDocumentsAreRefused()
    {
        QFETCH(QByteArray, svg);
        QFETCH(QString, reason);
        const QString path = write(QStringLiteral("hostile.svg"), svg);
        QElapsedTimer timer;
        timer.start();
        auto document = extractFile(path);
        QVERIFY2(timer.elapsed() < 10000, qPrintable(QString::number(timer.elapsed())));
        QVERIFY(!document);
        const QString message = QString::fromStdString(document.error().message);
        QVERIFY2(message.startsWith(QStringLiteral("hostile.svg: ")), qPrintable(message));
        QVERIFY2(message.contains(reason), qPrintable(message));
        QVERIFY(!loadItemImage(path, QStringLiteral("svg"), cortex::ItemKind::Image, -1, QString()));
    }

    void hugeSizeRendersWithinThePixelLimit()
    {
        // 100,000 x 100,000 units is 10 billion pixels at full size: drawn at the render size instead.
        const QString path =
            write(QStringLiteral("huge.svg"), svgDocument("<rect width='100000' height='100000' fill='red'/>",
                                                          "width='100000' height='100000'"));
        ExtractOptions options;
        options.maxImagePixels = 250'000;
        auto document = extractFile(path, options);
        QVERIFY2(document, document ? "" : document.error().message.c_str());
        const QImage image = firstOfKind(*document, cortex::ItemKind::Image)->image;
        QVERIFY(int64_t(image.width()) * image.height() <= 250'000);
        QCOMPARE(image.width(), image.height());
        QVERIFY(near(pixel(image, 0.5, 0.5), Qt::red));
    }

    void oversizedFileIsRefused()
    {
        QByteArray big = svgDocument("<desc>" + QByteArray(detail::kMaxSvgBytes, 'x') + "</desc>");
        const QString path = write(QStringLiteral("big.svg"), big);
        auto document = extractFile(path);
        QVERIFY(!document);
        const QString message = QString::fromStdString(document.error().message);
        QVERIFY2(message.startsWith(QStringLiteral("big.svg: the SVG is ")), qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("more than the limit of 16777216 bytes (16 MB)")),
                 qPrintable(message));
    }
};

QTEST_MAIN(TestExtractSvg)
#include "test_extract_svg.moc"
