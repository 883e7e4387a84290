#include "api/fake_models.h"

#include <chrono>
#include <cmath>
#include <cstdint>

namespace cortex::testing {
namespace {

uint64_t fnv(uint64_t h, const void *data, size_t size)
{
    const auto *bytes = static_cast<const unsigned char *>(data);
    for (size_t k = 0; k < size; ++k)
        h = (h ^ bytes[k]) * 1099511628211ull;
    return h;
}

uint64_t hashOf(const std::string &instruction, const embedding::EncodeInput &input)
{
    uint64_t h = 14695981039346656037ull;
    h = fnv(h, instruction.data(), instruction.size());
    h = fnv(h, "|", 1);
    h = fnv(h, input.text.data(), input.text.size());
    for (const auto &image : input.images) {
        const int shape[3] = {image.width, image.height, image.channels};
        h = fnv(h, shape, sizeof shape);
        h = fnv(h, image.pixels.data(), image.pixels.size());
    }
    return h;
}

} // namespace

std::vector<float> fakeVector(const std::string &instruction, const embedding::EncodeInput &input)
{
    uint64_t h = hashOf(instruction, input);
    std::vector<float> v(kFakeDim);
    double norm = 0;
    for (auto &x : v) {
        h = h * 6364136223846793005ull + 1442695040888963407ull;
        x = float(int64_t(h >> 33) % 1000 - 500) + 0.5f;
        norm += double(x) * double(x);
    }
    for (auto &x : v)
        x = float(double(x) / std::sqrt(norm));
    return v;
}

double fakeRelevance(const embedding::EncodeInput &query, const embedding::EncodeInput &document)
{
    const uint64_t h = hashOf(query.text, document);
    return double(h % 1000) / 1000.0 + 0.0005;
}

void Gate::close()
{
    std::lock_guard lock(mutex_);
    closed_ = true;
}

void Gate::open()
{
    {
        std::lock_guard lock(mutex_);
        closed_ = false;
    }
    changed_.notify_all();
}

void Gate::pass()
{
    std::unique_lock lock(mutex_);
    ++waiting_;
    changed_.notify_all();
    changed_.wait(lock, [this] { return !closed_; });
    --waiting_;
}

bool Gate::waitForCaller()
{
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, std::chrono::seconds(30), [this] { return waiting_ > 0; });
}

int64_t fakePromptTokens(const std::string &instruction, const embedding::EncodeInput &input)
{
    return int64_t(input.text.size() + instruction.size() + 100 * input.images.size());
}

int64_t FakeEncoder::promptTokens(const embedding::EncodeInput &input, const std::string &instruction) const
{
    return fakePromptTokens(instruction, input);
}

FakeEncoder::FakeEncoder()
{
    identity_.modelName = "fake-embedding";
    identity_.modelHash = "fake";
    identity_.outputDim = kFakeDim;
    identity_.instruction = kFakeDocumentInstruction;
    identity_.normalized = true;
}

Result<std::vector<std::vector<float>>>
FakeEncoder::embedDocuments(std::span<const embedding::EncodeInput> inputs)
{
    return embedWithInstruction(inputs, identity_.instruction);
}

Result<std::vector<std::vector<float>>>
FakeEncoder::embedQueries(std::span<const embedding::EncodeInput> inputs)
{
    return embedWithInstruction(inputs, embedding::kQueryInstruction);
}

Result<std::vector<std::vector<float>>>
FakeEncoder::embedWithInstruction(std::span<const embedding::EncodeInput> inputs,
                                  const std::string &instruction)
{
    gate.pass();
    {
        std::lock_guard lock(mutex_);
        calls_.push_back(inputs.size());
    }
    std::vector<std::vector<float>> out;
    for (const auto &input : inputs) {
        if (input.text == kBreakingText)
            return makeError(input.name + ": the engine failed on this input", ErrorKind::Other);
        out.push_back(fakeVector(instruction, input));
    }
    return out;
}

std::vector<size_t> FakeEncoder::calls() const
{
    std::lock_guard lock(mutex_);
    return calls_;
}

Result<std::vector<double>> FakeScorer::score(const embedding::EncodeInput &query,
                                              std::span<const embedding::EncodeInput> documents)
{
    std::vector<double> out;
    for (const auto &d : documents)
        out.push_back(fakeRelevance(query, d));
    return out;
}

} // namespace cortex::testing
