// Image files: every format Cortex reads, the pixel limit checked on the header before decoding, damaged
// files, EXIF orientation, and the thumbnail and engine-image conversions.

#include "ingest/extract/extractor.h"
#include "ingest/extract/image_conversion.h"
#include "ingest/extract/thumbnail.h"

#include "ingest_test_support.h"

#include <QBuffer>
#include <QGuiApplication>
#include <QImageReader>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace cortex::ingest;
using cortex::test::writeFile;

namespace {

// Left half red, right half blue: orientation and scaling are visible in it.
QImage twoColourImage(int width, int height)
{
    QImage image(width, height, QImage::Format_RGB32);
    for (int y = 0; y < height; ++y) {
        for (int x = 0; x < width; ++x)
            image.setPixel(x, y, x < width / 2 ? qRgb(255, 0, 0) : qRgb(0, 0, 255));
    }
    return image;
}

QByteArray encoded(const QImage &image, const char *format)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    if (!image.save(&buffer, format))
        qFatal("cannot write %s", format);
    return bytes;
}

bool near(QRgb actual, QRgb expected, int tolerance = 40)
{
    return std::abs(qRed(actual) - qRed(expected)) <= tolerance &&
           std::abs(qGreen(actual) - qGreen(expected)) <= tolerance &&
           std::abs(qBlue(actual) - qBlue(expected)) <= tolerance;
}

// A 1x1 GIF with a two-colour palette (red, blue) whose one pixel is index 0, written by hand because Qt
// has no GIF writer.
QByteArray redPixelGif()
{
    return QByteArray("GIF89a\x01\x00\x01\x00\x80\x00\x00"
                      "\xff\x00\x00\x00\x00\xff"
                      "\x2c\x00\x00\x00\x00\x01\x00\x01\x00\x00"
                      "\x02\x02\x44\x01\x00\x3b",
                      35);
}

// A JPEG with an EXIF APP1 segment whose Orientation tag is 6 (rotate 90 degrees clockwise to display).
QByteArray jpegWithOrientation6(const QImage &image)
{
    const QByteArray jpeg = encoded(image, "JPG");
    QByteArray exif("Exif\0\0", 6);
    exif.append(QByteArray("MM\0\x2a\0\0\0\x08", 8));       // big-endian TIFF header, IFD at 8
    exif.append(QByteArray("\0\x01", 2));                   // one entry
    exif.append(QByteArray("\x01\x12\0\x03\0\0\0\x01", 8)); // Orientation, SHORT, count 1
    exif.append(QByteArray("\0\x06\0\0", 4));               // value 6
    exif.append(QByteArray("\0\0\0\0", 4));                 // no next IFD
    QByteArray segment("\xff\xe1", 2);
    const int length = int(exif.size()) + 2;
    segment.append(char(length >> 8)).append(char(length & 0xff)).append(exif);
    return jpeg.left(2) + segment + jpeg.mid(2);
}

} // namespace

class TestExtractImage : public QObject {
    Q_OBJECT

private slots:
    void formats_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QSize>("size");
        QTest::addColumn<bool>("alpha");

