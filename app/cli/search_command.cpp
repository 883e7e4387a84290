// search: text, image (file or standard input), or both; filters; reranking.

#include "commands.h"
#include "json_output.h"
#include "library_commands.h"
#include "library_context.h"

#include "api/result_json.h"
#include "application/query_video.h"
#include "application/search_query.h"
#include "common/time_range.h"
#include "ingest/extract/file_type.h"
#include "model/image/image.h"
#include "store/library_db.h"

#include <QDateTime>
#include <QSettings>

#include <charconv>
#include <cmath>
#include <filesystem>
#include <iostream>
#include <iterator>
#include <map>
#include <optional>

namespace cortex::cli {
namespace {

// A query image: only PNG, JPEG, GIF and BMP (what the query decoder reads), recognised by their
// leading bytes whatever the name says, from a regular file or at most DecodeLimits::maxFileBytes of
// standard input (a pipe from /dev/zero must not fill the memory).
Result<model::Image> readQueryImage(const std::string &path)
{
    model::DecodeLimits limits;
    limits.maxPixels = application::kMaxQueryImagePixels; // the message names it
    std::string bytes;
    std::string name = path;
    if (path == "-") {
        name = "the image on standard input";
        char buffer[1 << 16];
        while (std::cin.read(buffer, sizeof buffer) || std::cin.gcount() > 0) {
            bytes.append(buffer, size_t(std::cin.gcount()));
            if (int64_t(bytes.size()) > limits.maxFileBytes)
                break;
        }
        if (int64_t(bytes.size()) > limits.maxFileBytes)
            return makeError(name + ": more than the limit of " + std::to_string(limits.maxFileBytes) +
                             " bytes");
    } else {
        QString reason;
        const auto head = ingest::readHead(QString::fromStdString(path), ingest::kContentSniffBytes, &reason);
        if (!head)
            return makeError(path + ": " + reason.toStdString());
        bytes = head->toStdString();
    }
    const QByteArrayView head(bytes.data(),
                              std::min<qsizetype>(qsizetype(bytes.size()), ingest::kContentSniffBytes));
    const auto format = ingest::imageFormatFromContent(head);
    if (!format || *format == "webp" || *format == "tiff")
        return makeError(name + ": not a supported image format for a query (it looks like " +
                         ingest::describeContent(head).toStdString() + "; PNG, JPEG, GIF and BMP are)");
    if (path == "-")
        return model::decodeImageBytes(
            std::span(reinterpret_cast<const uint8_t *>(bytes.data()), bytes.size()), name, limits);
    return model::decodeImageFile(path, limits);
}

Result<int64_t> parseDate(const std::string &text, const char *option)
{
    const QDateTime date = QDateTime::fromString(QString::fromStdString(text), Qt::ISODate);
    if (!date.isValid())
        return makeError(std::string("--") + option + " expects a date like 2026-01-31, got '" + text + "'");
    return date.toSecsSinceEpoch();
}

// search --save: what this command line gave, into the settings (read fresh, so that the environment's
// overrides of this run are not written with them).
Status saveSearchOptions(const Arguments &args)
{
    QSettings stored;
    auto saved = settings::load(stored);
    if (const auto dir = args.value("reranker"))
        saved.rerankerModelDir = QString::fromStdString(std::filesystem::absolute(*dir).string());
    // A server keeps its URL and name; its token stays out of the settings file unless put there.
    if (const auto url = args.value("reranker-url")) {
        saved.rerankerModelUrl = QString::fromStdString(*url);
        saved.rerankerModelName = QString::fromStdString(args.valueOr("reranker-name", ""));
    } else if (args.has("reranker")) {
        saved.rerankerModelUrl.clear(); // a folder given: the folder is the reranker now
    }
    const auto topK = args.integer("top-k", saved.rerankerTopK);
    const auto candidates = args.integer("candidates", saved.rerankerCandidates);
    if (!topK)
        return topK.error();
    if (!candidates)
        return candidates.error();
    saved.rerankerTopK = int(*topK);
    saved.rerankerCandidates = int(*candidates);
    settings::save(saved, stored);
    stored.sync();
    if (stored.status() != QSettings::NoError)
        return makeError(stored.fileName().toStdString() + ": the settings could not be written");
    return {};
}

std::string kindList()
{
    return "text, image, pdf_page or video (video_segment)";
}

// --type takes the kinds' stored names, and "video" for the segments of videos (what type:video says).
std::optional<ItemKind> kindOption(const std::string &text)
{
    if (text == "video")
        return ItemKind::VideoSegment;
    return itemKindFromString(text);
}

} // namespace

int runSearch(const std::vector<std::string> &argv)
{
    auto specs = libraryOptionSpecs();
    specs.push_back({"text", true, false, "the query text, in the query language (below)"});
    specs.push_back(
        {"image", true, true, "an image file as (part of) the query; '-' reads it from standard input"});
    specs.push_back({"video", true, false,
                     "a video file as (part of) the query: its first segment window (the ingestion's "
                     "window length, " +
                         std::string(application::kVideoSegmentSecondsKey) + ", default 60 s)"});
    specs.push_back({"collection", true, true, "only this collection (repeatable)"});
    specs.push_back(
        {"type", true, true, "only items of this kind: text, image, pdf_page, video (repeatable)"});
    specs.push_back(
        {"doc-type", true, true,
         "only documents of this type: pdf, image, svg, text, markdown, docx, pptx, odt, html, video"});
    specs.push_back({"after", true, false, "only documents modified on or after this date (YYYY-MM-DD)"});
    specs.push_back({"before", true, false, "only documents modified before this date (YYYY-MM-DD)"});
    specs.push_back({"top-k", true, false, "results to return (default: QWEN3_VL_RERANKER_TOP_K or 5)"});
    specs.push_back(
        {"candidates", true, false, "candidates to rerank (default: QWEN3_VL_RERANKER_CANDIDATES or 20)"});
    specs.push_back({"no-rerank", false, false, "do not rerank"});
    specs.push_back(
        {"sort", true, false, "relevance (default), newest or oldest: the order of the best results"});
    specs.push_back({"min-score", true, false,
                     "leave out results scored below this (the rerank score when reranked, else the "
                     "similarity to the query)"});
    specs.push_back(
        {"group", false, false, "one entry per document, with its hits (pages, chunks) under it"});
    specs.push_back({"save", false, false,
                     "keep --reranker, --top-k and --candidates in the settings for later searches (and the "
                     "window); without it they apply to this search only"});
    specs.push_back({"similar-to", true, false,
                     "ITEM: the items most like this one (its stored vector; the \"item\" of a --json hit)"});
    auto args = Arguments::parse(argv, specs);
    if (!args)
        return usageError(args.error().message);
    if (!args->has("text") && !args->has("image") && !args->has("video") && !args->has("similar-to"))
        return usageError("search needs --text, --image, --video (or several), or --similar-to ITEM\n" +
                          usageOf(specs));
    if (args->has("similar-to") && (args->has("text") || args->has("image") || args->has("video")))
        return usageError(
            "--similar-to takes the item's stored vector as the query: give no --text, --image or --video");
    const auto similarTo = args->integer("similar-to", 0);
    if (!similarTo || *similarTo < 0)
        return usageError(similarTo
                              ? std::string("--similar-to needs an item number (from a search's \"item\")")
                              : similarTo.error().message);

    // The query first: a query image that cannot be read is said whether or not there is a library.
    search::Query query;
    query.similarToItem = *similarTo;
    query.text = args->valueOr("text", "");
    for (const auto &path : args->values("image")) {
        auto image = readQueryImage(path);
        if (!image)
            return fail(image.error().message);
        query.images.push_back(std::move(image).value());
    }
    if (const auto path = args->value("video")) {
        auto clip = application::readQueryVideo(*path, application::videoSegmentSeconds());
        if (!clip)
            return fail(clip.error().message);
        query.video = std::move(clip).value();
    }

    auto context = openLibrary(*args);
    if (!context)
        return fail(context.error().message);
    const auto topK = args->integer("top-k", context->settings.rerankerTopK);
    const auto candidates = args->integer("candidates", context->settings.rerankerCandidates);
    if (!topK)
        return fail(topK.error().message);
    if (!candidates)
        return fail(candidates.error().message);
    query.topK = int(*topK);
    query.candidates = int(std::max(*candidates, *topK));
    query.rerank = !args->has("no-rerank");
    if (const auto sort = args->value("sort")) {
        if (*sort == "relevance")
            query.sort = search::SortOrder::Relevance;
        else if (*sort == "newest")
            query.sort = search::SortOrder::Newest;
        else if (*sort == "oldest")
            query.sort = search::SortOrder::Oldest;
        else
            return usageError("--sort '" + *sort + "' is not one of relevance, newest, oldest");
    }
    if (const auto minScore = args->value("min-score")) {
        double value = 0;
        const auto [end, ec] = std::from_chars(minScore->data(), minScore->data() + minScore->size(), value);
        if (ec != std::errc() || end != minScore->data() + minScore->size() || !std::isfinite(value))
            return usageError("--min-score expects a number such as 0.4, got '" + *minScore + "'");
        query.minScore = value;
    }

    auto reader = context->library->openReader();
    if (!reader)
        return fail(reader.error().message);
    for (const auto &name : args->values("collection")) {
        auto c = (*reader)->collectionByName(name);
        if (!c)
            return fail(c.error().message);
        if (!c->has_value())
            return fail("there is no collection named '" + name + "' in " +
                        context->library->databaseFile().string());
        query.filter.collectionIds.push_back((*c)->id);
    }
    for (const auto &t : args->values("type")) {
        const auto kind = kindOption(t);
        if (!kind)
            return fail("--type '" + t + "' is not one of " + kindList());
        query.filter.kinds.push_back(*kind);
    }
    query.filter.documentTypes = args->values("doc-type");
    if (const auto after = args->value("after")) {
        auto t = parseDate(*after, "after");
        if (!t)
            return fail(t.error().message);
        query.filter.modifiedAfter = *t;
    }
    if (const auto before = args->value("before")) {
        auto t = parseDate(*before, "before");
        if (!t)
            return fail(t.error().message);
        query.filter.modifiedBefore = *t;
    }

    if (auto s = context->loadEncoder(*args); !s)
        return fail(s.error().message);
    if (query.rerank)
        if (auto s = context->loadReranker(*args); !s)
            return fail(s.error().message);
    if (args->has("save"))
        if (auto s = saveSearchOptions(*args); !s)
            return fail(s.error().message);
    search::Searcher searcher(*context->library, *context->encoder, context->scorer.get());
    auto result = searcher.search(query, context->reranker);
    if (!result)
        return fail(result.error().message);

    if (context->json) {
        nlohmann::json output = toNlohmann(api::searchResultJson(*result));
        if (args->has("group")) {
            // Each document with the ranks of its hits in "hits".
            nlohmann::json documents = nlohmann::json::array();
            std::map<int64_t, size_t> rankOf;
            for (size_t i = 0; i < result->hits.size(); ++i)
                rankOf.try_emplace(result->hits[i].view.item.id, i + 1);
            for (const auto &g : search::groupByDocument(result->hits)) {
                nlohmann::json ranks = nlohmann::json::array();
                for (const auto &h : g.hits)
                    ranks.push_back(rankOf[h.view.item.id]);
                documents.push_back({{"path", g.documentPath}, {"hit_ranks", ranks}});
            }
            output["documents"] = documents;
        }
        printJson(output);
        return 0;
    }
    if (!result->queryNotice.empty())
        std::cout << "(" << result->queryNotice << ")\n";
    if (!result->note.empty())
        std::cout << "(" << result->note << ")\n";
    if (result->hits.empty())
        std::cout << "no results\n";
    const auto printHit = [](const search::Hit &h, const std::string &indent) {
        // A video segment's index is its page; the moment is what the user looks for.
        if (h.view.item.kind == ItemKind::VideoSegment)
            std::cout << ' ' << clockRange(h.view.item.startSeconds, h.view.item.endSeconds);
        else if (h.view.item.page >= 0)
            std::cout << " (page " << h.view.item.page + 1 << ")";
        std::cout << "  [" << toString(h.view.item.kind) << "]  found by "
                  << search::toString(search::foundBy(h));
        if (h.vectorSimilarity)
            std::cout << "  similarity " << *h.vectorSimilarity;
        if (h.rerankScore)
            std::cout << "  rerank " << *h.rerankScore;
        std::cout << '\n';
        if (!h.view.item.text.empty())
            std::cout << indent << h.view.item.text.substr(0, 160) << '\n';
    };
    if (args->has("group")) {
        int rank = 0;
        for (const auto &g : search::groupByDocument(result->hits)) {
            std::cout << ++rank << ". " << g.documentPath << "  (" << g.hits.size()
                      << (g.hits.size() == 1 ? " hit" : " hits") << ")\n";
            for (const auto &h : g.hits) {
                std::cout << "   -";
                printHit(h, "     ");
            }
        }
        return 0;
    }
    int rank = 0;
    for (const auto &h : result->hits) {
        std::cout << ++rank << ". " << h.view.documentPath;
        printHit(h, "   ");
    }
    return 0;
}

} // namespace cortex::cli
