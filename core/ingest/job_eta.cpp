#include "ingest/job_eta.h"

#include <algorithm>

namespace cortex::ingest {

double estimateEtaSeconds(const EtaInputs &in)
{
    const double filesLeft = std::max(0.0, in.filesLeft);
    const double segmentsLeft = std::max(0.0, in.segmentsLeft);
    if (filesLeft + segmentsLeft <= 0)
        return 0;
    double perFile = in.filesMeasured > 0 ? std::max(0.0, in.fileSeconds) / double(in.filesMeasured) : -1;
    double perSegment =
        in.segmentsMeasured > 0 ? std::max(0.0, in.segmentSeconds) / double(in.segmentsMeasured) : -1;
    if (perFile < 0 && perSegment < 0)
        return -1;
    if (perFile < 0)
        perFile = perSegment;
    if (perSegment < 0)
        perSegment = perFile;
    return filesLeft * perFile + segmentsLeft * perSegment;
}

void JobEta::addPendingVideo(int64_t segments)
{
    segments = std::max<int64_t>(segments, 1);
    pendingSegments_ += segments;
    plannedSegments_ += segments;
    ++plannedVideos_;
}

void JobEta::beginFile(Kind kind, int64_t plannedSegments, double now)
{
    const double mean = plannedVideos_ > 0 ? double(plannedSegments_) / double(plannedVideos_) : 0;
    currentEstimate_ = 0;
    switch (kind) {
    case Kind::File:
        pendingFiles_ = std::max<int64_t>(pendingFiles_ - 1, 0);
        break;
    case Kind::Video:
        plannedSegments = std::max<int64_t>(plannedSegments, 1);
        pendingSegments_ = std::max<int64_t>(pendingSegments_ - plannedSegments, 0);
        currentEstimate_ = double(plannedSegments);
        break;
    case Kind::UnplannedVideo:
        unplannedVideos_ = std::max<int64_t>(unplannedVideos_ - 1, 0);
        currentEstimate_ = mean;
        break;
    }
    inFile_ = true;
    fileStart_ = now;
    lastMark_ = now;
    segmentsReported_ = false;
    segmentsDone_ = 0;
    segmentsOf_ = 0;
    measuredInFile_ = 0;
}

void JobEta::segmentsDone(int64_t done, int64_t of, double now)
{
    if (!inFile_ || done < 0 || of < done)
        return;
    if (!segmentsReported_) {
        segmentsReported_ = true; // `done`: what an earlier run saved, no time of this run spent on it
    } else if (done > segmentsDone_) {
        segmentsMeasured_ += done - segmentsDone_;
        measuredInFile_ += done - segmentsDone_;
        segmentSeconds_ += std::max(0.0, now - lastMark_);
        lastMark_ = now;
    }
    segmentsDone_ = done;
    segmentsOf_ = of;
}

void JobEta::endFile(double now)
{
    if (!inFile_)
        return;
    if (measuredInFile_ > 0) {
        segmentSeconds_ += std::max(0.0, now - lastMark_); // the commit of the video's segments
    } else {
        ++filesMeasured_; // an ordinary file, or a video that embedded nothing (unchanged, failed)
        fileSeconds_ += std::max(0.0, now - fileStart_);
    }
    inFile_ = false;
    currentEstimate_ = 0;
}

EtaInputs JobEta::inputs() const
{
    EtaInputs in;
    in.filesLeft = double(pendingFiles_);
    in.segmentsLeft = double(pendingSegments_);
    // Videos not read at the start: as long as the mean planned video, or one file each while none is.
    if (plannedVideos_ > 0)
        in.segmentsLeft += double(unplannedVideos_) * double(plannedSegments_) / double(plannedVideos_);
    else
        in.filesLeft += double(unplannedVideos_);
    if (inFile_)
        in.segmentsLeft += segmentsReported_ ? double(segmentsOf_ - segmentsDone_) : currentEstimate_;
    in.filesMeasured = filesMeasured_;
    in.fileSeconds = fileSeconds_;
    in.segmentsMeasured = segmentsMeasured_;
    in.segmentSeconds = segmentSeconds_;
    return in;
}

} // namespace cortex::ingest
