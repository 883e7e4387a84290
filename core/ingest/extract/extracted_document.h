#pragma once
// What an extractor gets out of one file: blocks of text (before chunking) and images, each with its
// page (PDF page, slide; -1 when the format has none) and position in reading order.

#include "common/item_kind.h"
#include "common/result.h"

#include <QImage>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <vector>

namespace cortex::ingest {

struct ExtractedItem {
    ItemKind kind = ItemKind::Text;
    int page = -1;     // 0-based page or slide; -1 when the format has no pages
    int position = 0;  // order within the document
    QString text;      // Text: the block's text; PdfPage: that page's text too (may be empty)
    QImage image;      // Image and PdfPage: the pixels, RGB(A)
    QString imageName; // Image: its name inside the document ("word/media/image1.png") or the file name
};

struct ExtractedDocument {
    QString type;      // "text", "markdown", "pdf", "image", "docx", "pptx", "odt", "html"
    int pageCount = 0; // PDF pages or slides; 0 otherwise
    std::vector<ExtractedItem> items;
    // What was skipped without failing the document, one sentence each ("word/media/image3.emf: not a
    // supported image format"), so that the GUI can say why an embedded image is missing.
    QStringList warnings;
};

struct ExtractOptions {
    int pdfRenderLongSide = 1280;         // a rendered PDF page's longer side in pixels; 0: text only
    int64_t maxImagePixels = 100'000'000; // decompression-bomb guard for every decoded image
    int64_t maxTextBytes = 64 << 20;      // larger text files are refused with a reason
    int minEmbeddedImageSide = 32; // smaller images inside office documents are skipped (bullets, lines)
    // Zip-bomb guard for office documents: an XML part that inflates to more than this is refused (an
    // embedded image's limit is maxImagePixels * 4 bytes).
    int64_t maxZipXmlBytes = int64_t{256} << 20;
    // 0 keeps images at full size; otherwise an image (file or embedded) whose longer side is larger is
    // decoded scaled down to it (never up; JPEG scales while decoding), so a 100-megapixel photo does not
    // stay in memory at full size.
    int maxImageLongSide = 0;
};

} // namespace cortex::ingest
