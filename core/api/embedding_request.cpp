#include "api/embedding_request.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <atomic>
#include <cmath>
#include <string_view>

namespace cortex::api {
namespace {

constexpr std::string_view kPromptStart = "<|im_start|>system\n";
constexpr std::string_view kPromptMiddle = "<|im_end|>\n<|im_start|>user\n";
constexpr std::string_view kPromptEnd = "<|im_end|>\n<|im_start|>assistant\n<|endoftext|>";

bool holdsTemplateToken(std::string_view text)
{
    for (const std::string_view token : {"<|im_start|>", "<|im_end|>", "<|endoftext|>", "<|vision_start|>",
                                         "<|vision_end|>", "<|image_pad|>"})
        if (text.find(token) != std::string_view::npos)
            return true;
    return false;
}

Status readTextInputs(const QJsonValue &input, const std::string &documentInstruction,
                      const InputLimits &limits, EmbeddingRequest &request)
{
    QJsonArray list;
    if (input.isString())
        list.append(input);
    else if (input.isArray())
        list = input.toArray();
    else
        return badRequest(QStringLiteral("\"input\" is neither a text nor a list of texts"));
    if (list.isEmpty())
        return badRequest(QStringLiteral("\"input\" is an empty list"));
    if (list.size() > limits.maxInputs)
        return badRequest(QStringLiteral("\"input\" holds %1 texts; this server takes at most %2 per request")
                              .arg(list.size())
                              .arg(limits.maxInputs));
    for (qsizetype k = 0; k < list.size(); ++k) {
        const QString name = QStringLiteral("input %1").arg(k);
        if (!list.at(k).isString())
            return badRequest(name + QStringLiteral(" is not a text (token ids are not accepted)"));
        const std::string text = list.at(k).toString().toStdString();
        auto prompt = parseRenderedPrompt(text, name);
        if (!prompt)
            return prompt.error();
        InstructedInput instructed;
        instructed.input.name = name.toStdString();
        if (*prompt) {
            instructed.instruction = std::move((*prompt)->first);
            instructed.input.text = std::move((*prompt)->second);
        } else {
            instructed.instruction = documentInstruction;
            instructed.input.text = text;
        }
        request.inputs.push_back(std::move(instructed));
    }
    return {};
}

Status readMessages(const QJsonValue &messages, const std::string &documentInstruction,
                    const InputLimits &limits, EmbeddingRequest &request)
{
    if (!messages.isArray() || messages.toArray().isEmpty())
        return badRequest(QStringLiteral("\"messages\" is not a list of messages"));
    InstructedInput instructed;
    instructed.instruction = documentInstruction;
    bool system = false, user = false;
    const QJsonArray list = messages.toArray();
    for (qsizetype k = 0; k < list.size(); ++k) {
        const QString name = QStringLiteral("messages[%1]").arg(k);
        const QJsonObject message = list.at(k).toObject();
        const QString role = message.value(QStringLiteral("role")).toString();
        auto content = inputFromContent(message.value(QStringLiteral("content")),
                                        name + QStringLiteral(".content"), limits);
        if (!content)
            return content.error();
        if (role == QStringLiteral("system") && !system && !user) {
            if (!content->images.empty())
                return badRequest(name +
                                  QStringLiteral(": the system message (the instruction) holds images"));
            system = true;
            instructed.instruction = content->text;
        } else if (role == QStringLiteral("user") && !user) {
            user = true;
            instructed.input = std::move(content).value();
        } else {
            return badRequest(name + QStringLiteral(": expected at most one system message, then one user "
                                                    "message (an embedding input), not \"%1\"")
                                         .arg(role.left(40)));
        }
    }
    if (!user)
        return badRequest(QStringLiteral("\"messages\" holds no user message"));
    if (holdsTemplateToken(instructed.instruction) || holdsTemplateToken(instructed.input.text))
        return badRequest(QStringLiteral("\"messages\" holds the prompt template's special tokens"));
    instructed.input.name = "the user message";
    request.inputs.push_back(std::move(instructed));
    return {};
}

} // namespace

Result<std::optional<std::pair<std::string, std::string>>> parseRenderedPrompt(const std::string &prompt,
                                                                               const QString &name)
{
    using Parsed = std::optional<std::pair<std::string, std::string>>;
    const std::string_view p = prompt;
    if (!holdsTemplateToken(p))
        return Parsed{};
    const auto notTheTemplate = [&](const char *why) {
        return badRequest(name +
                          QStringLiteral(" holds the template's special tokens but is not the embedding "
                                         "prompt (%1)")
                              .arg(QLatin1String(why)));
    };
    if (!p.starts_with(kPromptStart))
        return notTheTemplate("it must start with <|im_start|>system");
    if (!p.ends_with(kPromptEnd))
        return notTheTemplate("it must end with <|im_start|>assistant\\n<|endoftext|>");
    const size_t middle = p.find(kPromptMiddle, kPromptStart.size());
    if (middle == std::string_view::npos || middle + kPromptMiddle.size() > p.size() - kPromptEnd.size())
        return notTheTemplate("no user turn after the instruction");
    const std::string_view instruction = p.substr(kPromptStart.size(), middle - kPromptStart.size());
    const size_t textStart = middle + kPromptMiddle.size();
    const std::string_view text = p.substr(textStart, p.size() - kPromptEnd.size() - textStart);
    if (holdsTemplateToken(instruction) || holdsTemplateToken(text))
        return notTheTemplate(
            "special tokens inside the instruction or the text; images go in the chat form");
    return Parsed{std::pair{std::string(instruction), std::string(text)}};
}

Result<EmbeddingRequest> parseEmbeddingRequest(const QByteArray &body, const std::string &documentInstruction,
                                               const InputLimits &limits)
{
    auto object = jsonBody(body);
    if (!object)
        return object.error();
    EmbeddingRequest request;
    const QJsonValue model = object->value(QStringLiteral("model"));
    if (!model.isUndefined() && !model.isNull() && !model.isString())
        return badRequest(QStringLiteral("\"model\" is not a text"));
    request.model = model.toString();
    const QJsonValue format = object->value(QStringLiteral("encoding_format"));
    if (!format.isUndefined() && !format.isNull() && format != QJsonValue(QStringLiteral("float")))
        return badRequest(QStringLiteral("\"encoding_format\" must be \"float\" (base64 is not served)"));
    const QJsonValue dimensions = object->value(QStringLiteral("dimensions"));
    if (!dimensions.isUndefined() && !dimensions.isNull()) {
        const double d = dimensions.toDouble(-1);
        if (!dimensions.isDouble() || d < 1 || d > 65536 || d != std::floor(d))
            return badRequest(QStringLiteral("\"dimensions\" is not a positive whole number"));
        request.dimensions = int(d);
    }
    const bool hasInput = object->contains(QStringLiteral("input"));
    const bool hasMessages = object->contains(QStringLiteral("messages"));
    if (hasInput == hasMessages)
        return badRequest(QStringLiteral("the request needs exactly one of \"input\" and \"messages\""));
    const Status read =
        hasInput
            ? readTextInputs(object->value(QStringLiteral("input")), documentInstruction, limits, request)
            : readMessages(object->value(QStringLiteral("messages")), documentInstruction, limits, request);
    if (!read)
        return read.error();
    return request;
}

QByteArray embeddingResponse(const QString &model, const std::vector<std::vector<float>> &vectors,
                             int64_t promptTokens)
{
    static std::atomic<qint64> counter{0};
    QJsonArray data;
    for (size_t k = 0; k < vectors.size(); ++k) {
        QJsonArray values;
        for (const float x : vectors[k])
            values.append(double(x));
        data.append(QJsonObject{{QStringLiteral("object"), QStringLiteral("embedding")},
                                {QStringLiteral("index"), qint64(k)},
                                {QStringLiteral("embedding"), values}});
    }
    const QJsonObject answer{
        {QStringLiteral("id"), QStringLiteral("embd-%1").arg(++counter)},
        {QStringLiteral("object"), QStringLiteral("list")},
        {QStringLiteral("created"), QDateTime::currentSecsSinceEpoch()},
        {QStringLiteral("model"), model},
        {QStringLiteral("data"), data},
        {QStringLiteral("usage"), QJsonObject{{QStringLiteral("prompt_tokens"), qint64(promptTokens)},
                                              {QStringLiteral("total_tokens"), qint64(promptTokens)}}}};
    return QJsonDocument(answer).toJson(QJsonDocument::Compact);
}

void keepMrlPrefix(std::vector<float> &vector, int dimensions)
{
    if (dimensions <= 0 || size_t(dimensions) >= vector.size())
        return;
    vector.resize(size_t(dimensions));
    double norm = 0;
    for (const float x : vector)
        norm += double(x) * double(x);
    norm = std::sqrt(norm);
    if (norm > 1e-12)
        for (float &x : vector)
            x = float(double(x) / norm);
}

} // namespace cortex::api
