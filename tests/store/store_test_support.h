#pragma once
// Helpers shared by the store tests: a fresh temporary folder per test, unwrapping results (a failed
// one fails the test with its message), small identities, vectors and items.

#include "store/library_db.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <unistd.h>

namespace storetest {

namespace fs = std::filesystem;
using namespace cortex::store;

// A fresh folder under the system temp dir, removed with everything in it at scope exit.
class TempDir {
public:
    TempDir()
    {
        static std::atomic<int> counter{0};
        path_ = fs::temp_directory_path() /
                ("cortex-test-store-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
        fs::remove_all(path_);
        fs::create_directories(path_);
    }
    ~TempDir()
    {
        std::error_code ec;
        fs::remove_all(path_, ec);
    }
    TempDir(const TempDir &) = delete;
    TempDir &operator=(const TempDir &) = delete;
    const fs::path &path() const { return path_; }
    fs::path operator/(const std::string &name) const { return path_ / name; }

private:
    fs::path path_;
};

template <typename T> T must(cortex::Result<T> result)
{
    if (!result.ok())
        FAIL(result.error().message);
    return std::move(result).value();
}

inline void must(const cortex::Status &status)
{
    if (!status.ok())
        FAIL(status.error().message);
}

// The message of a result that must have failed.
template <typename T> std::string errorOf(const cortex::Result<T> &result)
{
    if (result.ok())
        FAIL("expected an error, the call succeeded");
    return result.error().message;
}

inline std::string errorOf(const cortex::Status &status)
{
    if (status.ok())
        FAIL("expected an error, the call succeeded");
    return status.error().message;
}

inline std::string readBytes(const fs::path &file)
{
    std::ifstream in(file, std::ios::binary);
    REQUIRE(in.good());
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

inline void writeBytes(const fs::path &file, const std::string &bytes)
{
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), std::streamsize(bytes.size()));
    REQUIRE(out.good());
}

inline std::unique_ptr<LibraryDb> openLibrary(const fs::path &file, OpenMode mode = OpenMode::ReadWrite)
{
    return must(LibraryDb::open(file, mode));
}

inline SpaceIdentity testIdentity(int dim = 4)
{
    SpaceIdentity id;
    id.modelName = "Qwen3-VL-Embedding-Test";
    id.modelHash = "0123abcd";
    id.outputDim = dim;
    id.mrlDim = 0;
    id.dtype = "float32";
    id.instruction = "Represent the user's input.";
    id.normalized = true;
    return id;
}

// A deterministic unit vector.
inline std::vector<float> unitVector(int dim, unsigned seed)
{
    std::mt19937 rng(seed);
    std::normal_distribution<float> normal;
    std::vector<float> v(static_cast<size_t>(dim));
    double norm = 0;
    for (float &x : v) {
        x = normal(rng);
        norm += double(x) * x;
    }
    for (float &x : v)
        x = float(x / std::sqrt(norm));
    return v;
}

inline NewItem textItem(int position, std::string text, std::vector<float> vector)
{
    NewItem item;
    item.kind = cortex::ItemKind::Text;
    item.position = position;
    item.text = std::move(text);
    item.vector = std::move(vector);
    return item;
}

// A document at `path` whose content holds `items` (added when the SHA-256 is new). Returns its id.
inline int64_t addDocument(LibraryDb &lib, int64_t spaceId, const std::string &path, const std::string &sha,
                           const std::vector<NewItem> &items, const std::string &type = "text",
                           int64_t mtimeSeconds = 1'700'000'000)
{
    auto existing = must(lib.contentBySha(sha));
    const int64_t contentId = existing ? *existing : [&] {
        must(lib.addContent(sha, items, spaceId));
        return must(lib.contentBySha(sha)).value();
    }();
    DocumentRecord doc;
    doc.path = path;
    doc.size = 100;
    doc.mtimeNs = mtimeSeconds * 1'000'000'000;
    doc.sha256 = sha;
    doc.type = type;
    doc.contentId = contentId;
    return must(lib.upsertDocument(doc));
}

} // namespace storetest
