#include "remote/toy_model.h"

#include <QCryptographicHash>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include <cmath>
#include <random>

namespace cortex::testing {

QByteArray rgbBytes(const model::Image &image)
{
    QByteArray out;
    for (size_t p = 0; p + size_t(image.channels) <= image.pixels.size(); p += size_t(image.channels))
        for (int c = 0; c < 3; ++c)
            out.append(char(image.pixels[p + size_t(c)]));
    return out;
}

std::vector<float> toyEmbedding(const std::string &instruction, const std::string &text,
                                const std::vector<QByteArray> &imagesRgb, uint32_t seed, int dim)
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(QByteArray::number(seed));
    const QByteArray key = QByteArray::fromStdString(instruction) + '\x1f' + QByteArray::fromStdString(text);
    hash.addData(key);
    for (const auto &image : imagesRgb) {
        const QByteArray part = '\x1e' + image;
        hash.addData(part);
    }
    const QByteArray digest = hash.result();
    std::seed_seq seq(digest.begin(), digest.end());
    std::mt19937 generator(seq);
    std::normal_distribution<float> normal;
    std::vector<float> v(static_cast<size_t>(dim));
    double norm = 0;
    for (float &x : v) {
        x = normal(generator);
        norm += double(x) * double(x);
    }
    for (float &x : v)
        x = float(double(x) / std::sqrt(norm));
    return v;
}

namespace {

QByteArray pixelsOfDataUrl(const QString &url)
{
    const QString prefix = QStringLiteral("data:image/png;base64,");
    if (!url.startsWith(prefix))
        return "not a PNG data URL";
    QImage image;
    if (!image.loadFromData(QByteArray::fromBase64(url.mid(prefix.size()).toLatin1()), "PNG"))
        return "undecodable PNG";
    image = image.convertToFormat(QImage::Format_RGB888);
    QByteArray out;
    for (int y = 0; y < image.height(); ++y)
        out.append(reinterpret_cast<const char *>(image.constScanLine(y)), qsizetype(image.width()) * 3);
    return out;
}

FakeVllm::Reply rows(const std::vector<std::vector<float>> &vectors)
{
    QJsonArray data;
    for (size_t k = vectors.size(); k-- > 0;) { // reversed: the client must use the index
        QJsonArray values;
        for (const float x : vectors[k])
            values.append(double(x));
        data.append(QJsonObject{{QStringLiteral("index"), int(k)},
                                {QStringLiteral("object"), QStringLiteral("embedding")},
                                {QStringLiteral("embedding"), values}});
    }
    const QJsonObject answer{
        {QStringLiteral("id"), QStringLiteral("embd-toy")},
        {QStringLiteral("object"), QStringLiteral("list")},
        {QStringLiteral("created"), 1764720001},
        {QStringLiteral("model"), QString::fromLatin1(kToyModel)},
        {QStringLiteral("data"), data},
        {QStringLiteral("usage"), QJsonObject{{QStringLiteral("prompt_tokens"), 10},
                                              {QStringLiteral("total_tokens"), 10},
                                              {QStringLiteral("completion_tokens"), 0}}}};
    return {200, {}, QJsonDocument(answer).toJson(QJsonDocument::Compact)};
}

FakeVllm::Reply badRequest(const QString &why)
{
    const QJsonObject error{{QStringLiteral("object"), QStringLiteral("error")},
                            {QStringLiteral("message"), why},
                            {QStringLiteral("type"), QStringLiteral("BadRequestError")},
                            {QStringLiteral("code"), 400}};
    return {400, {}, QJsonDocument(error).toJson(QJsonDocument::Compact)};
}

} // namespace

