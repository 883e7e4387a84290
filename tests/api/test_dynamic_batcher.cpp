// The dynamic batcher: jobs that wait together run as one batch, a full queue refuses, each answer
// reaches its own requester, batching off runs one job at a time, a stopping batcher answers every
// queued job; and the embeddings' batch function: one engine call per instruction, an engine error
// answered to the job that caused it. Deterministic: the worker is held at a gate while the queue fills,
// and a batch closes by being full, never by the clock (except where the window is 0).

#include "api/dynamic_batcher.h"
#include "api/fake_models.h"
#include "api/model_api.h"

#include <QTest>

#include <future>
#include <memory>

using namespace cortex;
using namespace cortex::api;
using cortex::testing::FakeEncoder;
using cortex::testing::Gate;

namespace {

struct Job {
    int id = 0;
    size_t inputs = 1;
    std::shared_ptr<std::promise<int>> answer;
};

// Answers every job with its id times ten and records the batches' sizes; held at `gate`.
struct Recorder {
    Gate gate;
    std::mutex mutex;
    std::vector<std::vector<int>> batches;

    DynamicBatcher<Job>::Run run()
    {
        return [this](std::vector<Job> &batch) {
            gate.pass();
            // Recorded before the answers: a test that reads seen() after the last answer sees every batch.
            std::vector<int> ids;
            for (const auto &job : batch)
                ids.push_back(job.id);
            {
                std::lock_guard lock(mutex);
                batches.push_back(ids);
            }
            for (auto &job : batch)
                job.answer->set_value(job.id * 10);
        };
    }
    std::vector<std::vector<int>> seen()
    {
        std::lock_guard lock(mutex);
        return batches;
    }
};

Job makeJob(int id, size_t inputs = 1)
{
    return Job{id, inputs, std::make_shared<std::promise<int>>()};
}

int answerOf(const Job &job)
{
    auto future = job.answer->get_future();
    if (future.wait_for(std::chrono::seconds(30)) != std::future_status::ready)
        return -1;
    return future.get();
}

EmbeddingJob embeddingJob(std::vector<std::string> texts, const std::string &instruction,
                          std::shared_ptr<std::promise<Result<std::vector<std::vector<float>>>>> answer)
{
    EmbeddingJob job;
    for (size_t k = 0; k < texts.size(); ++k) {
        InstructedInput input;
        input.input.text = texts[k];
        input.input.name = "input " + std::to_string(k);
        input.instruction = instruction;
        job.inputs.push_back(input);
    }
    job.done = [answer](Result<std::vector<std::vector<float>>> vectors) {
        answer->set_value(std::move(vectors));
    };
    return job;
}

} // namespace

