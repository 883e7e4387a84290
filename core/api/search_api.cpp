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
    auto listed = oneOrList(value, key);
    if (!listed)
        return listed.error();
    const QJsonArray &list = *listed;
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
    worker_ = std::make_unique<DynamicBatcher<Job>>(oneAtATime, [](std::vector<Job> &batch) {
        for (auto &job : batch)
            job.respond(job.work());
    });
    parsers_.setMaxThreadCount(2);
}

SearchApi::~SearchApi()
{
    parsers_.waitForDone();
}

void SearchApi::submit(Job job)
{
    if (worker_->submit(job))
        return;
    HttpResponse busy = HttpResponse::error(503, QStringLiteral("the library's queue is full; retry later"),
                                            QStringLiteral("ServiceUnavailableError"));
    busy.headers.append({QByteArrayLiteral("Retry-After"), QByteArrayLiteral("1")});
    job.respond(busy);
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
        auto shared = std::make_shared<SearchRequest>(std::move(parsed).value());
        submit({[this, shared] { return runSearch(*shared); }, respond});
    });
}

void SearchApi::thumbnail(const serve::HttpRequest &request, serve::Responder respond)
{
    // "/v1/items/<id>/thumbnail", the id a positive whole number.
    static const QByteArray prefix = "/v1/items/", suffix = "/thumbnail";
    const QByteArray path = request.path;
    const QByteArray id = path.mid(prefix.size(), path.size() - prefix.size() - suffix.size());
    bool ok = path.startsWith(prefix) && path.endsWith(suffix) && !id.isEmpty() && id.size() <= 18;
    for (const char c : id)
        ok = ok && c >= '0' && c <= '9';
    const qint64 itemId = ok ? id.toLongLong() : 0;
    if (itemId <= 0) {
        respond(HttpResponse::error(404,
                                    QStringLiteral("no such route: GET /v1/items/<item number>/thumbnail"),
                                    QStringLiteral("NotFoundError")));
        return;
    }
    submit({[this, itemId] { return readThumbnail(itemId); }, std::move(respond)});
}

void SearchApi::ingestion(const serve::HttpRequest &, serve::Responder respond)
{
    submit({[this] { return readJobs(); }, std::move(respond)});
}

HttpResponse SearchApi::readThumbnail(int64_t itemId) const
{
    auto reader = setup_.library->openReader();
    if (!reader)
        return HttpResponse::error(500, QString::fromStdString(reader.error().message),
                                   QStringLiteral("InternalServerError"));
    const int64_t ids[] = {itemId};
    auto views = (*reader)->itemViews(ids);
    if (!views)
        return HttpResponse::error(500, QString::fromStdString(views.error().message),
                                   QStringLiteral("InternalServerError"));
    if (views->empty() || views->front().item.thumbnailPng.empty())
        return HttpResponse::error(404,
                                   views->empty()
                                       ? QStringLiteral("there is no item %1 in the library").arg(itemId)
                                       : QStringLiteral("item %1 has no thumbnail (a text)").arg(itemId),
                                   QStringLiteral("NotFoundError"));
    const auto &png = views->front().item.thumbnailPng;
    HttpResponse response;
    response.contentType = "image/png";
    response.body = QByteArray(reinterpret_cast<const char *>(png.data()), qsizetype(png.size()));
    return response;
}

HttpResponse SearchApi::readJobs() const
{
    auto reader = setup_.library->openReader();
    if (!reader)
        return HttpResponse::error(500, QString::fromStdString(reader.error().message),
                                   QStringLiteral("InternalServerError"));
    auto jobs = (*reader)->jobs();
    if (!jobs)
        return HttpResponse::error(500, QString::fromStdString(jobs.error().message),
                                   QStringLiteral("InternalServerError"));
    QJsonArray out;
    for (const auto &j : *jobs) {
        const int64_t left = j.state == store::JobState::Finished ? 0 : j.pageImagesLeft;
        out.append(QJsonObject{
            {QStringLiteral("id"), qint64(j.id)},
            {QStringLiteral("kind"), QString::fromStdString(j.kind)},
            {QStringLiteral("state"), QString::fromStdString(std::string(store::toString(j.state)))},
            {QStringLiteral("files"), qint64(j.totalFiles)},
            {QStringLiteral("indexed"), qint64(j.doneFiles)},
            {QStringLiteral("failed"), qint64(j.failedFiles)},
            {QStringLiteral("skipped"), qint64(j.skippedFiles)},
            {QStringLiteral("pending"), qint64(j.totalFiles - j.doneFiles - j.skippedFiles - j.failedFiles)},
            {QStringLiteral("page_images"), QJsonObject{{QStringLiteral("done"), qint64(j.pageImagesDone)},
                                                        {QStringLiteral("left"), qint64(left)}}}});
    }
    return HttpResponse::json(200, QJsonObject{{QStringLiteral("jobs"), out}});
}

HttpResponse SearchApi::runSearch(SearchRequest &request) const
{
    const auto failWith = [](int status, const std::string &message) {
        return HttpResponse::error(status, QString::fromStdString(message),
                                   status == 400   ? QStringLiteral("BadRequestError")
                                   : status == 404 ? QStringLiteral("NotFoundError")
                                                   : QStringLiteral("InternalServerError"));
    };
    search::Query query = std::move(request.query);
    if (!request.collections.empty()) {
        auto reader = setup_.library->openReader();
        if (!reader)
            return failWith(500, reader.error().message);
        for (const auto &name : request.collections) {
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
    return HttpResponse::json(
        200, QJsonObject{{QStringLiteral("hits"), hits},
                         {QStringLiteral("reranked"), result->reranked},
                         {QStringLiteral("note"), QString::fromStdString(result->note)},
                         {QStringLiteral("query_notice"), QString::fromStdString(result->queryNotice)}});
}

} // namespace cortex::api
