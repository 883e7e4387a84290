#include "service/archive_reader.h"

#include "service/archive_fields.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>
#include <limits>
#include <memory>

namespace cortex::service {
namespace {

// What a valid archive can need, so that an entry is refused before (and while) it inflates: a crafted
// 2 MB zip may hold an entry that inflates to gigabytes.
constexpr int64_t kMaxBytesPerDocument = 16 << 10;   // path, sha256, type and numbers as JSON
constexpr int64_t kMaxThumbnailBytes = 1 << 20;      // thumbnails are PNGs of 256 pixels a side
constexpr int64_t kMaxBytesPerItem = 2 << 20;        // base64 thumbnail, text, numbers as JSON
constexpr double kMaxVideoSeconds = 7 * 24 * 3600.0; // the decoder's longest video (a week)
// A stored vector of a normalised space has length 1; float16 storage and export keep it within 1e-3.
constexpr double kUnitNormTolerance = 1e-2;
constexpr const char *kVectorsEntry = "vectors.f32";

constexpr const char *kRefused = "; the file is damaged or crafted, and nothing was imported";

// The most bytes an entry of `rows` rows of at most `maxRow` bytes can take: a JSON array (version 1) is
// read whole, so it is also bounded by kMaxJsonEntryBytes; lines (version 2) are streamed.
int64_t rowsBound(const CollectionManifest &m, int64_t rows, int64_t maxRow, bool held)
{
    const int64_t bound = m.jsonLines() ? rows * (maxRow + 1) : 2 + rows * maxRow;
    return held || !m.jsonLines() ? std::min(kMaxJsonEntryBytes, bound) : bound;
}

int64_t documentsBound(const CollectionManifest &m)
{
    // The documents' list is held in memory on import in every version.
    return rowsBound(m, m.documents, kMaxBytesPerDocument, true);
}

int64_t itemsBound(const CollectionManifest &m)
{
    return rowsBound(m, m.items, kMaxBytesPerItem, false);
}

int64_t vectorBytes(const CollectionManifest &m)
{
    return m.items * m.identity.storedDim() * int64_t(sizeof(float));
}

// Reads the rest of `stream` and checks its SHA-256 against the manifest. `reread`: the entry matched when
// the archive was opened, so a mismatch now means the file changed since.
Status checkEntrySum(ZipEntryStream &stream, const std::string &archive, const CollectionManifest &m,
                     bool reread)
{
    auto sum = stream.finishSha256();
    if (!sum)
        return sum.error();
    if (*sum == QString::fromStdString(m.sha256.at(stream.entry())))
        return {};
    return makeError(archive + ": " + stream.entry() +
                     " is corrupt (its checksum does not match the manifest)" +
                     (reread ? "; it changed while it was imported, and nothing was imported" : ""));
}

// The rows of a JSON entry, one object at a time: a version 2 entry line by line from its stream, a
// version 1 entry (one JSON array) parsed whole within its old bounds.
class JsonRows {
public:
    JsonRows(std::string archive, const CollectionManifest &m, const char *entry, std::string rowName,
             int64_t count, int64_t maxRow)
        : archive_(std::move(archive)), entry_(entry), rowName_(std::move(rowName)), count_(count),
          maxRow_(maxRow), lines_(m.jsonLines())
    {
    }

    Status start(ZipReader &zip, int64_t bound, const std::string &why)
    {
        auto stream = zip.openEntry(entry_, bound, why);
        if (!stream)
            return stream.error();
        stream_ = std::move(*stream);
        if (lines_)
            return {};
        auto bytes = stream_->readAll(); // version 1: the array whole
        if (!bytes)
            return bytes.error();
        auto doc = parseJson(archive_, entry_, *bytes);
        if (!doc)
            return doc.error();
        if (!doc->isArray() || doc->array().size() != count_)
            return countMismatch();
        array_ = doc->array();
        return {};
    }

    std::string where(int64_t row) const
    {
        return archive_ + ": " + entry_ + ", " + rowName_ + " " + std::to_string(row);
    }

    Result<QJsonObject> next()
    {
        const int64_t row = next_++;
        QJsonValue value;
        if (lines_) {
            auto line = stream_->readLine(maxRow_, [&] { return rowName_ + " " + std::to_string(row); });
            if (!line)
                return line.error();
            if (!line->has_value())
                return countMismatch();
            QJsonParseError error{};
            const QJsonDocument doc = QJsonDocument::fromJson(**line, &error);
            if (error.error != QJsonParseError::NoError)
                return makeError(where(row) + " is not valid JSON (" + error.errorString().toStdString() +
                                 " at byte " + std::to_string(error.offset) + ")" + kRefused);
            value = doc.isObject() ? QJsonValue(doc.object()) : QJsonValue();
        } else {
            value = array_.at(qsizetype(row));
        }
        if (!value.isObject())
            return makeError(where(row) + " is not an object" + kRefused);
        return value.toObject();
    }

