#pragma once
// Access to the Hugging Face reference outputs copied into tests/data/qwen3vl, and numeric
// comparisons that report the largest difference (the chatglm.cpp test style).

#include <nlohmann/json.hpp>

#include <cstddef>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

namespace cortex::test {

std::filesystem::path dataDir();        // tests/data
std::filesystem::path qwenFixtureDir(); // tests/data/qwen3vl
std::filesystem::path tinyADataDir();   // tests/data/qwen3vl/tiny-a (config, reference, images)

// tiny-a/reference.json, parsed once.
const nlohmann::json &reference();

std::vector<float> readFloat32File(const std::filesystem::path &file);
std::vector<unsigned char> readBinaryFile(const std::filesystem::path &file);

struct Difference {
    size_t count = 0;
    double maxAbs = 0.0;
    size_t maxAbsIndex = 0;
    double meanAbs = 0.0;
    double cosine = 0.0;
    std::string describe() const; // "n=64 max|d|=1.2e-05 at 17 mean|d|=3e-06 cos=0.9999999"
};

// Compares two equally long vectors; a size mismatch yields count 0 and maxAbs = +inf.
Difference compareVectors(std::span<const float> actual, std::span<const float> expected);

std::vector<float> jsonToFloats(const nlohmann::json &array); // flattens nested arrays
std::vector<int> jsonToInts(const nlohmann::json &array);

} // namespace cortex::test
