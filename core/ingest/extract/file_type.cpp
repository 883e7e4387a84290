#include "ingest/extract/file_type.h"

#include <QFileInfo>
#include <QHash>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

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
        // Only by name: an SVG called .png stays refused by the image allow-list (and .svgz, gzip
        // compressed, is not read).
        t.insert(QStringLiteral("svg"), QStringLiteral("svg"));
        // Videos (issue 16) by name only: FFmpeg's demuxers, restricted to these containers, decide
        // whether the content is one (video/video_decoder.h).
        for (const char *ext : {"mp4", "m4v", "mkv", "webm", "mov", "avi"})
            t.insert(QString::fromLatin1(ext), QStringLiteral("video"));
        return t;
    }();
    return table;
}

bool isBmp(QByteArrayView head)
{
    // "BM" alone is too weak (a text file may start so): also require the four reserved zero bytes.
    return head.size() >= 26 && head.startsWith("BM") && head.sliced(6, 4) == QByteArrayView("\0\0\0\0", 4);
}

bool isPdf(QByteArrayView head)
{
    // PDF readers accept the header anywhere in the first 1024 bytes (kContentSniffBytes).
    return head.indexOf(QByteArrayView("%PDF-")) >= 0;
}

bool isZip(QByteArrayView head)
{
    return head.startsWith("PK\x03\x04");
}

std::optional<QString> typeFromMagic(QByteArrayView head)
{
    if (head.startsWith("%PDF-"))
        return QStringLiteral("pdf");
    if (imageFormatFromContent(head))
        return QStringLiteral("image");
    // An OpenDocument file stores its uncompressed "mimetype" entry first (ODF 1.2, part 3, 3.3), so
    // the type is readable at a fixed offset without opening the zip.
    if (isZip(head) && head.size() > 38 && head.sliced(30, 8) == "mimetype" &&
        head.sliced(38).startsWith("application/vnd.oasis.opendocument.text"))
        return QStringLiteral("odt");
    return std::nullopt;
}

QByteArrayView skipLeadingSpace(QByteArrayView head)
{
    if (head.startsWith("\xef\xbb\xbf"))
        head = head.sliced(3);
    while (!head.isEmpty() &&
           (head.front() == ' ' || head.front() == '\t' || head.front() == '\r' || head.front() == '\n'))
        head = head.sliced(1);
    return head;
}

