#include "ingest/extract/svg_extractor.h"

#include "ingest/extract/decoder_messages.h"
#include "ingest/extract/file_type.h"
#include "ingest/extract/image_extractor.h"
#include "ingest/extract/text_extractor.h"

#include <QBuffer>
#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QGuiApplication>
#include <QHash>
#include <QImageReader>
#include <QPainter>
#include <QXmlStreamReader>
#include <QXmlStreamWriter>

#include <algorithm>
#include <cmath>
#include <vector>

namespace cortex::ingest::detail {

namespace {

const QString kSvgNamespace = QStringLiteral("http://www.w3.org/2000/svg");
const QString kXlinkNamespace = QStringLiteral("http://www.w3.org/1999/xlink");
const QString kXmlNamespace = QStringLiteral("http://www.w3.org/XML/1998/namespace");

// Attributes of one tag, counted before the XML parser sees it: Qt's parser compares every attribute
// of a tag with every earlier one (duplicates are an error), quadratic in a tag with a million.
constexpr int kMaxSvgAttributes = 1000;

constexpr qsizetype kMaxSvgNamespaces = 1000;

qsizetype countOf(const QByteArray &data, QByteArrayView what)
{
    qsizetype count = 0;
    for (qsizetype at = data.indexOf(what); at >= 0; at = data.indexOf(what, at + what.size()))
        ++count;
    return count;
}

Error reasonError(const QString &reason)
{
    return makeError(reason.toStdString());
}

// One pass over the bytes: the most '=' (attributes and namespace declarations) inside one tag, outside
// quoted values, comments, CDATA sections and processing instructions.
qsizetype mostAttributesInOneTag(const QByteArray &data)
{
    qsizetype most = 0;
    const qsizetype n = data.size();
    const char *d = data.constData();
    qsizetype i = 0;
    while (i < n) {
        if (d[i] != '<') {
            ++i;
            continue;
        }
        const QByteArrayView rest(d + i, n - i);
        QByteArrayView end;
        if (rest.startsWith("<!--"))
            end = "-->";
        else if (rest.startsWith("<![CDATA["))
            end = "]]>";
        else if (rest.startsWith("<?"))
            end = "?>";
        if (!end.isEmpty()) {
            const qsizetype at = rest.indexOf(end, 2);
            if (at < 0)
                break;
            i += at + end.size();
            continue;
        }
        // A tag (or a declaration such as <!ENTITY ...>): '=' outside quotes until '>'.
        qsizetype count = 0;
        char quote = 0;
        ++i;
        for (; i < n; ++i) {
            const char c = d[i];
            if (quote) {
                if (c == quote)
                    quote = 0;
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '=') {
                ++count;
            } else if (c == '>' || c == '<') {
                break;
            }
        }
        most = std::max(most, count);
    }
    return most;
}

// Whether `value` has a url(...) that points anywhere but "#id" in this document.
bool hasOutsideUrl(QStringView value)
{
    qsizetype from = 0;
    for (;;) {
        const qsizetype at = value.indexOf(u"url(", from, Qt::CaseInsensitive);
        if (at < 0)
            return false;
        qsizetype i = at + 4;
        while (i < value.size() && (value[i].isSpace() || value[i] == u'"' || value[i] == u'\''))
            ++i;
        if (i >= value.size() || value[i] != u'#')
            return true;
        from = i;
    }
}

// The reason a data: URI in an href is not kept, or an empty string when it is an image Cortex would
// decode whose size fits into what is left of the pixel budget (which it then takes).
QString dataImageProblem(QStringView uri, int64_t &pixelsLeft)
{
    const qsizetype comma = uri.indexOf(u',');
    if (comma < 0)
        return QStringLiteral("a data: URI without data");
    const QStringView header = uri.first(comma);
    if (!header.startsWith(u"data:image/", Qt::CaseInsensitive) ||
        !header.endsWith(u";base64", Qt::CaseInsensitive))
        return QStringLiteral("a data: URI that is not a base64 image");
    QByteArray payload = uri.sliced(comma + 1).toLatin1();
    payload.removeIf([](char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; });
    auto decoded = QByteArray::fromBase64Encoding(payload, QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return QStringLiteral("an image whose base64 is damaged");
    const QByteArray bytes = std::move(*decoded);
    const std::optional<QByteArray> format = imageFormatFromContent(bytes);
    if (!format || *format == "tiff")
        return QStringLiteral("an image that is not PNG, JPEG, GIF, WebP or BMP (it looks like %1)")
            .arg(describeContent(QByteArrayView(bytes).first(std::min(bytes.size(), kContentSniffBytes))));
    QBuffer buffer;
    buffer.setData(bytes);
    buffer.open(QIODevice::ReadOnly);
    QImageReader reader(&buffer, *format);
    reader.setAutoDetectImageFormat(false);
    reader.setDecideFormatFromContent(false);
    QSize size = reader.canRead() ? reader.size() : QSize();
    if (!size.isValid() && *format == "png" && bytes.size() >= 24 && bytes.mid(12, 4) == "IHDR") {
        const auto be32 = [&](int at) {
            return (uint32_t(uint8_t(bytes[at])) << 24) | (uint32_t(uint8_t(bytes[at + 1])) << 16) |
                   (uint32_t(uint8_t(bytes[at + 2])) << 8) | uint32_t(uint8_t(bytes[at + 3]));
        };
        if (be32(16) <= 0x7fffffffu && be32(20) <= 0x7fffffffu)
            size = QSize(int(be32(16)), int(be32(20)));
    }
    if (!size.isValid() || size.isEmpty())
        return QStringLiteral("a %1 image whose size cannot be read")
            .arg(QString::fromLatin1(format->toUpper()));
    const int64_t pixels = int64_t(size.width()) * size.height();
    if (pixels > pixelsLeft)
        return QStringLiteral("a %1x%2 image, more pixels than the limit (%3 left of it for this drawing)")
            .arg(size.width())
            .arg(size.height())
            .arg(pixelsLeft);
    pixelsLeft -= pixels;
    return {};
}

// The numbers of a width, height or viewBox value ("10cm" -> 10, "0 0 100,50" -> 0 0 100 50).
std::vector<double> numbersIn(QStringView value)
{
    std::vector<double> numbers;
    qsizetype i = 0;
    while (i < value.size() && numbers.size() < 8) {
        const QChar c = value[i];
        if (!(c.isDigit() || c == u'-' || c == u'+' || c == u'.')) {
            ++i;
            continue;
        }
        qsizetype j = i + 1;
        while (j < value.size() &&
               (value[j].isDigit() || value[j] == u'.' || value[j] == u'e' || value[j] == u'E' ||
                ((value[j] == u'-' || value[j] == u'+') && (value[j - 1] == u'e' || value[j - 1] == u'E'))))
            ++j;
        bool ok = false;
        const double number = value.sliced(i, j - i).toDouble(&ok);
        if (ok)
            numbers.push_back(number);
        else
            numbers.push_back(std::numeric_limits<double>::infinity()); // "1e999": said as too large
        i = j;
    }
    return numbers;
}

// What a <use> chain check needs of one kept element.
struct Node {
    qsizetype end = -1;       // one past its last descendant, in start order (-1 while open)
    bool containsUse = false; // it is a <use> or has one below it
    bool isUse = false;
    QString reference; // the "#id" an href names (without '#'), or empty
    int64_t texts = 0; // text elements in it and below it
};

class Sanitiser {
public:
    explicit Sanitiser(const ExtractOptions &options)
        : options_(options), pixelsLeft_(std::max<int64_t>(0, options.maxImagePixels)),
          textLimit_(std::max<int64_t>(0, options.maxTextChars) + 1)
    {
    }

    Result<SanitizedSvg> run(const QByteArray &data)
    {
        if (const qsizetype most = mostAttributesInOneTag(data); most > kMaxSvgAttributes)
            return reasonError(
                QStringLiteral("an element of the SVG has %1 attributes, more than the limit of %2")
                    .arg(most)
                    .arg(kMaxSvgAttributes));
        // Qt's parser looks a prefix up through every namespace declared on the open elements.
        if (const qsizetype declarations = countOf(data, "xmlns"); declarations > kMaxSvgNamespaces)
            return reasonError(QStringLiteral("the SVG declares %1 XML namespaces, more than the limit of %2")
                                   .arg(declarations)
                                   .arg(kMaxSvgNamespaces));
        QXmlStreamReader reader(data);
        QBuffer output(&out_.svg);
        output.open(QIODevice::WriteOnly);
        QXmlStreamWriter writer(&output);
        writer.setAutoFormatting(false);
        writer.writeStartDocument();
        bool sawRoot = false;
        while (!reader.atEnd()) {
            const auto token = reader.readNext();
            if (token == QXmlStreamReader::Invalid)
                break;
            switch (token) {
            case QXmlStreamReader::DTD:
                // QXmlStreamReader never loads an external DTD or entity, and expands the internal ones
                // only up to its own limit; a drawing has no use for them, and a document that declares
                // entities is refused rather than expanded (billion laughs).
                if (!reader.entityDeclarations().isEmpty())
                    return reasonError(
                        QStringLiteral("the SVG declares entities in its DTD (<!ENTITY %1 ...>), "
                                       "which Cortex does not expand")
                            .arg(reader.entityDeclarations().first().name()));
                break; // the DTD itself is dropped
            case QXmlStreamReader::StartElement: {
                // Counted for every element, also those left out: Qt's parser keeps a stack of open
                // elements and their namespaces, and looks prefixes up through it.
                if (++elements_ > kMaxSvgElements)
                    return reasonError(
                        QStringLiteral("the SVG has more than %1 elements").arg(kMaxSvgElements));
                if (++depth_ > kMaxSvgDepth)
                    return reasonError(
                        QStringLiteral("the SVG nests elements more than %1 levels deep").arg(kMaxSvgDepth));
                if (skipDepth_ > 0 || inStyle_) {
                    ++skipDepth_; // elements inside a <style> are no part of it
                    break;
                }
                if (!sawRoot) {
                    sawRoot = true;
                    if (reader.name() != u"svg" || !isSvgNamespace(reader.namespaceUri()))
                        return reasonError(
                            QStringLiteral("not an SVG image (its root element is <%1>, not <svg>)")
                                .arg(reader.qualifiedName().toString().left(80)));
                    if (auto problem = checkRootSize(reader.attributes()); !problem.isEmpty())
                        return reasonError(problem);
                }
                if (!isSvgNamespace(reader.namespaceUri()) || reader.name() == u"script" ||
                    reader.name() == u"foreignObject" || reader.name() == u"handler") {
                    if (reader.name() == u"script" || reader.name() == u"handler")
                        ++scripts_;
                    else if (reader.name() == u"foreignObject")
                        ++foreign_;
                    skipDepth_ = 1;
                    break;
                }
                startElement(reader, writer);
                break;
            }
            case QXmlStreamReader::EndElement:
                --depth_;
                if (skipDepth_ > 0)
                    --skipDepth_;
                else if (inStyle_)
                    finishStyle(writer);
                else
                    endElement(reader, writer);
                break;
            case QXmlStreamReader::Characters:
                if (skipDepth_ > 0)
                    break;
                if (inStyle_) {
                    css_ += reader.text();
                } else if (!stack_.empty()) {
                    writer.writeCharacters(reader.text().toString());
                    if (textDepth_ > 0)
                        appendText(reader.text());
                }
                break;
            default:
                // Comments, processing instructions, entity references that were not resolved: dropped.
                break;
            }
        }
        if (reader.hasError())
            return reasonError(QStringLiteral("the SVG is not well-formed XML (line %1, column %2: %3)")
                                   .arg(reader.lineNumber())
                                   .arg(reader.columnNumber())
                                   .arg(reader.errorString()));
        if (!sawRoot)
            return reasonError(QStringLiteral("the SVG has no <svg> element"));
        writer.writeEndDocument();
        if (auto problem = checkReferences(); !problem.isEmpty())
            return reasonError(problem);
        out_.text = labels_.trimmed();
        if (outside_ > 0)
            out_.warnings.append(QStringLiteral("%1 reference(s) outside the file were not followed (Cortex "
                                                "reads nothing but the SVG itself)")
                                     .arg(outside_));
        if (!imageProblems_.isEmpty())
            out_.warnings.append(QStringLiteral("%1 embedded image(s) left out: %2")
                                     .arg(imageProblems_.size())
                                     .arg(imageProblems_.first()));
        if (scripts_ > 0)
            out_.warnings.append(QStringLiteral("%1 script(s) left out").arg(scripts_));
        if (foreign_ > 0)
            out_.warnings.append(QStringLiteral("%1 <foreignObject> element(s) left out").arg(foreign_));
        if (styles_ > 0)
            out_.warnings.append(
                QStringLiteral("%1 <style> element(s) left out (they import or refer to other files)")
                    .arg(styles_));
        return std::move(out_);
    }

private:
    static bool isSvgNamespace(QStringView uri) { return uri.isEmpty() || uri == kSvgNamespace; }
    static bool isLabel(QStringView name) { return name == u"text" || name == u"title" || name == u"desc"; }
    static bool isDrawnText(QStringView name)
    {
        return name == u"text" || name == u"tspan" || name == u"textPath" || name == u"textArea";
    }

    QString checkRootSize(const QXmlStreamAttributes &attributes) const
    {
        for (const char *name : {"width", "height", "viewBox"}) {
            const QStringView value = attributes.value(QString::fromLatin1(name));
            for (const double number : numbersIn(value))
                if (!std::isfinite(number) || std::abs(number) > kMaxSvgDimension)
                    return QStringLiteral("the SVG's %1 is \"%2\", beyond the limit of %3 units")
                        .arg(QString::fromLatin1(name), value.left(80).toString())
                        .arg(kMaxSvgDimension, 0, 'g');
        }
        return {};
    }

    void appendText(QStringView text)
    {
        if (labels_.size() >= textLimit_)
            return;
        labels_ += text.left(qsizetype(std::min<int64_t>(text.size(), textLimit_ - labels_.size())));
    }

    // The label text so far ends a line: whitespace inside it collapsed.
    void endLabel()
    {
        const QString label = labels_.sliced(labelStart_).simplified();
        labels_.truncate(labelStart_);
        if (!label.isEmpty())
            labels_ += label + u'\n';
        labelStart_ = labels_.size();
    }

    using Attributes = std::vector<std::pair<QString, QString>>;

    void startElement(QXmlStreamReader &reader, QXmlStreamWriter &writer)
    {
        const QString name = reader.name().toString();
        const QXmlStreamAttributes attributes = reader.attributes();
        Node node;
        node.isUse = name == u"use";
        node.containsUse = node.isUse;
        node.texts = isDrawnText(name) ? 1 : 0;
        textElements_ += node.texts;
        Attributes kept;
        if (stack_.empty()) {
            kept.emplace_back(QStringLiteral("xmlns"), kSvgNamespace);
            kept.emplace_back(QStringLiteral("xmlns:xlink"), kXlinkNamespace);
        }
        bool keptHref = false;
        for (const QXmlStreamAttribute &attribute : attributes) {
            const QStringView ns = attribute.namespaceUri();
            const QStringView local = attribute.name();
            QString outName;
            if (ns.isEmpty())
                outName = local.toString();
            else if (ns == kXlinkNamespace)
                outName = QStringLiteral("xlink:") + local.toString();
            else if (ns == kXmlNamespace)
                outName = QStringLiteral("xml:") + local.toString();
            else
                continue; // editors' own attributes (inkscape:, sodipodi:) draw nothing
            if (ns.isEmpty() && local.startsWith(u"on", Qt::CaseInsensitive))
                continue; // event handlers: nothing runs them here, but they are no part of a drawing
            const QStringView value = attribute.value();
            if (local == u"href" && (ns.isEmpty() || ns == kXlinkNamespace)) {
                // SVG 2 writes href, Qt's plugin reads xlink:href: both become xlink:href, once.
                if (keptHref)
                    continue;
                const QStringView trimmed = value.trimmed();
                if (trimmed.startsWith(u'#')) {
                    node.reference = trimmed.sliced(1).toString();
                } else if (trimmed.startsWith(u"data:", Qt::CaseInsensitive)) {
                    if (QString problem = dataImageProblem(trimmed, pixelsLeft_); !problem.isEmpty()) {
                        imageProblems_.append(problem);
                        continue;
                    }
                } else {
                    ++outside_;
                    continue;
                }
                keptHref = true;
                kept.emplace_back(QStringLiteral("xlink:href"), trimmed.toString());
                continue;
            }
            if (value.contains(u"url(", Qt::CaseInsensitive) && hasOutsideUrl(value)) {
                ++outside_;
                continue;
            }
            kept.emplace_back(std::move(outName), value.toString());
        }
        const QString id = attributes.value(QStringLiteral("id")).toString();
        if (name == u"style") {
            // A style sheet is read whole before it is written: one that imports or refers to other
            // files is left out (finishStyle).
            inStyle_ = true;
            styleAttributes_ = std::move(kept);
            styleId_ = id;
            css_.clear();
            return;
        }
        const qsizetype index = qsizetype(nodes_.size());
        nodes_.push_back(std::move(node));
        if (!id.isEmpty())
            ids_.insert(id, index); // the first element with an id wins, as in Qt's plugin
        writer.writeStartElement(name);
        for (const auto &[attributeName, value] : kept)
            writer.writeAttribute(attributeName, value);
        stack_.push_back(index);
        if (isLabel(name)) {
            if (textDepth_ == 0)
                labelStart_ = labels_.size();
            ++textDepth_;
        } else if (name == u"tspan" && textDepth_ > 0) {
            appendText(u" ");
        }
    }

    void finishStyle(QXmlStreamWriter &writer)
    {
        inStyle_ = false;
        if (css_.contains(u"@import", Qt::CaseInsensitive) || hasOutsideUrl(css_)) {
            ++styles_;
            return;
        }
        const qsizetype index = qsizetype(nodes_.size());
        nodes_.push_back(Node{index + 1, false, false, {}, 0});
        if (!styleId_.isEmpty())
            ids_.insert(styleId_, index);
        writer.writeStartElement(QStringLiteral("style"));
        for (const auto &[attributeName, value] : styleAttributes_)
            writer.writeAttribute(attributeName, value);
        writer.writeCharacters(css_);
        writer.writeEndElement();
    }

    void endElement(QXmlStreamReader &reader, QXmlStreamWriter &writer)
    {
        if (stack_.empty())
            return;
        const qsizetype index = stack_.back();
        stack_.pop_back();
        Node &node = nodes_[size_t(index)];
        node.end = qsizetype(nodes_.size());
        if (!stack_.empty()) {
            Node &parent = nodes_[size_t(stack_.back())];
            parent.containsUse = parent.containsUse || node.containsUse;
            parent.texts += node.texts;
        }
        writer.writeEndElement();
        const QStringView name = reader.name();
        if (isLabel(name) && textDepth_ > 0 && --textDepth_ == 0)
            endLabel();
        else if (name == u"tspan" && textDepth_ > 0)
            appendText(u" ");
    }

    // <use> elements copy their target once more: a target that holds another <use> multiplies
    // (ten levels of ten make ten billion), and references that go round never end.
    QString checkReferences()
    {
        int64_t drawn = int64_t(nodes_.size());
        int64_t texts = textElements_;
        for (const Node &node : nodes_) {
            if (node.reference.isEmpty())
                continue;
            const auto target = ids_.constFind(node.reference);
            if (target == ids_.constEnd())
                continue; // nothing is drawn for a missing target
            const Node &to = nodes_[size_t(target.value())];
            if (node.isUse) {
                if (to.containsUse)
                    return QStringLiteral(
                               "a <use> refers to #%1, which itself is or contains a <use> (nested "
                               "<use> references can multiply the drawing beyond any limit)")
                        .arg(node.reference.left(80));
                drawn += int64_t(to.end) - int64_t(target.value());
                texts += to.texts;
                if (drawn > kMaxSvgDrawnElements)
                    return QStringLiteral("the SVG's <use> references draw more than %1 elements")
                        .arg(kMaxSvgDrawnElements);
            }
        }
        // Laying out text costs some thousand times a plain shape.
        if (texts > kMaxSvgDrawnTexts)
            return QStringLiteral("the SVG draws %1 text elements (counting those its <use> references "
                                  "repeat), more than the limit of %2")
                .arg(texts)
                .arg(kMaxSvgDrawnTexts);
        out_.drawnElements = drawn;
        // References that go round (a gradient naming itself through others): each element names at
        // most one other, so following each chain once finds every cycle.
        std::vector<char> state(nodes_.size(), 0); // 0 not seen, 1 on the current chain, 2 done
        for (size_t start = 0; start < nodes_.size(); ++start) {
            std::vector<size_t> chain;
            size_t at = start;
            while (state[at] == 0) {
                state[at] = 1;
                chain.push_back(at);
                const Node &node = nodes_[at];
                const auto next = node.reference.isEmpty() ? ids_.constEnd() : ids_.constFind(node.reference);
                if (next == ids_.constEnd())
                    break;
                at = size_t(next.value());
                if (state[at] == 1)
                    return QStringLiteral("the SVG's references go round in a circle (through #%1)")
                        .arg(nodes_[at].reference.left(80));
            }
            for (const size_t done : chain)
                state[done] = 2;
        }
        return {};
    }

    const ExtractOptions &options_;
    SanitizedSvg out_;
    std::vector<Node> nodes_;
    std::vector<qsizetype> stack_; // the open kept elements
    QHash<QString, qsizetype> ids_;
    int64_t pixelsLeft_;
    int64_t elements_ = 0;
    int64_t textElements_ = 0; // kept text elements
    int depth_ = 0;            // open elements, kept or not
    int skipDepth_ = 0;        // > 0 inside an element that is left out
    int textDepth_ = 0;
    bool inStyle_ = false; // inside a <style>: its text is gathered in css_
    Attributes styleAttributes_;
    QString styleId_;
    QString css_;
    qsizetype labelStart_ = 0;
    QString labels_;
    int64_t textLimit_;
    int outside_ = 0, scripts_ = 0, foreign_ = 0, styles_ = 0;
    QStringList imageProblems_;
};

bool haveGuiApplication()
{
    return qobject_cast<QGuiApplication *>(QCoreApplication::instance()) != nullptr;
}

// The clean drawing rendered on white; the error is the reason alone.
Result<QImage> renderSvg(const SanitizedSvg &clean, const ExtractOptions &options)
{
    const QByteArray &svg = clean.svg;
    if (!haveGuiApplication())
        return reasonError(QStringLiteral("rendering an SVG needs a graphical Qt application for its fonts, "
                                          "and this process has only a QCoreApplication"));
    if (!QImageReader::supportedImageFormats().contains("svg"))
        return reasonError(
            QStringLiteral("Qt's SVG image plugin is not installed (Debian package libqt6svg6)"));
    // What Qt's SVG plugin says about the drawing ("Could not resolve property") belongs to the file.
    DecoderMessages messages(DecoderMessages::QtMessages);
    QBuffer buffer;
    buffer.setData(svg);
    buffer.open(QIODevice::ReadOnly);
    QImageReader reader(&buffer, "svg");
    reader.setAutoDetectImageFormat(false);
    reader.setDecideFormatFromContent(false);
    if (!reader.canRead()) {
        messages.stop();
        return reasonError(
            messages.appendTo(QStringLiteral("the SVG cannot be drawn (%1)").arg(reader.errorString())));
    }
    const QSize size = reader.size();
    if (!size.isValid() || size.isEmpty())
        return reasonError(
            QStringLiteral("the SVG has no size to draw at (its width, height and viewBox give "
                           "%1x%2)")
                .arg(size.width())
                .arg(size.height()));
    const double ratio =
        double(std::max(size.width(), size.height())) / std::min(size.width(), size.height());
    if (ratio > kMaxSvgAspectRatio)
        return reasonError(
            QStringLiteral("the SVG is %1x%2, a longer side more than %3 times the shorter one")
                .arg(size.width())
                .arg(size.height())
                .arg(kMaxSvgAspectRatio));
    int longSide = kSvgRenderLongSide;
    if (options.maxImageLongSide > 0)
        longSide = std::min(longSide, options.maxImageLongSide);
    QSize target = size.scaled(longSide, longSide, Qt::KeepAspectRatio);
    // Each element may cover every pixel: a drawing of many elements is drawn smaller (kSvgDrawBudget).
    const int64_t maxPixels =
        std::min(options.maxImagePixels,
                 std::max(kMinSvgBudgetPixels, kSvgDrawBudget / std::max<int64_t>(1, clean.drawnElements)));
    if (const int64_t pixels = int64_t(target.width()) * target.height(); pixels > maxPixels) {
        const double shrink = std::sqrt(double(maxPixels) / double(pixels));
        target = QSize(int(target.width() * shrink), int(target.height() * shrink));
    }
    target = target.expandedTo(QSize(1, 1));
    if (int64_t(target.width()) * target.height() > options.maxImagePixels)
        return reasonError(QStringLiteral("the pixel limit of %1 leaves no room to draw the SVG")
                               .arg(options.maxImagePixels));
    reader.setScaledSize(target);
    QImage drawn;
    if (!reader.read(&drawn) || drawn.isNull()) {
        messages.stop();
        return reasonError(
            messages.appendTo(QStringLiteral("the SVG cannot be drawn (%1)").arg(reader.errorString())));
    }
    messages.stop();
    // An SVG is transparent where nothing is drawn: on white, as a viewer shows it.
    QImage onWhite(drawn.size(), QImage::Format_RGB32);
    onWhite.fill(Qt::white);
    QPainter painter(&onWhite);
    painter.drawImage(0, 0, drawn);
    painter.end();
    return toExtractedFormat(onWhite);
}

// The file read (within kMaxSvgBytes), checked to be an SVG and sanitised.
Result<SanitizedSvg> readSvg(const QString &path, const ExtractOptions &options)
{
    QFile file(path);
    QString reason;
    if (!openRegularFile(file, &reason))
        return fileError(path, reason);
    if (file.size() > kMaxSvgBytes)
        return fileError(path,
                         QStringLiteral("the SVG is %1 bytes, more than the limit of %2 bytes (%3 MB) for "
                                        "an SVG file")
                             .arg(file.size())
                             .arg(kMaxSvgBytes)
                             .arg(kMaxSvgBytes >> 20));
    const QByteArray data = file.read(kMaxSvgBytes + 1);
    if (file.error() != QFileDevice::NoError)
        return fileError(path, QStringLiteral("the file cannot be read (%1)").arg(file.errorString()));
    if (data.size() > kMaxSvgBytes)
        return fileError(path, QStringLiteral("the SVG is more than the limit of %1 bytes (%2 MB) for an SVG "
                                              "file")
                                   .arg(kMaxSvgBytes)
                                   .arg(kMaxSvgBytes >> 20));
    if (data.isEmpty())
        return fileError(path, QStringLiteral("the file is empty"));
    const QByteArrayView head = QByteArrayView(data).first(std::min(data.size(), kContentSniffBytes));
    if (const QString looks = describeContent(head); looks != u"SVG")
        return fileError(path, QStringLiteral("not an SVG image (it looks like %1)").arg(looks));
    auto clean = sanitizeSvg(data, options);
    if (!clean)
        return fileError(path, QString::fromStdString(clean.error().message));
    return clean;
}

// The file read, cleaned and rendered; errors name the file.
Result<std::pair<SanitizedSvg, QImage>> readAndRender(const QString &path, const ExtractOptions &options)
{
    auto clean = readSvg(path, options);
    if (!clean)
        return clean.error();
    auto image = renderSvg(*clean, options);
    if (!image)
        return fileError(path, QString::fromStdString(image.error().message));
    return std::pair(std::move(clean).value(), std::move(image).value());
}

} // namespace

Result<SanitizedSvg> sanitizeSvg(const QByteArray &data, const ExtractOptions &options)
{
    return Sanitiser(options).run(data);
}

Status extractSvg(const QString &path, const ExtractOptions &options, ItemSink &sink)
{
    auto rendered = readAndRender(path, options);
    if (!rendered)
        return rendered.error();
    auto &[clean, image] = *rendered;
    for (const QString &warning : clean.warnings)
        sink.warn(warning);
    ExtractedItem picture;
    picture.kind = ItemKind::Image;
    picture.image = std::move(image);
    picture.imageName = QFileInfo(path).fileName();
    if (!sink.add(std::move(picture)))
        return Status::success();
    QString text = normaliseExtractedText(clean.text);
    TextBudget budget(options.maxTextChars);
    budget.take(text, sink);
    if (!text.trimmed().isEmpty()) {
        ExtractedItem labels;
        labels.kind = ItemKind::Text;
        labels.text = text;
        sink.add(std::move(labels));
    }
    return Status::success();
}

Result<QImage> loadSvgImage(const QString &path, const ExtractOptions &options)
{
    auto rendered = readAndRender(path, options);
    if (!rendered)
        return rendered.error();
    return std::move(rendered->second);
}

} // namespace cortex::ingest::detail
