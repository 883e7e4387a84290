// Jobs: files and their states, counts computed from the files, ordering, and state that survives
// closing and reopening the library (a job killed half-way resumes from here).

#include "store_test_support.h"

#include <cmath>

using namespace storetest;

TEST_CASE("a job is created with its files pending, in the given order")
{
    TempDir dir;
    auto lib = openLibrary(dir / "library.db");
    const std::vector<std::string> paths{"/b.txt", "/a.txt", "/c.pdf", "/a.txt"};
    const int64_t id = must(lib->createJob("ingest", R"({"folder":"/"})", paths));

    auto job = must(lib->job(id));
    REQUIRE(job);
    CHECK(job->kind == "ingest");
    CHECK(job->parameters == R"({"folder":"/"})");
    CHECK(job->state == JobState::Queued);
    CHECK(job->totalFiles == 3); // the repeated path once
    CHECK(job->doneFiles == 0);
    CHECK(job->failedFiles == 0);
    CHECK(job->skippedFiles == 0);
    CHECK(job->createdAt > 0);
    CHECK(job->updatedAt >= job->createdAt);

    auto files = must(lib->jobFiles(id));
    REQUIRE(files.size() == 3);
    CHECK(files[0].path == "/b.txt");
    CHECK(files[1].path == "/a.txt");
    CHECK(files[2].path == "/c.pdf");
    for (const JobFile &file : files) {
        CHECK(file.jobId == id);
        CHECK(file.state == JobFileState::Pending);
        CHECK(file.error.empty());
    }

    const int64_t empty = must(lib->createJob("rescan", "", {}));
    CHECK(must(lib->job(empty))->totalFiles == 0);
    CHECK(must(lib->job(empty))->parameters == "{}");
    CHECK_FALSE(must(lib->job(9999)));
}

TEST_CASE("file states drive the counts")
{
    TempDir dir;
    auto lib = openLibrary(dir / "library.db");
    const std::vector<std::string> paths{"/1", "/2", "/3", "/4", "/5"};
    const int64_t id = must(lib->createJob("ingest", "{}", paths));
    must(lib->setJobFileState(id, "/1", JobFileState::Done));
    must(lib->setJobFileState(id, "/2", JobFileState::Done));
    must(lib->setJobFileState(id, "/3", JobFileState::Failed, "the PDF is encrypted"));
    must(lib->setJobFileState(id, "/4", JobFileState::Skipped));

    auto job = must(lib->job(id)).value();
    CHECK(job.totalFiles == 5);
    CHECK(job.doneFiles == 2);
    CHECK(job.failedFiles == 1);
    CHECK(job.skippedFiles == 1);

    auto failed = must(lib->jobFiles(id, JobFileState::Failed));
    REQUIRE(failed.size() == 1);
    CHECK(failed[0].path == "/3");
    CHECK(failed[0].error == "the PDF is encrypted");
    auto pending = must(lib->jobFiles(id, JobFileState::Pending));
    REQUIRE(pending.size() == 1);
    CHECK(pending[0].path == "/5");

    // A retried file: its error is replaced.
    must(lib->setJobFileState(id, "/3", JobFileState::Done));
    CHECK(must(lib->jobFiles(id, JobFileState::Failed)).empty());
    CHECK(must(lib->job(id))->doneFiles == 3);

    const std::string unknownPath = errorOf(lib->setJobFileState(id, "/nope", JobFileState::Done));
    CHECK(unknownPath.find((dir / "library.db").string()) == 0);
    CHECK(unknownPath.find("'/nope'") != std::string::npos);
    CHECK(unknownPath.find("no such file") != std::string::npos);
    CHECK_FALSE(lib->setJobFileState(777, "/1", JobFileState::Done).ok());

    // Adding files: new ones are pending, known ones keep their state.
    must(lib->addJobFiles(id, std::vector<std::string>{"/1", "/6"}));
    job = must(lib->job(id)).value();
    CHECK(job.totalFiles == 6);
    CHECK(job.doneFiles == 3);
    CHECK(must(lib->jobFiles(id)).back().path == "/6");
    CHECK(errorOf(lib->addJobFiles(777, std::vector<std::string>{"/x"})).find("no job has id 777") !=
          std::string::npos);
}

TEST_CASE("job lists: newest first, and the unfinished ones oldest first")
{
    TempDir dir;
    auto lib = openLibrary(dir / "library.db");
    const int64_t j1 = must(lib->createJob("ingest", "{}", {}));
    const int64_t j2 = must(lib->createJob("rescan", "{}", {}));
    const int64_t j3 = must(lib->createJob("migrate", "{}", {}));
    const int64_t j4 = must(lib->createJob("ingest", "{}", {}));
    must(lib->setJobState(j2, JobState::Finished));
    must(lib->setJobState(j1, JobState::Paused));
    must(lib->setJobState(j3, JobState::Running));
    must(lib->setJobState(j4, JobState::Cancelled));

    std::vector<int64_t> all;
    for (const JobInfo &job : must(lib->jobs()))
        all.push_back(job.id);
    CHECK(all == std::vector<int64_t>{j4, j3, j2, j1});

    std::vector<int64_t> unfinished;
    for (const JobInfo &job : must(lib->unfinishedJobs()))
        unfinished.push_back(job.id);
    CHECK(unfinished == std::vector<int64_t>{j1, j3});

    must(lib->setJobState(j3, JobState::Failed));
    CHECK(must(lib->unfinishedJobs()).size() == 1);
    CHECK(errorOf(lib->setJobState(999, JobState::Running)).find("no such job") != std::string::npos);
}

