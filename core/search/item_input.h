#pragma once
// What a model sees of a stored item, rebuilt from the library: the chunk's text, or the pixels of the
// image or PDF page re-read from its document (the stored thumbnail when the document is gone).

#include "embedding/encoder.h"
#include "store/records.h"

namespace cortex::search {

embedding::EncodeInput itemInput(const store::ItemView &view);

} // namespace cortex::search
