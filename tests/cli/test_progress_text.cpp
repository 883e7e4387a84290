// The words of cortex-cli's progress lines in a log (app/cli/progress_text.h): a file's start, the line
// inside a long file (a video's segments, a PDF's pages) which carries the job's ETA as it is recomputed
// after every segment, and the summary line. Every expected line is spelled out by hand from the format.

#include "../../app/cli/progress_text.h"

#include <doctest/doctest.h>

using namespace cortex;

namespace {

// The 3rd of 10 files, a video at its 4th of 12 segments, the ETA recomputed to 95 s.
Progress insideAVideo()
{
    Progress p;
    p.stage = "ingesting";
    p.current = "/videos/talk.mp4";
    p.done = 2;
    p.total = 10;
    p.currentUnit = Progress::Unit::Segment;
    p.currentPage = 4;
    p.currentOf = 12;
    p.etaSeconds = 95;
    return p;
}

} // namespace

TEST_CASE("inside a long file, a log line says where it is and the job's ETA")
{
    Progress p = insideAVideo();
    CHECK(cli::insideFileLine(p, 0) == "ingesting 3/10: /videos/talk.mp4: 4 of 12 segments, ETA 95 s");
    CHECK(cli::insideFileLine(p, 0.25) ==
          "ingesting 3/10: /videos/talk.mp4: 4 of 12 segments, 0.2 files/s, ETA 95 s");
    p.failed = 1;
    CHECK(cli::insideFileLine(p, 0) ==
          "ingesting 3/10: /videos/talk.mp4: 4 of 12 segments, 1 failed, ETA 95 s");

    // A PDF's page; no ETA known yet; the last file (its number never passes the total).
    Progress pdf;
    pdf.stage = "ingesting";
    pdf.current = "/docs/manual.pdf";
    pdf.done = 10;
    pdf.total = 10;
    pdf.currentPage = 57;
    CHECK(cli::insideFileLine(pdf, 0) == "ingesting 10/10: /docs/manual.pdf: page 57");
    pdf.currentPage = 0;
    CHECK(cli::insideFileLine(pdf, 0) == "ingesting 10/10: /docs/manual.pdf");
}

TEST_CASE("a file's start and the summary")
{
    Progress p = insideAVideo();
    p.currentPage = 0;
    p.currentOf = 0;
    CHECK(cli::fileStartLine(p, 0) == "ingesting 3/10: /videos/talk.mp4 (ETA 95 s)");
    p.etaSeconds = -1;
    CHECK(cli::fileStartLine(p, 0) == "ingesting 3/10: /videos/talk.mp4");

    Progress one = insideAVideo();
    one.currentOf = 1;
    one.currentPage = 0;
    CHECK(cli::within(one) == "0 of 1 segment");
    CHECK(cli::describe(insideAVideo(), 0) == "ingesting 2/10, 4 of 12 segments, ETA 95 s");

    Progress scanning;
    scanning.stage = "scanning";
    CHECK(cli::counts(scanning, 0) == "scanning");
    Progress pages = scanning;
    pages.stage = "page images";
    pages.done = 3;
    CHECK(cli::details(pages, 1.5) == "1.5 images/s");
}
