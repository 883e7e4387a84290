#pragma once
// Small helpers for the extraction tests: files written into a temporary folder, and a hand-made PNG
// header (the tests make their own data wherever they can).

#include <QBuffer>
#include <QByteArray>
#include <QColor>
#include <QFile>
#include <QImage>
#include <QString>
#include <QTest>

#include <array>
#include <cstdint>

namespace cortex::test {

inline QString writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
        qFatal("cannot write %s", qPrintable(path));
    return path;
}

inline QByteArray readFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(path));
    return file.readAll();
}

// CRC-32 as PNG (and zip) use it.
inline uint32_t crc32(const QByteArray &bytes)
{
    static const std::array<uint32_t, 256> table = [] {
        std::array<uint32_t, 256> t{};
        for (uint32_t n = 0; n < 256; ++n) {
            uint32_t c = n;
            for (int k = 0; k < 8; ++k)
                c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            t[n] = c;
        }
        return t;
    }();
    uint32_t c = 0xFFFFFFFFu;
    for (const char byte : bytes)
        c = table[(c ^ uint8_t(byte)) & 0xFF] ^ (c >> 8);
    return c ^ 0xFFFFFFFFu;
}

inline void appendBigEndian(QByteArray &out, uint32_t value)
{
    out.append(char(value >> 24)).append(char(value >> 16)).append(char(value >> 8)).append(char(value));
}

// A PNG signature and a valid IHDR (CRC included) that claims width x height RGB pixels, then IEND and no
// image data (or, withIdat, the start of a zlib stream): what a decompression bomb looks like before
// decoding.
inline QByteArray pngHeaderOnly(uint32_t width, uint32_t height, bool withIdat = false)
{
    QByteArray png("\x89PNG\r\n\x1a\n", 8);
    QByteArray ihdr("IHDR");
    appendBigEndian(ihdr, width);
    appendBigEndian(ihdr, height);
    ihdr.append(char(8)).append(char(2)).append(char(0)).append(char(0)).append(char(0));
    appendBigEndian(png, 13);
    png.append(ihdr);
    appendBigEndian(png, crc32(ihdr));
    if (withIdat) {
        const QByteArray idat("IDAT\x78\x9c", 6);
        appendBigEndian(png, 2);
        png.append(idat);
        appendBigEndian(png, crc32(idat));
    }
    appendBigEndian(png, 0);
    png.append("IEND");
    appendBigEndian(png, crc32("IEND"));
    return png;
}

// A real PNG of one colour, made by Qt's writer.
inline QByteArray pngBytes(int width, int height, const QColor &colour)
{
    QImage image(width, height, QImage::Format_RGB32);
    image.fill(colour);
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    return bytes;
}

} // namespace cortex::test
