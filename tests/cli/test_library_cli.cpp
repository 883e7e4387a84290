// cortex-cli's library commands end to end, and the durability promise: kill the ingestion with
// SIGKILL at random moments, many times; after each restart the database passes its integrity check,
// the index agrees with it, the job resumes, and no committed item is ever lost.

#include "store/library_db.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>
#define STB_IMAGE_WRITE_IMPLEMENTATION
#include <stb/stb_image_write.h>

#include <array>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <random>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

const std::string kCli = std::string(CORTEX_BIN_DIR) + "/cortex-cli";
const std::string kModel = CORTEX_TINY_A_DIR;
const std::string kOtherModel = CORTEX_TINY_B_DIR;

struct Run {
    int status = -1;
    std::string out;
    std::string err;
};

// In a forked child: becomes cortex-cli with these arguments.
[[noreturn]] void execCli(std::vector<std::string> args)
{
    std::vector<char *> argv{const_cast<char *>(kCli.c_str())};
    for (auto &a : args)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(kCli.c_str(), argv.data());
    _exit(127);
}

// Runs cortex-cli with a private settings folder (XDG_CONFIG_HOME) and the tiny model's limits.
Run cli(const fs::path &home, std::vector<std::string> args)
{
    const fs::path outFile = home / "stdout.txt", errFile = home / "stderr.txt";
    const pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        setenv("XDG_CONFIG_HOME", (home / "config").c_str(), 1);
        setenv("XDG_DATA_HOME", (home / "data").c_str(), 1);
        freopen(outFile.c_str(), "w", stdout);
        freopen(errFile.c_str(), "w", stderr);
        execCli(args);
    }
    int raw = 0;
    waitpid(pid, &raw, 0);
    Run r;
    r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
    std::ifstream o(outFile), e(errFile);
    r.out.assign(std::istreambuf_iterator<char>(o), {});
    r.err.assign(std::istreambuf_iterator<char>(e), {});
    return r;
}

json cliJson(const fs::path &home, std::vector<std::string> args)
{
    args.push_back("--json");
    const Run r = cli(home, args);
    INFO("cortex-cli " << args.front() << " stderr: " << r.err);
    REQUIRE(r.status == 0);
    return json::parse(r.out);
}

struct TempHome {
    fs::path path;
    TempHome()
    {
        path = fs::temp_directory_path() /
               ("cortex-clitest-" + std::to_string(getpid()) + "-" + std::to_string(std::random_device{}()));
        fs::create_directories(path);
    }
    ~TempHome() { fs::remove_all(path); }
};

void writeText(const fs::path &file, const std::string &text)
{
    fs::create_directories(file.parent_path());
    std::ofstream(file) << text;
}

// Noise from `seed`, as PNG (or BMP: the same pixels in another file).
void writePng(const fs::path &file, int w, int h, int seed, bool bmp = false)
{
    std::vector<unsigned char> pixels(size_t(w * h * 3));
    std::mt19937 rng(seed);
    for (auto &p : pixels)
        p = static_cast<unsigned char>(rng() & 0xff);
    fs::create_directories(file.parent_path());
    REQUIRE((bmp ? stbi_write_bmp(file.c_str(), w, h, 3, pixels.data())
                 : stbi_write_png(file.c_str(), w, h, 3, pixels.data(), w * 3)));
}

// A corpus of texts (each with a unique word) and images.
fs::path makeCorpus(const fs::path &home, int files)
{
    const fs::path root = home / "corpus";
    for (int i = 0; i < files; ++i) {
        if (i % 4 == 3)
            writePng(root / ("img" + std::to_string(i) + ".png"), 48 + i, 40, i);
        else
            writeText(root / ("sub" + std::to_string(i % 3)) / ("note" + std::to_string(i) + ".txt"),
                      "Note number " + std::to_string(i) + " mentions the word uniqueword" +
                          std::to_string(i) +
                          " and some ordinary text about libraries, rivers and the weather.");
    }
    return root;
}

std::vector<std::string> lib(const fs::path &home, const std::string &name = "lib")
{
    return {"--library", (home / name).string(), "--model", kModel, "--max-pixels", "65536", "--device",
            "cpu"};
}

std::vector<std::string> with(std::vector<std::string> a, const std::vector<std::string> &b)
{
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

} // namespace

