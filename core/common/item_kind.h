#pragma once
// What an item of the library is: a chunk of text, a standalone image (a file, or an image embedded in
// an office document), a PDF page rendered to an image, or a segment of a video (a time range of it). Stored
// as text in the database.

#include <optional>
#include <string_view>

namespace cortex {

enum class ItemKind { Text, Image, PdfPage, VideoSegment };

constexpr std::string_view toString(ItemKind kind)
{
    switch (kind) {
    case ItemKind::Text:
        return "text";
    case ItemKind::Image:
        return "image";
    case ItemKind::PdfPage:
        return "pdf_page";
    case ItemKind::VideoSegment:
        return "video_segment";
    }
    return "text";
}

constexpr std::optional<ItemKind> itemKindFromString(std::string_view s)
{
    if (s == "text")
        return ItemKind::Text;
    if (s == "image")
        return ItemKind::Image;
    if (s == "pdf_page")
        return ItemKind::PdfPage;
    if (s == "video_segment")
        return ItemKind::VideoSegment;
    return std::nullopt;
}

} // namespace cortex
