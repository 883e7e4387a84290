// Hostile files (issue 9, items 1, 7, 8, 11 and the decoder half of 12): content that names itself
// wrongly (an SVG called x.png, HTML called photo.jpg), a file that crashes the process, named pipes,
// sockets and devices, empty and mistyped files after a deduplicated one, unsupported types named
// explicitly, and 16-bit images whose decode buffer would outgrow the pixel limit. Every input is made
// here, at test time; every case checks that cortex-cli ended by itself with a clean exit, named the
// file and the reason, stayed under the memory bound, and left the library answering as before.

#include "hostile_library_checks.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>
#include <zip.h>
#include <zlib.h>

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

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

std::string svgWithText()
{
    return "<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"200\" height=\"80\">"
           "<text x=\"10\" y=\"40\" font-family=\"sans-serif\" font-size=\"24\">hello fonts</text></svg>\n";
}

// A PNG of width x height white pixels (`deep`: 16 bits a channel, RGBA; otherwise 8-bit grey), written
// row by row through zlib so that a 512 MB image costs the test neither the memory nor the disk
// (uniform rows compress to almost nothing).
std::string png(uint32_t width, uint32_t height, bool deep)
{
    std::string out("\x89PNG\r\n\x1a\n", 8);
    const auto chunk = [&](const char *type, const std::string &data) {
        const auto be32 = [&](uint32_t v) {
            out += char(v >> 24);
            out += char(v >> 16);
            out += char(v >> 8);
            out += char(v);
        };
        be32(uint32_t(data.size()));
        const std::string body = std::string(type, 4) + data;
        out += body;
        be32(uint32_t(crc32(0, reinterpret_cast<const Bytef *>(body.data()), uInt(body.size()))));
    };
    std::string ihdr;
    for (const uint32_t v : {width, height})
        for (int shift = 24; shift >= 0; shift -= 8)
            ihdr += char(v >> shift);
    // Bit depth and colour type (16-bit RGBA or 8-bit grey), then deflate, no filter method, no interlace.
    ihdr += deep ? std::string("\x10\x06\x00\x00\x00", 5) : std::string("\x08\x00\x00\x00\x00", 5);
    chunk("IHDR", ihdr);

    z_stream z{};
    deflateInit2(&z, 1, Z_DEFLATED, 15, 9, Z_RLE);
    std::string row(1 + size_t(width) * (deep ? 8 : 1), '\0');
    std::fill(row.begin() + 1, row.end(), '\xff'); // opaque white: runs that Z_RLE packs at once
    std::string idat;
    std::vector<char> buffer(1 << 20);
    for (uint32_t y = 0; y <= height; ++y) {
        const bool last = y == height;
        z.next_in = reinterpret_cast<Bytef *>(last ? nullptr : row.data());
        z.avail_in = last ? 0 : uInt(row.size());
        do {
            z.next_out = reinterpret_cast<Bytef *>(buffer.data());
            z.avail_out = uInt(buffer.size());
            deflate(&z, last ? Z_FINISH : Z_NO_FLUSH);
            idat.append(buffer.data(), buffer.size() - z.avail_out);
        } while (z.avail_out == 0);
    }
    deflateEnd(&z);
    chunk("IDAT", idat);
    chunk("IEND", "");
    return out;
}

std::string png16(uint32_t width, uint32_t height)
{
    return png(width, height, true);
}

