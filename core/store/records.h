#pragma once
// The rows of a library database as plain values (UTF-8 std::string, times in seconds or
// nanoseconds since the epoch). No Qt here: the store is shared by the CLI, the GUI and the tests.

#include "common/item_kind.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cortex::store {

// The largest vector dimension a library accepts (a space's stored dimension, an archive's output
// dimension). Qwen3-VL-Embedding's largest hidden size is 4096; a bigger number in a database or an
// archive is damage or a crafted file, refused before anything proportional to it is allocated.
inline constexpr int kMaxVectorDim = 32768;

// What produced the vectors of an embedding space. The dimension alone never decides whether two are
// the same space; the dtype never does either (see operator==).
struct SpaceIdentity {
    std::string modelName;   // "Qwen3-VL-Embedding-2B" (the snapshot folder's repository name)
    std::string modelHash;   // SHA-256 of config.json and the weights index (or safetensors header)
    int outputDim = 0;       // the model's hidden size
    int mrlDim = 0;          // Matryoshka prefix stored (0: the full outputDim)
    std::string dtype;       // compute dtype that produced them: "float32" or "bfloat16"
    std::string instruction; // the document-side instruction
    bool normalized = true;  // L2-normalised
    // One space: the same model and weights, dimensions, instruction and normalisation. The dtype that
    // computed the vectors is recorded for information only: embeddings of one model in bfloat16 and
    // float32 agree to a cosine of 0.999 (the fixture), so a library embedded on a GPU in bfloat16 is
    // searched and extended by the CPU in float32, and the other way round.
    bool operator==(const SpaceIdentity &other) const
    {
        return modelName == other.modelName && modelHash == other.modelHash && outputDim == other.outputDim &&
               mrlDim == other.mrlDim && instruction == other.instruction && normalized == other.normalized;
    }
    // Vectors of this model and weights, whatever their dimension or dtype: what the Maintenance tab and
    // `cortex-cli inspect-db` call "compatible" with a model (migrate re-embeds the others).
    bool isOfModel(std::string_view name, std::string_view hash) const
    {
        return modelName == name && modelHash == hash;
    }
    int storedDim() const { return mrlDim > 0 ? mrlDim : outputDim; }
};

enum class SpaceState { Active, Building, Retired };
enum class VectorEncoding { Float32, Float16 };

struct SpaceInfo {
    int64_t id = 0;
    SpaceIdentity identity;
    SpaceState state = SpaceState::Active;
    VectorEncoding encoding = VectorEncoding::Float32;
    int64_t vectorCount = 0;
    uint64_t generation = 0; // bumped by every committed change of the space's vectors
    int64_t createdAt = 0;
};

struct CollectionInfo {
    int64_t id = 0;
    std::string name;
    std::vector<std::string> tags;
    int64_t documentCount = 0;
    int64_t totalBytes = 0;
    int64_t createdAt = 0;
};

enum class DocumentStatus { Indexed, Failed };

struct DocumentRecord {
    int64_t id = 0;
    std::string path; // absolute, canonical
    int64_t size = 0;
    int64_t mtimeNs = 0;
    std::string sha256; // hex; empty when the file could not be read
    std::string type;   // "text", "markdown", "pdf", "image", "svg", "docx", "pptx", "odt", "html"
    DocumentStatus status = DocumentStatus::Indexed;
    std::string error; // the reason, when Failed
    std::optional<int64_t> contentId;
    int pageCount = 0;
    int64_t addedAt = 0;
    int64_t updatedAt = 0;
};

// One searchable unit. Items belong to a content (a unique SHA-256), so identical files share them.
struct ItemRecord {
    int64_t id = 0;
    int64_t contentId = 0;
    ItemKind kind = ItemKind::Text;
    int page = -1;                     // PDF page or slide, 0-based (VideoSegment: its index); -1 when none
    int position = 0;                  // order in the document
    std::string text;                  // a text chunk, or a PDF page's text (may be empty)
    std::string sourceRef;             // Image: the file name or its name inside the document
    std::vector<uint8_t> thumbnailPng; // Image and PdfPage; VideoSegment: its middle frame
    // VideoSegment (schema version 9): the segment's time range in the file, in seconds, and a strip of
    // a few of its frames side by side (what the result card shows); -1 and empty for other kinds.
    double startSeconds = -1;
    double endSeconds = -1;
    std::vector<uint8_t> frameStripPng;
};

struct NewItem {
    ItemKind kind = ItemKind::Text;
    int page = -1;
    int position = 0;
    std::string text;
    std::string sourceRef;
    std::vector<uint8_t> thumbnailPng;
    double startSeconds = -1; // VideoSegment: as ItemRecord
    double endSeconds = -1;
    std::vector<uint8_t> frameStripPng;
    std::vector<float> vector; // already normalised, storedDim() values
};

