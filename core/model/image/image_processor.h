#pragma once
// The Qwen2-VL image processor as used by Qwen3-VL: smart resize to multiples of patch*merge,
// PIL bicubic resize, rescale and normalise in float32, the frame duplicated to the temporal patch
// size, and patches flattened in merge-window order (the rows the vision tower consumes).

#include "model/config/model_config.h"
#include "model/image/image.h"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace cortex::model {

struct ResizedSize {
    int64_t height;
    int64_t width;
};

// Qwen's smart_resize: both sides multiples of `factor`, the area within [minPixels, maxPixels]
// where possible, the aspect ratio nearly kept. Python semantics (round half to even). An aspect
// ratio above 200 or a non-positive side is an error that names `name`.
Result<ResizedSize> smartResize(int64_t height, int64_t width, int64_t factor, int64_t minPixels,
                                int64_t maxPixels, const std::string &name);

struct ProcessedImage {
    std::vector<float> pixelValues;   // rows x rowSize, row-major
    int64_t rows = 0;                 // gridH * gridW patches
    int64_t rowSize = 0;              // channels * temporalPatch * patch * patch
    std::array<int64_t, 3> gridThw{}; // {1, gridH, gridW}
    int64_t numImageTokens = 0;       // rows / merge^2: the <|image_pad|> count in the prompt
    int resizedHeight = 0;
    int resizedWidth = 0;
};

class ImageProcessor {
public:
    explicit ImageProcessor(PreprocessorConfig config);

    // RGBA is composited on white first. Errors name `name`.
    Result<ProcessedImage> process(const Image &image, const std::string &name) const;
    // What process() would give as numImageTokens (the same checks), without touching a pixel: the API's
    // usage counts.
    Result<int64_t> tokenCount(const Image &image, const std::string &name) const;

    const PreprocessorConfig &config() const { return config_; }

private:
    Result<ResizedSize> resizedSize(const Image &image, const std::string &name) const;

    PreprocessorConfig config_;
};

} // namespace cortex::model
