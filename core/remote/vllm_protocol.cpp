#include "remote/vllm_protocol.h"

#include "remote/image_data_url.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QRegularExpression>

#include <cmath>

namespace cortex::remote {
namespace {

QString fromUtf8(const std::string &s)
{
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}

Error badAnswer(const QString &server, const QString &what)
{
    const QString message = server + QStringLiteral(" sent an answer Cortex cannot use: ") + what;
    return makeError(message.toStdString(), ErrorKind::Corrupt);
}

// The body as a JSON object, or the reason it is not one.
Result<QJsonObject> jsonObject(const QByteArray &body, const QString &server)
{
    QJsonParseError error{};
    const QJsonDocument document = QJsonDocument::fromJson(body, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject()) {
        const QString why =
            body.trimmed().startsWith('<')
                ? QStringLiteral("an HTML page instead of vLLM's JSON (is the URL the vLLM server?)")
                : QStringLiteral("not a JSON object (%1)").arg(error.errorString());
        return badAnswer(server, why);
    }
    return document.object();
}

QJsonObject imagePart(const model::Image &image)
{
    return QJsonObject{{QStringLiteral("type"), QStringLiteral("image_url")},
                       {QStringLiteral("image_url"),
                        QJsonObject{{QStringLiteral("url"), QString::fromLatin1(pngDataUrl(image))}}}};
}

QJsonObject textPart(const std::string &text)
{
    return QJsonObject{{QStringLiteral("type"), QStringLiteral("text")},
                       {QStringLiteral("text"), fromUtf8(text)}};
}

// Rows of an answer's list (`data` or `results`) keyed by their index: each an object, each index an
// integer in [0, count) that appears once, all of them there.
Result<std::vector<QJsonObject>> rowsByIndex(const QJsonObject &answer, const QString &listName, size_t count,
                                             const QString &server)
{
    const QJsonValue list = answer.value(listName);
    if (!list.isArray())
        return badAnswer(server, QStringLiteral("no \"%1\" list").arg(listName));
    const QJsonArray rows = list.toArray();
    if (size_t(rows.size()) != count)
        return badAnswer(server,
                         QStringLiteral("%1 rows for %2 inputs").arg(rows.size()).arg(qulonglong(count)));
    std::vector<QJsonObject> out(count);
    std::vector<bool> seen(count, false);
    for (const QJsonValue &row : rows) {
        const QJsonValue index = row.toObject().value(QStringLiteral("index"));
        const double i = index.toDouble(-1);
        if (!row.isObject() || !index.isDouble() || i < 0 || i >= double(count) || i != std::floor(i))
            return badAnswer(
                server, QStringLiteral("a row without a valid index (0..%1)").arg(qulonglong(count) - 1));
        const auto k = size_t(i);
        if (seen[k])
            return badAnswer(server, QStringLiteral("index %1 twice").arg(qulonglong(k)));
        seen[k] = true;
        out[k] = row.toObject();
    }
    return out;
}

Result<double> finiteNumber(const QJsonObject &row, const QString &key, size_t index, const QString &server)
{
    const QJsonValue value = row.value(key);
    // QJsonDocument reads an out-of-range number as infinity and rejects NaN; both are refused here.
    if (!value.isDouble() || !std::isfinite(value.toDouble()))
        return badAnswer(server,
                         QStringLiteral("row %1 has no finite \"%2\"").arg(qulonglong(index)).arg(key));
    return value.toDouble();
}

QJsonValue scoreInput(const embedding::EncodeInput &input)
{
    if (input.images.empty())
        return fromUtf8(input.text);
    return QJsonObject{{QStringLiteral("content"), QJsonArray{imagePart(input.images.front())}}};
}

} // namespace

std::string renderEmbeddingPrompt(const std::string &text, const std::string &instruction)
{
    std::string prompt = "<|im_start|>system\n" + instruction + "<|im_end|>\n<|im_start|>user\n";
    prompt += text.empty() ? std::string("NULL") : text;
    prompt += "<|im_end|>\n<|im_start|>assistant\n<|endoftext|>";
    return prompt;
}

QByteArray textEmbeddingRequest(const QString &model, std::span<const embedding::EncodeInput> inputs,
                                const std::string &instruction)
{
    QJsonArray prompts;
    for (const auto &input : inputs)
        prompts.append(fromUtf8(renderEmbeddingPrompt(input.text, instruction)));
    const QJsonObject request{{QStringLiteral("model"), model},
                              {QStringLiteral("input"), prompts},
                              {QStringLiteral("encoding_format"), QStringLiteral("float")},
                              // The prompt is complete; the tokenizer adds nothing (Qwen has no BOS).
                              {QStringLiteral("add_special_tokens"), false}};
    return QJsonDocument(request).toJson(QJsonDocument::Compact);
}

QByteArray chatEmbeddingRequest(const QString &model, const embedding::EncodeInput &input,
                                const std::string &instruction)
{
    QJsonArray content;
    for (const auto &image : input.images)
        content.append(imagePart(image));
    if (!input.text.empty() || input.images.empty())
        content.append(
            textPart(input.text.empty() && input.images.empty() ? std::string("NULL") : input.text));
    const QJsonArray messages{
        QJsonObject{{QStringLiteral("role"), QStringLiteral("system")},
                    {QStringLiteral("content"), QJsonArray{textPart(instruction)}}},
        QJsonObject{{QStringLiteral("role"), QStringLiteral("user")}, {QStringLiteral("content"), content}}};
    const QJsonObject request{{QStringLiteral("model"), model},
                              {QStringLiteral("messages"), messages},
                              {QStringLiteral("encoding_format"), QStringLiteral("float")},
                              // The local prompt ends with "<|im_start|>assistant\n" (model/prompts.cpp).
                              {QStringLiteral("add_generation_prompt"), true}};
    return QJsonDocument(request).toJson(QJsonDocument::Compact);
}

Result<std::vector<std::vector<float>>> parseEmbeddingResponse(const QByteArray &body, size_t rows, int dim,
                                                               const QString &server)
{
    auto answer = jsonObject(body, server);
    if (!answer)
        return answer.error();
    auto ordered = rowsByIndex(*answer, QStringLiteral("data"), rows, server);
    if (!ordered)
        return ordered.error();
    std::vector<std::vector<float>> out(rows);
    for (size_t k = 0; k < rows; ++k) {
        const QJsonValue embedding = (*ordered)[k].value(QStringLiteral("embedding"));
        if (!embedding.isArray())
            return badAnswer(server,
                             QStringLiteral("row %1 has no \"embedding\" list (encoding_format float)")
                                 .arg(qulonglong(k)));
        const QJsonArray values = embedding.toArray();
        const int expected = dim > 0 ? dim : (k == 0 ? int(values.size()) : int(out[0].size()));
        if (values.size() != expected || expected == 0)
            return badAnswer(server, QStringLiteral("row %1 has %2 dimensions, expected %3")
                                         .arg(qulonglong(k))
                                         .arg(values.size())
                                         .arg(expected));
        out[k].reserve(size_t(expected));
        for (const QJsonValue &v : values) {
            const double x = v.toDouble(std::nan(""));
            if (!v.isDouble() || !std::isfinite(x) || std::fabs(x) > 1e30)
                return badAnswer(
                    server,
                    QStringLiteral("row %1 holds a value that is not a finite number").arg(qulonglong(k)));
            out[k].push_back(float(x));
        }
    }
    return out;
}

QByteArray rerankRequest(const QString &model, const embedding::EncodeInput &query,
                         std::span<const embedding::EncodeInput> documents)
{
    bool anyImage = false;
    for (const auto &d : documents)
        anyImage = anyImage || !d.images.empty();
    QJsonValue docs;
    if (!anyImage) {
        QJsonArray texts;
        for (const auto &d : documents)
            texts.append(fromUtf8(d.text));
        docs = texts;
    } else {
        QJsonArray parts;
        for (const auto &d : documents)
            parts.append(d.images.empty() ? textPart(d.text) : imagePart(d.images.front()));
        docs = QJsonObject{{QStringLiteral("content"), parts}};
    }
    const QJsonObject request{{QStringLiteral("model"), model},
                              {QStringLiteral("query"), scoreInput(query)},
                              {QStringLiteral("documents"), docs}};
    return QJsonDocument(request).toJson(QJsonDocument::Compact);
}

Result<std::vector<double>> parseRerankResponse(const QByteArray &body, size_t documents,
                                                const QString &server)
{
    auto answer = jsonObject(body, server);
    if (!answer)
        return answer.error();
    auto ordered = rowsByIndex(*answer, QStringLiteral("results"), documents, server);
    if (!ordered)
        return ordered.error();
    std::vector<double> out;
    for (size_t k = 0; k < documents; ++k) {
        auto score = finiteNumber((*ordered)[k], QStringLiteral("relevance_score"), k, server);
        if (!score)
            return score.error();
        out.push_back(*score);
    }
    return out;
}

QByteArray scoreRequest(const QString &model, const embedding::EncodeInput &query,
                        std::span<const embedding::EncodeInput> documents)
{
    QJsonArray texts;
    for (const auto &d : documents)
        texts.append(fromUtf8(d.text));
    const QJsonObject request{{QStringLiteral("model"), model},
                              {QStringLiteral("text_1"), fromUtf8(query.text)},
                              {QStringLiteral("text_2"), texts}};
    return QJsonDocument(request).toJson(QJsonDocument::Compact);
}

Result<std::vector<double>> parseScoreResponse(const QByteArray &body, size_t documents,
                                               const QString &server)
{
    auto answer = jsonObject(body, server);
    if (!answer)
        return answer.error();
    auto ordered = rowsByIndex(*answer, QStringLiteral("data"), documents, server);
    if (!ordered)
        return ordered.error();
    std::vector<double> out;
    for (size_t k = 0; k < documents; ++k) {
        auto score = finiteNumber((*ordered)[k], QStringLiteral("score"), k, server);
        if (!score)
            return score.error();
        out.push_back(*score);
    }
    return out;
}

Result<std::vector<ServedModel>> parseModelList(const QByteArray &body, const QString &server)
{
    auto answer = jsonObject(body, server);
    if (!answer)
        return answer.error();
    const QJsonValue data = answer->value(QStringLiteral("data"));
    if (!data.isArray())
        return badAnswer(server, QStringLiteral("no \"data\" list of models at /v1/models"));
    std::vector<ServedModel> out;
    for (const QJsonValue &entry : data.toArray()) {
        const QJsonObject card = entry.toObject();
        const QString id = card.value(QStringLiteral("id")).toString();
        if (id.isEmpty())
            return badAnswer(server, QStringLiteral("a model without an \"id\" at /v1/models"));
        out.push_back({id, card.value(QStringLiteral("root")).toString()});
    }
    return out;
}

Result<ServedModel> chooseServedModel(const std::vector<ServedModel> &served, const QString &wanted,
                                      const QString &server)
{
    QStringList names;
    for (const auto &m : served) {
        if (!wanted.isEmpty() && m.id == wanted)
            return m;
        names << m.id;
    }
    if (wanted.isEmpty() && served.size() == 1)
        return served.front();
    QString message;
    if (served.empty())
        message = server + QStringLiteral(" serves no model");
    else if (wanted.isEmpty())
        message =
            server +
            QStringLiteral(" serves several models (%1); name one").arg(names.join(QStringLiteral(", ")));
    else
        message = server + QStringLiteral(" serves %1, not %2").arg(names.join(QStringLiteral(", ")), wanted);
    return makeError(message.toStdString(), ErrorKind::NotFound);
}

QString revisionOf(const ServedModel &model)
{
    static const QRegularExpression snapshot(QStringLiteral("/snapshots/([0-9a-f]{40})/?$"));
    const QRegularExpressionMatch match = snapshot.match(model.root);
    return match.hasMatch() ? match.captured(1) : QString();
}

QString describeErrorBody(int status, const QByteArray &body)
{
    const QJsonDocument document = QJsonDocument::fromJson(body);
    QString message;
    if (document.isObject()) {
        const QJsonObject object = document.object();
        // vLLM's ErrorResponse: {"object": "error", "message", "type", "code"}; newer releases nest it
        // as {"error": {"message", ...}}.
        message = object.value(QStringLiteral("message")).toString();
        if (message.isEmpty())
            message =
                object.value(QStringLiteral("error")).toObject().value(QStringLiteral("message")).toString();
    }
    if (message.isEmpty() && body.trimmed().startsWith('<'))
        message = QStringLiteral("an HTML page, not vLLM's JSON (is the URL the vLLM server?)");
    if (message.isEmpty())
        message = QString::fromUtf8(body.left(200)).simplified();
    message.truncate(500);
    return QStringLiteral("HTTP %1%2%3")
        .arg(status)
        .arg(message.isEmpty() ? QString() : QStringLiteral(": "), message);
}

} // namespace cortex::remote