// A 16-bit image as a TIFF (one Deflate-compressed strip, 16 bits a sample, RGBA with unassociated alpha).
std::string tiff16(uint32_t width, uint32_t height)
{
    z_stream z{};
    deflateInit2(&z, 1, Z_DEFLATED, 15, 9, Z_RLE);
    const std::string row(size_t(width) * 8, '\xff');
    std::string data;
    std::vector<char> buffer(1 << 20);
    for (uint32_t y = 0; y <= height; ++y) {
        const bool last = y == height;
        z.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(last ? nullptr : row.data()));
        z.avail_in = last ? 0 : uInt(row.size());
        do {
            z.next_out = reinterpret_cast<Bytef *>(buffer.data());
            z.avail_out = uInt(buffer.size());
            deflate(&z, last ? Z_FINISH : Z_NO_FLUSH);
            data.append(buffer.data(), buffer.size() - z.avail_out);
        } while (z.avail_out == 0);
    }
    deflateEnd(&z);
    if (data.size() % 2)
        data += '\0';
    const auto le16 = [](std::string &out, uint16_t v) {
        out += char(v & 0xff);
        out += char(v >> 8);
    };
    const auto le32 = [&](std::string &out, uint32_t v) {
        le16(out, uint16_t(v & 0xffff));
        le16(out, uint16_t(v >> 16));
    };
    // Header, the four BitsPerSample values, the strip, then the directory.
    const uint32_t bitsAt = 8, dataAt = 16, directoryAt = dataAt + uint32_t(data.size());
    std::string out("II*\0", 4);
    le32(out, directoryAt);
    for (int i = 0; i < 4; ++i)
        le16(out, 16);
    out += data;
    struct Tag {
        uint16_t tag, type;
        uint32_t count, value;
    };
    const std::vector<Tag> tags{{256, 4, 1, width}, {257, 4, 1, height}, {258, 3, 4, bitsAt},
                                {259, 3, 1, 8},     {262, 3, 1, 2},      {273, 4, 1, dataAt},
                                {277, 3, 1, 4},     {278, 4, 1, height}, {279, 4, 1, uint32_t(data.size())},
                                {284, 3, 1, 1},     {338, 3, 1, 2}};
    le16(out, uint16_t(tags.size()));
    for (const Tag &t : tags) {
        le16(out, t.tag);
        le16(out, t.type);
        le32(out, t.count);
        if (t.type == 3 && t.count == 1) {
            le16(out, uint16_t(t.value));
            le16(out, 0);
        } else {
            le32(out, t.value);
        }
    }
    le32(out, 0);
    return out;
}

// A minimal DOCX (stored entries) whose body says `text` and which embeds `media` as word/media/image1.png.
void writeDocx(const fs::path &file, const std::string &text, const std::string &media)
{
    fs::create_directories(file.parent_path());
    int error = 0;
    zip_t *archive = zip_open(file.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
    REQUIRE(archive);
    const std::vector<std::pair<std::string, std::string>> entries{
        {"[Content_Types].xml",
         "<?xml version=\"1.0\"?><Types "
         "xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
         "<Default Extension=\"png\" ContentType=\"image/png\"/><Default Extension=\"xml\" "
         "ContentType=\"application/xml\"/></Types>"},
        {"word/document.xml", "<?xml version=\"1.0\"?><w:document "
                              "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/"
                              "main\"><w:body><w:p><w:r><w:t>" +
                                  text + "</w:t></w:r></w:p></w:body></w:document>"},
        {"word/media/image1.png", media}};
    for (const auto &[name, data] : entries) {
        zip_source_t *source = zip_source_buffer(archive, data.data(), data.size(), 0);
        const zip_int64_t index = zip_file_add(archive, name.c_str(), source, ZIP_FL_ENC_UTF_8);
        REQUIRE(index >= 0);
        zip_set_file_compression(archive, zip_uint64_t(index), ZIP_CM_STORE, 0);
    }
    REQUIRE(zip_close(archive) == 0);
}

// A Unix socket bound at `path` (left there while the returned descriptor is open).
int bindSocket(const fs::path &path)
{
    const int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::snprintf(address.sun_path, sizeof address.sun_path, "%s", path.c_str());
    REQUIRE(bind(fd, reinterpret_cast<sockaddr *>(&address), sizeof address) == 0);
    return fd;
}

} // namespace

TEST_CASE("images are decoded by their content from an allow-list; an SVG called .png never reaches Qt's SVG "
          "plugin")
{
    TempHome home;
    makeLibraryWithKnownDocument(home.path);
    const fs::path dir = home.path / "wrong-names";
    writeBytes(dir / "x.png", svgWithText());
    writeBytes(dir / "photo.jpg", "<!DOCTYPE html><html><body><p>not a photo</p></body></html>\n");
    writeBytes(dir / "scan.tiff", "%PDF-1.4\n% a PDF called .tiff\n");
    // XPM is C source that Qt would decode if asked which plugin can read it.
    writeBytes(dir / "icon.gif", "/* XPM */\nstatic char *icon[] = {\"1 1 1 1\", \"a c #ff0000\", \"a\"};\n");
    writeBytes(dir / "fake.bmp", "BM this is plain text that starts with BM\n");
    // Inside an office document too: the DOCX is indexed, its "image" skipped.
    writeDocx(dir / "letter.docx", "a letter about kites", svgWithText());

    const Run run = ingest(home.path, {dir.string()});
    INFO(run.describe());
    REQUIRE(run.wellBehaved());
    CHECK(run.exitCode == 0);
    CHECK(!contains(run.err, "QFontDatabase"));
    const json summary = parsed(run);
    CHECK(summary["failed"] == 5);
    CHECK(summary["indexed"] == 1);
    CHECK(failureOf(summary, "letter.docx").empty());
    CHECK(contains(failureOf(summary, "x.png"), "x.png: not a supported image format (it looks like SVG)"));
    CHECK(contains(failureOf(summary, "photo.jpg"), "it looks like HTML"));
    CHECK(contains(failureOf(summary, "scan.tiff"), "it looks like PDF"));
    CHECK(contains(failureOf(summary, "icon.gif"), "it looks like text"));
    CHECK(contains(failureOf(summary, "fake.bmp"), "it looks like text"));

    checkKnownDocumentStillFound(home.path);
}

