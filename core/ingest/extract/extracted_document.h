#pragma once
// What an extractor gets out of one file: blocks of text (before chunking) and images, each with its
// page (PDF page, slide; -1 when the format has none) and position in reading order.

#include "common/item_kind.h"
#include "common/page_image_side.h"
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
    QString type;      // "text", "markdown", "pdf", "image", "svg", "docx", "pptx", "odt", "html"
    int pageCount = 0; // PDF pages or slides; 0 otherwise
    std::vector<ExtractedItem> items;
    // What was skipped without failing the document, one sentence each ("word/media/image3.emf: not a
    // supported image format"), so that the GUI can say why an embedded image is missing.
    QStringList warnings;
};

// The page-image sizes (common/page_image_side.h), named here too as the extractors' callers know them.
using cortex::kMaxPageImageSide;
using cortex::kMinPageImageSide;
using cortex::kPageImageSizes;

struct ExtractOptions {
    int pdfRenderLongSide = kDefaultPageImageSide; // a rendered page's longer side (common/page_image_side.h)
    int64_t maxImagePixels = 100'000'000;          // decompression-bomb guard for every decoded image
    // The text kept from one document, in characters (UTF-16 code units), whatever its format: the rest
    // is left out with the warning "truncated at N characters" (a text file, all pages of a PDF, all
    // slides). A million characters are some 400 printed pages (embedding them takes minutes with a real
    // model); a text file is read only up to the bytes these characters can take. cortex-cli ingest
    // --max-text-chars sets it.
    int64_t maxTextChars = kDefaultMaxTextChars;
    // PDF pages read from one file; later pages are left out with the warning "truncated at N pages"
    // (cortex-cli ingest --max-pdf-pages).
    int maxPdfPages = kDefaultMaxPdfPages;
    int minEmbeddedImageSide = 32; // smaller images inside office documents are skipped (bullets, lines)
    // Zip-bomb guards for office documents. An XML part that inflates to more than maxZipXmlBytes is
    // refused (an embedded image's limit is maxImagePixels * 4 bytes); every entry is checked against its
    // declared size and, while it inflates, against maxZipRatio times its compressed size (real office
    // XML compresses 5 to 30 times; a bomb 1000 times); an archive of more than maxZipEntries entries is
    // refused, and so is one whose parts inflate to more than maxZipTotalBytes in all.
    int64_t maxZipXmlBytes = int64_t{256} << 20;
    int64_t maxZipRatio = 200;
    int64_t maxZipEntries = 20'000;
    int64_t maxZipTotalBytes = int64_t{1} << 30;

    static constexpr int64_t kDefaultMaxTextChars = 1'000'000;
    static constexpr int kDefaultMaxPdfPages = 2'000;
    // 0 keeps images at full size; otherwise an image (file or embedded) whose longer side is larger is
    // decoded scaled down to it (never up; JPEG scales while decoding), so a 100-megapixel photo does not
    // stay in memory at full size.
    int maxImageLongSide = 0;
    // PDF pages before it are not given out (nor rendered): a file resumed inside continues after the
    // pages it saved. Their text still counts against maxTextChars, so the document is cut where an
    // uninterrupted run cuts it. Other formats give out every item.
    int firstPage = 0;
    // Pages are given out as PdfPage items without pixels (not rendered): the job's first pass embeds
    // the text, and its second pass renders the pages (ingest/page_image_pass.h).
    bool deferPageImages = false;
};

} // namespace cortex::ingest
