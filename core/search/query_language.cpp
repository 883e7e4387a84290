#include "search/query_language.h"

#include "common/ascii.h"

#include <QDate>
#include <QDateTime>
#include <QString>
#include <QTime>

#include <algorithm>
#include <map>

namespace cortex::search {
namespace {

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

bool isAsciiLetter(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// Where a part of the query is, for errors: characters counted from 1 (UTF-8 continuation bytes are
// not counted, so that the number matches what the user sees).
std::string at(std::string_view text, size_t byte)
{
    size_t characters = 1;
    for (size_t i = 0; i < byte && i < text.size(); ++i)
        if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80)
            ++characters;
    return "at character " + std::to_string(characters);
}

Error syntaxError(const std::string &message)
{
    return makeError("the query " + message, ErrorKind::InvalidInput);
}

// type: values and the document types they stand for.
const std::map<std::string, std::vector<std::string>> &typeAliases()
{
    static const std::map<std::string, std::vector<std::string>> aliases{
        {"pdf", {"pdf"}},
        {"image", {"image", "svg"}},
        {"text", {"text", "markdown", "html"}},
        {"office", {"docx", "pptx", "odt"}},
        {"svg", {"svg"}},
        {"markdown", {"markdown"}},
        {"html", {"html"}},
        {"docx", {"docx"}},
        {"pptx", {"pptx"}},
        {"odt", {"odt"}},
        // Video files are one document type whatever their container (mp4, mkv, webm, ...).
        {"video", {"video"}},
    };
    return aliases;
}

Result<int64_t> parseDay(const std::string &field, const std::string &value, const std::string &where)
{
    const QDate day = QDate::fromString(QString::fromStdString(value), Qt::ISODate);
    if (!day.isValid())
        return syntaxError("has " + field + ":" + value + " " + where +
                           ", which is not a date like 2024-01-31");
    return QDateTime(day, QTime(0, 0)).toSecsSinceEpoch();
}

void addUnique(std::vector<std::string> &list, const std::string &value)
{
    if (std::find(list.begin(), list.end(), value) == list.end())
        list.push_back(value);
}

void appendText(std::string &freeText, const std::string &part)
{
    if (!freeText.empty())
        freeText += ' ';
    freeText += part;
}

} // namespace

Result<ParsedQuery> parseQuery(std::string_view text)
{
    ParsedQuery q;
    size_t i = 0;
    const size_t n = text.size();
    // A quoted string starting at text[open] == '"': its content, and i moved past the closing quote.
    const auto quoted = [&](size_t open) -> Result<std::string> {
        const size_t close = text.find('"', open + 1);
        if (close == std::string_view::npos)
            return syntaxError("has a quote " + at(text, open) + " that is not closed");
        i = close + 1;
        std::string content(text.substr(open + 1, close - open - 1));
        const auto first = content.find_first_not_of(" \t\n\r\f\v");
        if (first == std::string::npos)
            return syntaxError("has an empty phrase \"\" " + at(text, open));
        content = content.substr(first, content.find_last_not_of(" \t\n\r\f\v") - first + 1);
        return content;
    };

    while (i < n) {
        while (i < n && isSpace(text[i]))
            ++i;
        if (i >= n)
            break;
        const size_t start = i;
        bool negated = false;
        if (text[i] == '-' && i + 1 < n && !isSpace(text[i + 1])) {
            negated = true;
            ++i;
        }
        if (text[i] == '"') {
            auto phrase = quoted(i);
            if (!phrase)
                return phrase.error();
            if (negated) {
                addUnique(q.excluded, *phrase);
            } else {
                addUnique(q.phrases, *phrase);
                appendText(q.freeText, *phrase);
            }
            continue;
        }

        // A field is letters, then a colon, then a value (quoted or up to the next space).
        size_t letters = i;
        while (letters < n && isAsciiLetter(text[letters]))
            ++letters;
        if (letters > i && letters < n && text[letters] == ':') {
            const std::string field = asciiLower(text.substr(i, letters - i));
            const std::string written(text.substr(i, letters - i + 1));
            const std::string where = at(text, start);
            std::string value;
            i = letters + 1;
            if (i < n && text[i] == '"') {
                auto v = quoted(i);
                if (!v)
                    return v.error();
                value = *v;
            } else {
                const size_t end = i;
                while (i < n && !isSpace(text[i]))
                    ++i;
                value = std::string(text.substr(end, i - end));
            }
            static const std::vector<std::string> known{"type", "in", "tag", "path", "after", "before"};
            if (std::find(known.begin(), known.end(), field) == known.end())
                return syntaxError("has an unknown field '" + written + "' " + where +
                                   " (known: type:, in:, tag:, path:, after:, before:); put it in quotes to "
                                   "search for the text");
            if (negated)
                return syntaxError("cannot exclude a field ('-" + written + "' " + where + ")");
            if (value.empty())
                return syntaxError("has '" + written + "' " + where + " without a value");
            if (field == "type") {
                const auto alias = typeAliases().find(asciiLower(value));
                if (alias == typeAliases().end())
                    return syntaxError(
                        "has type:" + value + " " + where +
                        ", which is not one of pdf, image, text, office, video, svg, markdown, "
                        "html, docx, pptx, odt");
                for (const auto &t : alias->second)
                    addUnique(q.documentTypes, t);
            } else if (field == "in") {
                addUnique(q.collections, value);
            } else if (field == "tag") {
                addUnique(q.tags, value);
            } else if (field == "path") {
                addUnique(q.pathContains, value);
            } else {
                auto seconds = parseDay(field, value, where);
                if (!seconds)
                    return seconds.error();
                auto &bound = field == "after" ? q.modifiedAfter : q.modifiedBefore;
                if (bound)
                    return syntaxError("has " + field + ": twice (the second " + where + ")");
                bound = *seconds;
            }
            continue;
        }

        // A word: up to the next space or quote.
        while (i < n && !isSpace(text[i]) && text[i] != '"')
            ++i;
        const std::string word(text.substr(negated ? start + 1 : start, i - (negated ? start + 1 : start)));
        if (negated)
            addUnique(q.excluded, word);
        else
            appendText(q.freeText, word);
    }
    if (q.modifiedAfter && q.modifiedBefore && *q.modifiedAfter >= *q.modifiedBefore)
        return syntaxError(
            "asks for documents modified after a day that is not before its before: day, which "
            "no document can be");
    return q;
}

std::string queryLanguageHelp()
{
    return "words                 found by meaning and by keywords\n"
           "\"exact phrase\"        every hit contains the phrase\n"
           "-word  -\"a phrase\"    no hit contains it\n"
           "type:pdf|image|text|office|video  (or svg, markdown, html, docx, pptx, odt)\n"
           "in:collection         in:\"two words\" for a name with spaces\n"
           "tag:name              documents of a collection with that tag\n"
           "path:part             the document's path contains it (any case)\n"
           "after:2024-01-01      modified on or after that day\n"
           "before:2024-02-01     modified before that day\n"
           "type:, in: and tag: given twice accept either; path: given twice needs both.\n";
}

} // namespace cortex::search
