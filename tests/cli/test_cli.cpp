// cortex-cli end to end: JSON results equal the reference, and every kind of bad input exits with
// status 1 and one clear line on stderr that names the file.

#include "support/reference_data.h"

#include <doctest/doctest.h>
#define STB_IMAGE_WRITE_IMPLEMENTATION
#include <stb/stb_image_write.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sys/wait.h>

namespace fs = std::filesystem;
using namespace cortex;

namespace {

struct Run {
    int status = -1;
    std::string out;
    std::string err;
};

std::string quote(const std::string &s)
{
    std::string q = "'";
    for (char c : s)
        q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
}

Run cli(const std::vector<std::string> &args)
{
    const auto errFile = fs::path(CORTEX_TEST_BINARY_DIR) / "cli_stderr.txt";
    std::string command = quote(std::string(CORTEX_BIN_DIR).append("/cortex-cli"));
    for (const auto &a : args)
        command.append(" ").append(quote(a));
    command.append(" 2>").append(quote(errFile.string()));
    Run run;
    FILE *pipe = popen(command.c_str(), "r");
    REQUIRE(pipe);
    std::array<char, 4096> buffer{};
    size_t n;
    while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0)
        run.out.append(buffer.data(), n);
    const int raw = pclose(pipe);
    run.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
    std::ifstream err(errFile);
    run.err.assign(std::istreambuf_iterator<char>(err), {});
    return run;
}

const std::string kModel = CORTEX_TINY_A_DIR;
// float32 explicitly: `auto` picks bfloat16 on a CPU with native bf16, and these compare with the
// float32 tolerances (the bf16 run has its own test below).
const std::vector<std::string> kFixtureLimits = {"--max-pixels", "65536",   "--device",
                                                 "cpu",          "--dtype", "float32"};

std::vector<std::string> with(std::vector<std::string> args, const std::vector<std::string> &more)
{
    args.insert(args.end(), more.begin(), more.end());
    return args;
}

fs::path scratchDir(const std::string &name)
{
    const auto dir = fs::path(CORTEX_TEST_BINARY_DIR) / "cli" / name;
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

// A copy of the tiny model whose file `name` is replaced by `contents`.
fs::path brokenModel(const std::string &label, const std::string &name, const std::string &contents)
{
    const auto dir = scratchDir(label);
    for (const auto &entry : fs::directory_iterator(kModel))
        fs::copy(entry.path(), dir / entry.path().filename());
    std::ofstream(dir / name, std::ios::binary | std::ios::trunc) << contents;
    return dir;
}

void expectOneLineError(const Run &run, const std::string &mustContain)
{
    CHECK(run.status == 1);
    CHECK(run.out.empty());
    CHECK(run.err.rfind("cortex-cli: error: ", 0) == 0);
    CHECK(std::count(run.err.begin(), run.err.end(), '\n') == 1);
    CHECK_MESSAGE(run.err.find(mustContain) != std::string::npos, run.err);
}

// What `embed` prints for reference embedding case `c` (its text and images) with these options.
nlohmann::json embedReferenceCase(const nlohmann::json &c, const std::vector<std::string> &options)
{
    std::vector<std::string> args = with({"embed", "--model", kModel, "--json"}, options);
    if (!c["text"].get<std::string>().empty())
        args = with(args, {"--text", c["text"].get<std::string>()});
    for (const auto &image : c["images"])
        args = with(args, {"--image",
                           (test::tinyADataDir() / "images" / (image.get<std::string>() + ".png")).string()});
    const auto run = cli(args);
    REQUIRE_MESSAGE(run.status == 0, run.err);
    return nlohmann::json::parse(run.out);
}

// What `rerank` prints for reference rerank case `c` with these options.
nlohmann::json rerankReferenceCase(const nlohmann::json &c, const std::vector<std::string> &options)
{
    const auto run =
        cli(with({"rerank", "--model", kModel, "--query-text", c["query"]["text"].get<std::string>(),
                  "--doc-text", c["document"]["text"].get<std::string>(), "--json"},
                 options));
    REQUIRE_MESSAGE(run.status == 0, run.err);
    return nlohmann::json::parse(run.out);
}

} // namespace

TEST_CASE("tokenize prints the reference ids")
{
    const auto &c = test::reference()["tokenizer"][0];
    const auto run = cli({"tokenize", "--model", kModel, "--text", c["text"].get<std::string>(), "--json"});
    REQUIRE(run.status == 0);
    CHECK(nlohmann::json::parse(run.out)["ids"] == c["ids"]);
}

TEST_CASE("embed prints the reference embedding for a text and for text plus image")
{
    for (const int index : {0, 7}) { // text_short, image_b_plus_text
        const auto &c = test::reference()["embedding"][index];
        CAPTURE(c["name"].get<std::string>());
        const auto out = embedReferenceCase(c, kFixtureLimits);
        CHECK(out["dim"] == 64);
        const auto diff =
            test::compareVectors(test::jsonToFloats(out["embedding"]), test::jsonToFloats(c["embedding"]));
        MESSAGE(diff.describe());
        CHECK(diff.maxAbs <= 1e-4);
    }
}

