#include "api/rerank_request.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <numeric>

namespace cortex::api {
namespace {

Result<QString> modelOf(const QJsonObject &object)
{
    const QJsonValue model = object.value(QStringLiteral("model"));
    if (!model.isUndefined() && !model.isNull() && !model.isString())
        return badRequest(QStringLiteral("\"model\" is not a text"));
    return model.toString();
}

// A list of texts (or one text) named `key`, at most limits.maxInputs.
Result<std::vector<embedding::EncodeInput>> texts(const QJsonObject &object, const QString &key,
                                                  const InputLimits &limits)
{
    const QJsonValue value = object.value(key);
    auto listed = oneOrList(value, key);
    if (!listed)
        return listed.error();
    const QJsonArray &list = *listed;
    if (list.isEmpty() || list.size() > limits.maxInputs)
        return badRequest(QStringLiteral("\"%1\" holds %2 texts; expected 1 to %3")
                              .arg(key)
                              .arg(list.size())
                              .arg(limits.maxInputs));
    std::vector<embedding::EncodeInput> out;
    for (qsizetype k = 0; k < list.size(); ++k) {
        auto input = inputFromScoreValue(list.at(k), QStringLiteral("%1[%2]").arg(key).arg(k), limits);
        if (!input)
            return input.error();
        out.push_back(std::move(input).value());
    }
    return out;
}

// 0: the Scorer interface does not count the reranker's tokens (only the Encoder's are reported).
QJsonObject usage()
{
    return QJsonObject{{QStringLiteral("prompt_tokens"), 0}, {QStringLiteral("total_tokens"), 0}};
}

} // namespace

Result<RerankRequest> parseRerankRequest(const QByteArray &body, const InputLimits &limits)
{
    auto object = jsonBody(body);
    if (!object)
        return object.error();
    RerankRequest request;
    auto model = modelOf(*object);
    if (!model)
        return model.error();
    request.model = *model;
    ScoreGroup group;
    auto query = inputFromScoreValue(object->value(QStringLiteral("query")), QStringLiteral("query"), limits);
    if (!query)
        return query.error();
    group.query = std::move(query).value();
    const QJsonValue documents = object->value(QStringLiteral("documents"));
    if (documents.isObject()) { // {"content": [part per document]}
        const QJsonValue parts = documents.toObject().value(QStringLiteral("content"));
        if (!parts.isArray() || parts.toArray().isEmpty() || parts.toArray().size() > limits.maxInputs)
            return badRequest(
                QStringLiteral("\"documents\".content is not a list of 1 to %1 parts").arg(limits.maxInputs));
        const QJsonArray list = parts.toArray();
        for (qsizetype k = 0; k < list.size(); ++k) {
            auto document =
                inputFromContent(QJsonArray{list.at(k)}, QStringLiteral("documents[%1]").arg(k), limits);
            if (!document)
                return document.error();
            group.documents.push_back(std::move(document).value());
        }
    } else {
        auto list = texts(*object, QStringLiteral("documents"), limits);
        if (!list)
            return list.error();
        group.documents = std::move(list).value();
    }
    const QJsonValue topN = object->value(QStringLiteral("top_n"));
    if (!topN.isUndefined() && !topN.isNull()) {
        const double n = topN.toDouble(-1);
        if (!topN.isDouble() || n < 0 || n != std::floor(n))
            return badRequest(QStringLiteral("\"top_n\" is not a whole number >= 0"));
        request.topN = int(std::min(n, 1e9));
    }
    request.groups.push_back(std::move(group));
    return request;
}

Result<RerankRequest> parseScoreRequest(const QByteArray &body, const InputLimits &limits)
{
    auto object = jsonBody(body);
    if (!object)
        return object.error();
    RerankRequest request;
    auto model = modelOf(*object);
    if (!model)
        return model.error();
    request.model = *model;
    auto first = texts(*object, QStringLiteral("text_1"), limits);
    if (!first)
        return first.error();
    auto second = texts(*object, QStringLiteral("text_2"), limits);
    if (!second)
        return second.error();
    if (first->size() == 1) {
        request.groups.push_back({std::move(first->front()), std::move(second).value()});
    } else if (first->size() == second->size()) {
        for (size_t k = 0; k < first->size(); ++k)
            request.groups.push_back({std::move((*first)[k]), {std::move((*second)[k])}});
    } else {
        return badRequest(QStringLiteral("\"text_1\" holds %1 texts and \"text_2\" %2: one against many, or "
                                         "pairs of equal count")
                              .arg(first->size())
                              .arg(second->size()));
    }
    return request;
}

QByteArray rerankResponse(const QString &model, const RerankRequest &request,
                          const std::vector<std::vector<double>> &scores)
{
    static std::atomic<qint64> counter{0};
    const auto &documents = request.groups.front().documents;
    const auto &relevance = scores.front();
    std::vector<size_t> order(relevance.size());
    std::iota(order.begin(), order.end(), size_t{0});
    std::stable_sort(order.begin(), order.end(),
                     [&](size_t a, size_t b) { return relevance[a] > relevance[b]; });
    if (request.topN > 0 && size_t(request.topN) < order.size())
        order.resize(size_t(request.topN));
    QJsonArray results;
    for (const size_t k : order) {
        QJsonObject document;
        if (documents[k].images.empty())
            document.insert(QStringLiteral("text"), QString::fromStdString(documents[k].text));
        results.append(QJsonObject{{QStringLiteral("index"), qint64(k)},
                                   {QStringLiteral("document"), document},
                                   {QStringLiteral("relevance_score"), relevance[k]}});
    }
    const QJsonObject answer{{QStringLiteral("id"), QStringLiteral("rerank-%1").arg(++counter)},
                             {QStringLiteral("model"), model},
                             {QStringLiteral("usage"), usage()},
                             {QStringLiteral("results"), results}};
    return QJsonDocument(answer).toJson(QJsonDocument::Compact);
}

QByteArray scoreResponse(const QString &model, const std::vector<std::vector<double>> &scores)
{
    static std::atomic<qint64> counter{0};
    QJsonArray data;
    qint64 index = 0;
    for (const auto &group : scores)
        for (const double score : group)
            data.append(QJsonObject{{QStringLiteral("index"), index++},
                                    {QStringLiteral("object"), QStringLiteral("score")},
                                    {QStringLiteral("score"), score}});
    const QJsonObject answer{{QStringLiteral("id"), QStringLiteral("score-%1").arg(++counter)},
                             {QStringLiteral("object"), QStringLiteral("list")},
                             {QStringLiteral("created"), QDateTime::currentSecsSinceEpoch()},
                             {QStringLiteral("model"), model},
                             {QStringLiteral("data"), data},
                             {QStringLiteral("usage"), usage()}};
    return QJsonDocument(answer).toJson(QJsonDocument::Compact);
}

} // namespace cortex::api
