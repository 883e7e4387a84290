#include "ingest/extract/html_extractor.h"

#include "ingest/extract/html_text.h"
#include "ingest/extract/image_extractor.h"
#include "ingest/extract/text_extractor.h"

#include <QBuffer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSet>
#include <QStringDecoder>
#include <QUrl>

#include <sys/stat.h>

namespace cortex::ingest::detail {

namespace {

constexpr qsizetype kCharsetSniffBytes = 4096;
constexpr qsizetype kBinarySniffBytes = 8192;
// The name an inline image gets: "data:#3" is the page's fourth <img>.
const QString kDataImagePrefix = QStringLiteral("data:#");

QString decodePage(const QByteArray &data)
{
    // A byte order mark decides, as for a text file; then what the page declares.
    if (data.startsWith("\xef\xbb\xbf") || data.startsWith("\xff\xfe") || data.startsWith("\xfe\xff"))
        return decodeTextBytes(data);
    const QByteArray charset =
        declaredHtmlCharset(QByteArrayView(data).first(std::min(data.size(), kCharsetSniffBytes)));
    // Latin-1 stands in for windows-1252, which pages declare most often after UTF-8 (they differ only
    // in 0x80-0x9f, typographic quotes and dashes).
    if (charset == "iso-8859-1" || charset == "latin1" || charset == "windows-1252" || charset == "us-ascii")
        return QString::fromLatin1(data);
    return QString::fromUtf8(data);
}

// The page parsed from at most kMaxHtmlBytes of the file; `truncated` says whether the file went on.
Result<HtmlContent> readPage(const QString &path, bool *truncated = nullptr)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fileError(path, QStringLiteral("the file cannot be read (%1)").arg(file.errorString()));
    const QByteArray data = file.read(kMaxHtmlBytes);
    if (file.error() != QFileDevice::NoError)
        return fileError(path, QStringLiteral("the file cannot be read (%1)").arg(file.errorString()));
    if (truncated)
        *truncated = !file.atEnd();
    const bool utf16 = data.startsWith("\xff\xfe") || data.startsWith("\xfe\xff");
    if (!utf16 && data.left(kBinarySniffBytes).contains('\0'))
        return fileError(path, QStringLiteral("the file looks binary (it has NUL bytes), not like HTML"));
    return parseHtml(decodePage(data));
}

// The local file an <img src> names, inside the page's folder, or the reason it is not read.
Result<QString> localImagePath(const QString &pagePath, const QString &source)
{
    QString relative = source;
    // A query or fragment is no part of a file name.
    relative.truncate(std::min(relative.indexOf(u'?') < 0 ? relative.size() : relative.indexOf(u'?'),
                               relative.indexOf(u'#') < 0 ? relative.size() : relative.indexOf(u'#')));
    relative = QUrl::fromPercentEncoding(relative.toUtf8());
    if (relative.isEmpty() || QDir::isAbsolutePath(relative))
        return makeError(source.toStdString() + ": not a file beside the page");
    const QDir pageDir = QFileInfo(pagePath).absoluteDir();
    const QString canonicalDir = pageDir.canonicalPath();
    const QString canonical = QFileInfo(pageDir.filePath(relative)).canonicalFilePath();
    if (canonical.isEmpty())
        return makeError(source.toStdString() + ": the image file does not exist");
    // "../../etc/…" and links out of the folder: a page names only what it was saved with.
    if (canonicalDir.isEmpty() || !canonical.startsWith(canonicalDir + u'/'))
        return makeError(source.toStdString() + ": outside the page's folder, not read");
    struct stat st {};
    if (::stat(QFile::encodeName(canonical).constData(), &st) != 0 || !S_ISREG(st.st_mode))
        return makeError(source.toStdString() + ": not a regular file");
    return canonical;
}

// The bytes of a data: URI's image ("data:image/png;base64,...").
Result<QByteArray> dataUriBytes(const QString &source)
{
    const qsizetype comma = source.indexOf(u',');
    if (comma < 0)
        return makeError(std::string("a data: URI without data"));
    const QStringView header = QStringView(source).first(comma);
    if (!header.startsWith(u"data:image/", Qt::CaseInsensitive))
        return makeError(std::string("a data: URI that is not an image"));
    if (!header.endsWith(u";base64", Qt::CaseInsensitive))
        return QUrl::fromPercentEncoding(source.mid(comma + 1).toUtf8()).toUtf8();
    auto decoded = QByteArray::fromBase64Encoding(QStringView(source).sliced(comma + 1).toLatin1(),
                                                  QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return makeError(std::string("a data: URI whose base64 is damaged"));
    return *decoded;
}

bool isRemote(const QString &source)
{
    return source.startsWith(u"//") || source.contains(QStringLiteral("://"));
}

// Decodes one image of the page; `name` is what extraction calls it.
Result<QImage> decodePageImage(const QString &pagePath, const QString &source, const ExtractOptions &options)
{
    QString reason;
    QImage image;
    if (source.startsWith(u"data:", Qt::CaseInsensitive)) {
        auto bytes = dataUriBytes(source);
        if (!bytes)
            return bytes.error();
        QBuffer buffer(&bytes.value());
        buffer.open(QIODevice::ReadOnly);
        image = decodeImage(buffer, options, &reason);
    } else {
        auto file = localImagePath(pagePath, source);
        if (!file)
            return file.error();
        QFile device(file.value());
        if (!device.open(QIODevice::ReadOnly))
            return makeError(source.toStdString() + ": " + device.errorString().toStdString());
        image = decodeImage(device, options, &reason);
    }
    if (image.isNull())
        return makeError(source.left(80).toStdString() + ": " + reason.toStdString());
    return image;
}

} // namespace

Status extractHtml(const QString &path, const ExtractOptions &options, ExtractedDocument &document,
                   ItemSink &sink)
{
    bool moreInFile = false;
    auto page = readPage(path, &moreInFile);
    if (!page)
        return page.error();
    if (moreInFile)
        sink.warn(
            QStringLiteral("truncated at %1 bytes: only the start of the page is read").arg(kMaxHtmlBytes));
    QString text = page->title;
    if (!page->text.trimmed().isEmpty())
        text += (text.isEmpty() ? QString() : QStringLiteral("\n\n")) + page->text;
    text = normaliseExtractedText(text);
    TextBudget budget(options.maxTextChars); // as for any document: "truncated at N characters"
    budget.take(text, sink);
    if (!text.trimmed().isEmpty()) {
        ExtractedItem item;
        item.kind = ItemKind::Text;
        item.text = text;
        if (!sink.add(std::move(item)))
            return Status::success();
    }

    QSet<QString> seen;
    int embedded = 0;
    int remote = 0;
    for (qsizetype index = 0; index < page->imageSources.size(); ++index) {
        const QString &source = page->imageSources[index];
        if (source.isEmpty() || seen.contains(source))
            continue;
        seen.insert(source);
        if (isRemote(source)) {
            ++remote;
            continue;
        }
        if (embedded == kMaxHtmlImages) {
            document.warnings.append(
                QStringLiteral("truncated at %1 images: the page shows more").arg(kMaxHtmlImages));
            break;
        }
        auto image = decodePageImage(path, source, options);
        if (!image) {
            document.warnings.append(QString::fromStdString(image.error().message));
            continue;
        }
        if (image->width() < options.minEmbeddedImageSide && image->height() < options.minEmbeddedImageSide)
            continue; // icons, bullets and spacers say nothing
        ++embedded;
        ExtractedItem item;
        item.kind = ItemKind::Image;
        item.image = std::move(image.value());
        item.imageName = source.startsWith(u"data:", Qt::CaseInsensitive)
                             ? kDataImagePrefix + QString::number(index)
                             : source;
        if (!sink.add(std::move(item)))
            return Status::success();
    }
    if (remote > 0)
        document.warnings.append(
            QStringLiteral("%1 image(s) on the web were not fetched (Cortex reads only local files)")
                .arg(remote));
    return Status::success();
}

Result<QImage> loadHtmlImage(const QString &path, const QString &imageName, const ExtractOptions &options)
{
    QString source = imageName;
    if (imageName.startsWith(kDataImagePrefix)) {
        auto page = readPage(path);
        if (!page)
            return page.error();
        bool ok = false;
        const qsizetype index = imageName.mid(kDataImagePrefix.size()).toLongLong(&ok);
        if (!ok || index < 0 || index >= page->imageSources.size())
            return fileError(path, imageName + QStringLiteral(": the page no longer has this image"));
        source = page->imageSources[index];
    }
    auto image = decodePageImage(path, source, options);
    if (!image)
        return fileError(path, QString::fromStdString(image.error().message));
    return image;
}

} // namespace cortex::ingest::detail
