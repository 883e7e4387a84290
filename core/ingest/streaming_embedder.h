#pragma once
// Turns a file's extracted items into embedded store items as they stream in, a batch at a time (only
// one batch of decoded images is ever in memory: a 500-page PDF renders 500 pages), and keeps track of
// where it stands, so that the work can stop inside a long file and continue there later.
//
// Checkpoints. Every IngestOptions::checkpointSeconds, and when the job is cancelled, the embedder hands
// what it embedded since the last checkpoint to its SaveCheckpoint, with the ResumePoint a later run
// needs to continue after it:
// - in a paged document (PDF pages, slides: every item so far has a page), a checkpoint falls where a
//   page begins, and a resume skips the pages before it (the PDF extractor does not even render them,
//   ExtractOptions::firstPage);
// - otherwise it falls between two outputs, and a resume extracts and chunks the file again (cheap next
//   to embedding) but embeds only the outputs after it.
// Extraction and chunking are deterministic for the same bytes and options, so a resumed file ends with
// the items of an uninterrupted run.
//
// Cancellation is checked before every item, between text chunks and before every embedding call. What
// is pending (not embedded yet) is dropped then, to be embedded on resume: stopping costs at most the
// embedding call that is already running.

#include "common/result.h"
#include "embedding/encoder.h"
#include "ingest/extract/extracted_document.h"
#include "store/records.h"

#include <QString>

#include <chrono>
#include <functional>
#include <map>
#include <span>
#include <string>
#include <vector>

namespace cortex::ingest {

struct FileContext;

// An image output left for the job's second pass (IngestOptions::twoPasses): its place and what orders
// the second pass. contentId and longSide are filled in when the file is committed.
using DeferredOutput = store::DeferredImage;

// Where a file in progress stands at a checkpoint.
struct ResumePoint {
    int page = -1;          // >= 0: every output of the pages before it is saved; -1: counted in outputs
    int64_t outputs = 0;    // outputs before the point (embedded, left for the second pass, or dropped)
    int64_t textChunks = 0; // text chunks among them (the document's chunk limit goes on counting)
    QString truncatedWarning;
    std::vector<std::string> problems;    // why outputs before the point could not be embedded
    std::vector<DeferredOutput> deferred; // outputs before the point left for the second pass

    std::string toJson() const;
    static std::optional<ResumePoint> fromJson(const std::string &json);
};

class StreamingEmbedder {
public:
    // Saves a checkpoint: the point and the items embedded since the previous one (in order).
    using SaveCheckpoint = std::function<Status(const ResumePoint &, std::span<const store::NewItem>)>;

    StreamingEmbedder(const FileContext &context, const QString &path, SaveCheckpoint save);

    // Continues after `point`, with the items saved up to it. False (and nothing changed) when they do
    // not fit the point: the file is then embedded from its start.
    bool resumeFrom(const ResumePoint &point, std::vector<store::NewItem> savedItems);
    // The first page the extractor needs to give out (ExtractOptions::firstPage).
    int firstPage() const { return resume_.page >= 0 ? resume_.page : 0; }

    // Takes the next extracted item; false when extraction should stop (cancelled, or a checkpoint could
    // not be saved: see error()).
    bool add(ExtractedItem &&extracted);
    // After the last add(): embeds what is pending, or, when cancelled, saves where it stopped.
    Status finish();

    bool cancelled() const { return cancelled_; }
    const Status &error() const { return error_; }
    std::vector<store::NewItem> &items() { return done_; }
    std::vector<std::string> problems() const;
    // The image outputs left for the job's second pass, in order.
    const std::vector<DeferredOutput> &deferred() const { return deferred_; }
    // "truncated at N text chunks ..." once the document reached IngestOptions::maxChunksPerDocument.
    const QString &truncatedWarning() const { return truncatedWarning_; }

private:
    struct Pending {
        store::NewItem item;
        embedding::EncodeInput input;
    };
    struct Problem {
        int64_t position = 0;
        std::string message;
    };

    // The point here, before the next output (`page`: the page that begins here, or -1).
    ResumePoint here(int page) const;
    bool cancelRequested();
    void stop();
    // Called where a checkpoint may fall (`page` >= 0: the page that begins here); false to stop.
    bool atBoundary(int page);
    bool checkpoint(const ResumePoint &point);
    Status saveWhereCancelled();
    void push(Pending &&p);
    void flush();
    void embedGroup(const std::vector<size_t> &group); // pending_ indices, in one embedding call
    // An image the first pass leaves for the second (twoPasses): a page or an image inside a document.
    bool defersImage(const ExtractedItem &extracted) const;
    // An image that is the file itself (an image or SVG file), not one inside a document.
    bool standalone(const ExtractedItem &extracted) const;

    const FileContext &context_;
    QString path_;
    std::string fileName_;
    SaveCheckpoint save_;

    ResumePoint resume_;           // where this run started (page -1 and 0 outputs: at the beginning)
    int64_t skipOutputsBelow_ = 0; // a resume by output count: these are saved already
    int64_t position_ = 0;
    int64_t textChunks_ = 0;
    QString truncatedWarning_;
    bool paged_ = true; // every item so far had a page
    int currentPage_ = -1;
    int stoppedBeforePage_ = -1;            // cancelled where this page was about to begin
    std::map<int, ResumePoint> pageStarts_; // where each page began, for a checkpoint there

    std::vector<Pending> pending_;
    std::vector<store::NewItem> done_;
    std::vector<Problem> problems_;
    size_t savedItems_ = 0; // done_[0, savedItems_) are in the last checkpoint
    size_t savedProblems_ = 0;
    std::vector<DeferredOutput> deferred_;
    size_t savedDeferred_ = 0;
    int64_t savedOutputs_ = 0; // outputs covered by the last checkpoint
    std::chrono::steady_clock::time_point lastCheckpoint_ = std::chrono::steady_clock::now();
    bool stopped_ = false;
    bool cancelled_ = false;
    Status error_;
};

} // namespace cortex::ingest
