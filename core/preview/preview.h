#pragma once
// What the Search tab's preview pane shows for a hit, made off the GUI thread:
//   - a PDF hit: its page rendered on white, with the rectangles of the query's words on that page (in
//     the image's pixels, reading order) and the page count, for previous/next page;
//   - an image hit (a file, or an image inside a document): the image, decoded within the extractors'
//     limits and scaled down to a bound, so a 100-megapixel photo never sits in memory at full size;
//   - a video segment (application/video_preview.h): one of its frames, a second apart, decoded on demand;
//   - a text hit (text, Markdown, office, HTML chunks): the hit's chunk with the chunks before and after
//     it joined where they overlap, the chunk's range in that text and the query's words in it.
// Errors name the file and the reason, as the extractors say them ("report.pdf: the file is not a valid
// PDF (it may be damaged or incomplete)"), for the pane to show as they are.
//
// Requirements: a QCoreApplication (Qt Pdf and the image plugins); an SVG also needs a QGuiApplication.
// Thread-safe: every call opens its own document (Qt Pdf serialises PDFium behind one lock).

#include "common/item_kind.h"
#include "common/result.h"

#include <QImage>
#include <QList>
#include <QRectF>
#include <QString>
#include <QStringList>

#include <vector>

namespace cortex::preview {

// A part of a text, in UTF-16 code units (QString indices).
struct TextRange {
    int start = 0;
    int length = 0;
    bool operator==(const TextRange &) const = default;
};

enum class PreviewKind { Page, Image, Text, VideoFrame };

struct Preview {
    PreviewKind kind = PreviewKind::Text;
    QString path; // the document
    // Page: the page rendered on white; Image: the image; VideoFrame: the frame, upright. In the form a
    // screen draws fastest (RGB32, or premultiplied ARGB32 when the image has alpha).
    QImage image;
    // Page: where the query's words are on the page, in `image`'s pixels, in reading order.
    QList<QRectF> highlights;
    // Text: the hit's chunk with its neighbours; `focus` is the chunk within it, `matches` the query's
    // words (whole words, any case), in order. VideoFrame: the subtitle lines on screen at the frame's
    // time (empty when the file has none then), `matches` the query's words in them.
    QString text;
    TextRange focus;
    std::vector<TextRange> matches;
    // Page: the page shown (0-based) of `count` pages; Text: the chunk shown (0-based) of the document's
    // `count` text chunks; VideoFrame: the frame shown (0-based) of the segment's `count` frames, one a
    // second from its start; Image: 0 of 0 (there is nothing to step through).
    int index = 0;
    int count = 0;
    // VideoFrame: the frame's time in the file, in seconds; -1 for the other kinds.
    double seconds = -1;
};

// The most highlights marked on one page (a word on every line of a dense page is still readable).
inline constexpr int kMaxPageHighlights = 500;
// Shorter common runs of two neighbouring chunks are taken for chance, not for the chunker's overlap.
inline constexpr int kMinChunkOverlap = 8;

// Where `words` occur in `text` as whole words, in any case ("be" is not found inside "been"), in order,
// as the keyword index matches them. Empty words are ignored.
std::vector<TextRange> findWords(const QString &text, const QStringList &words);

// Page `page` (0-based; clamped to the document's pages) of the PDF at `path`, rendered so that its
// longer side is `longSide` pixels (clamped to 256..4096), with the highlights of `words`.
Result<Preview> pdfPage(const QString &path, int page, const QStringList &words, int longSide);

// The image of an image item (loadItemImage: a file, an SVG, an image inside an HTML or office
// document named by `sourceRef`), scaled down so that its longer side is at most `longSide` pixels.
Result<Preview> image(const QString &path, const QString &documentType, ItemKind kind, int page,
                      const QString &sourceRef, int longSide);

// `chunks` (consecutive chunks of one document, as stored: each exactly as in the text, neighbours
// sharing the chunker's overlap) joined into one text, the one at `focus` marked, `words` found in it.
// index and count are left for the caller (who knows where the chunks are in the document).
Preview textAround(const std::vector<QString> &chunks, int focus, const QStringList &words);

// How many characters at the start of `next` repeat the end of `previous` (the chunker's overlap), or 0
// when fewer than kMinChunkOverlap do.
int chunkOverlap(const QString &previous, const QString &next);

} // namespace cortex::preview
