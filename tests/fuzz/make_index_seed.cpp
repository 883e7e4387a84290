// Writes seed inputs for fuzz_vector_index: small real index files (VectorIndex::save) in the
// harness's format (the header's fields after the magic, then the payload). Run once to make
// tests/fuzz/corpus/fuzz_vector_index; not a test.
#include "index/index_file_format.h"
#include "index/vector_index.h"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <vector>

int main(int argc, char **argv)
{
    using namespace cortex::index;
    if (argc != 2) {
        std::fprintf(stderr, "usage: %s OUTPUT_DIR\n", argv[0]);
        return 2;
    }
    const std::filesystem::path out = argv[1];
    std::filesystem::create_directories(out);
    std::mt19937 random(7);
    std::normal_distribution<float> normal;
    struct Shape {
        int dimension, m, count, removed;
    };
    for (const Shape shape :
         {Shape{4, 2, 0, 0}, Shape{4, 4, 3, 0}, Shape{8, 4, 40, 5}, Shape{16, 8, 120, 20}}) {
        IndexParams params;
        params.dimension = shape.dimension;
        params.m = shape.m;
        params.efConstruction = 16;
        auto index = VectorIndex::create(params, 16);
        if (!index) {
            std::fprintf(stderr, "%s\n", index.error().message.c_str());
            return 1;
        }
        for (int label = 0; label < shape.count; ++label) {
            std::vector<float> v(size_t(shape.dimension));
            float norm = 0;
            for (float &x : v) {
                x = normal(random);
                norm += x * x;
            }
            for (float &x : v)
                x /= std::sqrt(norm);
            if (!(*index)->add(label * 7 + 1, v))
                return 1;
        }
        for (int label = 0; label < shape.removed; ++label)
            (*index)->remove(label * 7 + 1);
        const auto file = out / ("index-d" + std::to_string(shape.dimension) + "-m" +
                                 std::to_string(shape.m) + "-n" + std::to_string(shape.count) + ".cxhnsw");
        if (!(*index)->save(file, 42))
            return 1;
        std::ifstream in(file, std::ios::binary);
        const std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        std::filesystem::remove(file);
        const auto seed = out / (file.stem().string() + ".seed");
        std::ofstream(seed, std::ios::binary)
            .write(bytes.data() + 8, 40)
            .write(bytes.data() + detail::kHeaderSize, std::streamsize(bytes.size() - detail::kHeaderSize));
    }
    return 0;
}
