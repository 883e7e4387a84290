#include "ingest/extract/html_text.h"

#include <QHash>
#include <QSet>

#include <algorithm>
#include <cctype>

namespace cortex::ingest::detail {

namespace {

bool isHtmlSpace(QChar c)
{
    return c == u' ' || c == u'\t' || c == u'\n' || c == u'\r' || c == u'\f';
}

bool isAsciiLetter(QChar c)
{
    return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z');
}

bool isTagNameChar(QChar c)
{
    return isAsciiLetter(c) || (c >= u'0' && c <= u'9') || c == u'-' || c == u':' || c == u'_';
}

// The named references that pages use in practice (HTML has 2,231; the rest stay as written).
const QHash<QString, char32_t> &namedEntities()
{
    static const QHash<QString, char32_t> table = {
        {QStringLiteral("amp"), U'&'},         {QStringLiteral("lt"), U'<'},
        {QStringLiteral("gt"), U'>'},          {QStringLiteral("quot"), U'"'},
        {QStringLiteral("apos"), U'\''},       {QStringLiteral("nbsp"), U'\u00a0'},
        {QStringLiteral("shy"), U'\u00ad'},    {QStringLiteral("copy"), U'©'},
        {QStringLiteral("reg"), U'®'},         {QStringLiteral("trade"), U'™'},
        {QStringLiteral("mdash"), U'—'},       {QStringLiteral("ndash"), U'–'},
        {QStringLiteral("hellip"), U'…'},      {QStringLiteral("lsquo"), U'‘'},
        {QStringLiteral("rsquo"), U'’'},       {QStringLiteral("ldquo"), U'“'},
        {QStringLiteral("rdquo"), U'”'},       {QStringLiteral("sbquo"), U'‚'},
        {QStringLiteral("bdquo"), U'„'},       {QStringLiteral("laquo"), U'«'},
        {QStringLiteral("raquo"), U'»'},       {QStringLiteral("lsaquo"), U'‹'},
        {QStringLiteral("rsaquo"), U'›'},      {QStringLiteral("bull"), U'•'},
        {QStringLiteral("middot"), U'·'},      {QStringLiteral("euro"), U'€'},
        {QStringLiteral("pound"), U'£'},       {QStringLiteral("yen"), U'¥'},
        {QStringLiteral("cent"), U'¢'},        {QStringLiteral("deg"), U'°'},
        {QStringLiteral("times"), U'×'},       {QStringLiteral("divide"), U'÷'},
        {QStringLiteral("plusmn"), U'±'},      {QStringLiteral("para"), U'¶'},
        {QStringLiteral("sect"), U'§'},        {QStringLiteral("micro"), U'µ'},
        {QStringLiteral("frac12"), U'½'},      {QStringLiteral("frac14"), U'¼'},
        {QStringLiteral("frac34"), U'¾'},      {QStringLiteral("sup2"), U'²'},
        {QStringLiteral("sup3"), U'³'},        {QStringLiteral("iexcl"), U'¡'},
        {QStringLiteral("iquest"), U'¿'},      {QStringLiteral("larr"), U'←'},
        {QStringLiteral("rarr"), U'→'},        {QStringLiteral("uarr"), U'↑'},
        {QStringLiteral("darr"), U'↓'},        {QStringLiteral("harr"), U'↔'},
        {QStringLiteral("le"), U'≤'},          {QStringLiteral("ge"), U'≥'},
        {QStringLiteral("ne"), U'≠'},          {QStringLiteral("asymp"), U'≈'},
        {QStringLiteral("infin"), U'∞'},       {QStringLiteral("minus"), U'−'},
        {QStringLiteral("prime"), U'′'},       {QStringLiteral("Prime"), U'″'},
        {QStringLiteral("dagger"), U'†'},      {QStringLiteral("alpha"), U'α'},
        {QStringLiteral("beta"), U'β'},        {QStringLiteral("gamma"), U'γ'},
        {QStringLiteral("delta"), U'δ'},       {QStringLiteral("epsilon"), U'ε'},
        {QStringLiteral("lambda"), U'λ'},      {QStringLiteral("mu"), U'μ'},
        {QStringLiteral("pi"), U'π'},          {QStringLiteral("sigma"), U'σ'},
        {QStringLiteral("omega"), U'ω'},       {QStringLiteral("Delta"), U'Δ'},
        {QStringLiteral("Omega"), U'Ω'},       {QStringLiteral("szlig"), U'ß'},
        {QStringLiteral("auml"), U'ä'},        {QStringLiteral("ouml"), U'ö'},
        {QStringLiteral("uuml"), U'ü'},        {QStringLiteral("Auml"), U'Ä'},
        {QStringLiteral("Ouml"), U'Ö'},        {QStringLiteral("Uuml"), U'Ü'},
        {QStringLiteral("euml"), U'ë'},        {QStringLiteral("iuml"), U'ï'},
        {QStringLiteral("aacute"), U'á'},      {QStringLiteral("eacute"), U'é'},
        {QStringLiteral("iacute"), U'í'},      {QStringLiteral("oacute"), U'ó'},
        {QStringLiteral("uacute"), U'ú'},      {QStringLiteral("Eacute"), U'É'},
        {QStringLiteral("agrave"), U'à'},      {QStringLiteral("egrave"), U'è'},
        {QStringLiteral("ugrave"), U'ù'},      {QStringLiteral("acirc"), U'â'},
        {QStringLiteral("ecirc"), U'ê'},       {QStringLiteral("icirc"), U'î'},
        {QStringLiteral("ocirc"), U'ô'},       {QStringLiteral("ucirc"), U'û'},
        {QStringLiteral("ccedil"), U'ç'},      {QStringLiteral("Ccedil"), U'Ç'},
        {QStringLiteral("ntilde"), U'ñ'},      {QStringLiteral("Ntilde"), U'Ñ'},
        {QStringLiteral("atilde"), U'ã'},      {QStringLiteral("otilde"), U'õ'},
        {QStringLiteral("aring"), U'å'},       {QStringLiteral("Aring"), U'Å'},
        {QStringLiteral("aelig"), U'æ'},       {QStringLiteral("AElig"), U'Æ'},
        {QStringLiteral("oslash"), U'ø'},      {QStringLiteral("Oslash"), U'Ø'},
        {QStringLiteral("thinsp"), U'\u2009'}, {QStringLiteral("ensp"), U'\u2002'},
        {QStringLiteral("emsp"), U'\u2003'},   {QStringLiteral("zwnj"), U'\u200c'},
        {QStringLiteral("zwj"), U'\u200d'},
    };
    return table;
}

// Elements whose content is not shown as text (or, for svg and math, is a drawing's labels).
const QSet<QString> &hiddenElements()
{
    static const QSet<QString> set = {QStringLiteral("script"), QStringLiteral("style"),
                                      QStringLiteral("template"), QStringLiteral("noscript"),
                                      QStringLiteral("svg")};
    return set;
}

// Elements that start and end a block of text: a line of its own.
const QSet<QString> &blockElements()
{
    static const QSet<QString> set = [] {
        QSet<QString> s;
        for (const char *name :
             {"p",          "div",     "ul",      "ol",      "li",         "dl",    "dt",
              "dd",         "table",   "tr",      "thead",   "tbody",      "tfoot", "caption",
              "section",    "article", "header",  "footer",  "nav",        "aside", "main",
              "blockquote", "pre",     "hr",      "figure",  "figcaption", "form",  "fieldset",
              "legend",     "address", "details", "summary", "option",     "h1",    "h2",
              "h3",         "h4",      "h5",      "h6",      "body",       "html",  "center"})
            s.insert(QString::fromLatin1(name));
        return s;
    }();
    return set;
}

// Collects visible text with HTML's whitespace rules: runs of spaces collapse to one outside <pre>.
class TextBuilder {
public:
    void appendText(QStringView text, bool preformatted)
    {
        for (const QChar c : text) {
            if (preformatted) {
                out_.append(c);
                pendingSpace_ = false;
                continue;
            }
            if (isHtmlSpace(c)) {
                pendingSpace_ = true;
                continue;
            }
            if (pendingSpace_ && !out_.isEmpty() && !out_.endsWith(u'\n'))
                out_.append(u' ');
            pendingSpace_ = false;
            out_.append(c);
        }
    }
    void lineBreak()
    {
        out_.append(u'\n');
        pendingSpace_ = false;
    }
    void blockBoundary()
    {
        pendingSpace_ = false;
        while (out_.endsWith(u'\t') || out_.endsWith(u' '))
            out_.chop(1);
        if (!out_.isEmpty() && !out_.endsWith(u'\n'))
            out_.append(u'\n');
    }
    void cellBoundary()
    {
        if (!out_.isEmpty() && !out_.endsWith(u'\n') && !out_.endsWith(u'\t'))
            out_.append(u'\t');
        pendingSpace_ = false;
    }
    QString take() { return std::move(out_); }

private:
    QString out_;
    bool pendingSpace_ = false;
};

QString collapseWhitespace(QStringView text)
{
    TextBuilder builder;
    builder.appendText(text, false);
    return builder.take();
}

struct Tag {
    QString name; // lower case
    bool closing = false;
    bool selfClosing = false;
    QStringView src;
    QStringView alt;
    qsizetype end = 0; // index just past '>' (or the input's end)
};

// Reads the tag that starts at html[at] == '<' and whose name starts at nameStart. Attribute values in
// quotes may hold '>'; an unterminated quote or tag runs to the end of the input, as in a browser.
Tag readTag(QStringView html, qsizetype nameStart, bool closing)
{
    const qsizetype n = html.size();
    Tag tag;
    tag.closing = closing;
    qsizetype i = nameStart;
    while (i < n && isTagNameChar(html[i]))
        ++i;
    tag.name = html.sliced(nameStart, i - nameStart).toString().toLower();
    while (i < n) {
        const QChar c = html[i];
        if (c == u'>') {
            tag.end = i + 1;
            return tag;
        }
        if (c == u'/' && i + 1 < n && html[i + 1] == u'>') {
            tag.selfClosing = true;
            tag.end = i + 2;
            return tag;
        }
        if (isHtmlSpace(c) || c == u'/') {
            ++i;
            continue;
        }
        // An attribute: name [= value].
        const qsizetype attrStart = i;
        while (i < n && !isHtmlSpace(html[i]) && html[i] != u'=' && html[i] != u'>' && html[i] != u'/')
            ++i;
        if (i == attrStart) { // a stray '=' or similar: skip it
            ++i;
            continue;
        }
        const QStringView attrName = html.sliced(attrStart, i - attrStart);
        while (i < n && isHtmlSpace(html[i]))
            ++i;
        QStringView value;
        if (i < n && html[i] == u'=') {
            ++i;
            while (i < n && isHtmlSpace(html[i]))
                ++i;
            if (i < n && (html[i] == u'"' || html[i] == u'\'')) {
                const QChar quote = html[i];
                const qsizetype close = html.indexOf(quote, i + 1);
                const qsizetype valueEnd = close < 0 ? n : close;
                value = html.sliced(i + 1, valueEnd - i - 1);
                i = close < 0 ? n : close + 1;
            } else {
                const qsizetype valueStart = i;
                while (i < n && !isHtmlSpace(html[i]) && html[i] != u'>')
                    ++i;
                value = html.sliced(valueStart, i - valueStart);
            }
        }
        if (attrName.compare(u"src", Qt::CaseInsensitive) == 0)
            tag.src = value;
        else if (attrName.compare(u"alt", Qt::CaseInsensitive) == 0)
            tag.alt = value;
    }
    tag.end = n;
    return tag;
}

// The index of "</name" (any case) at or after `from`, or -1.
qsizetype findClosingTag(QStringView html, qsizetype from, const QString &name)
{
    const QString closing = QStringLiteral("</") + name;
    return html.indexOf(closing, from, Qt::CaseInsensitive);
}

} // namespace

QString decodeHtmlEntities(QStringView text)
{
    constexpr qsizetype kLongestName = 32;
    QString out;
    out.reserve(text.size());
    const qsizetype n = text.size();
    qsizetype i = 0;
    while (i < n) {
        const qsizetype amp = text.indexOf(u'&', i);
        if (amp < 0) {
            out.append(text.sliced(i));
            break;
        }
        out.append(text.sliced(i, amp - i));
        i = amp + 1;
        // A reference ends at ';' within a short distance; anything else is a literal '&'.
        qsizetype semicolon = -1;
        for (qsizetype j = i; j < n && j - i <= kLongestName; ++j) {
            if (text[j] == u';') {
                semicolon = j;
                break;
            }
            if (!text[j].isLetterOrNumber() && text[j] != u'#')
                break;
        }
        if (semicolon < 0) {
            out.append(u'&');
            continue;
        }
        const QStringView name = text.sliced(i, semicolon - i);
        char32_t code = 0;
        bool known = false;
        if (name.startsWith(u'#') && name.size() > 1) {
            const bool hex = name[1] == u'x' || name[1] == u'X';
            uint value = name.sliced(hex ? 2 : 1).toUInt(&known, hex ? 16 : 10);
            // Invalid or dangerous code points (NUL, surrogates, beyond Unicode) become U+FFFD.
            if (known)
                code =
                    (value == 0 || value > 0x10ffff || (value >= 0xd800 && value <= 0xdfff)) ? 0xfffd : value;
        } else if (const auto it = namedEntities().constFind(name.toString());
                   it != namedEntities().constEnd()) {
            code = it.value();
            known = true;
        }
        if (!known) {
            out.append(u'&');
            continue;
        }
        out.append(QString::fromUcs4(&code, 1));
        i = semicolon + 1;
    }
    return out;
}

HtmlContent parseHtml(QStringView html)
{
    HtmlContent content;
    TextBuilder text;
    int preDepth = 0;
    const qsizetype n = html.size();
    qsizetype i = 0;
    while (i < n) {
        const qsizetype lt = html.indexOf(u'<', i);
        const qsizetype runEnd = lt < 0 ? n : lt;
        if (runEnd > i)
            text.appendText(decodeHtmlEntities(html.sliced(i, runEnd - i)), preDepth > 0);
        if (lt < 0)
            break;
        i = lt;
        const QChar next = i + 1 < n ? html[i + 1] : QChar();
        if (html.sliced(i).startsWith(u"<!--")) {
            const qsizetype close = html.indexOf(u"-->", i + 4);
            i = close < 0 ? n : close + 3;
            continue;
        }
        if (next == u'!' || next == u'?') { // doctype, CDATA, processing instruction
            const qsizetype close = html.indexOf(u'>', i + 2);
            i = close < 0 ? n : close + 1;
            continue;
        }
        const bool closing = next == u'/';
        const qsizetype nameStart = i + (closing ? 2 : 1);
        if (nameStart >= n || !isAsciiLetter(html[nameStart])) {
            text.appendText(u"<", preDepth > 0); // a literal '<', as in "a < b"
            i += 1;
            continue;
        }
        const Tag tag = readTag(html, nameStart, closing);
        i = tag.end;
        if (!tag.closing && (tag.name == u"title" || hiddenElements().contains(tag.name))) {
            if (tag.selfClosing)
                continue;
            const qsizetype close = findClosingTag(html, i, tag.name);
            const qsizetype contentEnd = close < 0 ? n : close;
            if (tag.name == u"title" && content.title.isEmpty())
                content.title =
                    collapseWhitespace(decodeHtmlEntities(html.sliced(i, contentEnd - i))).trimmed();
            if (close < 0) {
                i = n;
            } else {
                const qsizetype gt = html.indexOf(u'>', close);
                i = gt < 0 ? n : gt + 1;
            }
            continue;
        }
        if (tag.name == u"br") {
            text.lineBreak();
        } else if (tag.name == u"td" || tag.name == u"th") {
            text.cellBoundary();
        } else if (tag.name == u"img" && !tag.closing) {
            if (!tag.src.isEmpty())
                content.imageSources.append(decodeHtmlEntities(tag.src).trimmed());
            if (!tag.alt.trimmed().isEmpty()) {
                const QString alt = QLatin1Char(' ') + decodeHtmlEntities(tag.alt) + QLatin1Char(' ');
                text.appendText(alt, false);
            }
        } else if (blockElements().contains(tag.name)) {
            text.blockBoundary();
            if (tag.name == u"pre" && !tag.selfClosing)
                preDepth = tag.closing ? std::max(0, preDepth - 1) : preDepth + 1;
        }
    }
    content.text = text.take();
    return content;
}

QByteArray declaredHtmlCharset(QByteArrayView head)
{
    const QByteArray lower = head.toByteArray().toLower();
    const qsizetype at = lower.indexOf("charset=");
    if (at < 0)
        return {};
    qsizetype i = at + 8;
    while (i < lower.size() && (lower[i] == '"' || lower[i] == '\'' || lower[i] == ' '))
        ++i;
    const qsizetype start = i;
    while (i < lower.size() && (std::isalnum(static_cast<unsigned char>(lower[i])) || lower[i] == '-' ||
                                lower[i] == '_' || lower[i] == ':' || lower[i] == '.'))
        ++i;
    return lower.mid(start, i - start);
}

} // namespace cortex::ingest::detail
