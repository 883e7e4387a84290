#include "api/result_json.h"

#include <QJsonArray>

#include <algorithm>
#include <optional>

namespace cortex::api {
namespace {

template <typename T> QJsonValue optional(const std::optional<T> &value)
{
    return value ? QJsonValue(*value) : QJsonValue(QJsonValue::Null);
}

QString text(std::string_view s)
{
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}

} // namespace

QJsonObject hitJson(const search::Hit &h, int rank)
{
    const auto &item = h.view.item;
    QJsonObject hit{{QStringLiteral("rank"), rank},
                    {QStringLiteral("item"), qint64(item.id)},
                    {QStringLiteral("kind"), text(toString(item.kind))},
                    {QStringLiteral("path"), text(h.view.documentPath)},
                    {QStringLiteral("document_type"), text(h.view.documentType)},
                    {QStringLiteral("page"), qint64(item.page)},
                    {QStringLiteral("position"), qint64(item.position)},
                    {QStringLiteral("fused_score"), h.fusedScore},
                    {QStringLiteral("vector_similarity"), optional(h.vectorSimilarity)},
                    {QStringLiteral("vector_rank"), optional(h.vectorRank)},
                    {QStringLiteral("bm25"), optional(h.bm25)},
                    {QStringLiteral("bm25_rank"), optional(h.bm25Rank)},
                    {QStringLiteral("rerank_score"), optional(h.rerankScore)},
                    {QStringLiteral("found_by"), QString::fromLatin1(search::toString(search::foundBy(h)))},
                    {QStringLiteral("score"), search::hitScore(h)},
                    {QStringLiteral("has_thumbnail"), !item.thumbnailPng.empty()}};
    if (!item.text.empty())
        hit.insert(QStringLiteral("snippet"), text(std::string_view(item.text).substr(0, 300)));
    if (!item.sourceRef.empty())
        hit.insert(QStringLiteral("source"), text(item.sourceRef));
    if (item.kind == ItemKind::VideoSegment) { // the moment a video hit points to
        hit.insert(QStringLiteral("start_seconds"), item.startSeconds);
        hit.insert(QStringLiteral("end_seconds"), item.endSeconds);
    }
    return hit;
}

QJsonObject searchResultJson(const search::SearchResult &result)
{
    QJsonArray hits;
    int rank = 0;
    for (const auto &h : result.hits)
        hits.append(hitJson(h, ++rank));
    return QJsonObject{
        {QStringLiteral("hits"), hits},
        {QStringLiteral("reranked"), result.reranked},
        {QStringLiteral("note"), text(result.note)},
        {QStringLiteral("query_notice"), text(result.queryNotice)},
        {QStringLiteral("space"), qint64(result.spaceId)},
        {QStringLiteral("seconds"), QJsonObject{{QStringLiteral("embed"), result.embedSeconds},
                                                {QStringLiteral("retrieve"), result.retrieveSeconds},
                                                {QStringLiteral("rerank"), result.rerankSeconds}}}};
}

JobCounts jobCounts(const store::JobInfo &j, int64_t nowSeconds)
{
    JobCounts counts;
    counts.pending = j.totalFiles - j.doneFiles - j.skippedFiles - j.failedFiles;
    counts.pageImagesLeft = j.state == store::JobState::Finished ? 0 : j.pageImagesLeft;
    if (j.state == store::JobState::Running && j.etaSeconds && j.etaAt > 0) {
        counts.etaAgeSeconds = std::max<int64_t>(0, nowSeconds - j.etaAt);
        counts.etaSeconds = std::max(0.0, *j.etaSeconds - double(counts.etaAgeSeconds));
    }
    return counts;
}

QJsonObject jobJson(const store::JobInfo &j, int64_t nowSeconds)
{
    const JobCounts counts = jobCounts(j, nowSeconds);
    return QJsonObject{
        {QStringLiteral("id"), qint64(j.id)},
        {QStringLiteral("kind"), text(j.kind)},
        {QStringLiteral("state"), text(store::toString(j.state))},
        {QStringLiteral("files"), qint64(j.totalFiles)},
        {QStringLiteral("done"), qint64(j.doneFiles)},
        {QStringLiteral("indexed"), qint64(j.doneFiles)},
        {QStringLiteral("failed"), qint64(j.failedFiles)},
        {QStringLiteral("skipped"), qint64(j.skippedFiles)},
        {QStringLiteral("pending"), qint64(counts.pending)},
        {QStringLiteral("page_images"), QJsonObject{{QStringLiteral("done"), qint64(j.pageImagesDone)},
                                                    {QStringLiteral("left"), qint64(counts.pageImagesLeft)}}},
        {QStringLiteral("eta_seconds"),
         counts.etaSeconds ? QJsonValue(*counts.etaSeconds) : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("eta_age_seconds"), qint64(counts.etaAgeSeconds)}};
}

} // namespace cortex::api
