#include "api/search_api.h"

#include "library/library.h"
#include "store/library_db.h"

#include <QJsonArray>
#include <QJsonObject>

#include <cmath>

namespace cortex::api {
namespace {

using serve::HttpResponse;

Result<std::vector<std::string>> textList(const QJsonObject &object, const QString &key, int max)
{
    const QJsonValue value = object.value(key);
    std::vector<std::string> out;
    if (value.isUndefined() || value.isNull())
        return out;
    QJsonArray list;
    if (value.isString())
        list.append(value);
    else if (value.isArray())
        list = value.toArray();
    else
        return badRequest(QStringLiteral("\"%1\" is neither a text nor a list of texts").arg(key));
    if (list.size() > max)
        return badRequest(QStringLiteral("\"%1\" holds more than %2 entries").arg(key).arg(max));
    for (const QJsonValue &v : list) {
        if (!v.isString())
            return badRequest(QStringLiteral("\"%1\" holds something that is not a text").arg(key));
        out.push_back(v.toString().toStdString());
    }
    return out;
}

Result<int> count(const QJsonObject &object, const QString &key, int fallback, int max)
{
    const QJsonValue value = object.value(key);
    if (value.isUndefined() || value.isNull())
        return fallback;
    const double n = value.toDouble(-1);
    if (!value.isDouble() || n < 1 || n > max || n != std::floor(n))
        return badRequest(QStringLiteral("\"%1\" must be a whole number from 1 to %2").arg(key).arg(max));
    return int(n);
}

QJsonValue optionalNumber(const std::optional<double> &v)
{
    return v ? QJsonValue(*v) : QJsonValue(QJsonValue::Null);
}

QJsonObject hitJson(const search::Hit &h, int rank)
{
    QJsonObject hit{{QStringLiteral("rank"), rank},
                    {QStringLiteral("item"), qint64(h.view.item.id)},
                    {QStringLiteral("kind"), QString::fromUtf8(toString(h.view.item.kind).data(),
                                                               qsizetype(toString(h.view.item.kind).size()))},
                    {QStringLiteral("path"), QString::fromStdString(h.view.documentPath)},
                    {QStringLiteral("document_type"), QString::fromStdString(h.view.documentType)},
                    {QStringLiteral("page"), qint64(h.view.item.page)},
                    {QStringLiteral("position"), qint64(h.view.item.position)},
                    {QStringLiteral("score"), search::hitScore(h)},
                    {QStringLiteral("fused_score"), h.fusedScore},
                    {QStringLiteral("vector_similarity"), optionalNumber(h.vectorSimilarity)},
                    {QStringLiteral("rerank_score"), optionalNumber(h.rerankScore)},
                    {QStringLiteral("found_by"), QString::fromLatin1(search::toString(search::foundBy(h)))},
                    {QStringLiteral("has_thumbnail"), !h.view.item.thumbnailPng.empty()}};
    if (!h.view.item.text.empty())
        hit.insert(QStringLiteral("snippet"), QString::fromStdString(h.view.item.text.substr(0, 300)));
    return hit;
}

} // namespace

Result<SearchRequest> parseSearchRequest(const QByteArray &body, const SearchSetup &setup,
                                         const InputLimits &limits)
{
    auto object = jsonBody(body);
    if (!object)
        return object.error();
    SearchRequest request;
    const QJsonValue text = object->value(QStringLiteral("query"));
    if (!text.isUndefined() && !text.isNull() && !text.isString())
        return badRequest(QStringLiteral("\"query\" is not a text"));
    request.query.text = text.toString().toStdString();
    auto images = textList(*object, QStringLiteral("images"), limits.maxImagesPerInput);
    if (!images)
        return images.error();
    for (size_t k = 0; k < images->size(); ++k) {
        auto image = imageFromDataUrl(QString::fromStdString((*images)[k]),
                                      QStringLiteral("images[%1]").arg(k), limits);
        if (!image)
            return image.error();
        request.query.images.push_back(std::move(image).value());
    }
    if (request.query.text.empty() && request.query.images.empty())
        return badRequest(QStringLiteral("the search needs a \"query\" text, \"images\" or both"));
    auto collections = textList(*object, QStringLiteral("collections"), 100);
    if (!collections)
        return collections.error();
    request.collections = std::move(collections).value();
    auto types = textList(*object, QStringLiteral("types"), 3);
    if (!types)
        return types.error();
    for (const auto &t : *types) {
        const auto kind = itemKindFromString(t);
        if (!kind)
            return badRequest(QStringLiteral("\"types\": \"%1\" is not one of text, image, pdf-page")
                                  .arg(QString::fromStdString(t).left(40)));
        request.query.filter.kinds.push_back(*kind);
    }
    auto topK = count(*object, QStringLiteral("top_k"), setup.defaultTopK, 1000);
    if (!topK)
        return topK.error();
    auto candidates = count(*object, QStringLiteral("candidates"), setup.defaultCandidates, 1000);
    if (!candidates)
        return candidates.error();
    request.query.topK = *topK;
    request.query.candidates = std::max(*candidates, *topK);
    const QJsonValue rerank = object->value(QStringLiteral("rerank"));
    if (!rerank.isUndefined() && !rerank.isNull() && !rerank.isBool())
        return badRequest(QStringLiteral("\"rerank\" is not true or false"));
    request.query.rerank = rerank.toBool(true);
    return request;
}

SearchApi::SearchApi(SearchSetup setup, InputLimits limits) : setup_(setup), limits_(limits)
{
    BatchOptions oneAtATime;
    oneAtATime.maxBatch = 1;
    oneAtATime.windowMs = 0;
    oneAtATime.maxQueue = setup_.maxQueue;
    worker_ = std::make_unique<DynamicBatcher<Job>>(oneAtATime, [this](std::vector<Job> &batch) {
        for (auto &job : batch)
            run(job);
    });
    parsers_.setMaxThreadCount(2);
}

SearchApi::~SearchApi()
{
    parsers_.waitForDone();
}

void SearchApi::search(const serve::HttpRequest &request, serve::Responder respond)
{
    const QByteArray body = request.body;
    parsers_.start([this, body, respond] {
        auto parsed = parseSearchRequest(body, setup_, limits_);
        if (!parsed) {
            respond(HttpResponse::error(400, QString::fromStdString(parsed.error().message),
                                        QStringLiteral("BadRequestError")));
            return;
        }
        Job job{std::move(parsed).value(), respond};
        if (!worker_->submit(job)) {
            HttpResponse busy =
                HttpResponse::error(503, QStringLiteral("the search queue is full; retry later"),
                                    QStringLiteral("ServiceUnavailableError"));
            busy.headers.append({QByteArrayLiteral("Retry-After"), QByteArrayLiteral("1")});
            respond(busy);
        }
    });
}

void SearchApi::run(Job &job)
{
    const auto failWith = [&job](int status, const std::string &message) {
        job.respond(HttpResponse::error(status, QString::fromStdString(message),
                                        status == 400   ? QStringLiteral("BadRequestError")
                                        : status == 404 ? QStringLiteral("NotFoundError")
                                                        : QStringLiteral("InternalServerError")));
    };
    search::Query query = std::move(job.request.query);
    if (!job.request.collections.empty()) {
        auto reader = setup_.library->openReader();
        if (!reader)
            return failWith(500, reader.error().message);
        for (const auto &name : job.request.collections) {
            auto c = (*reader)->collectionByName(name);
            if (!c)
                return failWith(500, c.error().message);
            if (!c->has_value())
                return failWith(404, "there is no collection named '" + name + "' in the library");
            query.filter.collectionIds.push_back((*c)->id);
        }
    }
    search::Searcher searcher(*setup_.library, *setup_.encoder, setup_.scorer);
    auto result = searcher.search(query, setup_.reranker);
    if (!result)
        return failWith(result.error().kind == ErrorKind::InvalidInput ? 400 : 500, result.error().message);
    QJsonArray hits;
    int rank = 0;
    for (const auto &h : result->hits)
        hits.append(hitJson(h, ++rank));
    job.respond(HttpResponse::json(
        200, QJsonObject{{QStringLiteral("hits"), hits},
                         {QStringLiteral("reranked"), result->reranked},
                         {QStringLiteral("note"), QString::fromStdString(result->note)},
                         {QStringLiteral("query_notice"), QString::fromStdString(result->queryNotice)}}));
}

} // namespace cortex::api
