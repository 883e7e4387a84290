#pragma once
// --page-images off|SIZE, as `ingest` and `watch add/edit` take it: PDF pages embedded as images too (at
// SIZE pixels on the longer side) or text only. One parser, one help text, one message.

#include "arguments.h"

#include <optional>

namespace cortex::cli {

OptionSpec pageImagesSpec();

// 0 for off, the size for a number within common/page_image_side.h's range; nullopt when not given; an
// error naming the option and the value otherwise.
model::Result<std::optional<int>> pageImagesOption(const Arguments &args);

// "off" or "1280 px", as `watch list` and the JSON show a choice.
std::string pageImagesText(int side);

} // namespace cortex::cli
