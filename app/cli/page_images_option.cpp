#include "page_images_option.h"

#include "common/page_image_side.h"

namespace cortex::cli {

OptionSpec pageImagesSpec()
{
    return {
        "page-images", true, false,
        "off, or the longer side of a rendered PDF page in pixels (" + std::to_string(kMinPageImageSide) +
            " to " + std::to_string(kMaxPageImageSide) + "; default " +
            std::to_string(kDefaultPageImageSide) +
            "; the window offers 960, 1280 and 1600): page images find charts and scans but cost far more "
            "than text"};
}

model::Result<std::optional<int>> pageImagesOption(const Arguments &args)
{
    if (!args.has("page-images"))
        return std::optional<int>();
    const std::string choice = args.valueOr("page-images", "");
    if (choice == "off")
        return std::optional<int>(0);
    const auto side = args.integer("page-images", 0);
    if (!side || *side < kMinPageImageSide || *side > kMaxPageImageSide)
        return model::makeError("--page-images must be off or a size from " +
                                std::to_string(kMinPageImageSide) + " to " +
                                std::to_string(kMaxPageImageSide) + " pixels (it is '" + choice + "')");
    return std::optional<int>(int(*side));
}

std::string pageImagesText(int side)
{
    return side == 0 ? std::string("off") : std::to_string(side) + " px";
}

} // namespace cortex::cli