    // After the declared rows: nothing else follows; the entry's checksum is what the manifest says.
    Status finish(const CollectionManifest &m)
    {
        if (lines_)
            if (auto st = stream_->expectEnd("the " + std::to_string(count_) + " " + rowName_ +
                                             "s the manifest declares");
                !st)
                return st;
        return checkEntrySum(*stream_, archive_, m, true);
    }

private:
    Error countMismatch() const
    {
        return makeError(archive_ + ": " + entry_ + " does not hold the " + std::to_string(count_) + " " +
                         rowName_ + "s the manifest declares" + kRefused);
    }

    std::string archive_;
    const char *entry_;
    std::string rowName_;
    int64_t count_ = 0, maxRow_ = 0, next_ = 0;
    bool lines_ = true;
    std::unique_ptr<ZipEntryStream> stream_;
    QJsonArray array_;
};

Result<ArchiveDocument> parseDocument(const JsonRows &rows, int64_t row, const QJsonObject &object)
{
    const ArchiveFields f(rows.where(row), object);
    auto path = f.text("path", true, 4096);
    if (!path)
        return path.error();
    const ArchiveFields named(rows.where(row) + " (" + *path + ")", object);
    if (path->empty())
        return named.fail("path", "is empty");
    auto sha = named.text("sha256", true, 64);
    auto type = named.text("type", false, 64);
    auto size = named.integer("size", 0, int64_t(1) << 53, 0);
    auto mtime = named.integer("mtimeNs", std::numeric_limits<int64_t>::min(),
                               std::numeric_limits<int64_t>::max(), 0, true);
    auto pages = named.integer("pageCount", 0, 10'000'000, 0);
    if (auto e = firstError(sha, type, size, mtime, pages))
        return *e;
    if (!isSha256Hex(*sha))
        return named.fail("sha256", "is not 64 lower-case hexadecimal digits");
    ArchiveDocument d;
    d.path = *path;
    d.sha256 = *sha;
    d.type = *type;
    d.size = *size;
    d.mtimeNs = *mtime;
    d.pageCount = int(*pages);
    return d;
}

// An item's fields; its content is checked by the caller.
Result<std::pair<std::string, store::NewItem>> parseItem(const ArchiveFields &f)
{
    auto content = f.text("content", true, 64);
    auto kindText = f.text("kind", true, 32);
    auto page = f.integer("page", -1, 10'000'000, -1);
    auto position = f.integer("position", 0, std::numeric_limits<int32_t>::max(), 0);
    auto text = f.text("text", false, kMaxBytesPerItem);
    auto sourceRef = f.text("sourceRef", false, 4096);
    auto thumbnail = f.text("thumbnail", false, kMaxThumbnailBytes * 4 / 3 + 4);
    // A video segment's time range and frame strip (absent for the other kinds: -1 and none).
    auto startSeconds = f.number("startSeconds", -1, kMaxVideoSeconds, -1);
    auto endSeconds = f.number("endSeconds", -1, kMaxVideoSeconds, -1);
    auto strip = f.text("frameStrip", false, kMaxThumbnailBytes * 4 / 3 + 4);
    if (auto e = firstError(content, kindText, page, position, text, sourceRef, thumbnail, startSeconds,
                            endSeconds, strip))
        return *e;
    const auto kind = itemKindFromString(*kindText);
    if (!kind)
        return f.fail("kind", "is '" + kindText->substr(0, 32) + "', not a kind of item");
    const auto decoded = QByteArray::fromBase64Encoding(QByteArray::fromStdString(*thumbnail),
                                                        QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return f.fail("thumbnail", "is not base64");
    const auto decodedStrip = QByteArray::fromBase64Encoding(QByteArray::fromStdString(*strip),
                                                             QByteArray::AbortOnBase64DecodingErrors);
    if (!decodedStrip)
        return f.fail("frameStrip", "is not base64");
    if (*kind == ItemKind::VideoSegment && !(*startSeconds >= 0 && *startSeconds <= *endSeconds))
        return f.fail("endSeconds",
                      "is before startSeconds or missing: a video segment needs its time range");
    store::NewItem item;
    item.kind = *kind;
    item.page = int(*page);
    item.position = int(*position);
    item.text = std::move(*text);
    item.sourceRef = std::move(*sourceRef);
    item.thumbnailPng.assign(decoded.decoded.begin(), decoded.decoded.end());
    if (*kind == ItemKind::VideoSegment) { // other kinds have no time range, whatever a row claims
        item.startSeconds = *startSeconds;
        item.endSeconds = *endSeconds;
        item.frameStripPng.assign(decodedStrip.decoded.begin(), decodedStrip.decoded.end());
    }
    return std::pair{std::move(*content), std::move(item)};
}

} // namespace

Status ArchiveReader::openManifest(const std::filesystem::path &file)
{
    if (auto st = zip_.open(file); !st)
        return st;
    auto bytes = zip_.readAll("manifest.json", kMaxManifestBytes, "a manifest");
    if (!bytes)
        return bytes.error();
    auto manifest =
        parseCollectionManifest(std::string_view(bytes->constData(), size_t(bytes->size())), name());
    if (!manifest)
        return manifest.error();
    manifest_ = std::move(*manifest);
    return {};
}

Status ArchiveReader::open(const std::filesystem::path &file)
{
    if (auto st = openManifest(file); !st)
        return st;
    const CollectionManifest &m = manifest_;
    const std::string documents = std::to_string(m.documents) + " documents, as the manifest declares";
    const std::string items = std::to_string(m.items) + " items, as the manifest declares";
    const std::string vectors =
        std::to_string(m.items) + " vectors of " + std::to_string(m.identity.storedDim()) + " values";
    if (auto st = verifyChecksum(m.documentsEntry, documentsBound(m), documents); !st)
        return st;
    if (auto st = verifyChecksum(m.itemsEntry, itemsBound(m), items); !st)
        return st;
    if (auto st = verifyChecksum(kVectorsEntry, vectorBytes(m), vectors); !st)
        return st;
    return readDocuments();
}

Status ArchiveReader::verifyChecksum(const char *entry, int64_t bound, const std::string &why)
{
    auto stream = zip_.openEntry(entry, bound, why);
    if (!stream)
        return stream.error();
    if (auto st = checkEntrySum(**stream, name(), manifest_, false); !st)
        return st;
    if (entry == std::string(kVectorsEntry) && (*stream)->inflated() != vectorBytes(manifest_))
        return makeError(name() + ": vectors.f32 does not hold " + std::to_string(manifest_.items) +
                         " vectors of " + std::to_string(manifest_.identity.storedDim()) + " values (it is " +
                         std::to_string((*stream)->inflated()) + " bytes)");
    return {};
}

Status ArchiveReader::readDocuments()
{
    const CollectionManifest &m = manifest_;
    JsonRows rows(name(), m, m.documentsEntry, "document", m.documents, kMaxBytesPerDocument);
    if (auto st = rows.start(zip_, documentsBound(m),
                             std::to_string(m.documents) + " documents, as the manifest declares");
        !st)
        return st;
    documents_.clear();
    documents_.reserve(size_t(m.documents));
    for (int64_t i = 0; i < m.documents; ++i) {
        auto object = rows.next();
        if (!object)
            return object.error();
        auto document = parseDocument(rows, i, *object);
        if (!document)
            return document.error();
        contents_.insert(document->sha256);
        documents_.push_back(std::move(*document));
    }
    return rows.finish(m);
}

Status ArchiveReader::forEachItem(const ItemVisitor &visit)
{
    const CollectionManifest &m = manifest_;
    JsonRows rows(name(), m, m.itemsEntry, "item", m.items, kMaxBytesPerItem);
    if (auto st =
            rows.start(zip_, itemsBound(m), std::to_string(m.items) + " items, as the manifest declares");
        !st)
        return st;
    const int dim = m.identity.storedDim();
    auto vectors = zip_.openEntry(kVectorsEntry, vectorBytes(m),
                                  std::to_string(m.items) + " vectors of " + std::to_string(dim) + " values");
    if (!vectors)
        return vectors.error();
    std::vector<float> values(size_t(dim), 0.0f);
    std::set<std::string> contentsDone; // a content's items are together: one seen before is done
    std::string current;
    for (int64_t i = 0; i < m.items; ++i) {
        auto object = rows.next();
        if (!object)
            return object.error();
        const ArchiveFields f(rows.where(i), *object);
        auto parsed = parseItem(f);
        if (!parsed)
            return parsed.error();
        auto &[content, item] = *parsed;
        if (!contents_.count(content))
            return f.fail("content", "names content " + content.substr(0, 64) + ", which no document of " +
                                         m.documentsEntry + " has");
        if (content != current) {
            if (contentsDone.count(content))
                return f.fail("content", "names content " + content +
                                             " again after other content; a content's items are together");
            if (!current.empty())
                contentsDone.insert(current);
            current = content;
        }

        auto complete = (*vectors)->readExactly(reinterpret_cast<char *>(values.data()),
                                                int64_t(values.size() * sizeof(float)));
        if (!complete)
            return complete.error();
        if (!*complete)
            return makeError(name() + ": vectors.f32 does not hold " + std::to_string(m.items) +
                             " vectors of " + std::to_string(dim) + " values" + kRefused);
        const std::string vectorName =
            name() + ": vectors.f32, vector " + std::to_string(i) + " (item " + std::to_string(i) + ")";
        double norm = 0;
        for (int k = 0; k < dim; ++k) {
            const float v = values[size_t(k)];
            if (!std::isfinite(v))
                return makeError(vectorName + ": value " + std::to_string(k) + " is NaN or infinity" +
                                 kRefused);
            norm += double(v) * double(v);
        }
        if (m.identity.normalized && std::abs(std::sqrt(norm) - 1.0) > kUnitNormTolerance)
            return makeError(vectorName + " has the length " + std::to_string(std::sqrt(norm)) +
                             ", but the space stores unit vectors" + kRefused);
        item.vector = values;
        if (auto st = visit(content, std::move(item)); !st)
            return st;
    }
    if (auto st = rows.finish(m); !st)
        return st;
    return checkEntrySum(**vectors, name(), m, true);
}

} // namespace cortex::service
