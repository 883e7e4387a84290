#pragma once
// SVG drawings (files named .svg): read by an XML parser and written out again as a clean copy (no DTD
// or entities, no scripts, foreign content, processing instructions or references outside the file),
// rendered from that copy by Qt's SVG image plugin onto white, and their labels (<text>, <tspan>,
// <title>, <desc>) kept as text so that a diagram is found by what it says.
//
// Rendering draws text, and Qt's font database needs a QGuiApplication (it aborts a process that has
// only a QCoreApplication): without one, an SVG is refused with that reason, never rendered.
// cortex-cli makes a QGuiApplication on the "offscreen" platform for this.

#include "ingest/extract/extract_support.h"

#include <QByteArray>
#include <QStringList>

#include <cstdint>

namespace cortex::ingest::detail {

// Limits of one SVG file; each is a refusal that says which was reached.
inline constexpr qint64 kMaxSvgBytes = qint64(16) << 20; // the file
inline constexpr int kMaxSvgDepth = 256;                 // nesting of elements
inline constexpr int kMaxSvgElements = 100'000;          // elements in the file
// Elements drawn, counting the subtree a <use> refers to once more for every <use>: many <use> of a
// large group multiply the drawing without making the file large.
inline constexpr int64_t kMaxSvgDrawnElements = 200'000;
// Text elements drawn (counted as elements are): laying text out costs a thousand times a rectangle.
inline constexpr int64_t kMaxSvgDrawnTexts = 20'000;
// Pixels times drawn elements for one drawing: each element may cover every pixel, so a drawing of many
// elements is rendered smaller (at most 9,536 elements are drawn at 1024x1024), never below
// kMinSvgBudgetPixels pixels (when maxImagePixels allows). A few seconds at worst.
inline constexpr int64_t kSvgDrawBudget = 10'000'000'000;
inline constexpr int64_t kMinSvgBudgetPixels = 128 * 128;
// The rendered image's longer side (smaller when ExtractOptions::maxImageLongSide or maxImagePixels ask).
inline constexpr int kSvgRenderLongSide = 1024;
// Longer side over shorter side of the drawing's own size: beyond it, the shorter side would render
// as a few pixels.
inline constexpr double kMaxSvgAspectRatio = 100.0;
// The largest number accepted in the root element's width, height and viewBox (units of the drawing).
inline constexpr double kMaxSvgDimension = 1e8;

struct SanitizedSvg {
    QByteArray svg;            // the clean document, UTF-8
    QString text;              // the labels in document order, one <text>, <title> or <desc> a line
    QStringList warnings;      // what was left out ("1 script(s) left out")
    int64_t drawnElements = 0; // elements, counting what each <use> repeats
};

// Reads an SVG document and writes its clean copy. Kept: SVG elements (and elements without a
// namespace) with their attributes in no namespace, xlink: and xml:; references (href, xlink:href,
// url(...)) only to "#id" inside the document or, for href, to a base64 data: URI of a PNG, JPEG, GIF,
// WebP or BMP image whose header gives a size within options.maxImagePixels (all such images together).
// Dropped: the DTD, comments, processing instructions, <script>, <foreignObject>, elements of other
// namespaces, event attributes (on...), a <style> that uses @import or url() outside the document.
// Refused, with the reason as the error (no file name): a DTD that declares entities, malformed XML (the
// parser's message and line), a root that is not <svg>, more than kMaxSvgDepth levels or kMaxSvgElements
// elements (counting those left out), a tag with more than 1000 attributes or a document with more than
// 1000 namespace declarations (Qt's parser is quadratic in both), a <use> whose target is or contains a
// <use> (nested references grow exponentially), references that go round in a circle, more than
// kMaxSvgDrawnElements elements or kMaxSvgDrawnTexts text elements drawn, a root size beyond
// kMaxSvgDimension. Linear in the input; needs no QGuiApplication (it renders nothing).
Result<SanitizedSvg> sanitizeSvg(const QByteArray &data, const ExtractOptions &options);

// A file of type "svg": one Image item (the drawing rendered, named after the file), then one Text item
// with its labels when it has any (within options.maxTextChars).
Status extractSvg(const QString &path, const ExtractOptions &options, ItemSink &sink);

// The rendered drawing of an SVG file again, with the errors of extractSvg.
Result<QImage> loadSvgImage(const QString &path, const ExtractOptions &options);

} // namespace cortex::ingest::detail
