// The vision tower's merged output and DeepStack features for img_a, from the reference pixel values.

#include "support/tiny_model.h"

#include <ATen/ATen.h>
#include <doctest/doctest.h>

using namespace cortex;

namespace {

std::vector<float> toVector(const at::Tensor &t)
{
    const auto c = t.to(at::kFloat).cpu().contiguous();
    return {c.data_ptr<float>(), c.data_ptr<float>() + c.numel()};
}

} // namespace

TEST_CASE("vision intermediates of img_a match transformers")
{
    const auto bundle = model::ModelBundle::load(test::tinyAModelDir(), test::tinyAOptions());
    REQUIRE_MESSAGE(bundle.ok(), (bundle.ok() ? std::string() : bundle.error().message));
    const auto &ref = test::reference()["vision_intermediates"];
    const auto imageName = ref["image"].get<std::string>();
    const auto &meta = test::reference()["images"][imageName];

    auto pixels = test::readFloat32File(test::tinyADataDir() / "images" / (imageName + ".pixel_values.f32"));
    const auto shape = meta["pixel_values_shape"].get<std::vector<int64_t>>();
    const auto pixelTensor = at::from_blob(pixels.data(), {shape[0], shape[1]}, at::kFloat).clone();
    const auto grid = meta["grid_thw"].get<std::vector<int64_t>>();
    const model::nn::GridThw thw{grid[0], grid[1], grid[2]};

    const auto out = (*bundle)->model().vision().forward(pixelTensor, std::span(&thw, 1));
    const auto merged = test::compareVectors(toVector(out.merged), test::jsonToFloats(ref["merged"]));
    MESSAGE("merged: " << merged.describe());
    CHECK(test::embeddingMatches(merged, false));

    REQUIRE(out.deepstack.size() == ref["deepstack"].size());
    for (size_t k = 0; k < out.deepstack.size(); ++k) {
        const auto d =
            test::compareVectors(toVector(out.deepstack[k]), test::jsonToFloats(ref["deepstack"][k]));
        MESSAGE("deepstack " << k << ": " << d.describe());
        CHECK(test::embeddingMatches(d, false));
    }
}

TEST_CASE("images processed by Cortex give the reference vision output")
{
    // End to end from the PNG: decode, preprocess, vision tower.
    const auto bundle = model::ModelBundle::load(test::tinyAModelDir(), test::tinyAOptions());
    REQUIRE(bundle.ok());
    model::MultimodalInput input;
    input.images.push_back(test::fixtureImage("img_a"));
    const auto processed = (*bundle)->processImages(input);
    REQUIRE(processed.ok());
    const auto &image = (*processed)[0];
    auto pixels = image.pixelValues;
    const auto t = at::from_blob(pixels.data(), {image.rows, image.rowSize}, at::kFloat);
    const auto out = (*bundle)->model().vision().forward(t, std::span(&image.gridThw, 1));
    const auto merged = test::compareVectors(
        toVector(out.merged), test::jsonToFloats(test::reference()["vision_intermediates"]["merged"]));
    MESSAGE("merged from PNG: " << merged.describe());
    CHECK(test::embeddingMatches(merged, false));
}