// A content just stored: its id and its items' ids, in the order given.
struct AddedContent {
    int64_t contentId = 0;
    std::vector<int64_t> itemIds;
};

// The embedded part of a file still in progress (schema version 6): what a job saved at its last
// checkpoint inside the file, so that a resume continues there. `state` is the ingester's own note of
// where it stopped (JSON); the store keeps it as given.
struct FileProgress {
    std::string sha256; // the file's content when the items were made
    int64_t spaceId = 0;
    std::string state;
    std::vector<NewItem> items; // in the order they were saved
};

// A page image a job's first pass left for its second (schema version 7): rendered and embedded later,
// least text first. `position` is the place its item takes among the content's items.
struct DeferredImage {
    int64_t contentId = 0;
    ItemKind kind = ItemKind::PdfPage;
    int page = -1;
    int position = 0;
    int64_t textChars = 0; // the page's text, in characters (what orders the second pass)
    int longSide = 0;      // a rendered page's longer side in pixels (images: the job's page size)
    std::string sourceRef;
};

// Restricts a search. Empty fields do not restrict.
struct SearchFilter {
    std::vector<int64_t> collectionIds;
    std::vector<ItemKind> kinds;
    std::vector<std::string> documentTypes;
    std::optional<int64_t> modifiedAfter;  // document mtime, seconds
    std::optional<int64_t> modifiedBefore; // document mtime, seconds
    // The query language (search/query_language.h): a collection by name (any of them, any case), a
    // collection tag (any), parts of the path (all, any case), phrases the item's text must contain
    // (all) and words or phrases it must not (any).
    std::vector<std::string> collectionNames;
    std::vector<std::string> tags;
    std::vector<std::string> pathContains;
    std::vector<std::string> requiredPhrases;
    std::vector<std::string> excludedText;
    bool empty() const
    {
        return collectionIds.empty() && kinds.empty() && documentTypes.empty() && !modifiedAfter &&
               !modifiedBefore && collectionNames.empty() && tags.empty() && pathContains.empty() &&
               requiredPhrases.empty() && excludedText.empty();
    }
};

struct FtsHit {
    int64_t itemId = 0;
    double bm25 = 0; // SQLite's bm25(): smaller (more negative) is better
};

// An item with what a search result shows about its document.
struct ItemView {
    ItemRecord item;
    int64_t documentId = 0;
    std::string documentPath; // one document holding the content (the first by id)
    std::string documentType;
    int64_t documentMtimeNs = 0;
};

enum class JobState { Queued, Running, Paused, Cancelled, Finished, Failed };
enum class JobFileState { Pending, Done, Skipped, Failed };

// The kind of job recorded by an ingestion (and a rescan, which runs one per folder).
inline constexpr const char *kIngestJobKind = "ingest";

struct JobInfo {
    int64_t id = 0;
    std::string kind;       // kIngestJobKind
    std::string parameters; // JSON
    JobState state = JobState::Queued;
    int64_t totalFiles = 0;
    int64_t doneFiles = 0;
    int64_t failedFiles = 0;
    int64_t skippedFiles = 0;
    // The second pass (page images): embedded so far, and left (the job's rows, and rows without a job,
    // which any job's second pass takes up).
    int64_t pageImagesDone = 0;
    int64_t pageImagesLeft = 0;
    int64_t createdAt = 0;
    int64_t updatedAt = 0;
    // The time left of the pass running then, as the process running the job last estimated it (none:
    // not estimated yet), and when (seconds since the epoch; 0: never).
    std::optional<double> etaSeconds;
    int64_t etaAt = 0;
};

struct JobFile {
    int64_t jobId = 0;
    std::string path;
    JobFileState state = JobFileState::Pending;
    std::string error;
    // Pending, and an earlier run began reading it (LibraryDb::markJobFileStarted) without finishing:
    // that run ended while it was on this file.
    bool started = false;
};

// The library's active space (a library holds one model's vectors, docs/ARCHITECTURE.md), or null when
// it has none yet: the first Active one of `spaces`.
const SpaceInfo *activeSpaceIn(const std::vector<SpaceInfo> &spaces);

std::string_view toString(SpaceState);
std::string_view toString(VectorEncoding);
std::string_view toString(DocumentStatus);
std::string_view toString(JobState);
std::string_view toString(JobFileState);

// The inverse of toString (the words stored in the database); nullopt for an unknown word.
std::optional<SpaceState> spaceStateFromString(std::string_view);
std::optional<VectorEncoding> vectorEncodingFromString(std::string_view);
std::optional<DocumentStatus> documentStatusFromString(std::string_view);
std::optional<JobState> jobStateFromString(std::string_view);
std::optional<JobFileState> jobFileStateFromString(std::string_view);

} // namespace cortex::store
