#include "ingest/extract/file_type.h"

#include <QFile>
#include <QFileInfo>
#include <QHash>

namespace cortex::ingest {

namespace {

const QHash<QString, QString> &typeByExtension()
{
    // Plain-text formats whose content reads as prose or data; source code is left out on purpose
    // (a desktop search over documents, not a code index).
    static const QHash<QString, QString> table = [] {
        QHash<QString, QString> t;
        for (const char *ext : {"txt", "text", "log", "csv", "tsv", "rst", "org", "tex", "json", "yaml",
                                "yml", "toml", "ini", "cfg", "conf"})
            t.insert(QString::fromLatin1(ext), QStringLiteral("text"));
        for (const char *ext : {"md", "markdown", "mkd", "mdown"})
            t.insert(QString::fromLatin1(ext), QStringLiteral("markdown"));
        for (const char *ext : {"png", "jpg", "jpeg", "jpe", "webp", "gif", "bmp", "tif", "tiff"})
            t.insert(QString::fromLatin1(ext), QStringLiteral("image"));
        t.insert(QStringLiteral("pdf"), QStringLiteral("pdf"));
        t.insert(QStringLiteral("docx"), QStringLiteral("docx"));
        t.insert(QStringLiteral("pptx"), QStringLiteral("pptx"));
        t.insert(QStringLiteral("odt"), QStringLiteral("odt"));
        for (const char *ext : {"html", "htm", "xhtml"})
            t.insert(QString::fromLatin1(ext), QStringLiteral("html"));
        return t;
    }();
    return table;
}

bool isBmp(const QByteArray &head)
{
    // "BM" alone is too weak (a text file may start so): also require the four reserved zero bytes.
    return head.size() >= 26 && head.startsWith("BM") && head.mid(6, 4) == QByteArray(4, '\0');
}

std::optional<QString> typeFromMagic(const QByteArray &head)
{
    if (head.startsWith("%PDF-"))
        return QStringLiteral("pdf");
    if (head.startsWith("\x89PNG\r\n\x1a\n") || head.startsWith("\xff\xd8\xff") ||
        head.startsWith("GIF87a") || head.startsWith("GIF89a") ||
        (head.startsWith("RIFF") && head.mid(8, 4) == "WEBP") || isBmp(head) ||
        head.startsWith(QByteArrayView("II*\0", 4)) || head.startsWith(QByteArrayView("MM\0*", 4)))
        return QStringLiteral("image");
    // An OpenDocument file stores its uncompressed "mimetype" entry first (ODF 1.2, part 3, 3.3), so
    // the type is readable at a fixed offset without opening the zip.
    if (head.startsWith("PK\x03\x04") && head.mid(30, 8) == "mimetype" &&
        head.mid(38).startsWith("application/vnd.oasis.opendocument.text"))
        return QStringLiteral("odt");
    return std::nullopt;
}

} // namespace

std::optional<QString> fileTypeFromName(const QString &fileName)
{
    const QString suffix = QFileInfo(fileName).suffix().toLower();
    const auto it = typeByExtension().constFind(suffix);
    if (it == typeByExtension().constEnd())
        return std::nullopt;
    return it.value();
}

std::optional<QString> detectFileType(const QString &path)
{
    if (auto byName = fileTypeFromName(path))
        return byName;
    // Only files without any extension are opened (the scanner calls this for every file, and "clip.mp4"
    // is no document whatever it starts with).
    if (!QFileInfo(path).suffix().isEmpty())
        return std::nullopt;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return std::nullopt;
    return typeFromMagic(file.read(96));
}

} // namespace cortex::ingest
