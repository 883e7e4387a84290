#pragma once
// An encoder that passes every call to the real one and observes it: how many inputs and calls, the
// names of the image inputs in order, and hooks before an image call and after every call (to cancel
// in the middle of a file, or look at the library while images wait).

#include "embedding/encoder.h"

#include <QString>
#include <QStringList>

#include <algorithm>
#include <functional>

namespace cortex::testing {

class ObservingEncoder final : public embedding::Encoder {
public:
    explicit ObservingEncoder(embedding::Encoder &inner) : inner_(inner) {}
    const store::SpaceIdentity &identity() const override { return inner_.identity(); }
    Result<std::vector<std::vector<float>>>
    embedDocuments(std::span<const embedding::EncodeInput> in) override
    {
        const bool text = std::all_of(in.begin(), in.end(), [](const auto &i) { return i.images.empty(); });
        if (beforeImageCall && !text)
            beforeImageCall();
        auto out = inner_.embedDocuments(in);
        inputs += int(in.size());
        ++calls;
        lastCallText = text;
        lastCallInputs = int(in.size());
        for (const auto &input : in) {
            if (input.images.empty())
                ++textInputs;
            else
                imageNames.push_back(QString::fromStdString(input.name));
        }
        if (afterCall)
            afterCall();
        return out;
    }
    Result<std::vector<std::vector<float>>> embedQueries(std::span<const embedding::EncodeInput> in) override
    {
        return inner_.embedQueries(in);
    }

    int inputs = 0;
    int calls = 0;
    int textInputs = 0;
    QStringList imageNames;    // "page 2 of /path/a.pdf", in the order they were embedded
    bool lastCallText = false; // the last call embedded text only
    int lastCallInputs = 0;
    std::function<void()> beforeImageCall;
    std::function<void()> afterCall;

private:
    embedding::Encoder &inner_;
};

} // namespace cortex::testing
