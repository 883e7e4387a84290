#pragma once
// The second pass of an ingestion job: the page images its first pass left (IngestOptions::twoPasses).
//
// The first pass embeds the text of every file (and standalone images), so that the library answers
// queries within minutes; rendering and embedding a page image costs tens of seconds on a CPU. The
// second pass takes the waiting images least text first (scans, slides and figures, whose content
// nothing else has indexed, before pages whose text is searchable already), a batch at a time, and
// stores each batch in one transaction that also removes their rows (LibraryDb::addDeferredItems): a
// job killed here resumes with the images left, in the same order.
//
// An image whose file changed or vanished since its text was read, whose page does not render, or
// whose rendering crashed the process before (the crash record, file_ingest.h) is dropped with the
// reason in IngestSummary::failures; the others go on.

#include "common/progress.h"
#include "common/result.h"
#include "ingest/ingestor.h"

namespace cortex::store {
class LibraryDb;
}

namespace cortex::ingest {

struct PageImagePass {
    library::Library &library;
    store::LibraryDb &reader;
    embedding::Encoder &encoder;
    const IngestOptions &options; // the job's (batch size, image limits)
    int64_t jobId = 0;
    int64_t spaceId = 0;
    CancelPredicate cancelled; // the job is paused: summary.cancelled
    // Other work is waiting (another job's first pass): the pass stops between two batches and the job
    // stays unfinished (summary.pageImagesYielded), to go on after it.
    CancelPredicate yield;
};

// Runs the pass until no image is left or it is told to stop. Reports progress in `p` (its stage becomes
// "page images"; done and total count the job's images); fills the summary's pageImages* fields,
// pageImages (timing) and failures. An error means the library could not be read or written.
Status runPageImagePass(const PageImagePass &pass, Progress &p, const ProgressCallback &progress,
                        IngestSummary &summary);

// The crash record's note for a page image being rendered (the record otherwise names a file).
std::string pageImageCrashNote(int64_t contentId, int position);

} // namespace cortex::ingest
