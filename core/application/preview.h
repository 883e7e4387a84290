#pragma once
// A search hit's preview (preview/preview.h): its PDF page with the query's words marked, its image, or
// its chunk among its neighbours, and the pages or chunks before and after it. For the window's preview
// pane; written on an open library like every use case, so that tests drive it without a window.

#include "common/result.h"
#include "preview/preview.h"

#include <QFuture>
#include <QStringList>

#include <cstdint>

namespace cortex::library {
class Library;
}
namespace cortex::session {
class LibrarySession;
}

namespace cortex::application {

struct PreviewRequest {
    int64_t itemId = 0; // the hit
    QStringList words;  // marked where they occur (whole words, any case)
    // A rendered page's or an image's longer side at most, in pixels (clamped to 256..4096).
    int longSide = 1600;
    // Pages (a PDF hit) or text chunks (a text hit) after the hit's own, or before it when negative;
    // clamped to the document's first and last. An image has nothing to step through.
    int step = 0;
};

// --- On an open library (tests) ---
// A PDF item (a page or a chunk of its text) shows its page; an image item its image; a text chunk the
// chunk with its neighbours. Errors: the item is no longer in the library; the file is gone, damaged or
// cannot be decoded (the message names it).
Result<preview::Preview> previewItem(library::Library &library, const PreviewRequest &request);

// --- The same on the session's preview worker (the window) ---
QFuture<Result<preview::Preview>> previewItem(session::LibrarySession &session,
                                              const PreviewRequest &request);

} // namespace cortex::application