bool looksLikeText(QByteArrayView head)
{
    for (const char c : head)
        if (c == '\0' || (uchar(c) < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f'))
            return false;
    return true;
}

} // namespace

std::optional<QByteArray> imageFormatFromContent(QByteArrayView head)
{
    if (head.startsWith("\x89PNG\r\n\x1a\n"))
        return QByteArray("png");
    if (head.startsWith("\xff\xd8\xff"))
        return QByteArray("jpeg");
    if (head.startsWith("GIF87a") || head.startsWith("GIF89a"))
        return QByteArray("gif");
    if (head.size() >= 12 && head.startsWith("RIFF") && head.sliced(8, 4) == "WEBP")
        return QByteArray("webp");
    if (isBmp(head))
        return QByteArray("bmp");
    if (head.startsWith(QByteArrayView("II*\0", 4)) || head.startsWith(QByteArrayView("MM\0*", 4)))
        return QByteArray("tiff");
    return std::nullopt;
}

QString describeContent(QByteArrayView head)
{
    if (head.isEmpty())
        return QStringLiteral("empty");
    if (auto format = imageFormatFromContent(head))
        return QString::fromLatin1(*format).toUpper();
    if (isPdf(head))
        return QStringLiteral("PDF");
    if (isZip(head))
        return QStringLiteral("a ZIP archive");
    const QByteArrayView trimmed = skipLeadingSpace(head);
    const QByteArray lower = trimmed.toByteArray().toLower();
    // An SVG may start with an XML declaration, comments or a DOCTYPE before its <svg> element.
    if (lower.startsWith("<svg") || (lower.startsWith("<") && lower.contains("<svg")))
        return QStringLiteral("SVG");
    if (lower.startsWith("<!doctype html") || lower.startsWith("<html"))
        return QStringLiteral("HTML");
    if (lower.startsWith("<?xml") || lower.startsWith("<"))
        return QStringLiteral("XML");
    if (looksLikeText(head))
        return QStringLiteral("text");
    return QStringLiteral("unknown binary data");
}

QString contentMismatch(const QString &type, QByteArrayView head)
{
    // Text formats have no signature (the HTML extractor refuses binary content itself).
    if (type == u"text" || type == u"markdown" || type == u"html")
        return {};
    // A video's container is recognised by the decoder, whose message names what is wrong.
    if (type == u"video")
        return head.isEmpty() ? QStringLiteral("the file is empty") : QString();
    bool fits = false;
    QString expected;
    if (type == u"image") {
        fits = imageFormatFromContent(head).has_value();
        expected = QStringLiteral("a supported image format");
    } else if (type == u"svg") {
        fits = describeContent(head) == u"SVG";
        expected = QStringLiteral("an SVG image");
    } else if (type == u"pdf") {
        fits = isPdf(head);
        expected = QStringLiteral("a PDF");
    } else {
        // DOCX, PPTX and ODT are ZIP archives.
        fits = isZip(head);
        expected = QStringLiteral("a %1 document (a ZIP archive)").arg(type.toUpper());
    }
    if (fits)
        return {};
    if (head.isEmpty())
        return QStringLiteral("the file is empty");
    return QStringLiteral("not %1 (it looks like %2)").arg(expected, describeContent(head));
}

QString unsupportedTypeName(const QString &path)
{
    const QString suffix = QFileInfo(path).suffix();
    if (!suffix.isEmpty())
        return suffix.toUpper();
    QString ignored;
    const auto head = readHead(path, kContentSniffBytes, &ignored);
    return head ? describeContent(*head) : QStringLiteral("unknown");
}

QString notRegularFileReason(const QString &path)
{
    struct stat st {};
    if (::stat(QFile::encodeName(path).constData(), &st) != 0) {
        if (errno == ENOENT || errno == ENOTDIR)
            return QStringLiteral("the file does not exist (it may have been moved or deleted)");
        return QStringLiteral("the file cannot be examined (%1)")
            .arg(QString::fromLocal8Bit(std::strerror(errno)));
    }
    if (S_ISREG(st.st_mode))
        return {};
    if (S_ISDIR(st.st_mode))
        return QStringLiteral("this is a folder, not a file");
    if (S_ISFIFO(st.st_mode))
        return QStringLiteral("this is a named pipe (FIFO), not a regular file");
    if (S_ISSOCK(st.st_mode))
        return QStringLiteral("this is a socket, not a regular file");
    if (S_ISCHR(st.st_mode))
        return QStringLiteral("this is a character device, not a regular file");
    if (S_ISBLK(st.st_mode))
        return QStringLiteral("this is a block device, not a regular file");
    return QStringLiteral("this is not a regular file");
}

bool openRegularFile(QFile &file, QString *reason)
{
    const QString path = file.fileName();
    // Checked first so that the message says what the path is; the open below never blocks anyway.
    if (QString why = notRegularFileReason(path); !why.isEmpty()) {
        *reason = why;
        return false;
    }
    const int fd = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        *reason =
            QStringLiteral("the file cannot be read (%1)").arg(QString::fromLocal8Bit(std::strerror(errno)));
        return false;
    }
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(fd);
        *reason = QStringLiteral("this is not a regular file (it changed while being opened)");
        return false;
    }
    // Regular files ignore O_NONBLOCK; clear it anyway so that reads behave as usual.
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    if (!file.open(fd, QIODevice::ReadOnly, QFileDevice::AutoCloseHandle)) {
        ::close(fd);
        *reason = QStringLiteral("the file cannot be read (%1)").arg(file.errorString());
        return false;
    }
    return true;
}

std::optional<QByteArray> readHead(const QString &path, qsizetype count, QString *reason)
{
    QFile file(path);
    QString why;
    if (!openRegularFile(file, &why)) {
        if (reason)
            *reason = why;
        return std::nullopt;
    }
    return file.read(count);
}

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
    // is no document whatever it starts with), and only regular ones (a named pipe blocks open()).
    if (!QFileInfo(path).suffix().isEmpty())
        return std::nullopt;
    const auto head = readHead(path, 96);
    if (!head)
        return std::nullopt;
    return typeFromMagic(*head);
}

} // namespace cortex::ingest
