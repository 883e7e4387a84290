#pragma once
// What a model sees of a stored item, rebuilt from the library: the chunk's text, or the pixels of the
// image or PDF page re-read from its document (the stored thumbnail when the document is gone), or a
// video segment's frames sampled again from its file.

#include "embedding/encoder.h"
#include "store/records.h"

namespace cortex::search {

// What the embedder embeds again for an item (a new model's space, a re-embedding import): the same
// input ingestion gave it. A video segment is its sampled frames, read again from the file over the
// segment's time range (ingestion's sampling, so the same frames); when the file cannot give them
// (moved, changed, damaged), its middle frame as an image, as an image item falls back to its thumbnail.
embedding::EncodeInput itemInput(const store::ItemView &view);

// What the reranker sees of a candidate: itemInput, except a video segment, which is its middle frame and
// its words (the reranker takes no video, and decoding every candidate's frames would slow each search).
embedding::EncodeInput rerankInput(const store::ItemView &view);

} // namespace cortex::search
