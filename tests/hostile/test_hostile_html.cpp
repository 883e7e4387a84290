// Hostile HTML pages through cortex-cli: markup that never ends (megabytes of open tags, comments and
// quotes) ingests in one pass, a page that points at files outside its folder or on the web reads
// neither, and binary content named .html fails with the file's name and the reason. A plain saved page
// with its image folder is ingested and found.

#include "hostile_support.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>
#define STB_IMAGE_WRITE_IMPLEMENTATION
#include <stb/stb_image_write.h>

namespace {

using hostile::cli;
using hostile::libraryArgs;
using hostile::Run;
using hostile::TempHome;
using hostile::with;
using hostile::writeBytes;
using nlohmann::json;
namespace fs = std::filesystem;

// `extra`: more options (the text limit, for pages whose text would take minutes to embed).
json ingest(const fs::path &home, const fs::path &path, Run *run, const std::vector<std::string> &extra = {})
{
    *run = cli(home, with(with({"ingest", path.string(), "--json"}, libraryArgs(home)), extra));
    const json value = json::parse(run->out, nullptr, false);
    return value.is_discarded() ? json::object() : value;
}

void writePng(const fs::path &file, int w, int h)
{
    std::vector<unsigned char> pixels(size_t(w) * size_t(h) * 3);
    for (size_t i = 0; i < pixels.size(); ++i)
        pixels[i] = static_cast<unsigned char>((i * 7) & 0xff);
    fs::create_directories(file.parent_path());
    REQUIRE(stbi_write_png(file.c_str(), w, h, 3, pixels.data(), w * 3));
}

} // namespace

TEST_CASE("a saved page with its image folder is ingested and found by its words")
{
    TempHome home;
    const fs::path site = home.path / "site";
    writePng(site / "recipe_files" / "bread.png", 64, 48);
    writeBytes(site / "recipe.html",
               "<!DOCTYPE html><html><head><title>Sourdough</title><script>var x='<p>no</p>';</script>"
               "</head><body><h1>Sourdough bread</h1><p>Flour, water &amp; salt; a long proof.</p>"
               "<img src=\"recipe_files/bread.png\" alt=\"the crumb\"></body></html>");
    Run run;
    const json summary = ingest(home.path, site / "recipe.html", &run);
    REQUIRE_MESSAGE(run.exitCode == 0, run.describe());
    CHECK(run.wellBehaved());
    CHECK(summary.value("indexed", 0) == 1);
    const Run search = cli(home.path, with({"search", "--text", "sourdough proof", "--no-rerank", "--json"},
                                           libraryArgs(home.path)));
    REQUIRE_MESSAGE(search.exitCode == 0, search.describe());
    const json hits = json::parse(search.out)["hits"];
    REQUIRE(!hits.empty());
    bool text = false, image = false;
    for (const auto &hit : hits) {
        if (hit.dump().find("recipe.html") == std::string::npos)
            continue;
        text |= hit.dump().find("Sourdough bread") != std::string::npos;
        image |= hit.dump().find("image") != std::string::npos;
    }
    CHECK(text);
    CHECK(image);
    CHECK(search.out.find("var x") == std::string::npos); // the script is no text of the page
}

TEST_CASE("markup that never ends is read in one pass, within the limits")
{
    for (const std::string unit : {"<a ", "<!--", "<a x='", "&&#", "<script>", "</"}) {
        CAPTURE(unit);
        TempHome home;
        std::string page = "<p>start of the page</p>";
        while (page.size() < (8u << 20))
            page += unit;
        writeBytes(home.path / "endless.html", page);
        Run run;
        // Some units are visible text ("&&#" is three characters of it): the page's 8 MB of text are cut
        // to the document limit, set low here so that the tiny model embeds what is left in seconds.
        const json summary =
            ingest(home.path, home.path / "endless.html", &run, {"--max-text-chars", "20000"});
        CHECK_MESSAGE(run.wellBehaved(), run.describe());
        CHECK_MESSAGE(run.exitCode == 0, run.describe());
        CHECK(summary.value("indexed", 0) == 1);
    }
}

TEST_CASE("a page reads no file outside its folder and fetches nothing from the web")
{
    TempHome home;
    writePng(home.path / "private" / "secret.png", 64, 64);
    const fs::path page = home.path / "site" / "index.html";
    writeBytes(page, "<p>links out</p><img src=\"../private/secret.png\"><img src=\"" +
                         (home.path / "private" / "secret.png").string() +
                         "\"><img src=\"https://example.org/a.png\"><img src=\"file:///etc/hostname\">");
    Run run;
    const json summary = ingest(home.path, page, &run);
    REQUIRE_MESSAGE(run.exitCode == 0, run.describe());
    CHECK(summary.value("indexed", 0) == 1);
    CHECK(summary.value("items", 0) == 1); // the text alone: no image was read
    CHECK(run.wellBehaved());
}

TEST_CASE("binary content named .html fails with the file's name and the reason; the library stays")
{
    TempHome home;
    writeBytes(home.path / "docs" / "note.txt", "A note about lighthouses.");
    Run first;
    ingest(home.path, home.path / "docs", &first);
    REQUIRE_MESSAGE(first.exitCode == 0, first.describe());
    const std::string before = hostile::folderFingerprint(home.path / "lib" / "indexes");

    writeBytes(home.path / "blob.html", std::string("<p>\0\0\0\x01\x02", 8) + std::string(4096, '\x7f'));
    Run run;
    const json summary = ingest(home.path, home.path / "blob.html", &run);
    CHECK(run.wellBehaved());
    CHECK(summary.value("failed", 0) == 1);
    CHECK(run.out.find("blob.html") != std::string::npos);
    CHECK(run.out.find("binary") != std::string::npos);
    CHECK(hostile::folderFingerprint(home.path / "lib" / "indexes") == before);
}
