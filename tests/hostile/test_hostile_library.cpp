// Hostile input against a library's integrity (issue 9, items 2, 3, 9, 10 and the import half of 12):
// crafted collection archives (valid checksums, hostile content), another model, bytes changed inside
// library.db behind SQLite's back, and a lost or foreign database. Every input is generated here; each
// case ends by itself with a message naming the file and the reason, within the time and memory
// bounds, and leaves the library as it was (or, for damage already there, usable and repairable).

#include "hostile_support.h"

#include "store/database.h"
#include "store/library_db.h"

#include <QByteArray>
#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>
#define STB_IMAGE_WRITE_IMPLEMENTATION
#include <sqlite3.h>
#include <stb/stb_image_write.h>
#include <zip.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <map>

using namespace hostile;
using nlohmann::json;

namespace {

void writePng(const fs::path &file, int w, int h, int seed)
{
    std::vector<unsigned char> pixels(size_t(w * h * 3));
    std::mt19937 rng(seed);
    for (auto &p : pixels)
        p = static_cast<unsigned char>(rng() & 0xff);
    fs::create_directories(file.parent_path());
    REQUIRE(stbi_write_png(file.c_str(), w, h, 3, pixels.data(), w * 3));
}

// A library "lib" under `home` with two notes and one picture in collection "notes".
void makeLibrary(const fs::path &home, const std::string &name = "lib")
{
    writeBytes(home / "docs" / "fox.txt", "the quick brown fox jumps over the lazy dog near the river");
    writeBytes(home / "docs" / "zebra.txt", "a second note about zebras, lions and the savanna at dawn");
    writePng(home / "docs" / "picture.png", 64, 48, 7);
    const Run r = cli(
        home, with({"ingest", (home / "docs").string(), "--collection", "notes"}, libraryArgs(home, name)));
    INFO(r.describe());
    REQUIRE(r.exitCode == 0);
}

Run search(const fs::path &home, const std::string &text, const std::string &name = "lib")
{
    return cli(home, with({"search", "--text", text, "--no-rerank", "--json"}, libraryArgs(home, name)));
}

// --- Collection archives: read, changed, written back with valid checksums ---

using Entries = std::map<std::string, QByteArray>;

Entries readZip(const fs::path &file)
{
    Entries entries;
    int error = 0;
    zip_t *zip = zip_open(file.c_str(), ZIP_RDONLY, &error);
    REQUIRE(zip);
    for (zip_int64_t i = 0; i < zip_get_num_entries(zip, 0); ++i) {
        zip_stat_t st;
        REQUIRE(zip_stat_index(zip, zip_uint64_t(i), 0, &st) == 0);
        QByteArray bytes(qsizetype(st.size), Qt::Uninitialized);
        zip_file_t *f = zip_fopen_index(zip, zip_uint64_t(i), 0);
        REQUIRE(f);
        REQUIRE(zip_fread(f, bytes.data(), st.size) == zip_int64_t(st.size));
        zip_fclose(f);
        entries[st.name] = bytes;
    }
    zip_discard(zip);
    return entries;
}

QString sha256(const QByteArray &bytes)
{
    return QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
}

// Writes the entries as an archive whose manifest checksums match them (unless `keepSums`).
void writeZip(const fs::path &file, Entries entries, bool keepSums = false)
{
    if (!keepSums && entries.count("manifest.json")) {
        QJsonObject manifest = QJsonDocument::fromJson(entries["manifest.json"]).object();
        QJsonObject sums;
        for (const auto &[name, bytes] : entries)
            if (name != "manifest.json")
                sums[QString::fromStdString(name)] = sha256(bytes);
        manifest[QStringLiteral("sha256")] = sums;
        entries["manifest.json"] = QJsonDocument(manifest).toJson();
    }
    int error = 0;
    fs::remove(file);
    zip_t *zip = zip_open(file.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
    REQUIRE(zip);
    std::vector<QByteArray> keep; // libzip reads the buffers at zip_close
    for (auto &[name, bytes] : entries) {
        keep.push_back(bytes);
        zip_source_t *source =
            zip_source_buffer(zip, keep.back().constData(), zip_uint64_t(keep.back().size()), 0);
        REQUIRE(source);
        const zip_int64_t index = zip_file_add(zip, name.c_str(), source, ZIP_FL_OVERWRITE);
        REQUIRE(index >= 0);
        zip_set_file_compression(zip, zip_uint64_t(index), ZIP_CM_DEFLATE, 1);
    }
    REQUIRE(zip_close(zip) == 0);
}

QJsonObject objectOf(const QByteArray &bytes)
{
    return QJsonDocument::fromJson(bytes).object();
}
// The rows of a JSON Lines entry (documents.jsonl, items.jsonl).
QJsonArray arrayOf(const QByteArray &bytes)
{
    QJsonArray rows;
    for (const QByteArray &line : bytes.split('\n'))
        if (!line.isEmpty())
            rows.append(QJsonDocument::fromJson(line).object());
    return rows;
}
QByteArray bytesOf(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}
QByteArray bytesOf(const QJsonArray &rows) // as JSON Lines
{
    QByteArray bytes;
    for (const QJsonValue &row : rows)
        bytes += QJsonDocument(row.toObject()).toJson(QJsonDocument::Compact) + '\n';
    return bytes;
}

float *floats(QByteArray &bytes)
{
    return reinterpret_cast<float *>(bytes.data());
}

// A change to an archive: the first row of items.jsonl with these fields set (added or replaced).
std::function<void(Entries &)> firstItemWith(const QJsonObject &fields)
{
    return [fields](Entries &e) {
        QJsonArray items = arrayOf(e["items.jsonl"]);
        QJsonObject item = items[0].toObject();
        for (auto it = fields.begin(); it != fields.end(); ++it)
            item[it.key()] = it.value();
        items[0] = item;
        e["items.jsonl"] = bytesOf(items);
    };
}

struct ArchiveCase {
    std::string name;
    std::function<void(Entries &)> change;
    std::vector<std::string> expected; // parts of the message besides the archive's name
};

} // namespace

TEST_CASE("a crafted archive is refused whole before anything is committed, naming the entry and row")
{
    TempHome home;
    makeLibrary(home.path);
    const fs::path exported = home.path / "notes.zip";
    Run r = cli(home.path, with({"export", "--collection", "notes", "--out", exported.string()},
                                libraryArgs(home.path)));
    INFO(r.describe());
    REQUIRE(r.exitCode == 0);
    const Entries good = readZip(exported);
    const int dim = objectOf(good.at("manifest.json"))[QStringLiteral("space")]
                        .toObject()[QStringLiteral("outputDim")]
                        .toInt();
    REQUIRE(dim > 0);

    // A second library with its own document receives each archive; it must stay byte for byte as it was.
    writeBytes(home.path / "other" / "own.txt", "the receiving library's own note about owls");
    r = cli(home.path, with({"ingest", (home.path / "other").string()}, libraryArgs(home.path, "target")));
    REQUIRE(r.exitCode == 0);

    const std::vector<ArchiveCase> cases{
        {"nan-vector",
         [](Entries &e) { floats(e["vectors.f32"])[3] = std::numeric_limits<float>::quiet_NaN(); },
         {"vectors.f32, vector 0", "NaN or infinity"}},
        {"infinite-vector",
         [dim](Entries &e) { floats(e["vectors.f32"])[dim + 1] = -std::numeric_limits<float>::infinity(); },
         {"vector 1", "NaN or infinity"}},
        {"not-unit-vector",
         [dim](Entries &e) {
             for (int k = 0; k < dim; ++k)
                 floats(e["vectors.f32"])[k] *= 3.0f;
         },
         {"vector 0", "unit vectors"}},
        {"huge-dimension",
         [](Entries &e) {
             QJsonObject m = objectOf(e["manifest.json"]);
             QJsonObject space = m[QStringLiteral("space")].toObject();
             space[QStringLiteral("outputDim")] = 1e9;
             m[QStringLiteral("space")] = space;
             e["manifest.json"] = bytesOf(m);
         },
         {"manifest.json, space", "'outputDim'", "1000000000"}},
        {"mtime-not-a-number",
         [](Entries &e) {
             QJsonArray docs = arrayOf(e["documents.jsonl"]);
             QJsonObject d = docs[0].toObject();
             d[QStringLiteral("mtimeNs")] = QStringLiteral("abc");
             docs[0] = d;
             e["documents.jsonl"] = bytesOf(docs);
         },
         {"documents.jsonl, document 0", "'mtimeNs'", "abc"}},
        {"size-wrong-type",
         [](Entries &e) {
             QJsonArray docs = arrayOf(e["documents.jsonl"]);
             QJsonObject d = docs[1].toObject();
             d[QStringLiteral("size")] = QJsonArray{1, 2};
             docs[1] = d;
             e["documents.jsonl"] = bytesOf(docs);
         },
         {"documents.jsonl, document 1", "'size'", "not a number"}},
        {"negative-page",
         [](Entries &e) {
             QJsonArray items = arrayOf(e["items.jsonl"]);
             QJsonObject it = items[0].toObject();
             it[QStringLiteral("page")] = -5;
             items[0] = it;
             e["items.jsonl"] = bytesOf(items);
         },
         {"items.jsonl, item 0", "'page'", "-5"}},
        {"item-of-no-document",
         [](Entries &e) {
             QJsonArray items = arrayOf(e["items.jsonl"]);
             QJsonObject it = items[1].toObject();
             it[QStringLiteral("content")] = QString(64, QLatin1Char('e'));
             items[1] = it;
             e["items.jsonl"] = bytesOf(items);
         },
         {"items.jsonl, item 1", "no document"}},
        {"count-mismatch",
         [](Entries &e) {
             QJsonObject m = objectOf(e["manifest.json"]);
             m[QStringLiteral("items")] = m[QStringLiteral("items")].toInt() + 1;
             e["manifest.json"] = bytesOf(m);
         },
         {"vectors.f32"}},
        {"items-not-json",
         [](Entries &e) { e["items.jsonl"] = "{\"content\": \n"; },
         {"items.jsonl, item 0", "not valid JSON"}},
        {"items-missing-a-row",
         [](Entries &e) {
             QJsonArray items = arrayOf(e["items.jsonl"]);
             items.removeLast();
             e["items.jsonl"] = bytesOf(items);
         },
         {"items.jsonl does not hold the 3 items the manifest declares"}},
        {"items-with-an-extra-row",
         [](Entries &e) {
             QJsonArray items = arrayOf(e["items.jsonl"]);
             items.append(items.first());
             e["items.jsonl"] = bytesOf(items);
         },
         {"items.jsonl holds more than the 3 items the manifest declares"}},
        {"a-content-in-two-places",
         [](Entries &e) {
             // Rows 0 and 1 are the fox note and the zebra note: the fox again after the zebra.
             QJsonArray items = arrayOf(e["items.jsonl"]);
             QJsonObject third = items[2].toObject();
             third[QStringLiteral("content")] = items[0].toObject()[QStringLiteral("content")];
             items[2] = third;
             e["items.jsonl"] = bytesOf(items);
         },
         {"items.jsonl, item 2", "again after other content"}},
        {"a-line-longer-than-an-item-can-be",
         [](Entries &e) {
             QJsonArray items = arrayOf(e["items.jsonl"]);
             QJsonObject first = items[0].toObject();
             first[QStringLiteral("text")] = QString(3 << 20, QLatin1Char('a'));
             items[0] = first;
             e["items.jsonl"] = bytesOf(items);
         },
         {"items.jsonl, item 0 is longer than"}},
        {"thumbnail-not-base64",
         [](Entries &e) {
             QJsonArray items = arrayOf(e["items.jsonl"]);
             QJsonObject it = items[0].toObject();
             it[QStringLiteral("thumbnail")] = QStringLiteral("@@not base64@@");
             items[0] = it;
             e["items.jsonl"] = bytesOf(items);
         },
         {"items.jsonl, item 0", "'thumbnail'", "base64"}},
        // A video segment's time range and frame strip (the fields an export writes for one).
        {"video-segment-without-its-time-range",
         firstItemWith({{QStringLiteral("kind"), QStringLiteral("video_segment")}}),
         {"items.jsonl, item 0", "'endSeconds'", "time range"}},
        {"video-segment-ending-before-it-starts",
         firstItemWith({{QStringLiteral("kind"), QStringLiteral("video_segment")},
                        {QStringLiteral("startSeconds"), 60},
                        {QStringLiteral("endSeconds"), 30}}),
         {"items.jsonl, item 0", "'endSeconds'", "before startSeconds"}},
        {"start-seconds-not-a-number",
         firstItemWith({{QStringLiteral("startSeconds"), QStringLiteral("soon")}}),
         {"items.jsonl, item 0", "'startSeconds' is not a number"}},
        {"end-seconds-beyond-a-week",
         firstItemWith({{QStringLiteral("endSeconds"), 1e12}}),
         {"items.jsonl, item 0", "'endSeconds'", "outside"}},
        {"frame-strip-not-base64",
         firstItemWith({{QStringLiteral("frameStrip"), QStringLiteral("@@not base64@@")}}),
         {"items.jsonl, item 0", "'frameStrip'", "base64"}},
    };
    const std::string before = folderFingerprint(home.path / "target");
    for (const auto &c : cases) {
        CAPTURE(c.name);
        Entries entries = good;
        c.change(entries);
        const fs::path file = home.path / (c.name + ".zip");
        writeZip(file, entries);
        const Run imported =
            cli(home.path, with({"import", file.string()}, libraryArgs(home.path, "target")));
        INFO(imported.describe());
        CHECK(imported.wellBehaved());
        CHECK(imported.exitCode != 0);
        CHECK(contains(imported.err, file.string()));
        for (const auto &part : c.expected)
            CHECK(contains(imported.err, part));
        CHECK_FALSE(contains(imported.err, "stoll"));
        CHECK(folderFingerprint(home.path / "target") == before);
    }

    // Into an empty library too: nothing is committed, and the library still works afterwards.
    Entries nan = good;
    floats(nan["vectors.f32"])[0] = std::numeric_limits<float>::quiet_NaN();
    writeZip(home.path / "nan.zip", nan);
    r = cli(home.path, with({"import", (home.path / "nan.zip").string()}, libraryArgs(home.path, "empty")));
    INFO(r.describe());
    CHECK(r.wellBehaved());
    CHECK(r.exitCode != 0);
    r = cli(home.path, with({"check"}, libraryArgs(home.path, "empty")));
    INFO(r.describe());
    CHECK(r.exitCode == 0);
    r = cli(home.path, with({"import", exported.string()}, libraryArgs(home.path, "empty")));
    INFO(r.describe());
    CHECK(r.exitCode == 0);
    CHECK(contains(search(home.path, "quick brown fox", "empty").out, "fox.txt"));
}

TEST_CASE("an archive entry that inflates beyond what its manifest can need is refused while inflating")
{
    TempHome home;
    makeLibrary(home.path);
    const fs::path exported = home.path / "notes.zip";
    REQUIRE(cli(home.path,
                with({"export", "--collection", "notes", "--out", exported.string()}, libraryArgs(home.path)))
                .exitCode == 0);
    const std::string before = folderFingerprint(home.path / "lib");
    // 256 MB of JSON whitespace (a valid document once the content follows) compresses to about 250 KB.
    constexpr qsizetype kPadding = qsizetype(256) << 20;
    for (const char *entry : {"items.jsonl", "documents.jsonl", "vectors.f32", "manifest.json"}) {
        CAPTURE(entry);
        const fs::path file = home.path / (std::string("bomb-") + entry + ".zip");
        {
            // Built and freed before cortex-cli runs: a forked child's peak memory starts at its parent's.
            Entries bomb = readZip(exported);
            bomb[entry] = QByteArray(kPadding, ' ') + bomb[entry];
            // The other entries' checksums stay valid; the manifest's own padding must not be re-serialised.
            writeZip(file, bomb, std::string(entry) == "manifest.json");
        }
        CHECK(fs::file_size(file) < 4 << 20);
        const Run r = cli(home.path, with({"import", file.string()}, libraryArgs(home.path)));
        INFO(r.describe());
        CHECK(r.wellBehaved());
        CHECK(r.exitCode != 0);
        CHECK(r.peakRssKb < long(kPadding / 1024) + 64 * 1024); // cortex-cli itself, not the 256 MB entry
        CHECK(contains(r.err, file.string()));
        CHECK(contains(r.err, entry));
        CHECK(contains(r.err, "larger than a valid archive can need"));
        CHECK(folderFingerprint(home.path / "lib") == before);
    }
}

// The export of makeLibrary's "notes", read back as entries.
Entries exportNotes(const fs::path &home)
{
    const fs::path exported = home / "notes.zip";
    const Run r =
        cli(home, with({"export", "--collection", "notes", "--out", exported.string()}, libraryArgs(home)));
    INFO(r.describe());
    REQUIRE(r.exitCode == 0);
    return readZip(exported);
}

// `rows` copies of the first item (a note's text chunk, positions 0..rows-1, each `textBytes` long when
// given), all of that note's content, each with the first vector; `brokenLast` makes the last row's kind
// unknown, so that only a reading of every row can refuse it.
Entries withManyItems(const Entries &good, int rows, qsizetype textBytes, bool brokenLast)
{
    Entries e = good;
    const QJsonArray items = arrayOf(good.at("items.jsonl"));
    QJsonObject first;
    qsizetype at = 0, vectorBytes = good.at("vectors.f32").size() / items.size();
    for (qsizetype i = 0; i < items.size(); ++i)
        if (items[i].toObject()[QStringLiteral("kind")] == QStringLiteral("text")) {
            first = items[i].toObject();
            at = i;
            break;
        }
    REQUIRE(!first.isEmpty());
    const QByteArray vector = good.at("vectors.f32").mid(at * vectorBytes, vectorBytes);
    QByteArray lines, vectors;
    for (int k = 0; k < rows; ++k) {
        QJsonObject row = first;
        row[QStringLiteral("position")] = k;
        row[QStringLiteral("text")] =
            textBytes > 0
                ? QString(textBytes, QLatin1Char('a'))
                : QStringLiteral("copy %1 of %2").arg(k).arg(first[QStringLiteral("text")].toString());
        if (brokenLast && k == rows - 1)
            row[QStringLiteral("kind")] = QStringLiteral("hologram");
        lines += QJsonDocument(row).toJson(QJsonDocument::Compact) + '\n';
        vectors += vector;
    }
    e["items.jsonl"] = lines;
    e["vectors.f32"] = vectors;
    QJsonObject m = objectOf(e["manifest.json"]);
    m[QStringLiteral("items")] = rows;
    e["manifest.json"] = bytesOf(m);
    return e;
}

TEST_CASE("an archive is streamed: a content of many items is stored batch by batch, a large entry in "
          "bounded memory")
{
    TempHome home;
    makeLibrary(home.path);
    const Entries good = exportNotes(home.path);

    // 700 items of one content: more than one batch of the importer (256), all stored and searchable.
    const fs::path many = home.path / "many.zip";
    writeZip(many, withManyItems(good, 700, 0, false));
    Run r = cli(home.path, with({"import", many.string()}, libraryArgs(home.path, "many")));
    INFO(r.describe());
    REQUIRE(r.exitCode == 0);
    CHECK(contains(r.out, "700 items"));
    r = cli(home.path, with({"check"}, libraryArgs(home.path, "many")));
    INFO(r.describe());
    CHECK(r.exitCode == 0);

    // 256 items of 1 MiB each (a 256 MiB items.jsonl, a few hundred KB compressed) whose last row is
    // wrong: refused at that row, having read every row before it with far less memory than the entry.
    constexpr qsizetype kText = qsizetype(1) << 20;
    const fs::path large = home.path / "large.zip";
    {
        // Built and freed before cortex-cli runs: a forked child's peak memory starts at its parent's.
        writeZip(large, withManyItems(good, 256, kText, true));
    }
    CHECK(fs::file_size(large) < 16 << 20);
    // cortex-cli's own peak (libtorch, Qt) with a library, as measured by a command that reads one.
    const Run list = cli(home.path, with({"collections", "list"}, libraryArgs(home.path, "many")));
    REQUIRE(list.exitCode == 0);
    const std::string before = folderFingerprint(home.path / "lib");
    r = cli(home.path, with({"import", large.string()}, libraryArgs(home.path)));
    INFO(r.describe());
    CHECK(r.wellBehaved());
    CHECK(r.exitCode != 0);
    CHECK(contains(r.err, "items.jsonl, item 255"));
    CHECK(contains(r.err, "hologram"));
    INFO("cortex-cli collections list peaked at " << list.peakRssKb / 1024 << " MiB");
    CHECK(r.peakRssKb < list.peakRssKb + 64 * 1024); // one row at a time, not the 256 MiB entry
    CHECK(folderFingerprint(home.path / "lib") == before);
}

TEST_CASE("an archive of format version 1 (JSON arrays) still imports")
{
    TempHome home;
    makeLibrary(home.path);
    Entries v1 = exportNotes(home.path);
    const auto toArray = [](const QByteArray &lines) {
        return QJsonDocument(arrayOf(lines)).toJson(QJsonDocument::Compact);
    };
    v1["documents.json"] = toArray(v1["documents.jsonl"]);
    v1["items.json"] = toArray(v1["items.jsonl"]);
    v1.erase("documents.jsonl");
    v1.erase("items.jsonl");
    QJsonObject m = objectOf(v1["manifest.json"]);
    m[QStringLiteral("version")] = 1;
    v1["manifest.json"] = bytesOf(m);
    const fs::path file = home.path / "v1.zip";
    writeZip(file, v1);
    const Run r = cli(home.path, with({"import", file.string()}, libraryArgs(home.path, "old")));
    INFO(r.describe());
    REQUIRE(r.exitCode == 0);
    CHECK(contains(r.out, "imported 3 documents, 3 items"));
    CHECK(contains(search(home.path, "quick brown fox", "old").out, "fox.txt"));
}

TEST_CASE("another model is refused by name and does not stay configured; check flags a split library")
{
    TempHome home;
    makeLibrary(home.path);
    const std::string before = folderFingerprint(home.path / "lib");
    auto other = libraryArgs(home.path);
    other[3] = kOtherTinyModel; // --model OTHER
    writeBytes(home.path / "more" / "owl.txt", "an owl hunts at night over the frozen field");
    for (const auto &command : std::vector<std::vector<std::string>>{
             {"ingest", (home.path / "more").string()},
             {"search", "--text", "owl", "--no-rerank"},
             {"rescan"},
         }) {
        CAPTURE(command.front());
        const Run r = cli(home.path, with(command, other));
        INFO(r.describe());
        CHECK(r.wellBehaved());
        CHECK(r.exitCode != 0);
        CHECK(contains(r.err, "tiny-a"));
        CHECK(contains(r.err, "tiny-b"));
        CHECK(contains(r.err, "cortex-cli migrate --to-model"));
        CHECK(folderFingerprint(home.path / "lib") == before);
    }
    // Without --model the library's own model (remembered by the first ingest) is used, not the refused one.
    auto plain = libraryArgs(home.path);
    plain.erase(plain.begin() + 2, plain.begin() + 4);
    Run r = cli(home.path, with({"search", "--text", "quick brown fox", "--no-rerank", "--json"}, plain));
    INFO(r.describe());
    CHECK(r.exitCode == 0);
    CHECK(contains(r.out, "fox.txt"));

    // A library split by an older version (a second active space) is not called healthy.
    {
        auto db = cortex::store::LibraryDb::open(home.path / "lib" / "library.db",
                                                 cortex::store::OpenMode::ReadWrite);
        REQUIRE(db);
        cortex::store::SpaceIdentity second;
        second.modelName = "tiny-b";
        second.modelHash = "other";
        second.outputDim = 64;
        second.dtype = "float32";
        REQUIRE((*db)->ensureSpace(second));
    }
    r = cli(home.path, with({"check"}, libraryArgs(home.path)));
    INFO(r.describe());
    CHECK(r.wellBehaved());
    CHECK(r.exitCode == 1);
    CHECK(contains(r.out, "2 embedding spaces are active"));
    CHECK(contains(r.out, "migrate --to-model"));
}

namespace {

// Overwrites `count` bytes in the middle of the first occurrence of `needle` inside the file, as a bad
// sector or a stray write would: behind SQLite's back, its page checks none the wiser.
void flipInsideFile(const fs::path &file, const std::vector<uint8_t> &needle, size_t count)
{
    std::ifstream in(file, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), {});
    in.close();
    // A BLOB larger than a page continues on overflow pages: its first bytes are contiguous.
    const std::string prefix(needle.begin(),
                             needle.begin() + std::ptrdiff_t(std::min<size_t>(needle.size(), 64)));
    const auto at = bytes.find(prefix);
    REQUIRE(at != std::string::npos);
    const size_t start = at + prefix.size() / 2 - count / 2;
    for (size_t k = 0; k < count; ++k)
        bytes[start + k] = char(bytes[start + k] ^ 0x5A);
    std::fstream out(file, std::ios::binary | std::ios::in | std::ios::out);
    out.seekp(std::streamoff(start));
    out.write(bytes.data() + start, std::streamsize(count));
}

std::vector<uint8_t> blobOf(const fs::path &db, const std::string &sql)
{
    auto raw = cortex::store::Database::open(db, SQLITE_OPEN_READONLY);
    REQUIRE(raw);
    auto st = (*raw)->prepare(sql);
    REQUIRE(st);
    REQUIRE(st->step() == cortex::store::Step::Row);
    return st->blob(0);
}

// Settles the write-ahead log into library.db, so that the bytes changed there are the ones read.
void checkpoint(const fs::path &db)
{
    auto raw = cortex::store::Database::open(db, SQLITE_OPEN_READWRITE);
    REQUIRE(raw);
    REQUIRE((*raw)->exec("PRAGMA wal_checkpoint(TRUNCATE)"));
}

} // namespace