TEST_CASE("a query image is decoded by its content too, from a file or standard input")
{
    TempHome home;
    writeBytes(home.path / "q" / "query.png", svgWithText());
    writeBytes(home.path / "q" / "query.jpg", "<html>a web page</html>\n");

    const Run svg =
        cli(home.path, with({"search", "--image", (home.path / "q" / "query.png").string(), "--no-rerank"},
                            libraryArgs(home.path)));
    INFO(svg.describe());
    CHECK(svg.wellBehaved());
    CHECK(svg.exitCode != 0);
    CHECK(contains(svg.err, "query.png: not a supported image format for a query (it looks like SVG"));

    const Run html = cli(home.path, with({"search", "--image", "-", "--no-rerank"}, libraryArgs(home.path)),
                         home.path / "q" / "query.jpg");
    INFO(html.describe());
    CHECK(html.wellBehaved());
    CHECK(html.exitCode != 0);
    CHECK(contains(html.err,
                   "the image on standard input: not a supported image format for a query (it looks "
                   "like HTML"));

    const Run device =
        cli(home.path, with({"search", "--image", "/dev/zero", "--no-rerank"}, libraryArgs(home.path)));
    INFO(device.describe());
    CHECK(device.wellBehaved());
    CHECK(device.exitCode != 0);
    CHECK(contains(device.err, "/dev/zero: this is a character device, not a regular file"));

    REQUIRE(mkfifo((home.path / "q" / "pipe.png").c_str(), 0600) == 0);
    const Run fifo =
        cli(home.path, with({"search", "--image", (home.path / "q" / "pipe.png").string(), "--no-rerank"},
                            libraryArgs(home.path)));
    INFO(fifo.describe());
    CHECK(fifo.wellBehaved());
    CHECK(contains(fifo.err, "pipe.png: this is a named pipe (FIFO), not a regular file"));

    // A query image is decoded whole before it is resized: beyond kMaxQueryImagePixels it is refused
    // from its header (a 100-megapixel query needed 2.1 GB).
    writeBytes(home.path / "q" / "huge.png", png(10000, 10000, false));
    const Run huge = cli(home.path, with({"search", "--image", "-", "--no-rerank"}, libraryArgs(home.path)),
                         home.path / "q" / "huge.png");
    INFO(huge.describe());
    CHECK(huge.wellBehaved());
    CHECK(huge.exitCode != 0);
    CHECK(contains(huge.err, "the image on standard input': it is 10000x10000 pixels, more than the limit of "
                             "50000000 pixels"));
}

TEST_CASE("a file that crashed the process is recorded as failed on resume, not read again")
{
    TempHome home;
    const fs::path dir = home.path / "docs";
    writeBytes(dir / "a.txt", "alpha document about lighthouses\n");
    writeBytes(dir / "b.txt", "bravo document that crashes the reader\n");
    writeBytes(dir / "c.txt", "charlie document about glaciers\n");

    // A crash (SIGABRT) while reading b.txt, through the test-only hook.
    setenv("CORTEX_TEST_ABORT_ON", "b.txt", 1);
    const Run crashed = ingest(home.path, {dir.string()});
    unsetenv("CORTEX_TEST_ABORT_ON");
    INFO(crashed.describe());
    REQUIRE(crashed.signal == SIGABRT); // the simulated crash itself

    // The resume does not read b.txt again (the hook is still set: reading it would crash again).
    setenv("CORTEX_TEST_ABORT_ON", "b.txt", 1);
    const Run resumed = cli(home.path, with({"resume", "--json"}, libraryArgs(home.path)));
    unsetenv("CORTEX_TEST_ABORT_ON");
    INFO(resumed.describe());
    REQUIRE(resumed.wellBehaved());
    CHECK(resumed.exitCode == 0);
    const json jobs = parsed(resumed)["resumed"];
    REQUIRE(jobs.size() == 1);
    CHECK(jobs[0]["failed"] == 1);
    CHECK(jobs[0]["indexed"] == 1); // c.txt (a.txt was committed before the crash)
    CHECK(contains(failureOf(jobs[0], "b.txt"),
                   "b.txt: the previous attempt ended the process while reading this file"));
    CHECK(!fs::exists(home.path / "lib" / "crashed-in-job-1"));

    const Run nothingLeft = cli(home.path, with({"resume"}, libraryArgs(home.path)));
    CHECK(nothingLeft.exitCode == 0);
    CHECK(contains(nothingLeft.out, "no unfinished jobs"));
}

