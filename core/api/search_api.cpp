#include "api/search_api.h"

#include "api/result_json.h"
#include "library/library.h"
#include "store/library_db.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>

#include <cmath>
#include <optional>

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

// The 503 of a window with no library open or no model loaded (the user may fix it while the client
// waits, hence Retry-After).
std::optional<HttpResponse> missingTools(const LibraryTools &tools, bool needsModel)
{
    QString why;
    if (!tools.library)
        why = QStringLiteral("no library is open in Cortex");
    else if (needsModel && !tools.encoder)
        why = QStringLiteral("no embedding model is loaded in Cortex");
    if (why.isEmpty())
        return std::nullopt;
    HttpResponse response = HttpResponse::error(503, why, QStringLiteral("ServiceUnavailableError"));
    response.headers.append({QByteArrayLiteral("Retry-After"), QByteArrayLiteral("5")});
    return response;
}

HttpResponse internalError(const Error &error)
{
    return HttpResponse::error(500, QString::fromStdString(error.message),
                               QStringLiteral("InternalServerError"));
}

// `read(reader)` on a read connection of the open library: the 503 of missingTools when there is none,
// a 500 naming the reason when the connection does not open (the thumbnail and ingestion routes).
template <typename Read> HttpResponse withReader(const LibraryTools &tools, const Read &read)
{
    if (auto missing = missingTools(tools, false))
        return *missing;
    auto reader = tools.library->openReader();
    if (!reader)
        return internalError(reader.error());
    return read(**reader);
}

HttpResponse readThumbnail(const LibraryTools &tools, int64_t itemId)
{
    return withReader(tools, [itemId](store::LibraryDb &reader) {
        const int64_t ids[] = {itemId};
        auto views = reader.itemViews(ids);
        if (!views)
            return internalError(views.error());
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
    });
}

HttpResponse readJobs(const LibraryTools &tools)
{
    return withReader(tools, [](store::LibraryDb &reader) {
        auto jobs = reader.jobs();
        if (!jobs)
            return internalError(jobs.error());
        QJsonArray out;
        const int64_t now = QDateTime::currentSecsSinceEpoch();
        for (const auto &j : *jobs)
            out.append(jobJson(j, now));
        return HttpResponse::json(200, QJsonObject{{QStringLiteral("jobs"), out}});
    });
}

HttpResponse runSearch(const LibraryTools &tools, SearchRequest &request)
{
    const auto failWith = [](int status, const std::string &message) {
        return HttpResponse::error(status, QString::fromStdString(message),
                                   status == 400   ? QStringLiteral("BadRequestError")
                                   : status == 404 ? QStringLiteral("NotFoundError")
                                                   : QStringLiteral("InternalServerError"));
    };
    if (auto missing = missingTools(tools, true))
        return *missing;
    search::Query query = std::move(request.query);
    if (!request.collections.empty()) {
        auto reader = tools.library->openReader();
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
    search::Searcher searcher(*tools.library, *tools.encoder, tools.scorer);
    auto result = searcher.search(query, tools.reranker);
    if (!result)
        return failWith(result.error().kind == ErrorKind::InvalidInput ? 400 : 500, result.error().message);
    return HttpResponse::json(200, searchResultJson(*result));
}

} // namespace

Result<SearchRequest> parseSearchRequest(const QByteArray &body, const SearchDefaults &defaults,
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
    auto topK = count(*object, QStringLiteral("top_k"), defaults.topK, 1000);
    if (!topK)
        return topK.error();
    auto candidates = count(*object, QStringLiteral("candidates"), defaults.candidates, 1000);
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

SearchApi::SearchApi(LibraryAccess &access, SearchDefaults defaults, InputLimits limits)
    : access_(access), defaults_(defaults), limits_(limits)
{
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
        auto parsed = parseSearchRequest(body, defaults_, limits_);
        if (!parsed) {
            respond(HttpResponse::error(400, QString::fromStdString(parsed.error().message),
                                        QStringLiteral("BadRequestError")));
            return;
        }
        auto shared = std::make_shared<SearchRequest>(std::move(parsed).value());
        const bool rerank = shared->query.rerank;
        access_.run(
            rerank, [shared](const LibraryTools &tools) { return runSearch(tools, *shared); }, respond);
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
    access_.run(
        false, [itemId](const LibraryTools &tools) { return readThumbnail(tools, itemId); },
        std::move(respond));
}

void SearchApi::ingestion(const serve::HttpRequest &, serve::Responder respond)
{
    access_.run(false, &readJobs, std::move(respond));
}

} // namespace cortex::api