TEST_CASE("bytes changed inside library.db are found by check, left out of searches and repaired")
{
    TempHome home;
    makeLibrary(home.path);
    const fs::path db = home.path / "lib" / "library.db";
    checkpoint(db);
    const auto vector = blobOf(db, "SELECT v.data FROM vectors v JOIN items i ON i.id = v.item_id "
                                   "WHERE i.text LIKE '%zebras%'");
    const auto thumbnail = blobOf(db, "SELECT thumbnail FROM items WHERE thumbnail IS NOT NULL");
    flipInsideFile(db, vector, 16);
    flipInsideFile(db, thumbnail, 16);

    Run r = cli(home.path, with({"check"}, libraryArgs(home.path)));
    INFO(r.describe());
    CHECK(r.wellBehaved());
    CHECK(r.exitCode == 1);
    CHECK(contains(r.out, "do not match their checksum"));
    CHECK(contains(r.out, "thumbnail"));
    CHECK(contains(r.out, "to ingest again: " + (home.path / "docs" / "zebra.txt").string()));
    CHECK(contains(r.out, "to ingest again: " + (home.path / "docs" / "picture.png").string()));
    CHECK(contains(r.out, "check --repair"));

    // Searches still answer, without the damaged vector, and say why.
    r = cli(home.path, with({"maintenance", "rebuild-index"}, libraryArgs(home.path)));
    CHECK(r.wellBehaved());
    r = search(home.path, "zebras lions savanna");
    INFO(r.describe());
    CHECK(r.wellBehaved());
    CHECK(r.exitCode == 0);
    CHECK(contains(r.err, "damaged and left out of searches"));
    for (const auto &hit : json::parse(r.out.empty() ? "{}" : r.out).value("hits", json::array()))
        if (hit["vector_similarity"].is_number())
            CHECK(std::abs(hit["vector_similarity"].get<double>()) <= 1.0001);

    r = cli(home.path, with({"check", "--repair"}, libraryArgs(home.path)));
    INFO(r.describe());
    CHECK(r.wellBehaved());
    CHECK(r.exitCode == 0);
    CHECK(contains(r.out, "ingested 2 of them again"));
    r = cli(home.path, with({"check"}, libraryArgs(home.path)));
    INFO(r.describe());
    CHECK(r.exitCode == 0);
    CHECK(contains(r.out, "the library is healthy"));
    CHECK(contains(search(home.path, "zebras lions savanna").out, "zebra.txt"));
}

