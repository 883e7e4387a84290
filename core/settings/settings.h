#pragma once
// Every user setting, typed, with its default, in one place. Stored with QSettings (the GUI's Settings
// tab and cortex-cli read the same file); the QWEN3_VL_* environment variables override the stored
// values for the running process, and overriddenByEnvironment() says which.

#include <QSettings>
#include <QString>
#include <QStringList>

namespace cortex::settings {

struct Settings {
    bool modelsEnabled = true;                     // QWEN3_VL_ENABLED
    QString modelSize = QStringLiteral("auto");    // QWEN3_VL_MODEL_SIZE: auto, 2B, 8B
    QString embeddingModelDir;                     // --model
    QString rerankerModelDir;                      // --reranker
    int mrlDim = 0;                                // QWEN3_VL_MRL_DIM (0: full width)
    bool rerankerEnabled = true;                   // QWEN3_VL_RERANKER_ENABLED
    QString rerankerSize = QStringLiteral("auto"); // QWEN3_VL_RERANKER_SIZE
    int rerankerTopK = 5;                          // QWEN3_VL_RERANKER_TOP_K
    int rerankerCandidates = 20;                   // QWEN3_VL_RERANKER_CANDIDATES
    int embedBatchSize = 8;                        // QWEN3_VL_EMBED_BATCH_SIZE
    int rerankBatchSize = 8;                       // QWEN3_VL_RERANK_BATCH_SIZE
    QString device = QStringLiteral("auto");       // auto, cuda, cpu
    // auto, float32, bfloat16, int8 (auto: bf16 on a GPU or a CPU with native bf16)
    QString dtype = QStringLiteral("auto");
    int chunkTokens = 512;
    int chunkOverlap = 64;
    // A video is embedded as segments of this many seconds (ingest/video_ingest.h; 1 to 3600).
    int videoSegmentSeconds = 60;
    qint64 minPixels = 4096;
    qint64 maxPixels = 1843200;
    QString libraryDir; // empty: the platform's data location
    // Two items are near-duplicates from this cosine similarity, in percent (search/near_duplicates.h).
    int nearDuplicatePercent = 97;
    // A model served by a vLLM server instead of a folder (docs/SERVING.md): its URL, served name
    // (empty: the only one served) and API key (CORTEX_MODEL_TOKEN / CORTEX_RERANKER_TOKEN go first).
    QString embeddingModelUrl;   // --model-url
    QString embeddingModelName;  // --model-name
    QString embeddingModelToken; // --model-token
    QString rerankerModelUrl;    // --reranker-url
    QString rerankerModelName;   // --reranker-name
    QString rerankerModelToken;  // --reranker-token
    // The window's library API (application/library_api.h): off by default; where it listens
    // ("HOST:PORT", as cortex-cli serve's --listen).
    bool apiEnabled = false;
    QString apiListen = QStringLiteral("127.0.0.1:8000");
};

Settings load(QSettings &store);
// Settings that hold a model server's token are written at once to a file only its owner can read
// (0600), created so before the token is written.
void save(const Settings &settings, QSettings &store);

// Applies the QWEN3_VL_* variables that are set and valid; returns the names of those applied.
// An invalid value (QWEN3_VL_RERANKER_TOP_K=abc) is ignored and reported in `problems`.
QStringList applyEnvironment(Settings &settings, QStringList *problems = nullptr);

// Cortex's data folder: the platform's data location and the application's name
// (~/.local/share/Cortex on Linux; needs the application name set). The default library and the
// models Cortex downloads itself live here.
QString dataDir();

// The default library folder: dataDir()/library.
QString defaultLibraryDir();

// Versions before 0.2 kept their data one level deeper, in QStandardPaths::AppDataLocation, which is
// <data>/<organisation>/<application>: ~/.local/share/Cortex/Cortex, since both names are "Cortex".
// Moves that folder's library/ and models/ to dataDir() when dataDir() has none yet (a rename: nothing
// is copied, an open library keeps working), and removes the old folder when it is left empty. Returns
// one sentence per folder moved or left where it was (and why), for the user to read.
QStringList migrateLegacyDataDir();

} // namespace cortex::settings