TEST_CASE("a file being read when the process was killed from outside is read again on resume")
{
    TempHome home;
    const fs::path dir = home.path / "docs";
    writeBytes(dir / "a.txt", "alpha document about lighthouses\n");
    writeBytes(dir / "b.txt", "bravo document about volcanoes\n");
    writeBytes(dir / "c.txt", "charlie document about glaciers\n");

    setenv("CORTEX_TEST_KILL_ON", "b.txt", 1);
    const Run killed = ingest(home.path, {dir.string()});
    unsetenv("CORTEX_TEST_KILL_ON");
    INFO(killed.describe());
    REQUIRE(killed.signal == SIGKILL);

    const Run resumed = cli(home.path, with({"resume", "--json"}, libraryArgs(home.path)));
    INFO(resumed.describe());
    REQUIRE(resumed.wellBehaved());
    const json jobs = parsed(resumed)["resumed"];
    REQUIRE(jobs.size() == 1);
    CHECK(jobs[0]["failed"] == 0);
    CHECK(jobs[0]["indexed"] == 2); // b.txt and c.txt
}

TEST_CASE("a process killed inside a long file continues there on resume, not at its start")
{
    TempHome home;
    const fs::path dir = home.path / "docs";
    std::string minutes;
    for (int i = 0; i < 60; ++i)
        minutes += "Paragraph " + std::to_string(i) + ": the committee agreed on item " +
                   std::to_string(i * 7) + " of the agenda after a long debate on the harbour budget.\n\n";
    writeBytes(dir / "minutes.txt", minutes);

    // Killed from outside right after the first checkpoint inside the file (the test-only hook).
    setenv("CORTEX_TEST_KILL_AT_CHECKPOINT", "minutes.txt", 1);
    const Run killed = cli(home.path, with({"ingest", dir.string(), "--json", "--chunk-tokens", "32",
                                            "--overlap", "4", "--checkpoint-interval", "0"},
                                           libraryArgs(home.path)));
    unsetenv("CORTEX_TEST_KILL_AT_CHECKPOINT");
    INFO(killed.describe());
    REQUIRE(killed.signal == SIGKILL);

    const Run resumed = cli(home.path, with({"resume", "--json"}, libraryArgs(home.path)));
    INFO(resumed.describe());
    REQUIRE(resumed.wellBehaved());
    const json jobs = parsed(resumed)["resumed"];
    REQUIRE(jobs.size() == 1);
    CHECK(jobs[0]["indexed"] == 1);
    REQUIRE(jobs[0]["continued_inside"].size() == 1);
    CHECK(jobs[0]["continued_inside"][0]["path"].get<std::string>().ends_with("minutes.txt"));
    const int64_t saved = jobs[0]["continued_inside"][0]["saved_items"];
    CHECK(saved > 0);
    CHECK(saved < jobs[0]["items"].get<int64_t>());

    // The same items as an uninterrupted ingest of the file.
    const Run whole =
        cli(home.path, with({"ingest", dir.string(), "--json", "--chunk-tokens", "32", "--overlap", "4"},
                            libraryArgs(home.path, "whole")));
    REQUIRE(whole.wellBehaved());
    CHECK(parsed(whole)["items"] == jobs[0]["items"]);
    const Run checked = cli(home.path, with({"check", "--json"}, libraryArgs(home.path)));
    INFO(checked.describe());
    CHECK(checked.exitCode == 0);
}