// The time left that the process running a job records for others: none at first, a figure with when
// it was recorded, none again (a pass whose time is not known yet); a figure that is no estimate (NaN,
// negative) is stored as none; an unknown job is named.
TEST_CASE("a job's time left is recorded with when")
{
    TempDir dir;
    auto lib = openLibrary(dir / "library.db");
    const int64_t id = must(lib->createJob("ingest", "{}", {}));
    auto job = must(lib->job(id));
    REQUIRE(job);
    CHECK_FALSE(job->etaSeconds);
    CHECK(job->etaAt == 0);

    must(lib->setJobEta(id, 42.5));
    job = must(lib->job(id));
    REQUIRE(job);
    REQUIRE(job->etaSeconds);
    CHECK(*job->etaSeconds == 42.5);
    CHECK(job->etaAt > 0);
    CHECK(must(lib->jobs()).front().etaSeconds == std::optional<double>(42.5));

    for (const std::optional<double> none :
         {std::optional<double>(), std::optional<double>(-1.0), std::optional<double>(std::nan(""))}) {
        must(lib->setJobEta(id, 42.5));
        must(lib->setJobEta(id, none));
        job = must(lib->job(id));
        REQUIRE(job);
        CHECK_FALSE(job->etaSeconds);
    }
    CHECK(errorOf(lib->setJobEta(999, 1.0)).find("no such job") != std::string::npos);
}

TEST_CASE("job state survives closing and reopening the library")
{
    TempDir dir;
    const fs::path file = dir / "library.db";
    int64_t id = 0;
    {
        auto lib = openLibrary(file);
        id = must(
            lib->createJob("ingest", R"({"folder":"/data"})", std::vector<std::string>{"/x", "/y", "/z"}));
        must(lib->setJobState(id, JobState::Running));
        must(lib->setJobFileState(id, "/x", JobFileState::Done));
        must(lib->setJobFileState(id, "/y", JobFileState::Failed, "unreadable"));
    } // as if the process were killed here: every change above was already committed

    auto lib = openLibrary(file);
    auto unfinished = must(lib->unfinishedJobs());
    REQUIRE(unfinished.size() == 1);
    CHECK(unfinished[0].id == id);
    CHECK(unfinished[0].state == JobState::Running);
    CHECK(unfinished[0].parameters == R"({"folder":"/data"})");
    CHECK(unfinished[0].doneFiles == 1);
    CHECK(unfinished[0].failedFiles == 1);
    auto pending = must(lib->jobFiles(id, JobFileState::Pending));
    REQUIRE(pending.size() == 1);
    CHECK(pending[0].path == "/z");
    CHECK(must(lib->jobFiles(id, JobFileState::Failed))[0].error == "unreadable");

    must(lib->setJobFileState(id, "/z", JobFileState::Done));
    must(lib->setJobState(id, JobState::Finished));
    lib.reset();
    auto reopened = openLibrary(file, OpenMode::ReadOnly);
    CHECK(must(reopened->unfinishedJobs()).empty());
    CHECK(must(reopened->job(id))->state == JobState::Finished);
    CHECK(must(reopened->job(id))->doneFiles == 2);
}

TEST_CASE("page images left for the second pass: least text first, stored once, gone with their content")
{
    TempDir dir;
    auto lib = openLibrary(dir / "library.db");
    const int64_t space = must(lib->ensureSpace(testIdentity()));
    const int64_t job = must(lib->createJob("ingest", "{}", std::vector<std::string>{"/manual.pdf"}));
    must(lib->addContent("sha-manual", std::vector<NewItem>{textItem(0, "page one", unitVector(4, 1))},
                         space));
    const int64_t content = must(lib->contentBySha("sha-manual")).value();
    const auto page = [&](int number, int position, int64_t textChars) {
        DeferredImage image;
        image.contentId = content;
        image.page = number;
        image.position = position;
        image.textChars = textChars;
        image.longSide = 1280;
        return image;
    };
    must(lib->addDeferredImages(job,
                                std::vector<DeferredImage>{page(0, 1, 900), page(1, 2, 0), page(2, 4, 35)}));
    CHECK(must(lib->deferredImagesLeft(job)) == 3);
    auto next = must(lib->nextDeferredImages(job, 2));
    REQUIRE(next.size() == 2);
    CHECK(next[0].page == 1); // no text
    CHECK(next[1].page == 2); // a caption
    CHECK(next[0].longSide == 1280);
    CHECK(next[0].kind == cortex::ItemKind::PdfPage);

    NewItem item = textItem(2, "", unitVector(4, 2));
    item.kind = cortex::ItemKind::PdfPage;
    item.page = 1;
    const auto ids = must(lib->addDeferredItems(job, content, std::vector<NewItem>{item}, space));
    CHECK(ids.size() == 1);
    CHECK(must(lib->deferredImagesLeft(job)) == 2);
    CHECK(must(lib->job(job))->pageImagesDone == 1);
    CHECK(must(lib->job(job))->pageImagesLeft == 2);
    CHECK(must(lib->itemsOfContent(content)).size() == 2);
    // Stored once: a second store of the same image is refused, and nothing changes.
    CHECK_FALSE(lib->addDeferredItems(job, content, std::vector<NewItem>{item}, space).ok());
    CHECK(must(lib->itemsOfContent(content)).size() == 2);
    // A text page is no image to render.
    DeferredImage text = page(3, 5, 10);
    text.kind = cortex::ItemKind::Text;
    CHECK_FALSE(lib->addDeferredImages(job, std::vector<DeferredImage>{text}).ok());

    must(lib->dropDeferredImage(content, 4));
    CHECK(must(lib->deferredImagesLeft(job)) == 1);
    // The content goes (no document holds it): its rows go with it.
    must(lib->removeContentIfUnused(content));
    CHECK(must(lib->deferredImagesLeft(job)) == 0);
}