class TestDynamicBatcher : public QObject {
    Q_OBJECT

private slots:
    void jobsWaitingTogetherRunAsOneBatch()
    {
        Recorder recorder;
        recorder.gate.close();
        // A long window: a batch closes only when it is full (3 inputs), never by the clock.
        DynamicBatcher<Job> batcher({3, 60'000, 16}, recorder.run(), [](const Job &j) { return j.inputs; });
        std::vector<Job> jobs;
        for (int id = 1; id <= 6; ++id)
            jobs.push_back(makeJob(id));
        std::vector<Job> submitted = jobs;
        for (int k = 0; k < 3; ++k)
            QVERIFY(batcher.submit(submitted[size_t(k)]));
        QVERIFY(recorder.gate.waitForCaller()); // the first batch is running, held at the gate
        for (int k = 3; k < 6; ++k)
            QVERIFY(batcher.submit(submitted[size_t(k)]));
        recorder.gate.open();
        for (const auto &job : jobs)
            QCOMPARE(answerOf(job), job.id * 10); // each answer reaches its own requester
        const auto batches = recorder.seen();
        QCOMPARE(batches, (std::vector<std::vector<int>>{{1, 2, 3}, {4, 5, 6}}));
        QCOMPARE(batcher.stats().largestBatch, size_t(3));
    }

    void aFullQueueRefuses()
    {
        Recorder recorder;
        recorder.gate.close();
        DynamicBatcher<Job> batcher({1, 0, 2}, recorder.run());
        std::vector<Job> jobs;
        for (int id = 1; id <= 4; ++id)
            jobs.push_back(makeJob(id));
        std::vector<Job> submitted = jobs;
        QVERIFY(batcher.submit(submitted[0]));
        QVERIFY(recorder.gate.waitForCaller()); // job 1 runs; the queue is empty again
        QVERIFY(batcher.submit(submitted[1]));
        QVERIFY(batcher.submit(submitted[2]));
        QVERIFY(!batcher.submit(submitted[3])); // two wait: the third is refused, handed back whole
        QCOMPARE(submitted[3].id, 4);
        QVERIFY(submitted[3].answer);
        QCOMPARE(batcher.stats().refused, size_t(1));
        recorder.gate.open();
        for (int k = 0; k < 3; ++k)
            QCOMPARE(answerOf(jobs[size_t(k)]), (k + 1) * 10);
    }

    void batchingOffRunsOneJobAtATime()
    {
        Recorder recorder;
        recorder.gate.close();
        DynamicBatcher<Job> batcher({1, 0, 16}, recorder.run());
        std::vector<Job> jobs;
        for (int id = 1; id <= 4; ++id)
            jobs.push_back(makeJob(id));
        std::vector<Job> submitted = jobs;
        QVERIFY(batcher.submit(submitted[0]));
        QVERIFY(recorder.gate.waitForCaller());
        for (int k = 1; k < 4; ++k)
            QVERIFY(batcher.submit(submitted[size_t(k)]));
        recorder.gate.open();
        for (const auto &job : jobs)
            QCOMPARE(answerOf(job), job.id * 10);
        QCOMPARE(recorder.seen(), (std::vector<std::vector<int>>{{1}, {2}, {3}, {4}}));
    }

    void aJobLargerThanTheBatchRunsAlone()
    {
        Recorder recorder;
        recorder.gate.close();
        std::vector<Job> jobs{makeJob(1, 4), makeJob(2, 3), makeJob(3, 9), makeJob(4, 1)};
        {
            DynamicBatcher<Job> batcher({4, 60'000, 16}, recorder.run(),
                                        [](const Job &j) { return j.inputs; });
            std::vector<Job> submitted = jobs;
            QVERIFY(batcher.submit(submitted[0])); // full by itself
            QVERIFY(recorder.gate.waitForCaller());
            for (int k = 1; k < 4; ++k)
                QVERIFY(batcher.submit(submitted[size_t(k)]));
            recorder.gate.open();
            // 3 inputs, then 9 would not fit: that batch is full; 9 alone. Job 4 waits for company until
            // the batcher stops.
            for (int k = 0; k < 3; ++k)
                QCOMPARE(answerOf(jobs[size_t(k)]), (k + 1) * 10);
        }
        QCOMPARE(answerOf(jobs[3]), 40);
        QCOMPARE(recorder.seen(), (std::vector<std::vector<int>>{{1}, {2}, {3}, {4}}));
    }

    void aLoneJobIsAnsweredWhenItsWindowEnds()
    {
        Recorder recorder;
        DynamicBatcher<Job> batcher({16, 1, 16}, recorder.run());
        Job job = makeJob(7);
        Job submitted = job;
        QVERIFY(batcher.submit(submitted));
        QCOMPARE(answerOf(job), 70);
    }

    void stoppingAnswersEveryQueuedJob()
    {
        Recorder recorder;
        recorder.gate.close();
        std::vector<Job> jobs;
        for (int id = 1; id <= 5; ++id)
            jobs.push_back(makeJob(id));
        {
            DynamicBatcher<Job> batcher({2, 60'000, 16}, recorder.run());
            std::vector<Job> submitted = jobs;
            for (auto &job : submitted)
                QVERIFY(batcher.submit(job));
            QVERIFY(recorder.gate.waitForCaller());
            recorder.gate.open();
        } // the destructor drains the queue, the last job without waiting for its window
        for (const auto &job : jobs)
            QCOMPARE(answerOf(job), job.id * 10);
    }

    void oneEngineCallPerInstruction()
    {
        FakeEncoder encoder;
        std::vector<std::shared_ptr<std::promise<Result<std::vector<std::vector<float>>>>>> answers;
        std::vector<EmbeddingJob> batch;
        const std::vector<std::pair<std::vector<std::string>, std::string>> requests = {
            {{"a", "b"}, "Represent the user's input."},
            {{"c"}, embedding::kQueryInstruction},
            {{"d", "e", "f"}, "Represent the user's input."}};
        for (const auto &[texts, instruction] : requests) {
            answers.push_back(std::make_shared<std::promise<Result<std::vector<std::vector<float>>>>>());
            batch.push_back(embeddingJob(texts, instruction, answers.back()));
        }
        runEmbeddingBatch(encoder, batch);
        QCOMPARE(encoder.calls(), (std::vector<size_t>{5, 1})); // grouped by instruction, in one call each
        for (size_t j = 0; j < requests.size(); ++j) {
            auto vectors = answers[j]->get_future().get();
            QVERIFY(vectors.ok());
            QCOMPARE(vectors->size(), requests[j].first.size());
            for (size_t k = 0; k < vectors->size(); ++k) {
                embedding::EncodeInput input;
                input.text = requests[j].first[k];
                QCOMPARE((*vectors)[k], cortex::testing::fakeVector(requests[j].second, input));
            }
        }
    }

    void anEngineErrorFailsOnlyTheRequestThatCausedIt()
    {
        FakeEncoder encoder;
        std::vector<std::shared_ptr<std::promise<Result<std::vector<std::vector<float>>>>>> answers;
        std::vector<EmbeddingJob> batch;
        const std::vector<std::vector<std::string>> requests = {
            {"a"}, {"b", cortex::testing::kBreakingText}, {"c"}};
        for (const auto &texts : requests) {
            answers.push_back(std::make_shared<std::promise<Result<std::vector<std::vector<float>>>>>());
            batch.push_back(embeddingJob(texts, "Represent the user's input.", answers.back()));
        }
        runEmbeddingBatch(encoder, batch);
        // The batched call fails, then each request runs alone.
        QCOMPARE(encoder.calls(), (std::vector<size_t>{4, 1, 2, 1}));
        QVERIFY(answers[0]->get_future().get().ok());
        const auto failed = answers[1]->get_future().get();
        QVERIFY(!failed.ok());
        QVERIFY2(failed.error().message.find("input 1") != std::string::npos, failed.error().message.c_str());
        QVERIFY(answers[2]->get_future().get().ok());
        // The HTTP answer of an engine failure: 500 with the message.
        const auto response = errorResponse(failed.error());
        QCOMPARE(response.status, 500);
        QVERIFY(response.body.contains("input 1"));
    }
};

QTEST_GUILESS_MAIN(TestDynamicBatcher)
#include "test_dynamic_batcher.moc"