TEST_CASE("a non-finite vector or an impossible dimension already in a library is reported, not a wall")
{
    TempHome home;
    makeLibrary(home.path);
    const fs::path db = home.path / "lib" / "library.db";
    {
        // As an older version could have committed it: a NaN vector with a checksum that matches it.
        auto raw = cortex::store::Database::open(db, SQLITE_OPEN_READWRITE);
        REQUIRE(raw);
        auto st =
            (*raw)->prepare("UPDATE vectors SET data = ?1, checksum = cortex_checksum(?1) WHERE item_id = "
                            "(SELECT MIN(item_id) FROM vectors)");
        REQUIRE(st);
        const auto blob = blobOf(db, "SELECT data FROM vectors ORDER BY item_id LIMIT 1");
        std::vector<uint8_t> bad = blob;
        const float nan = std::numeric_limits<float>::quiet_NaN();
        std::memcpy(bad.data() + 8, &nan, sizeof nan);
        st->bind(1, std::span<const uint8_t>(bad));
        REQUIRE(st->run());
    }
    fs::remove_all(home.path / "lib" / "indexes"); // the index is rebuilt from the database on open
    for (const auto &command :
         std::vector<std::vector<std::string>>{{"check"}, {"search", "--text", "fox", "--no-rerank"}}) {
        const Run r = cli(home.path, with(command, libraryArgs(home.path)));
        INFO(r.describe());
        CHECK(r.wellBehaved());
        CHECK(contains(r.err + r.out, "NaN or infinity"));
    }
    Run r = cli(home.path, with({"check", "--repair"}, libraryArgs(home.path)));
    INFO(r.describe());
    CHECK(r.exitCode == 0);
    CHECK(cli(home.path, with({"check"}, libraryArgs(home.path))).exitCode == 0);

    // A dimension of 10^9 (an import of an older version): opening must not allocate an index for it.
    {
        auto raw = cortex::store::Database::open(db, SQLITE_OPEN_READWRITE);
        REQUIRE(raw);
        REQUIRE((*raw)->exec("UPDATE spaces SET output_dim = 1000000000"));
    }
    fs::remove_all(home.path / "lib" / "indexes");
    r = cli(home.path, with({"check"}, libraryArgs(home.path)));
    INFO(r.describe());
    CHECK(r.wellBehaved());
    CHECK(r.exitCode == 1);
    CHECK(contains(r.out, "1000000000"));
    CHECK(contains(r.out, "check --repair"));
    r = cli(home.path, with({"collections", "list"}, libraryArgs(home.path)));
    INFO(r.describe());
    CHECK(r.wellBehaved());
    CHECK(r.exitCode == 0);
    // The way out: the space goes, its documents are embedded again, and searches find them.
    r = cli(home.path, with({"check", "--repair"}, libraryArgs(home.path)));
    INFO(r.describe());
    CHECK(r.wellBehaved());
    CHECK(r.exitCode == 0);
    CHECK(contains(r.out, "deleted space"));
    r = search(home.path, "quick brown fox");
    INFO(r.describe());
    CHECK(r.exitCode == 0);
    CHECK(contains(r.out, "fox.txt"));
}

