#pragma once
// The ingestion job's ETA when videos are in it (issue 16). Counting files, a two-hour video weighs as
// much as a text file; here the work left is counted in its two units, whose costs differ by orders of
// magnitude: ordinary files, and video segments (one embedding of up to a window of frames each). Each
// unit's cost is measured separately in this run. Pure arithmetic: the caller gives the times (seconds
// since the run began), so it is tested without a clock.

#include <cstdint>

namespace cortex::ingest {

// What is left and what was measured, as estimateEtaSeconds takes them.
struct EtaInputs {
    double filesLeft = 0;         // ordinary files not yet started
    double segmentsLeft = 0;      // video segments not yet embedded (current video and pending ones)
    int64_t filesMeasured = 0;    // ordinary files finished in this run
    double fileSeconds = 0;       // the time they took together
    int64_t segmentsMeasured = 0; // segments embedded in this run
    double segmentSeconds = 0;    // the time they took together
};

// Seconds left: filesLeft * (seconds per file) + segmentsLeft * (seconds per segment); -1 when nothing
// is measured yet (no rate to multiply by) while work is left. A unit not measured yet borrows the
// other's rate: a segment and a small file are both a few embedding calls, and the guess is replaced by
// the measured rate after the first segment (within a window's embedding), where counting a whole video
// as one file stays wrong for the whole video.
double estimateEtaSeconds(const EtaInputs &in);

// Follows one run of a job: the pending work as planned at the start, then each file and segment as
// it is done, and gives the ETA at any point.
class JobEta {
public:
    // The plan, before the first file: an ordinary file (or a video whose header could not be read);
    // a video of `segments` segments; a video not read at the start (counted as the mean of the planned
    // ones, or as one ordinary file while none is planned).
    void addPendingFile() { ++pendingFiles_; }
    void addPendingVideo(int64_t segments);
    void addUnplannedVideo() { ++unplannedVideos_; }

    enum class Kind { File, Video, UnplannedVideo };
    // A pending file of that kind (as it was planned) begins at `now`.
    void beginFile(Kind kind, int64_t plannedSegments, double now);
    // The current file is a video, `done` of its `of` segments embedded (a resumed video's first report
    // is the segments saved by an earlier run: it sets the start, it measures nothing).
    void segmentsDone(int64_t done, int64_t of, double now);
    // The current file ends (indexed, skipped or failed): its time goes to its segments when it embedded
    // any (opening and committing are part of a video's cost), else to the ordinary files.
    void endFile(double now);

    double etaSeconds() const { return estimateEtaSeconds(inputs()); }
    EtaInputs inputs() const;

private:
    int64_t pendingFiles_ = 0;
    int64_t pendingSegments_ = 0; // of the planned videos not yet begun
    int64_t plannedVideos_ = 0;   // all planned at the start (for the mean)
    int64_t plannedSegments_ = 0;
    int64_t unplannedVideos_ = 0;

    int64_t filesMeasured_ = 0;
    double fileSeconds_ = 0;
    int64_t segmentsMeasured_ = 0;
    double segmentSeconds_ = 0;

    // The current file.
    bool inFile_ = false;
    double fileStart_ = 0;
    double lastMark_ = 0;       // the end of the last measured segment (or the file's start)
    bool segmentsReported_ = false; // the first report sets the start, later ones measure
    int64_t segmentsDone_ = 0;
    int64_t segmentsOf_ = 0;
    int64_t measuredInFile_ = 0;
    double currentEstimate_ = 0; // the current video's segments until it reports its own count
};

} // namespace cortex::ingest