TEST_CASE("named pipes, sockets and devices are never opened, and are named for what they are")
{
    TempHome home;
    makeLibraryWithKnownDocument(home.path);
    const fs::path dir = home.path / "special";
    fs::create_directories(dir);
    REQUIRE(mkfifo((dir / "pipe").c_str(), 0600) == 0);
    REQUIRE(mkfifo((dir / "pipe.txt").c_str(), 0600) == 0);
    const int socketFd = bindSocket(dir / "sock.txt");

    const Run named = ingest(home.path, {(dir / "pipe").string(), (dir / "pipe.txt").string(),
                                         (dir / "sock.txt").string(), "/dev/zero", "/dev/urandom"});
    INFO(named.describe());
    REQUIRE(named.wellBehaved());
    CHECK(named.exitCode == 0);
    const json summary = parsed(named);
    CHECK(summary["failed"] == 5);
    CHECK(contains(failureOf(summary, "/pipe"), "pipe: this is a named pipe (FIFO), not a regular file"));
    CHECK(contains(failureOf(summary, "pipe.txt"),
                   "pipe.txt: this is a named pipe (FIFO), not a regular file"));
    CHECK(contains(failureOf(summary, "sock.txt"), "sock.txt: this is a socket, not a regular file"));
    CHECK(contains(failureOf(summary, "/dev/zero"),
                   "/dev/zero: this is a character device, not a regular file"));
    CHECK(contains(failureOf(summary, "/dev/urandom"), "this is a character device"));

    // In a folder: the regular file is ingested, the others reported while scanning and never opened.
    writeBytes(dir / "real.txt", "a real file about tulips\n");
    const Run folder = ingest(home.path, {dir.string()});
    INFO(folder.describe());
    REQUIRE(folder.wellBehaved());
    const json scanned = parsed(folder);
    CHECK(scanned["indexed"] == 1);
    std::string problems;
    for (const auto &p : scanned["scan_problems"])
        problems += p.get<std::string>() + "\n";
    CHECK(contains(problems, "/pipe: this is a named pipe (FIFO), not a regular file; not read"));
    CHECK(contains(problems, "/pipe.txt: this is a named pipe (FIFO), not a regular file; not read"));
    CHECK(contains(problems, "/sock.txt: this is a socket, not a regular file; not read"));
    close(socketFd);
    checkKnownDocumentStillFound(home.path);
}

TEST_CASE(
    "the type is checked before content deduplication: empty and mistyped files fail whatever came before")
{
    TempHome home;
    const fs::path dir = home.path / "dedup";
    writeBytes(dir / "empty.txt", "");
    writeBytes(dir / "hello.txt", "hello there\n");
    const Run texts = ingest(home.path, {(dir / "empty.txt").string(), (dir / "hello.txt").string()});
    REQUIRE_MESSAGE(texts.exitCode == 0, texts.describe());
    CHECK(parsed(texts)["failed"] == 0);

    for (const char *name : {"empty.pdf", "empty.png", "empty.docx", "empty.odt"})
        writeBytes(dir / name, "");
    writeBytes(dir / "hello.png", "hello there\n"); // the same bytes as hello.txt
    writeBytes(dir / "hello.pdf", "hello there\n");
    writeBytes(dir / "hello.docx", "hello there\n");
    const Run run = ingest(home.path, {(dir / "empty.pdf").string(), (dir / "empty.png").string(),
                                       (dir / "empty.docx").string(), (dir / "empty.odt").string(),
                                       (dir / "hello.png").string(), (dir / "hello.pdf").string(),
                                       (dir / "hello.docx").string()});
    INFO(run.describe());
    REQUIRE(run.wellBehaved());
    const json summary = parsed(run);
    CHECK(summary["failed"] == 7);
    CHECK(summary["indexed"] == 0);
    CHECK(summary["skipped"] == 0);
    for (const char *name : {"empty.pdf", "empty.png", "empty.docx", "empty.odt"})
        CHECK_MESSAGE(contains(failureOf(summary, name), std::string(name) + ": the file is empty"), name);
    CHECK(contains(failureOf(summary, "hello.png"), "not a supported image format"));
    CHECK(contains(failureOf(summary, "hello.png"), "it looks like text"));
    CHECK(contains(failureOf(summary, "hello.pdf"), "not a PDF (it looks like text)"));
    CHECK(contains(failureOf(summary, "hello.docx"), "not a DOCX document"));

    // A real image whose bytes are stored already under another name is shared, not failed.
    const std::string small = png16(40, 30);
    writeBytes(dir / "one.png", small);
    writeBytes(dir / "two.png", small);
    const Run images = ingest(home.path, {(dir / "one.png").string(), (dir / "two.png").string()});
    INFO(images.describe());
    CHECK(parsed(images)["failed"] == 0);
    CHECK(parsed(images)["indexed"] == 1);
    CHECK(parsed(images)["skipped"] == 1);
}