        const QImage image = twoColourImage(64, 48);
        QTest::newRow("png") << "a.png" << encoded(image, "PNG") << QSize(64, 48) << false;
        QTest::newRow("jpeg") << "a.jpg" << encoded(image, "JPG") << QSize(64, 48) << false;
        QTest::newRow("bmp") << "a.bmp" << encoded(image, "BMP") << QSize(64, 48) << false;
        if (QImageReader::supportedImageFormats().contains("webp"))
            QTest::newRow("webp") << "a.webp" << encoded(image, "WEBP") << QSize(64, 48) << false;
        if (QImageReader::supportedImageFormats().contains("tiff"))
            QTest::newRow("tiff") << "a.tiff" << encoded(image, "TIFF") << QSize(64, 48) << false;
        QTest::newRow("gif") << "a.gif" << redPixelGif() << QSize(1, 1) << false;
        QImage translucent = image.convertToFormat(QImage::Format_ARGB32);
        translucent.setPixel(0, 0, qRgba(255, 0, 0, 128));
        QTest::newRow("png with alpha")
            << "alpha.png" << encoded(translucent, "PNG") << QSize(64, 48) << true;
        QTest::newRow("wrong extension")
            << "really-a-jpeg.png" << encoded(image, "JPG") << QSize(64, 48) << false;
    }

    void formats()
    {
        QFETCH(QString, name);
        QFETCH(QByteArray, content);
        QFETCH(QSize, size);
        QFETCH(bool, alpha);
        QTemporaryDir dir;
        const auto document = extractFile(writeFile(dir.filePath(name), content));
        QVERIFY2(document.ok(), document.ok() ? "" : document.error().message.c_str());
        QCOMPARE(document->type, QStringLiteral("image"));
        QCOMPARE(document->items.size(), size_t(1));
        const ExtractedItem &item = document->items.front();
        QVERIFY(item.kind == cortex::ItemKind::Image);
        QCOMPARE(item.imageName, name);
        QCOMPARE(item.page, -1);
        QCOMPARE(item.image.size(), size);
        QCOMPARE(item.image.format(), alpha ? QImage::Format_RGBA8888 : QImage::Format_RGB888);
        QVERIFY(near(item.image.pixel(0, item.image.height() - 1), qRgb(255, 0, 0)));
        if (size.width() > 1)
            QVERIFY(near(item.image.pixel(size.width() - 1, 0), qRgb(0, 0, 255)));
        if (alpha)
            QCOMPARE(qAlpha(item.image.pixel(0, 0)), 128);
    }

    void pixelLimitCheckedOnHeader_data()
    {
        QTest::addColumn<bool>("withIdat");
        QTest::newRow("header, no data") << false;
        QTest::newRow("header and the start of IDAT") << true;
    }

    void pixelLimitCheckedOnHeader()
    {
        QFETCH(bool, withIdat);
        QTemporaryDir dir;
        const QString path = writeFile(dir.filePath(QStringLiteral("image.png")),
                                       cortex::test::pngHeaderOnly(20000, 20000, withIdat));
        const auto document = extractFile(path);
        QVERIFY(!document.ok());
        QCOMPARE(
            QString::fromStdString(document.error().message),
            QStringLiteral("image.png: the image is 20000x20000 pixels, more than the limit of 100000000"));
    }

    void customPixelLimit()
    {
        QTemporaryDir dir;
        const QString path =
            writeFile(dir.filePath(QStringLiteral("a.png")), encoded(twoColourImage(64, 48), "PNG"));
        ExtractOptions options;
        options.maxImagePixels = 64 * 48 - 1;
        const auto document = extractFile(path, options);
        QVERIFY(!document.ok());
        QVERIFY(QString::fromStdString(document.error().message).contains(QStringLiteral("64x48 pixels")));
    }

    void damaged_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("reason");

        const QByteArray png = encoded(twoColourImage(300, 200), "PNG");
        QTest::newRow("truncated png") << "cut.png" << png.left(png.size() / 2) << "decoded";
        QTest::newRow("header only") << "header.png" << cortex::test::pngHeaderOnly(32, 32) << "decoded";
        QTest::newRow("not an image") << "text.jpg" << QByteArray("this is not a JPEG")
                                      << "not a supported image format (it looks like text)";
        QTest::newRow("empty") << "empty.gif" << QByteArray() << "the file is empty";
    }

    void damaged()
    {
        QFETCH(QString, name);
        QFETCH(QByteArray, content);
        QFETCH(QString, reason);
        QTemporaryDir dir;
        const auto document = extractFile(writeFile(dir.filePath(name), content));
        QVERIFY(!document.ok());
        const QString message = QString::fromStdString(document.error().message);
        QVERIFY2(message.startsWith(name + QStringLiteral(": ")), qPrintable(message));
        QVERIFY2(message.contains(reason), qPrintable(message));
    }

    // What the decoder says (libpng's "Read Error") is part of the file's reason, never a bare line on
    // stderr (QTest fails on any warning that reaches its handler); warnings of other threads still pass.
    void decoderMessagesInTheReason()
    {
        QTest::failOnWarning(QRegularExpression(QStringLiteral("libpng")));
        QTemporaryDir dir;
        const QByteArray png = encoded(twoColourImage(300, 200), "PNG");
        const auto document =
            extractFile(writeFile(dir.filePath(QStringLiteral("cut.png")), png.left(png.size() / 2)));
        QVERIFY(!document.ok());
        const QString message = QString::fromStdString(document.error().message);
        QVERIFY2(message.contains(QStringLiteral("cannot be decoded")), qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("libpng error: Read Error")), qPrintable(message));

        // Outside a decoder the messages reach the handler that was there before.
        QTest::ignoreMessage(QtWarningMsg, "a warning of the test itself");
        qWarning("a warning of the test itself");
    }

    // The decoder is chosen by the leading bytes from an allow-list, never by the name nor by asking
    // every plugin: Qt's SVG plugin (installed here) would need a QGuiApplication in cortex-cli.
    void otherFormatsRefusedWhateverTheName_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("looksLike");
        QTest::newRow("svg called .png")
            << "x.png"
            << QByteArray("<svg xmlns='http://www.w3.org/2000/svg' width='20' height='20'><text x='1' "
                          "y='10'>hi</text></svg>")
            << "SVG";
        QTest::newRow("xpm called .gif") << "icon.gif"
                                         << QByteArray("/* XPM */\nstatic char *i[] = {\"1 1 1 1\", \"a c "
                                                       "#ff0000\", \"a\"};\n")
                                         << "text";
        QTest::newRow("pdf called .tiff") << "scan.tiff" << QByteArray("%PDF-1.4\n") << "PDF";
        QTest::newRow("ico called .bmp")
            << "fav.bmp" << QByteArray("\0\0\1\0\1\0\x10\x10", 8) << "unknown binary data";
    }

    void otherFormatsRefusedWhateverTheName()
    {
        QFETCH(QString, name);
        QFETCH(QByteArray, content);
        QFETCH(QString, looksLike);
        QTemporaryDir dir;
        const auto document = extractFile(writeFile(dir.filePath(name), content));
        QVERIFY(!document.ok());
        QCOMPARE(QString::fromStdString(document.error().message),
                 name + QStringLiteral(": not a supported image format (it looks like %1)").arg(looksLike));
    }

    // A 16-bit image decodes to 8 bytes a pixel: its buffer is held to what the pixel limit allows at
    // 8-bit RGBA (4 bytes a pixel), whatever its pixel count.
    void decodeBufferBounded()
    {
        QImage deep(40, 30, QImage::Format_RGBA64);
        deep.fill(QColor(10, 200, 30));
        QTemporaryDir dir;
        const QString path = writeFile(dir.filePath(QStringLiteral("deep.png")), encoded(deep, "PNG"));
        ExtractOptions options;
        options.maxImagePixels = 40 * 30 * 2 - 1; // the pixels fit; 8 bytes each do not fit in 4 x the limit
        const auto refused = extractFile(path, options);
        QVERIFY(!refused.ok());
        const QString message = QString::fromStdString(refused.error().message);
        QVERIFY2(message.startsWith(QStringLiteral("deep.png: the image is 40x30 pixels at 64 bits a pixel")),
                 qPrintable(message));
        options.maxImagePixels = 40 * 30 * 2;
        const auto decoded = extractFile(path, options);
        QVERIFY2(decoded.ok(), decoded.ok() ? "" : decoded.error().message.c_str());
        QCOMPARE(decoded->items.size(), size_t(1));
        const QImage::Format format = decoded->items[0].image.format();
        QVERIFY(format == QImage::Format_RGBA8888 || format == QImage::Format_RGB888);
        QCOMPARE(decoded->items[0].image.pixelColor(5, 5).green(), 200);
    }

    void exifOrientationApplied()
    {
        QTemporaryDir dir;
        const QString path = writeFile(dir.filePath(QStringLiteral("camera.jpg")),
                                       jpegWithOrientation6(twoColourImage(40, 20)));
        const auto document = extractFile(path);
        QVERIFY2(document.ok(), document.ok() ? "" : document.error().message.c_str());
        const QImage &image = document->items.front().image;
        // Rotated 90 degrees clockwise: the red left half is now on top.
        QCOMPARE(image.size(), QSize(20, 40));
        QVERIFY(near(image.pixel(10, 3), qRgb(255, 0, 0)));
        QVERIFY(near(image.pixel(10, 36), qRgb(0, 0, 255)));
    }

    void scaledDownWhenAsked_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<int>("longSide");
        QTest::addColumn<QSize>("expected");
        QTest::addColumn<QPoint>("red"); // a pixel in the red half after orientation and scaling

        const QImage wide = twoColourImage(400, 100);
        QTest::newRow("png") << "big.png" << encoded(wide, "PNG") << 200 << QSize(200, 50) << QPoint(2, 48);
        QTest::newRow("jpeg, scaled while decoding")
            << "big.jpg" << encoded(wide, "JPG") << 200 << QSize(200, 50) << QPoint(2, 48);
        QTest::newRow("rotated jpeg") << "camera.jpg" << jpegWithOrientation6(twoColourImage(40, 20)) << 20
                                      << QSize(10, 20) << QPoint(5, 2);
        QTest::newRow("never upscaled")
            << "big.png" << encoded(wide, "PNG") << 1000 << QSize(400, 100) << QPoint(2, 98);
    }

    void scaledDownWhenAsked()
    {
        QFETCH(QString, name);
        QFETCH(QByteArray, content);
        QFETCH(int, longSide);
        QFETCH(QSize, expected);
        QFETCH(QPoint, red);
        QTemporaryDir dir;
        ExtractOptions options;
        options.maxImageLongSide = longSide;
        const auto document = extractFile(writeFile(dir.filePath(name), content), options);
        QVERIFY2(document.ok(), document.ok() ? "" : document.error().message.c_str());
        const QImage &image = document->items.front().image;
        QCOMPARE(image.size(), expected);
        QVERIFY(near(image.pixel(red), qRgb(255, 0, 0)));
    }

    void loadItemImageOfFile()
    {
        QTemporaryDir dir;
        const QString path =
            writeFile(dir.filePath(QStringLiteral("a.png")), encoded(twoColourImage(64, 48), "PNG"));
        const auto image = loadItemImage(path, QStringLiteral("image"), cortex::ItemKind::Image, -1,
                                         QStringLiteral("a.png"));
        QVERIFY(image.ok());
        QCOMPARE(image->size(), QSize(64, 48));
        const auto wrongKind = loadItemImage(path, QStringLiteral("image"), cortex::ItemKind::Text, -1, {});
        QVERIFY(!wrongKind.ok());
        QVERIFY(QFile::remove(path));
        const auto gone = loadItemImage(path, QStringLiteral("image"), cortex::ItemKind::Image, -1,
                                        QStringLiteral("a.png"));
        QVERIFY(!gone.ok());
        QCOMPARE(QString::fromStdString(gone.error().message),
                 QStringLiteral("a.png: the file does not exist (it may have been moved or deleted)"));
    }

    void thumbnail_data()
    {
        QTest::addColumn<QSize>("source");
        QTest::addColumn<int>("maxSide");
        QTest::addColumn<QSize>("expected");

        QTest::newRow("landscape") << QSize(1000, 500) << 256 << QSize(256, 128);
        QTest::newRow("portrait") << QSize(300, 600) << 100 << QSize(50, 100);
        QTest::newRow("small image is not upscaled") << QSize(40, 30) << 256 << QSize(40, 30);
        QTest::newRow("exactly maxSide") << QSize(256, 10) << 256 << QSize(256, 10);
    }

    void thumbnail()
    {
        QFETCH(QSize, source);
        QFETCH(int, maxSide);
        QFETCH(QSize, expected);
        const QByteArray png = thumbnailPng(twoColourImage(source.width(), source.height()), maxSide);
        QVERIFY(png.startsWith("\x89PNG"));
        QImage decoded;
        QVERIFY(decoded.loadFromData(png, "PNG"));
        QCOMPARE(decoded.size(), expected);
        QVERIFY(thumbnailPng(QImage()).isEmpty());
    }

    void toModelImageRgb()
    {
        // Width 3: QImage pads RGB888 rows to 12 bytes, the engine's rows are 9.
        QImage image(3, 2, QImage::Format_RGB32);
        for (int y = 0; y < 2; ++y) {
            for (int x = 0; x < 3; ++x)
                image.setPixel(x, y, qRgb(10 * x, 100 + y, 200));
        }
        const cortex::model::Image out = toModelImage(image);
        QCOMPARE(out.width, 3);
        QCOMPARE(out.height, 2);
        QCOMPARE(out.channels, 3);
        QCOMPARE(out.pixels.size(), size_t(18));
        QCOMPARE(int(out.pixels[0]), 0);
        QCOMPARE(int(out.pixels[3 * 3 + 2 * 3 + 0]), 20);  // x=2, y=1: red
        QCOMPARE(int(out.pixels[3 * 3 + 2 * 3 + 1]), 101); // green
        QCOMPARE(int(out.pixels[3 * 3 + 2 * 3 + 2]), 200); // blue
    }

    void toModelImageStraightAlpha()
    {
        QImage image(1, 1, QImage::Format_ARGB32_Premultiplied);
        image.setPixelColor(0, 0, QColor(200, 100, 50, 128));
        const cortex::model::Image out = toModelImage(image);
        QCOMPARE(out.channels, 4);
        QCOMPARE(int(out.pixels[3]), 128);
        // Un-premultiplied: the colour is the straight one (up to rounding), not halved.
        QVERIFY(std::abs(int(out.pixels[0]) - 200) <= 2);
        QVERIFY(std::abs(int(out.pixels[1]) - 100) <= 2);
        QVERIFY(toModelImage(QImage()).pixels.empty());
    }
};

QTEST_MAIN(TestExtractImage)
#include "test_extract_image.moc"
