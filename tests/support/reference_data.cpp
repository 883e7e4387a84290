#include "support/reference_data.h"

#include <cmath>
#include <cstring>
#include <fstream>
#include <iterator>
#include <limits>
#include <sstream>
#include <stdexcept>

namespace cortex::test {

std::filesystem::path dataDir()
{
    return CORTEX_TEST_DATA_DIR;
}
std::filesystem::path qwenFixtureDir()
{
    return dataDir() / "qwen3vl";
}
std::filesystem::path tinyADataDir()
{
    return qwenFixtureDir() / "tiny-a";
}

std::vector<unsigned char> readBinaryFile(const std::filesystem::path &file)
{
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throw std::runtime_error("cannot open test data file " + file.string());
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

const nlohmann::json &reference()
{
    static const nlohmann::json parsed = [] {
        const auto bytes = readBinaryFile(tinyADataDir() / "reference.json");
        return nlohmann::json::parse(bytes.begin(), bytes.end());
    }();
    return parsed;
}

std::vector<float> readFloat32File(const std::filesystem::path &file)
{
    const auto bytes = readBinaryFile(file);
    std::vector<float> values(bytes.size() / sizeof(float));
    std::memcpy(values.data(), bytes.data(), values.size() * sizeof(float)); // little-endian host
    return values;
}

std::string Difference::describe() const
{
    std::ostringstream out;
    out << "n=" << count << " max|d|=" << maxAbs << " at " << maxAbsIndex << " mean|d|=" << meanAbs
        << " cos=" << cosine;
    return out.str();
}

Difference compareVectors(std::span<const float> actual, std::span<const float> expected)
{
    Difference d;
    if (actual.size() != expected.size() || actual.empty()) {
        d.maxAbs = std::numeric_limits<double>::infinity();
        return d;
    }
    d.count = actual.size();
    double sum = 0, dot = 0, na = 0, ne = 0;
    for (size_t i = 0; i < actual.size(); ++i) {
        const double diff = std::abs(double(actual[i]) - double(expected[i]));
        if (!(diff <= d.maxAbs)) { // also catches NaN
            d.maxAbs = std::isnan(diff) ? std::numeric_limits<double>::infinity() : diff;
            d.maxAbsIndex = i;
        }
        sum += diff;
        dot += double(actual[i]) * expected[i];
        na += double(actual[i]) * actual[i];
        ne += double(expected[i]) * expected[i];
    }
    d.meanAbs = sum / double(d.count);
    d.cosine = (na > 0 && ne > 0) ? dot / std::sqrt(na * ne) : 0.0;
    return d;
}

static void flattenInto(const nlohmann::json &value, std::vector<float> &out)
{
    if (value.is_array()) {
        for (const auto &v : value)
            flattenInto(v, out);
    } else {
        out.push_back(value.get<float>());
    }
}

std::vector<float> jsonToFloats(const nlohmann::json &array)
{
    std::vector<float> out;
    flattenInto(array, out);
    return out;
}

std::vector<int> jsonToInts(const nlohmann::json &array)
{
    return array.get<std::vector<int>>();
}

} // namespace cortex::test