TEST_CASE("a lost, emptied, foreign or newer database is refused untouched, and a backup restores it")
{
    TempHome home;
    makeLibrary(home.path);
    const fs::path lib = home.path / "lib";
    const fs::path backup = home.path / "backup.db";
    Run r = cli(home.path, with({"maintenance", "backup", backup.string()}, libraryArgs(home.path)));
    INFO(r.describe());
    REQUIRE(r.exitCode == 0);

    struct LostCase {
        std::string name;
        std::function<void()> damage;
        std::vector<std::string> expected;
    };
    const std::vector<LostCase> cases{
        {"deleted",
         [&] { fs::remove(lib / "library.db"); },
         {"is missing", "damaged, not new", "maintenance restore"}},
        {"truncated",
         [&] { fs::resize_file(lib / "library.db", 0); },
         {"is empty", "damaged, not new", "maintenance restore"}},
        {"foreign", [&] { writeBytes(lib / "library.db", std::string(8192, 'x')); }, {"not a database"}},
        {"newer",
         [&] {
             // user_version (big-endian at byte 60) set past this build's schema.
             std::fstream f(lib / "library.db", std::ios::binary | std::ios::in | std::ios::out);
             f.seekp(60);
             const char version[4] = {0, 0, 0, 99};
             f.write(version, 4);
         },
         {"newer version of Cortex", "untouched"}},
    };
    for (const auto &c : cases) {
        CAPTURE(c.name);
        r = cli(home.path, with({"maintenance", "restore", backup.string()}, libraryArgs(home.path)));
        INFO(r.describe());
        REQUIRE(r.exitCode == 0);
        for (const char *stale : {"library.db-wal", "library.db-shm"})
            fs::remove(lib / stale);
        c.damage();
        const std::string before = folderFingerprint(lib);
        // Every command is refused (writing ones included); one writing command suffices for the others.
        std::vector<std::vector<std::string>> commands{{"ingest", (home.path / "docs").string()}};
        if (c.name == "deleted")
            commands.insert(commands.end(), {{"search", "--text", "fox", "--no-rerank"}, {"check"}});
        for (const auto &command : commands) {
            CAPTURE(command.front());
            r = cli(home.path, with(command, libraryArgs(home.path)));
            INFO(r.describe());
            CHECK(r.wellBehaved());
            CHECK(r.exitCode != 0);
            CHECK(contains(r.err, (lib / "library.db").string()));
            for (const auto &part : c.expected)
                CHECK(contains(r.err, part));
            CHECK(folderFingerprint(lib) == before);
        }
    }
    // A backup that is not a library is refused; the real one brings the library back.
    writeBytes(home.path / "junk.db", "not a database at all");
    r = cli(home.path,
            with({"maintenance", "restore", (home.path / "junk.db").string()}, libraryArgs(home.path)));
    INFO(r.describe());
    CHECK(r.exitCode != 0);
    CHECK(contains(r.err, "junk.db"));
    r = cli(home.path, with({"maintenance", "restore", backup.string()}, libraryArgs(home.path)));
    INFO(r.describe());
    CHECK(r.exitCode == 0);
    r = search(home.path, "quick brown fox");
    INFO(r.describe());
    CHECK(r.exitCode == 0);
    CHECK(contains(r.out, "fox.txt"));
}
