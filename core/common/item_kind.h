#pragma once
// What an item of the library is: a chunk of text, a standalone image (a file, or an image embedded in
// an office document), or a PDF page rendered to an image. Stored as text in the database.

#include <optional>
#include <string_view>

namespace cortex {

enum class ItemKind { Text, Image, PdfPage };

constexpr std::string_view toString(ItemKind kind)
{
    switch (kind) {
    case ItemKind::Text:
        return "text";
    case ItemKind::Image:
        return "image";
    case ItemKind::PdfPage:
        return "pdf_page";
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
    return std::nullopt;
}

} // namespace cortex
