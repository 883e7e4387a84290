// Hostile SVG drawings through cortex-cli: a drawing with text renders in the headless CLI (its
// offscreen QGuiApplication gives Qt's font database what it needs: no SIGABRT) and is found by its
// label, also after a resume; entity and <use> bombs, deep nesting, a tag with a million attributes,
// malformed XML, absurd sizes and an oversized file each fail quickly with the file's name and the
// reason; references outside the drawing are not followed. The library keeps answering as before.

#include "hostile_library_checks.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

namespace {

using hostile::checkKnownDocumentStillFound;
using hostile::cli;
using hostile::contains;
using hostile::failureOf;
using hostile::ingest;
using hostile::libraryArgs;
using hostile::makeLibraryWithKnownDocument;
using hostile::parsed;
using hostile::Run;
using hostile::TempHome;
using hostile::with;
using hostile::writeBytes;
using nlohmann::json;
namespace fs = std::filesystem;

std::string svg(const std::string &body, const std::string &size = "width=\"200\" height=\"80\"")
{
    return "<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" "
           "xmlns:xlink=\"http://www.w3.org/1999/xlink\" " +
           size + ">" + body + "</svg>\n";
}

std::string repeated(const std::string &part, int times)
{
    std::string out;
    out.reserve(part.size() * size_t(times));
    for (int i = 0; i < times; ++i)
        out += part;
    return out;
}

} // namespace

TEST_CASE("an SVG with text renders in the headless CLI and is found by its label, also after a resume")
{
    TempHome home;
    makeLibraryWithKnownDocument(home.path);
    const fs::path dir = home.path / "drawings";
    writeBytes(dir / "diagram.svg",
               svg("<title>Harbour crane</title><rect width=\"200\" height=\"80\" fill=\"#ffcc00\"/>"
                   "<text x=\"10\" y=\"40\" font-family=\"sans-serif\" font-size=\"24\">hello fonts</text>"));
    // Upper-case extension, no XML declaration, SVG 2 href to an internal shape.
    writeBytes(dir / "ICON.SVG",
               "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\"><defs><circle "
               "id=\"c\" cx=\"5\" cy=\"5\" r=\"4\"/></defs><use href=\"#c\"/></svg>");

    const Run run = ingest(home.path, {dir.string()});
    INFO(run.describe());
    REQUIRE(run.wellBehaved());
    CHECK(run.exitCode == 0);
    CHECK(!contains(run.err, "QFontDatabase"));
    CHECK(!contains(run.err, "XDG_RUNTIME_DIR"));
    const json summary = parsed(run);
    CHECK(summary["indexed"] == 2);
    CHECK(summary["failed"] == 0);
    CHECK(summary["unsupported"] == 0);
    CHECK(summary["unsupported_in_folders"] == 0);

    json hits = hostile::searchHits(home.path, "hello fonts harbour crane");
    REQUIRE(!hits.empty());
    CHECK(contains(hits[0]["path"].get<std::string>(), "diagram.svg"));

    // resume and rescan read the drawings again without a crash.
    const Run resumed = cli(home.path, with({"resume"}, libraryArgs(home.path)));
    INFO(resumed.describe());
    CHECK(resumed.wellBehaved());
    CHECK(resumed.exitCode == 0);
    writeBytes(dir / "diagram.svg", svg("<text x=\"10\" y=\"40\">hello again</text>"));
    const Run rescan = cli(home.path, with({"rescan"}, libraryArgs(home.path)));
    INFO(rescan.describe());
    CHECK(rescan.wellBehaved());
    CHECK(rescan.exitCode == 0);
    CHECK(!contains(rescan.err, "QFontDatabase"));
    checkKnownDocumentStillFound(home.path);
}

