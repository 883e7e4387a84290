#include "ingest/streaming_embedder.h"

#include "embedding/encoder.h"
#include "ingest/chunker.h"
#include "ingest/embedding_inputs.h"
#include "ingest/extract/image_conversion.h"
#include "ingest/extract/thumbnail.h"
#include "ingest/file_ingest.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

namespace cortex::ingest {
namespace {

} // namespace

std::string ResumePoint::toJson() const
{
    QJsonArray problemList;
    for (const auto &p : problems)
        problemList.append(QString::fromStdString(p));
    QJsonArray deferredList;
    for (const auto &d : deferred)
        deferredList.append(
            QJsonArray{QString::fromLatin1(toString(d.kind).data(), qsizetype(toString(d.kind).size())),
                       d.page, d.position, double(d.textChars), QString::fromStdString(d.sourceRef)});
    const QJsonObject json{
        {QStringLiteral("page"), page},
        {QStringLiteral("outputs"), double(outputs)},
        {QStringLiteral("textChunks"), double(textChunks)},
        {QStringLiteral("truncatedWarning"), truncatedWarning},
        {QStringLiteral("problems"), problemList},
        {QStringLiteral("deferred"), deferredList},
    };
    return QJsonDocument(json).toJson(QJsonDocument::Compact).toStdString();
}

std::optional<ResumePoint> ResumePoint::fromJson(const std::string &text)
{
    const QJsonDocument document = QJsonDocument::fromJson(QByteArray::fromStdString(text));
    if (!document.isObject())
        return std::nullopt;
    const QJsonObject json = document.object();
    ResumePoint point;
    point.page = json.value(QStringLiteral("page")).toInt(-1);
    point.outputs = int64_t(json.value(QStringLiteral("outputs")).toDouble(-1));
    point.textChunks = int64_t(json.value(QStringLiteral("textChunks")).toDouble(-1));
    point.truncatedWarning = json.value(QStringLiteral("truncatedWarning")).toString();
    for (const auto &p : json.value(QStringLiteral("problems")).toArray())
        point.problems.push_back(p.toString().toStdString());
    int previous = -1;
    for (const auto &value : json.value(QStringLiteral("deferred")).toArray()) {
        const QJsonArray d = value.toArray();
        DeferredOutput out;
        const auto kind = itemKindFromString(d.at(0).toString().toStdString());
        out.page = d.at(1).toInt(-2);
        out.position = d.at(2).toInt(-1);
        out.textChars = int64_t(d.at(3).toDouble(-1));
        out.sourceRef = d.at(4).toString().toStdString();
        if (d.size() != 5 || !kind || *kind == ItemKind::Text || out.page < -1 || out.position <= previous ||
            out.position >= point.outputs || out.textChars < 0)
            return std::nullopt;
        out.kind = *kind;
        previous = out.position;
        point.deferred.push_back(std::move(out));
    }
    if (point.page < -1 || point.outputs < 0 || point.textChunks < 0 || point.textChunks > point.outputs ||
        int64_t(point.problems.size() + point.deferred.size()) > point.outputs)
        return std::nullopt;
    return point;
}

StreamingEmbedder::StreamingEmbedder(const FileContext &context, const QString &path, SaveCheckpoint save)
    : context_(context), path_(path), fileName_(path.section(QLatin1Char('/'), -1).toStdString()),
      save_(std::move(save))
{
}

bool StreamingEmbedder::resumeFrom(const ResumePoint &point, std::vector<store::NewItem> savedItems)
{
    // The saved items are the outputs before the point, in order, less the ones that failed and the
    // ones left for the second pass.
    if (int64_t(savedItems.size() + point.problems.size() + point.deferred.size()) != point.outputs)
        return false;
    int64_t previous = -1;
    for (const auto &item : savedItems) {
        if (item.position <= previous || item.position >= point.outputs ||
            item.vector.size() != size_t(context_.encoder.identity().storedDim()))
            return false;
        previous = item.position;
    }
    for (const auto &d : point.deferred)
        if (std::any_of(savedItems.begin(), savedItems.end(),
                        [&](const store::NewItem &item) { return item.position == d.position; }))
            return false;
    resume_ = point;
    done_ = std::move(savedItems);
    savedItems_ = done_.size();
    for (const auto &p : point.problems)
        problems_.push_back({-1, p});
    savedProblems_ = problems_.size();
    deferred_ = point.deferred;
    savedDeferred_ = deferred_.size();
    savedOutputs_ = point.outputs;
    if (point.page >= 0) {
        position_ = point.outputs;
        textChunks_ = point.textChunks;
        truncatedWarning_ = point.truncatedWarning;
    } else {
        skipOutputsBelow_ = point.outputs;
    }
    return true;
}

ResumePoint StreamingEmbedder::here(int page) const
{
    ResumePoint point;
    point.page = page;
    point.outputs = position_;
    point.textChunks = textChunks_;
    point.truncatedWarning = truncatedWarning_;
    return point;
}

bool StreamingEmbedder::cancelRequested()
{
    if (!cancelled_ && isCancelled(context_.cancelled))
        cancelled_ = true;
    return cancelled_;
}

void StreamingEmbedder::stop()
{
    stopped_ = true;
}

bool StreamingEmbedder::atBoundary(int page)
{
    if (cancelRequested()) {
        stoppedBeforePage_ = page;
        stop();
        return false;
    }
    const double interval = context_.options.checkpointSeconds;
    if (position_ <= savedOutputs_ ||
        std::chrono::duration<double>(std::chrono::steady_clock::now() - lastCheckpoint_).count() < interval)
        return true;
    flush();
    if (stopped_) { // cancelled while flushing: nothing of the batch was embedded
        stoppedBeforePage_ = page;
        return false;
    }
    return checkpoint(here(page));
}

bool StreamingEmbedder::checkpoint(const ResumePoint &pointIn)
{
    ResumePoint point = pointIn;
    size_t items = savedItems_;
    while (items < done_.size() && done_[items].position < point.outputs)
        ++items;
    size_t problems = savedProblems_;
    while (problems < problems_.size() && problems_[problems].position < point.outputs)
        ++problems;
    for (size_t k = 0; k < problems; ++k)
        point.problems.push_back(problems_[k].message);
    size_t deferred = savedDeferred_;
    while (deferred < deferred_.size() && deferred_[deferred].position < point.outputs)
        ++deferred;
    point.deferred.assign(deferred_.begin(), deferred_.begin() + std::ptrdiff_t(deferred));
    error_ = save_(point, std::span(done_).subspan(savedItems_, items - savedItems_));
    lastCheckpoint_ = std::chrono::steady_clock::now();
    if (!error_) {
        stop();
        return false;
    }
    savedItems_ = items;
    savedProblems_ = problems;
    savedDeferred_ = deferred;
    savedOutputs_ = point.outputs;
    return true;
}

bool StreamingEmbedder::add(ExtractedItem &&extracted)
{
    if (stopped_)
        return false;
    // A resume by page: the pages before the point are saved whole.
    if (resume_.page >= 0 && extracted.page >= 0 && extracted.page < resume_.page)
        return true;
    if (extracted.page < 0)
        paged_ = false;
    const bool pageBegins = paged_ && extracted.page != currentPage_;
    if ((pageBegins || !paged_) && !atBoundary(pageBegins ? extracted.page : -1))
        return false;
    if (pageBegins) {
        currentPage_ = extracted.page;
        pageStarts_[currentPage_] = here(currentPage_);
    }

    if (extracted.kind == ItemKind::Text) {
        for (const auto &chunk : chunkText(context_.tokenizer, extracted.text, context_.options.chunk)) {
            // The character limit bounds a document's text, but not its tokens: a text of one-letter
            // words has a token for every two characters. What is embedded is bounded here.
            if (textChunks_ == context_.options.maxChunksPerDocument) {
                truncatedWarning_ = QStringLiteral("truncated at %1 text chunks (the limit for one document)")
                                        .arg(context_.options.maxChunksPerDocument);
                break;
            }
            // Between two chunks of a long text: a checkpoint may fall here unless pages are counted.
            if (paged_ ? cancelRequested() : !atBoundary(-1)) {
                stop();
                return false;
            }
            ++textChunks_;
            const int64_t position = position_++;
            if (position < skipOutputsBelow_)
                continue;
            Pending p;
            p.item.kind = ItemKind::Text;
            p.item.page = extracted.page;
            p.item.position = int(position);
            p.item.text = chunk.text.toStdString();
            p.input.text = p.item.text;
            p.input.name = fileName_;
            push(std::move(p));
            if (stopped_)
                return false;
        }
        return !stopped_;
    }
    // Image or PdfPage: embedded from its pixels. A page's text is in its Text items already, so the
    // page item carries none (it would only duplicate full-text hits).
    const int64_t position = position_++;
    if (position < skipOutputsBelow_)
        return true;
    if (defersImage(extracted)) {
        DeferredOutput out;
        out.kind = extracted.kind;
        out.page = extracted.page;
        out.position = int(position);
        out.textChars = extracted.kind == ItemKind::PdfPage ? int64_t(extracted.text.size()) : 0;
        out.sourceRef = extracted.imageName.toStdString();
        // Dropped from a resume's cancel point like pending outputs: only ones before it are kept.
        deferred_.push_back(std::move(out));
        return true;
    }
    Pending p;
    p.item.kind = extracted.kind;
    p.item.page = extracted.page;
    p.item.position = int(position);
    p.item.sourceRef = extracted.imageName.toStdString();
    p.item.thumbnailPng = thumbnailBytes(extracted.image);
    p.input.images.push_back(toModelImage(extracted.image));
    // The engine has its own copy now: a 100-megapixel image is not held twice until the batch is
    // embedded.
    extracted.image = QImage();
    p.input.name = imageInputName(extracted.kind, extracted.page, path_.toStdString(),
                                  standalone(extracted) ? std::string() : extracted.imageName.toStdString());
    push(std::move(p));
    return !stopped_;
}

bool StreamingEmbedder::defersImage(const ExtractedItem &extracted) const
{
    if (!context_.options.twoPasses)
        return false;
    if (extracted.kind == ItemKind::PdfPage)
        return true;
    // A standalone image (an image or SVG file) is the document itself: it goes in the first pass.
    return extracted.kind == ItemKind::Image && !standalone(extracted);
}

bool StreamingEmbedder::standalone(const ExtractedItem &extracted) const
{
    return extracted.imageName.isEmpty() || extracted.imageName.toStdString() == fileName_;
}

void StreamingEmbedder::push(Pending &&p)
{
    pending_.push_back(std::move(p));
    if (pending_.size() >= size_t(std::max(1, context_.options.embedBatch)))
        flush();
}

// An input that cannot be embedded even on its own (embedEach) is dropped with the reason.
void StreamingEmbedder::embedGroup(const std::vector<size_t> &group)
{
    if (group.empty())
        return;
    std::vector<embedding::EncodeInput> inputs;
    for (size_t i : group)
        inputs.push_back(std::move(pending_[i].input));
    auto vectors = embedEach(context_.encoder, inputs);
    for (size_t j = 0; j < group.size(); ++j) {
        auto &item = pending_[group[j]].item;
        if (vectors[j])
            item.vector = std::move(*vectors[j]);
        else
            problems_.push_back({item.position, vectors[j].error().message});
    }
}

// Rendered pages go in an embedding call of their own: its time is the pages' cost (shown beside the
// page-image choice), and text chunks are not padded to a page's length.
void StreamingEmbedder::flush()
{
    if (pending_.empty())
        return;
    if (cancelRequested()) {
        stop();
        return;
    }
    std::vector<size_t> pages, others;
    for (size_t i = 0; i < pending_.size(); ++i)
        (pending_[i].item.kind == ItemKind::PdfPage ? pages : others).push_back(i);
    const size_t problemsBefore = problems_.size();
    embedGroup(others);
    // A cancel that came during the first call is not kept waiting for a batch of pages: the whole
    // batch is dropped, to be embedded on resume, as a cancel before the call would have done.
    if (!others.empty() && !pages.empty() && cancelRequested()) {
        problems_.resize(problemsBefore);
        stop();
        return;
    }
    const auto pagesStart = std::chrono::steady_clock::now();
    embedGroup(pages);
    if (!pages.empty() && context_.pageImageTiming) {
        context_.pageImageTiming->pages += int64_t(pages.size());
        context_.pageImageTiming->seconds +=
            std::chrono::duration<double>(std::chrono::steady_clock::now() - pagesStart).count();
    }
    // In document order, as one call would have reported them.
    std::stable_sort(problems_.begin() + std::ptrdiff_t(problemsBefore), problems_.end(),
                     [](const Problem &a, const Problem &b) { return a.position < b.position; });
    for (auto &p : pending_)
        if (!p.item.vector.empty())
            done_.push_back(std::move(p.item));
    const int lastPage = pending_.back().item.page;
    pending_.clear();
    if (context_.reportWithin)
        context_.reportWithin(paged_ && lastPage >= 0 ? lastPage + 1 : 0, position_);
}

Status StreamingEmbedder::finish()
{
    if (!stopped_)
        flush();
    if (!error_)
        return error_;
    if (!cancelled_)
        return {};
    return saveWhereCancelled();
}

// The point a cancelled run can be resumed from: before the first output that is not embedded, and in a
// paged document at the start of that output's page.
Status StreamingEmbedder::saveWhereCancelled()
{
    ResumePoint point;
    if (paged_ && (currentPage_ >= 0 || stoppedBeforePage_ >= 0)) {
        int page = currentPage_;
        if (!pending_.empty())
            page = pending_.front().item.page;
        else if (stoppedBeforePage_ >= 0)
            page = stoppedBeforePage_;
        const auto start = pageStarts_.find(page);
        point = start != pageStarts_.end() ? start->second : here(page); // here: the page had not begun
    } else {
        point.outputs = pending_.empty() ? position_ : pending_.front().item.position;
    }
    if (point.outputs <= savedOutputs_)
        return {}; // nothing new since the last checkpoint
    pending_.clear();
    checkpoint(point);
    return error_;
}

std::vector<std::string> StreamingEmbedder::problems() const
{
    std::vector<std::string> out;
    for (const auto &p : problems_)
        out.push_back(p.message);
    return out;
}

} // namespace cortex::ingest
