#pragma once
// How ingestion hands images to the model and embeds a batch: shared by a file's first pass
// (streaming_embedder.h) and the page images of the second (page_image_pass.h), so that an item
// embedded in either pass has the same thumbnail, the same name in errors and the same retry.

#include "common/item_kind.h"
#include "common/result.h"
#include "embedding/encoder.h"

#include <QImage>

#include <span>
#include <string>
#include <vector>

namespace cortex::ingest {

// The name an image input carries into errors: "page 3 of /a/b.pdf", "/a/b.docx (word/media/image1.png)",
// or the file's path for a standalone image (`imageName` empty).
std::string imageInputName(ItemKind kind, int page, const std::string &path, const std::string &imageName);

// The thumbnail stored with an image item (PNG bytes).
std::vector<uint8_t> thumbnailBytes(const QImage &image);

// Embeds `inputs` (document side) in one call; when that call fails, each input on its own, so that one
// bad input (an image of absurd aspect ratio) costs only itself. One result per input, in order.
std::vector<Result<std::vector<float>>> embedEach(embedding::Encoder &encoder,
                                                  std::span<const embedding::EncodeInput> inputs);

} // namespace cortex::ingest