TEST_CASE("unsupported types named explicitly are reported; those met in folders are counted")
{
    TempHome home;
    const fs::path dir = home.path / "mixed";
    // GIMP's own format: an image, but not one Cortex reads.
    writeBytes(dir / "x.xcf", "gimp xcf v011\0");
    writeBytes(dir / "y.xcf", "gimp xcf v011\0");
    // Audio is not ingested (videos are, since issue 16).
    writeBytes(dir / "song.mp3", std::string("ID3\x04\0\0\0\0\0\0", 10));
    writeBytes(dir / "notes.txt", "notes about otters\n");
    writeBytes(home.path / "blob", std::string("\x7f"
                                               "ELF\x02\x01\x01\0\0\0",
                                               10));

    // Named files of unsupported types are named in the summary; the folder's are counted (x.xcf is both).
    const Run run =
        ingest(home.path, {(dir / "x.xcf").string(), (home.path / "blob").string(), dir.string()});
    INFO(run.describe());
    REQUIRE(run.wellBehaved());
    CHECK(run.exitCode == 0);
    const json summary = parsed(run);
    CHECK(summary["indexed"] == 1);
    CHECK(summary["unsupported"] == 2);
    REQUIRE(summary["unsupported_files"].size() == 2);
    CHECK(contains(summary["unsupported_files"].dump(), "x.xcf: unsupported type (XCF)"));
    CHECK(contains(summary["unsupported_files"].dump(), "blob: unsupported type (unknown binary data)"));
    CHECK(summary["unsupported_in_folders"] == 3);

    // The same in words.
    const Run text =
        cli(home.path, with({"ingest", (dir / "y.xcf").string(), dir.string()}, libraryArgs(home.path)));
    INFO(text.describe());
    CHECK(text.wellBehaved());
    CHECK(contains(text.out, "1 unsupported"));
    CHECK(contains(text.out, "y.xcf: unsupported type (XCF)"));
    CHECK(contains(text.out, "3 file(s) of unsupported types skipped"));
}

TEST_CASE("a 16-bit image's decode buffer is bounded by what the pixel limit allows at 8-bit RGBA")
{
    TempHome home;
    const fs::path dir = home.path / "deep";
    // 8000x8000 at 16 bits RGBA: 64 megapixels, under the default limit of 100, but 512 MB to decode,
    // more than the 400 MB that 100 megapixels need at 8-bit RGBA. Alone, and inside a DOCX (whose text
    // is indexed and whose image is skipped with the reason).
    const std::string huge = png16(8000, 8000);
    writeBytes(dir / "deep.png", huge);
    writeDocx(dir / "report.docx", "a report about harbours", huge);
    writeBytes(dir / "deep.tiff", tiff16(8000, 8000));
    const Run refused = ingest(home.path, {(dir / "deep.png").string(), (dir / "report.docx").string(),
                                           (dir / "deep.tiff").string()});
    INFO(refused.describe());
    MESSAGE("16-bit 8000x8000 PNG alone and in a DOCX, and as a TIFF: peak " << refused.peakRssKb / 1024
                                                                             << " MiB");
    REQUIRE(refused.wellBehaved());
    const json summary = parsed(refused);
    CHECK(contains(failureOf(summary, "deep.png"),
                   "deep.png: the image is 8000x8000 pixels at 64 bits a pixel; decoding it needs 488 MB"));
    CHECK(contains(failureOf(summary, "deep.tiff"),
                   "deep.tiff: the image is 8000x8000 pixels at 64 bits a pixel; decoding it needs 488 MB"));
    CHECK(failureOf(summary, "report.docx").empty());
    CHECK(summary["failed"] == 2);
    CHECK(summary["indexed"] == 1);

    // A 16-bit image within the budget (4000x4000: 122 MB to decode) is indexed, in bounded memory.
    writeBytes(dir / "fine.png", png16(4000, 4000));
    const Run fine = ingest(home.path, {(dir / "fine.png").string()});
    INFO(fine.describe());
    MESSAGE("16-bit 4000x4000 PNG indexed: peak " << fine.peakRssKb / 1024 << " MiB");
    REQUIRE(fine.wellBehaved());
    CHECK(parsed(fine)["indexed"] == 1);
}