FakeVllm::Reply ToyServer::operator()(const FakeVllm::Request &request) const
{
    if (request.path == QStringLiteral("/v1/models"))
        return {
            200,
            {},
            QByteArray(R"({"object":"list","data":[{"id":")") + kToyModel +
                R"(","object":"model","created":1764720000,"owned_by":"vllm","root":"/models/snapshots/0123456789abcdef0123456789abcdef01234567","parent":null,"max_model_len":8192,"permission":[]}]})"};
    if (request.path != QStringLiteral("/v1/embeddings"))
        return {404, {}, R"({"detail":"Not Found"})"};
    const QJsonObject body = QJsonDocument::fromJson(request.body).object();
    if (body.value(QStringLiteral("model")).toString() != QString::fromLatin1(kToyModel))
        return {
            404,
            {},
            R"({"object":"error","message":"The model does not exist.","type":"NotFoundError","code":404})"};
    std::vector<std::vector<float>> out;
    if (body.contains(QStringLiteral("input"))) {
        // The prompt as model/prompts.cpp renders it, <|endoftext|> appended.
        static const QRegularExpression prompt(
            QStringLiteral("^<\\|im_start\\|>system\\n(.*)<\\|im_end\\|>\\n<\\|im_start\\|>user\\n(.*)"
                           "<\\|im_end\\|>\\n<\\|im_start\\|>assistant\\n<\\|endoftext\\|>$"),
            QRegularExpression::DotMatchesEverythingOption);
        for (const QJsonValue &input : body.value(QStringLiteral("input")).toArray()) {
            const auto match = prompt.match(input.toString());
            if (!match.hasMatch())
                return badRequest(QStringLiteral("not the embedding prompt"));
            out.push_back(toyEmbedding(match.captured(1).toStdString(), match.captured(2).toStdString(), {},
                                       seed, dim));
        }
        return rows(out);
    }
    const QJsonArray messages = body.value(QStringLiteral("messages")).toArray();
    if (messages.size() != 2)
        return badRequest(QStringLiteral("expected a system and a user message"));
    const QJsonObject system = messages[0].toObject();
    const QJsonObject user = messages[1].toObject();
    if (system.value(QStringLiteral("role")).toString() != QStringLiteral("system") ||
        user.value(QStringLiteral("role")).toString() != QStringLiteral("user"))
        return badRequest(QStringLiteral("roles"));
    const std::string instruction = system.value(QStringLiteral("content"))
                                        .toArray()
                                        .at(0)
                                        .toObject()
                                        .value(QStringLiteral("text"))
                                        .toString()
                                        .toStdString();
    std::string text;
    std::vector<QByteArray> images;
    for (const QJsonValue &part : user.value(QStringLiteral("content")).toArray()) {
        const QJsonObject p = part.toObject();
        if (p.value(QStringLiteral("type")).toString() == QStringLiteral("image_url"))
            images.push_back(pixelsOfDataUrl(
                p.value(QStringLiteral("image_url")).toObject().value(QStringLiteral("url")).toString()));
        else
            text += p.value(QStringLiteral("text")).toString().toStdString();
    }
    out.push_back(toyEmbedding(instruction, text.empty() ? std::string("NULL") : text, images, seed, dim));
    return rows(out);
}

ToyLocalEncoder::ToyLocalEncoder(uint32_t seed, int dim) : seed_(seed), dim_(dim)
{
    identity_.modelName = kToyModel;
    identity_.modelHash = "5ca1ab1e";
    identity_.outputDim = dim;
    identity_.instruction = "Represent the user's input.";
    identity_.dtype = "float32";
}

Result<std::vector<std::vector<float>>>
ToyLocalEncoder::embedDocuments(std::span<const embedding::EncodeInput> inputs)
{
    std::vector<std::vector<float>> out;
    for (const auto &input : inputs) {
        std::vector<QByteArray> images;
        for (const auto &image : input.images)
            images.push_back(rgbBytes(image));
        out.push_back(toyEmbedding(identity_.instruction,
                                   input.text.empty() ? std::string("NULL") : input.text, images, seed_,
                                   dim_));
    }
    return out;
}

Result<std::vector<std::vector<float>>>
ToyLocalEncoder::embedQueries(std::span<const embedding::EncodeInput> inputs)
{
    std::vector<std::vector<float>> out;
    for (const auto &input : inputs)
        out.push_back(toyEmbedding(embedding::kQueryInstruction, input.text, {}, seed_, dim_));
    return out;
}

} // namespace cortex::testing