TEST_CASE("embed --dim gives the reference MRL prefix")
{
    const auto &c = test::reference()["embedding"][0];
    const auto run = cli(
        with({"embed", "--model", kModel, "--text", c["text"].get<std::string>(), "--dim", "32", "--json"},
             kFixtureLimits));
    REQUIRE(run.status == 0);
    const auto out = nlohmann::json::parse(run.out);
    CHECK(out["dim"] == 32);
    CHECK(test::compareVectors(test::jsonToFloats(out["embedding"]), test::jsonToFloats(c["mrl"]["32"]))
              .maxAbs <= 1e-4);
}

TEST_CASE("rerank prints the reference logit and score")
{
    const auto &c = test::reference()["rerank"][0];
    const auto out = rerankReferenceCase(c, kFixtureLimits);
    CHECK(std::abs(out["logit"].get<double>() - c["logit"].get<double>()) <= 1e-3);
    CHECK(std::abs(out["score"].get<double>() - c["score"].get<double>()) <= 1e-3);
}

TEST_CASE("embed and rerank in bfloat16 on the CPU stay within the bf16 tolerances")
{
    const std::vector<std::string> bf16 = {"--max-pixels", "65536", "--device", "cpu", "--dtype", "bfloat16"};
    for (const int index : {0, 7}) { // text_short, image_b_plus_text
        const auto &c = test::reference()["embedding"][index];
        CAPTURE(c["name"].get<std::string>());
        const auto diff = test::compareVectors(test::jsonToFloats(embedReferenceCase(c, bf16)["embedding"]),
                                               test::jsonToFloats(c["embedding"]));
        MESSAGE(diff.describe());
        CHECK(diff.cosine >= 0.99);
    }
    const auto &c = test::reference()["rerank"][0];
    const auto logit = rerankReferenceCase(c, bf16)["logit"].get<double>();
    MESSAGE("bf16 logit " << logit << " reference " << c["logit"].get<double>());
    CHECK(std::abs(logit - c["logit"].get<double>()) <= 0.05);
}

TEST_CASE("inspect-model says which dtype the model would run in and why")
{
    const auto run = cli({"inspect-model", "--model", kModel, "--device", "cpu", "--json"});
    REQUIRE_MESSAGE(run.status == 0, run.err);
    const auto compute = nlohmann::json::parse(run.out)["compute"];
    CHECK(compute["device"] == "cpu");
    const auto dtype = compute["dtype"].get<std::string>();
    const auto reason = compute["reason"].get<std::string>();
    MESSAGE(dtype << " (" << reason << ")");
    CHECK(reason.rfind(dtype + ": ", 0) == 0);
    CHECK((reason == "float32: the CPU has no native bfloat16" ||
           reason.rfind("bfloat16: the CPU computes it natively (", 0) == 0 ||
           reason.rfind("float32: the CPU has no native bfloat16 (", 0) == 0));

    const auto forced = cli({"inspect-model", "--model", kModel, "--device", "cpu", "--dtype", "float32"});
    REQUIRE(forced.status == 0);
    CHECK(forced.out.find("runs on cpu float32 here (float32: requested)") != std::string::npos);
}

TEST_CASE("bench compares an int8 model's figures with the int8 product's peak")
{
    // Tiny sizes: what is checked is the report's arithmetic, not the speed. One run: on a CPU without
    // native bfloat16 its bfloat16 peak alone takes ~20 s.
    const auto run = cli({"bench", "--model",      kModel, "--device",      "cpu", "--dtype",
                          "int8",  "--text-batch", "1",    "--text-tokens", "8",   "--query-tokens",
                          "8",     "--image-size", "32",   "--image-batch", "1",   "--repeats",
                          "1",     "--page-width", "0",    "--json"});
    REQUIRE_MESSAGE(run.status == 0, run.err);
    const auto out = nlohmann::json::parse(run.out);
    const auto &peaks = out["matmul_peak_gflops_per_second"];
    CHECK(peaks["float32"].get<double>() > 0);
    CHECK(peaks["bfloat16"].get<double>() > 0);
    REQUIRE(peaks.contains("int8"));
    const double peak = peaks["int8"].get<double>();
    REQUIRE(peak > 0);
    for (const auto *figure : {"text", "query"}) {
        CAPTURE(figure);
        const auto &f = out[figure];
        CHECK(f["fraction_of_peak"].get<double>() ==
              doctest::Approx(f["effective_gflops_per_second"].get<double>() / peak).epsilon(1e-9));
    }
    CHECK(out["kernels"].get<std::string>().size() > 0);
}

