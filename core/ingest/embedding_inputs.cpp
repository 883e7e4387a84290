#include "ingest/embedding_inputs.h"

#include "ingest/extract/thumbnail.h"

namespace cortex::ingest {

std::string imageInputName(ItemKind kind, int page, const std::string &path, const std::string &imageName)
{
    if (kind == ItemKind::PdfPage)
        return "page " + std::to_string(page + 1) + " of " + path;
    if (imageName.empty())
        return path;
    return path + " (" + imageName + ")";
}

std::vector<uint8_t> thumbnailBytes(const QImage &image)
{
    const QByteArray png = thumbnailPng(image);
    return {reinterpret_cast<const uint8_t *>(png.constData()),
            reinterpret_cast<const uint8_t *>(png.constData()) + png.size()};
}

std::vector<Result<std::vector<float>>> embedEach(embedding::Encoder &encoder,
                                                  std::span<const embedding::EncodeInput> inputs)
{
    std::vector<Result<std::vector<float>>> out;
    if (inputs.empty())
        return out;
    out.reserve(inputs.size());
    auto vectors = encoder.embedDocuments(inputs);
    if (vectors && vectors->size() == inputs.size()) {
        for (auto &v : *vectors)
            out.emplace_back(std::move(v));
        return out;
    }
    for (const auto &input : inputs) {
        auto one = encoder.embedDocuments(std::span(&input, 1));
        if (!one)
            out.emplace_back(one.error());
        else if (one->size() != 1)
            out.emplace_back(makeError("no vector returned"));
        else
            out.emplace_back(std::move(one->front()));
    }
    return out;
}

} // namespace cortex::ingest