TEST_CASE("ingest, search, collections and inspect-db through the command line")
{
    TempHome home;
    const fs::path corpus = makeCorpus(home.path, 8);
    const json ingested =
        cliJson(home.path, with({"ingest", corpus.string(), "--collection", "notes"}, lib(home.path)));
    CHECK(ingested["files"] == 8);
    CHECK(ingested["indexed"] == 8);
    CHECK(ingested["failed"] == 0);

    // The model is remembered: search needs no --model.
    const json found = cliJson(home.path, {"search", "--library", (home.path / "lib").string(), "--text",
                                           "uniqueword5", "--no-rerank", "--max-pixels", "65536"});
    REQUIRE(!found["hits"].empty());
    CHECK(found["hits"][0]["path"].get<std::string>().find("note5.txt") != std::string::npos);
    CHECK(found["hits"][0]["bm25_rank"] == 1);
    CHECK(found["reranked"] == false);

    // Image as the query: the identical image comes first.
    const json byImage =
        cliJson(home.path,
                with({"search", "--image", (corpus / "img7.png").string(), "--no-rerank"}, lib(home.path)));
    REQUIRE(!byImage["hits"].empty());
    CHECK(byImage["hits"][0]["path"].get<std::string>().find("img7.png") != std::string::npos);
    CHECK(byImage["hits"][0]["vector_similarity"].get<double>() > 0.999);

    // With a reranker configured, the scores are there and the order follows them.
    const json reranked = cliJson(
        home.path, with({"search", "--text", "uniqueword2 weather", "--reranker", kModel, "--top-k", "3"},
                        lib(home.path)));
    CHECK(reranked["reranked"] == true);
    REQUIRE(reranked["hits"].size() == 3);
    for (size_t i = 1; i < reranked["hits"].size(); ++i)
        CHECK(reranked["hits"][i - 1]["rerank_score"].get<double>() >=
              reranked["hits"][i]["rerank_score"].get<double>());

    // The query language, a minimum score, the order and groups (issue 13).
    const json phrase = cliJson(home.path, with({"search", "--text", "\"uniqueword5\" -uniqueword3 type:text",
                                                 "--no-rerank", "--top-k", "20"},
                                                lib(home.path)));
    REQUIRE(!phrase["hits"].empty());
    for (const auto &hit : phrase["hits"]) {
        CHECK(hit["snippet"].get<std::string>().find("uniqueword5") != std::string::npos);
        CHECK(hit["found_by"].get<std::string>().find("keywords") != std::string::npos);
        CHECK(hit["score"].get<double>() == hit["vector_similarity"].get<double>());
    }
    const json cut = cliJson(home.path, with({"search", "--text", "weather", "--no-rerank", "--top-k", "20",
                                              "--min-score", "0.2", "--sort", "newest", "--group"},
                                             lib(home.path)));
    for (const auto &hit : cut["hits"])
        CHECK(hit["score"].get<double>() >= 0.2);
    size_t grouped = 0;
    for (const auto &document : cut["documents"])
        grouped += document["hit_ranks"].size();
    CHECK(grouped == cut["hits"].size());
    const Run badQuery =
        cli(home.path, with({"search", "--text", "colour:red", "--no-rerank"}, lib(home.path)));
    CHECK(badQuery.status == 1);
    CHECK(badQuery.err.find("unknown field 'colour:'") != std::string::npos);
    const Run badSort =
        cli(home.path, with({"search", "--text", "x", "--sort", "sideways", "--no-rerank"}, lib(home.path)));
    CHECK(badSort.status != 0);
    CHECK(badSort.err.find("sideways") != std::string::npos);

    // Collections.
    cliJson(home.path, with({"collections", "create", "archive"}, lib(home.path)));
    cliJson(home.path, with({"collections", "rename", "archive", "old stuff"}, lib(home.path)));
    const Run duplicate = cli(home.path, with({"collections", "create", "notes"}, lib(home.path)));
    CHECK(duplicate.status == 1);
    CHECK(duplicate.err.find("notes") != std::string::npos);
    const Run unconfirmed = cli(home.path, with({"collections", "delete", "notes"}, lib(home.path)));
    CHECK(unconfirmed.status == 1);
    CHECK(unconfirmed.err.find("--yes") != std::string::npos);
    const json list = cliJson(home.path, with({"collections", "list"}, lib(home.path)));
    REQUIRE(list["collections"].size() == 2);

    // The inspector: compatible with tiny-a, incompatible with tiny-b (same width, other weights).
    const json same = cliJson(home.path, with({"inspect-db"}, lib(home.path)));
    REQUIRE(same["spaces"].size() == 1);
    CHECK(same["spaces"][0]["compatibility"] == "compatible");
    CHECK(same["spaces"][0]["vectors"].get<int>() > 0);
    const json other =
        cliJson(home.path, {"inspect-db", "--library", (home.path / "lib").string(), "--model", kOtherModel});
    CHECK(other["spaces"][0]["compatibility"] == "incompatible");
    const Run wrongModel = cli(home.path, {"search", "--library", (home.path / "lib").string(), "--model",
                                           kOtherModel, "--text", "rivers", "--max-pixels", "65536"});
    CHECK(wrongModel.status == 1);
    CHECK(wrongModel.err.find("migrate") != std::string::npos);

    // Check, backup, export and a refused import.
    CHECK(cliJson(home.path, with({"check"}, lib(home.path)))["healthy"] == true);
    cliJson(home.path, with({"maintenance", "backup", (home.path / "backup.db").string()}, lib(home.path)));
    CHECK(fs::file_size(home.path / "backup.db") > 0);
    cliJson(home.path,
            with({"export", "--collection", "notes", "--out", (home.path / "notes.cortex").string()},
                 lib(home.path)));
    const Run bogus =
        cli(home.path, with({"import", (corpus / "sub0" / "note0.txt").string()}, lib(home.path, "lib2")));
    CHECK(bogus.status == 1);
    CHECK(bogus.err.find("note0.txt") != std::string::npos);

    // Deleting the collection (confirmed) removes its documents and their vectors.
    cliJson(home.path, with({"collections", "delete", "notes", "--yes"}, lib(home.path)));
    const json after = cliJson(home.path, with({"inspect-db"}, lib(home.path)));
    CHECK(after["items"] == 0);
    CHECK(cliJson(home.path, with({"check"}, lib(home.path)))["healthy"] == true);
}

