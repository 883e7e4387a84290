// The search box's query language (search/query_language.h) over a table of queries: what each valid
// one means, and for each invalid one the words of its error. FTS5's operators typed by a user are
// plain words, never a syntax error.

#include "search/query_language.h"

#include <QDate>
#include <QDateTime>
#include <QTime>

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace cortex;
using namespace cortex::search;

namespace {

using Strings = std::vector<std::string>;

int64_t day(int y, int m, int d)
{
    return QDateTime(QDate(y, m, d), QTime(0, 0)).toSecsSinceEpoch();
}

struct Valid {
    std::string query;
    std::string freeText;
    Strings phrases = {}, excluded = {}, types = {}, collections = {}, tags = {}, paths = {};
    std::optional<int64_t> after = {}, before = {};
};

} // namespace

TEST_CASE("valid queries parse into words, phrases, exclusions and fields")
{
    const std::vector<Valid> cases{
        {"quick brown fox", "quick brown fox"},
        {"  spaced   out  ", "spaced out"},
        {"\"annual report\" 2024", "annual report 2024", {"annual report"}},
        {"budget -draft -\"old version\"", "budget", {}, {"draft", "old version"}},
        {"type:pdf lighthouse", "lighthouse", {}, {}, {"pdf"}},
        {"TYPE:Office plan", "plan", {}, {}, {"docx", "pptx", "odt"}},
        {"type:image type:pdf x", "x", {}, {}, {"image", "svg", "pdf"}},
        {"type:video revenue chart", "revenue chart", {}, {}, {"video"}},
        {"Type:VIDEO type:pdf demo", "demo", {}, {}, {"video", "pdf"}},
        {"in:\"Project X\" notes in:work", "notes", {}, {}, {}, {"Project X", "work"}},
        {"tag:finance path:reports/2024 path:Q3 plan",
         "plan",
         {},
         {},
         {},
         {},
         {"finance"},
         {"reports/2024", "Q3"}},
        {"after:2024-01-01 before:2024-07-01 plan",
         "plan",
         {},
         {},
         {},
         {},
         {},
         {},
         day(2024, 1, 1),
         day(2024, 7, 1)},
        // FTS5 operators and punctuation are words; a colon after digits is not a field.
        {"foo AND bar* NEAR(x y) ^baz OR NOT", "foo AND bar* NEAR(x y) ^baz OR NOT"},
        {"meeting at 10:30", "meeting at 10:30"},
        {"a - b", "a - b"},
        {"café \"crème brûlée\"", "café crème brûlée", {"crème brûlée"}},
        {"word\"phrase here\"", "word phrase here", {"phrase here"}},
        {"", ""},
    };
    for (const auto &c : cases) {
        CAPTURE(c.query);
        const auto parsed = parseQuery(c.query);
        REQUIRE_MESSAGE(parsed.ok(), (parsed.ok() ? "" : parsed.error().message));
        CHECK(parsed->freeText == c.freeText);
        CHECK(parsed->phrases == c.phrases);
        CHECK(parsed->excluded == c.excluded);
        CHECK(parsed->documentTypes == c.types);
        CHECK(parsed->collections == c.collections);
        CHECK(parsed->tags == c.tags);
        CHECK(parsed->pathContains == c.paths);
        CHECK(parsed->modifiedAfter == c.after);
        CHECK(parsed->modifiedBefore == c.before);
    }
}

TEST_CASE("invalid queries are errors that quote the part and say where it is")
{
    const std::vector<std::pair<std::string, Strings>> cases{
        {"\"unclosed phrase", {"quote at character 1", "not closed"}},
        {"foo \"bar", {"quote at character 5", "not closed"}},
        {"é \"x", {"at character 3"}}, // characters, not bytes
        {"color:red", {"unknown field 'color:'", "at character 1", "quotes"}},
        {"x Type:spreadsheet", {"type:spreadsheet", "at character 3", "pdf, image, text, office"}},
        {"after:2024-13-01", {"after:2024-13-01", "not a date"}},
        {"before:yesterday", {"before:yesterday", "not a date"}},
        {"in: work", {"'in:'", "without a value"}},
        {"-type:pdf x", {"cannot exclude", "-type:"}},
        {"type:videos x", {"type:videos", "video"}},
        {"-type:video x", {"cannot exclude", "-type:"}},
        {"after:2024-02-01 before:2024-01-01 x", {"no document can be"}},
        {"after:2024-01-01 after:2024-02-01", {"after: twice"}},
        {"x \"\" y", {"empty phrase", "at character 3"}},
        {"in:\"open", {"not closed"}},
    };
    for (const auto &[query, parts] : cases) {
        CAPTURE(query);
        const auto parsed = parseQuery(query);
        REQUIRE_FALSE(parsed.ok());
        CHECK(parsed.error().kind == ErrorKind::InvalidInput);
        for (const auto &part : parts) {
            CAPTURE(part);
            CHECK(parsed.error().message.find(part) != std::string::npos);
        }
    }
}

TEST_CASE("the help names every field")
{
    const std::string help = queryLanguageHelp();
    for (const char *field :
         {"type:", "video", "in:", "tag:", "path:", "after:", "before:", "\"exact phrase\"", "-word"})
        CHECK(help.find(field) != std::string::npos);
}