TEST_CASE("hostile SVGs fail quickly with the file's name and the reason; the library stays")
{
    TempHome home;
    makeLibraryWithKnownDocument(home.path);
    const fs::path dir = home.path / "hostile";

    std::string laughs = "<?xml version=\"1.0\"?>\n<!DOCTYPE svg [\n<!ENTITY a0 \"lol\">\n";
    for (int i = 1; i <= 9; ++i)
        laughs += "<!ENTITY a" + std::to_string(i) + " \"" +
                  repeated("&a" + std::to_string(i - 1) + ";", 10) + "\">\n";
    laughs += "]>\n<svg xmlns=\"http://www.w3.org/2000/svg\"><text>&a9;</text></svg>\n";
    writeBytes(dir / "laughs.svg", laughs);

    std::string fanOut = "<defs><rect id=\"l0\" width=\"1\" height=\"1\"/>";
    for (int level = 1; level <= 12; ++level)
        fanOut += "<g id=\"l" + std::to_string(level) + "\">" +
                  repeated("<use xlink:href=\"#l" + std::to_string(level - 1) + "\"/>", 10) + "</g>";
    fanOut += "</defs><use xlink:href=\"#l12\"/><text x=\"1\" y=\"9\">boom</text>";
    writeBytes(dir / "fanout.svg", svg(fanOut));

    writeBytes(dir / "deep.svg", svg(repeated("<g>", 100000) + repeated("</g>", 100000)));
    std::string attributes = "<rect";
    for (int i = 0; i < 300000; ++i)
        attributes += " a" + std::to_string(i) + "=\"1\"";
    writeBytes(dir / "attributes.svg", svg(attributes + "/>"));
    writeBytes(dir / "broken.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\">\n<g>\n<text>x</g>\n</svg>\n");
    writeBytes(dir / "absurd.svg", svg("<rect/>", "width=\"1e300\" height=\"1e300\""));
    writeBytes(dir / "png.svg", std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16));
    writeBytes(dir / "big.svg", svg("<desc>" + std::string(17u << 20, 'x') + "</desc>"));

    const Run run = ingest(home.path, {dir.string()});
    INFO(run.describe());
    MESSAGE("hostile SVGs: " << run.seconds << " s, peak " << run.peakRssKb / 1024 << " MiB");
    REQUIRE(run.wellBehaved());
    CHECK(run.exitCode == 0);
    const json summary = parsed(run);
    CHECK(summary["failed"] == 8);
    CHECK(summary["indexed"] == 0);
    CHECK(contains(failureOf(summary, "laughs.svg"), "laughs.svg: the SVG declares entities in its DTD"));
    CHECK(contains(failureOf(summary, "fanout.svg"), "fanout.svg: a <use> refers to #l"));
    CHECK(contains(failureOf(summary, "deep.svg"),
                   "deep.svg: the SVG nests elements more than 256 levels deep"));
    CHECK(contains(failureOf(summary, "attributes.svg"), "attributes.svg: an element of the SVG has 300000 "
                                                         "attributes, more than the limit of 1000"));
    CHECK(contains(failureOf(summary, "broken.svg"), "broken.svg: the SVG is not well-formed XML (line 3"));
    CHECK(contains(failureOf(summary, "absurd.svg"), "absurd.svg: the SVG's width is \"1e300\""));
    CHECK(contains(failureOf(summary, "png.svg"), "png.svg: not an SVG image (it looks like PNG)"));
    CHECK(contains(failureOf(summary, "big.svg"), "big.svg: the SVG is "));
    CHECK(contains(failureOf(summary, "big.svg"), "more than the limit of 16777216 bytes (16 MB)"));
    checkKnownDocumentStillFound(home.path);
}

TEST_CASE("an SVG reads nothing outside itself, and a huge drawing renders within the pixel limit")
{
    TempHome home;
    const fs::path dir = home.path / "outside";
    writeBytes(dir / "secret.txt", "the secret password is swordfish\n");
    const std::string image = "<image width=\"200\" height=\"80\" ";
    writeBytes(dir / "refs.svg",
               svg(image + "xlink:href=\"file:///etc/passwd\"/>" + image + "xlink:href=\"" +
                   (dir / "secret.txt").string() + "\"/>" + image + "href=\"http://127.0.0.1:9/x.png\"/>" +
                   "<use xlink:href=\"secret.svg#x\"/><style>@import url(secret.css);</style>"
                   "<text x=\"5\" y=\"40\">lighthouse keeper</text>"));
    writeBytes(dir / "huge.svg",
               svg("<rect width=\"100000\" height=\"100000\" fill=\"red\"/><text x=\"10\" y=\"5000\" "
                   "font-size=\"4000\">enormous</text>",
                   "width=\"100000\" height=\"100000\""));

    const Run run = ingest(home.path, {dir.string()});
    INFO(run.describe());
    REQUIRE(run.wellBehaved());
    CHECK(run.exitCode == 0);
    const json summary = parsed(run);
    CHECK(summary["failed"] == 0);
    CHECK(summary["indexed"] == 3);
    CHECK(contains(summary.dump(), "reference(s) outside the file were not followed"));

    // The secret is found in its own file only, never as part of the drawing.
    const json hits = hostile::searchHits(home.path, "lighthouse keeper");
    REQUIRE(!hits.empty());
    CHECK(contains(hits[0]["path"].get<std::string>(), "refs.svg"));
    for (const auto &hit : hostile::searchHits(home.path, "swordfish password"))
        if (contains(hit["path"].get<std::string>(), "refs.svg"))
            CHECK(!contains(hit.dump(), "swordfish"));
}