// Files of the library's newest job that are finished (done, skipped or failed), or -1 while the
// database or the job does not exist yet. Read through a read-only connection, as a second process would.
int64_t filesFinished(const fs::path &libraryDir)
{
    auto db = cortex::store::LibraryDb::open(libraryDir / "library.db", cortex::store::OpenMode::ReadOnly);
    if (!db)
        return -1;
    auto jobs = (*db)->jobs();
    if (!jobs || jobs->empty())
        return -1;
    const auto &j = jobs->front();
    return j.doneFiles + j.skippedFiles + j.failedFiles;
}

TEST_CASE("SIGKILL at random moments during ingestion loses nothing that was committed")
{
    constexpr int kFiles = 60;
    TempHome home;
    const fs::path corpus = makeCorpus(home.path, kFiles);
    const fs::path libraryDir = home.path / "lib";

    // The reference: one uninterrupted ingestion.
    const json reference = cliJson(home.path, with({"ingest", corpus.string()}, lib(home.path, "reference")));
    REQUIRE(reference["indexed"] == kFiles);
    const int64_t expectedItems =
        cliJson(home.path, with({"inspect-db"}, lib(home.path, "reference")))["items"];

    std::mt19937 rng(12345);
    int64_t committed = 0;
    int kills = 0;
    int round = 0;
    for (; round < 30 && kills < 10; ++round) {
        // Start the ingestion, or resume it once its job is recorded, in a child. Kill it once the job has
        // finished a random number of files, plus a random few milliseconds (so that kills also land in the
        // middle of a file's transaction).
        const bool jobRecorded = filesFinished(libraryDir) >= 0;
        const pid_t pid = fork();
        REQUIRE(pid >= 0);
        if (pid == 0) {
            setenv("XDG_CONFIG_HOME", (home.path / "config").c_str(), 1);
            freopen("/dev/null", "w", stdout);
            freopen("/dev/null", "w", stderr);
            auto args = jobRecorded ? with({"resume"}, lib(home.path))
                                    : with({"ingest", corpus.string()}, lib(home.path));
            execCli(args);
        }
        const int64_t target =
            std::max<int64_t>(committed / 2, 0) + std::uniform_int_distribution<int64_t>(0, kFiles / 4)(rng);
        int raw = 0;
        bool exited = false;
        for (int waited = 0; waited < 60000; waited += 2) {
            if (waitpid(pid, &raw, WNOHANG) == pid) {
                exited = true;
                break;
            }
            if (filesFinished(libraryDir) >= target)
                break;
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
        if (!exited) {
            std::this_thread::sleep_for(
                std::chrono::milliseconds(std::uniform_int_distribution<int>(0, 15)(rng)));
            kill(pid, SIGKILL);
            waitpid(pid, &raw, 0);
        }
        if (WIFSIGNALED(raw))
            ++kills;

        // After the restart: healthy, index in step, and never fewer items than were committed before.
        const json check = cliJson(home.path, with({"check"}, lib(home.path)));
        CHECK(check["healthy"] == true);
        const json db = cliJson(home.path, with({"inspect-db"}, lib(home.path)));
        const int64_t items = db["items"];
        CHECK(items >= committed);
        committed = items;
        if (db["documents"] == kFiles && filesFinished(libraryDir) == kFiles)
            break; // everything is in: nothing left to interrupt
    }
    MESSAGE(kills << " of " << round << " runs were killed mid-flight");
    CHECK(kills >= 3);

    // Finish: the job resumes and the library equals the uninterrupted one.
    cliJson(home.path, with({"resume"}, lib(home.path)));
    const json final = cliJson(home.path, with({"inspect-db"}, lib(home.path)));
    CHECK(final["items"] == expectedItems);
    CHECK(final["documents"] == kFiles);
    CHECK(cliJson(home.path, with({"check"}, lib(home.path)))["healthy"] == true);
    const json jobs = cliJson(home.path, with({"jobs"}, lib(home.path)));
    REQUIRE(jobs["jobs"].size() == 1);
    CHECK(jobs["jobs"][0]["state"] == "finished");
}

TEST_CASE("search --similar-to takes an item's stored vector as the query")
{
    TempHome home;
    const fs::path corpus = makeCorpus(home.path, 8);
    cliJson(home.path, with({"ingest", corpus.string()}, lib(home.path)));
    const json first =
        cliJson(home.path, with({"search", "--text", "uniqueword3", "--no-rerank"}, lib(home.path)));
    REQUIRE(!first["hits"].empty());
    const int64_t item = first["hits"][0]["item"].get<int64_t>();

    const json similar =
        cliJson(home.path, with({"search", "--similar-to", std::to_string(item)}, lib(home.path)));
    CHECK(!similar["hits"].empty());
    for (const auto &hit : similar["hits"])
        CHECK(hit["item"].get<int64_t>() != item); // the item itself is left out
    CHECK(similar["note"].get<std::string>().find("Find Similar") != std::string::npos);

    CHECK(
        cli(home.path, with({"search", "--similar-to", std::to_string(item), "--text", "x"}, lib(home.path)))
            .status == 2);
    const Run missing = cli(home.path, with({"search", "--similar-to", "999999"}, lib(home.path)));
    CHECK(missing.status == 1);
    CHECK(missing.err.find("item 999999 has no vector") != std::string::npos);
}

TEST_CASE("a path on the command line that does not exist is an error, recorded nowhere")
{
    TempHome home;
    const Run run = cli(home.path, with({"ingest", (home.path / "nonexistent").string()}, lib(home.path)));
    CHECK(run.status == 1);
    CHECK(run.err.find("nonexistent: no such file or folder") != std::string::npos);
    CHECK(!fs::exists(home.path / "lib")); // not even the library folder was made
}

TEST_CASE("the text chunks embedded from one document are bounded, with a warning")
{
    TempHome home;
    std::string text;
    for (int i = 0; i < 4000; ++i)
        text += "a ";
    writeText(home.path / "letters.txt", text);
    const json summary =
        cliJson(home.path, with({"ingest", (home.path / "letters.txt").string(), "--max-chunks", "3",
                                 "--chunk-tokens", "64", "--overlap", "8"},
                                lib(home.path)));
    CHECK(summary["items"].get<int64_t>() == 3);
    REQUIRE(summary["warnings"].size() == 1);
    CHECK(summary["warnings"][0]["warning"].get<std::string>() ==
          "truncated at 3 text chunks (the limit for one document)");
}

TEST_CASE("maintenance duplicates groups the same picture in two files")
{
    TempHome home;
    const fs::path corpus = makeCorpus(home.path, 8); // img3.png and img7.png, six notes
    writePng(corpus / "copies" / "img3-again.bmp", 48 + 3, 40, 3, true);
    REQUIRE(cliJson(home.path, with({"ingest", corpus.string()}, lib(home.path)))["failed"] == 0);

    // 0.99: the notes share a template (the tiny model puts some of them near 0.98).
    const json report =
        cliJson(home.path, with({"maintenance", "duplicates", "--threshold", "0.99"}, lib(home.path)));
    INFO(report.dump());
    REQUIRE(report["groups"].size() == 1);
    const json &items = report["groups"][0]["items"];
    REQUIRE(items.size() == 2);
    CHECK(items[0]["path"].get<std::string>().find("img3-again.bmp") != std::string::npos);
    CHECK(items[1]["path"].get<std::string>().find("img3.png") != std::string::npos);
    CHECK(report["groups"][0]["similarity"].get<double>() >= 0.99);

    const Run bad = cli(home.path, with({"maintenance", "duplicates", "--threshold", "2"}, lib(home.path)));
    CHECK(bad.status != 0);
    CHECK(bad.err.find("--threshold") != std::string::npos);
}
