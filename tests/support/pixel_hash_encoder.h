#pragma once
// A deterministic stand-in for the model that also embeds video segments, so ingestion and search of
// videos are testable without one: an image (a query, a frame) is a pseudo-random unit vector seeded by
// a hash of its pixels, a video clip the normalised sum of its frames' vectors, a text one seeded by a
// hash of the text. So the exact pixels of a frame are closest to a segment that holds that frame
// (cosine about 1 / sqrt(frames)), and any other input is nearly orthogonal (about 1 / sqrt(kDim)).

#include "embedding/encoder.h"

#include <cmath>
#include <cstdint>
#include <functional>
#include <random>
#include <string>

namespace cortex::testing {

class PixelHashEncoder final : public embedding::Encoder {
public:
    static constexpr int kDim = 256;

    PixelHashEncoder()
    {
        identity_.modelName = "Pixel-Hash-Test";
        identity_.modelHash = "pixelhash1";
        identity_.outputDim = kDim;
        identity_.dtype = "float32";
        identity_.instruction = "Represent the user's input.";
    }
    const store::SpaceIdentity &identity() const override { return identity_; }
    Result<std::vector<std::vector<float>>>
    embedDocuments(std::span<const embedding::EncodeInput> inputs) override
    {
        return embed(inputs);
    }
    Result<std::vector<std::vector<float>>>
    embedQueries(std::span<const embedding::EncodeInput> inputs) override
    {
        return embed(inputs);
    }

    int videoInputs = 0;              // video segments embedded
    std::vector<std::string> names;   // the names of the video inputs, in order
    std::function<void()> afterVideo; // after each video input (to cancel inside a file)

    static std::vector<float> imageVector(const model::Image &image)
    {
        uint64_t hash = 1469598103934665603ull; // FNV-1a
        const auto mix = [&](uint64_t byte) {
            hash ^= byte;
            hash *= 1099511628211ull;
        };
        mix(uint64_t(image.width));
        mix(uint64_t(image.height));
        for (const uint8_t p : image.pixels)
            mix(p);
        return seeded(hash);
    }

private:
    static std::vector<float> seeded(uint64_t seed)
    {
        std::mt19937_64 rng(seed);
        std::normal_distribution<float> normal;
        std::vector<float> v(kDim);
        for (float &x : v)
            x = normal(rng);
        return normalised(std::move(v));
    }
    static std::vector<float> normalised(std::vector<float> v)
    {
        double norm = 0;
        for (const float x : v)
            norm += double(x) * x;
        for (float &x : v)
            x = float(x / std::sqrt(norm));
        return v;
    }
    Result<std::vector<std::vector<float>>> embed(std::span<const embedding::EncodeInput> inputs)
    {
        std::vector<std::vector<float>> out;
        for (const auto &input : inputs) {
            std::vector<float> sum(kDim, 0.0f);
            if (input.video) {
                if (input.video->frames.empty())
                    return makeError(input.name + ": a video without frames");
                for (const auto &frame : input.video->frames) {
                    const auto v = imageVector(frame);
                    for (int k = 0; k < kDim; ++k)
                        sum[k] += v[k];
                }
            }
            for (const auto &image : input.images) {
                const auto v = imageVector(image);
                for (int k = 0; k < kDim; ++k)
                    sum[k] += v[k];
            }
            if (!input.text.empty()) {
                const auto v = seeded(std::hash<std::string>{}(input.text));
                for (int k = 0; k < kDim; ++k)
                    sum[k] += v[k];
            }
            if (!input.video && input.images.empty() && input.text.empty())
                sum = seeded(0);
            out.push_back(normalised(std::move(sum)));
            if (input.video) {
                ++videoInputs;
                names.push_back(input.name);
                if (afterVideo)
                    afterVideo();
            }
        }
        return out;
    }

    store::SpaceIdentity identity_;
};

} // namespace cortex::testing