TEST_CASE("inspect-model describes the checkpoint")
{
    const auto run = cli({"inspect-model", "--model", kModel, "--json"});
    REQUIRE(run.status == 0);
    const auto out = nlohmann::json::parse(run.out);
    CHECK(out["architecture"] == "Qwen3VLForConditionalGeneration");
    CHECK(out["tied_embeddings"] == true);
    CHECK(out["output_dimension"] == 64);
    CHECK(out["checkpoint_dtype"] == "BF16");
    int64_t parameters = 0;
    for (const auto &[name, w] : test::reference()["weights"].items()) {
        int64_t n = 1;
        for (const auto &d : w["shape"])
            n *= d.get<int64_t>();
        parameters += n;
    }
    CHECK(out["parameters"] == parameters);
}

TEST_CASE("bad inputs give one clear line and exit status 1")
{
    SUBCASE("missing model folder")
    {
        expectOneLineError(cli({"embed", "--model", "/nonexistent/model", "--text", "x"}),
                           "/nonexistent/model");
    }
    SUBCASE("truncated checkpoint")
    {
        std::ifstream in(fs::path(kModel) / "model.safetensors", std::ios::binary);
        std::string head(4096, '\0');
        in.read(head.data(), static_cast<std::streamsize>(head.size()));
        const auto dir = brokenModel("truncated", "model.safetensors", head);
        expectOneLineError(cli({"embed", "--model", dir.string(), "--text", "x"}), "model.safetensors");
    }
    SUBCASE("bad config")
    {
        const auto dir = brokenModel("badconfig", "config.json", "{\"text_config\": ");
        expectOneLineError(cli({"embed", "--model", dir.string(), "--text", "x"}), "config.json");
    }
    SUBCASE("zero-byte image")
    {
        const auto image = scratchDir("zero") / "empty.png";
        std::ofstream(image).close();
        expectOneLineError(cli(with({"embed", "--model", kModel, "--image", image.string()}, kFixtureLimits)),
                           "empty.png");
    }
    SUBCASE("1x30000 image")
    {
        const auto image = scratchDir("thin") / "thin.png";
        std::vector<unsigned char> pixels(30000 * 3, 128);
        REQUIRE(stbi_write_png(image.c_str(), 30000, 1, 3, pixels.data(), 30000 * 3));
        expectOneLineError(cli(with({"embed", "--model", kModel, "--image", image.string()}, kFixtureLimits)),
                           "thin.png");
    }
    SUBCASE("missing image file")
    {
        expectOneLineError(
            cli(with({"embed", "--model", kModel, "--image", "/nonexistent/a.png"}, kFixtureLimits)),
            "/nonexistent/a.png");
    }
    SUBCASE("cuda requested where there is none")
    {
        // Only meaningful on machines without CUDA (CI); on a GPU machine the command succeeds.
        const auto run = cli({"embed", "--model", kModel, "--text", "x", "--device", "cuda"});
        if (run.status != 0)
            expectOneLineError(run, "CUDA");
    }
}

TEST_CASE("usage errors exit with status 2")
{
    CHECK(cli({"embed", "--no-such-option"}).status == 2);
    CHECK(cli({"no-such-command"}).status == 2);
    CHECK(cli({"embed", "--text", "x"}).status == 2);
}

TEST_CASE("every command answers --help and -h with its usage and options, exit status 0")
{
    std::vector<std::string> commands = {"tokenize", "embed", "rerank", "inspect-model", "bench"};
#ifdef CORTEX_TEST_LIBRARY_COMMANDS
    for (const char *c : {"ingest", "resume", "rescan", "watch", "jobs", "search", "collections",
                          "inspect-db", "check", "maintenance", "migrate", "export", "import", "models"})
        commands.push_back(c);
#endif
    // Each command with --help; -h for one engine and one library command (each run loads libtorch).
    for (const auto &command : commands) {
        const bool shortForm = command == "embed" || command == "search";
        const std::string flag = shortForm ? "-h" : "--help";
        INFO(command << " " << flag);
        const Run run = cli({command, flag});
        CHECK(run.status == 0);
        CHECK(run.out.rfind("usage: cortex-cli " + command, 0) == 0);
        CHECK(run.out.find("--help") != std::string::npos);
        CHECK(run.err.empty());
    }
    // The options are the command's own: embed lists --image, and says "(repeatable)" once.
    const Run embed = cli({"embed", "--model", "x", "--help"});
    CHECK(embed.status == 0);
    CHECK(embed.out.find("--image") != std::string::npos);
    CHECK(embed.out.find("(repeatable) (repeatable)") == std::string::npos);
    // A value that looks like a flag is a value, not a request for help.
    CHECK(cli({"tokenize", "--model", kModel, "--text", "-h", "--json"}).status == 0);
}

TEST_CASE("--version prints the version")
{
    const Run run = cli({"--version"});
    CHECK(run.status == 0);
    CHECK(run.out.rfind("cortex-cli ", 0) == 0);
    CHECK(run.out.find('.') != std::string::npos);
}
