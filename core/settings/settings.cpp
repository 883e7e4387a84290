#include "settings/settings.h"

#include <algorithm>

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>

namespace cortex::settings {
namespace {

bool parseBool(const QString &text, bool *ok)
{
    const QString t = text.trimmed().toLower();
    *ok = true;
    if (t == QLatin1String("1") || t == QLatin1String("true") || t == QLatin1String("yes") ||
        t == QLatin1String("on"))
        return true;
    if (t == QLatin1String("0") || t == QLatin1String("false") || t == QLatin1String("no") ||
        t == QLatin1String("off"))
        return false;
    *ok = false;
    return false;
}

// The model servers' tokens are secrets: the settings file that holds them is its owner's alone. It is
// created so, or narrowed, before they are written, and QSettings' atomic rewrite (QSaveFile) keeps an
// existing file's permissions.
void keepOwnerOnly(const QSettings &store)
{
    const QString file = store.fileName();
    if (file.isEmpty() || !QFileInfo(file).isAbsolute())
        return; // not a file (the registry on another platform)
    const QFileDevice::Permissions ownerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
    if (QFileInfo::exists(file)) {
        QFile::setPermissions(file, ownerOnly);
        return;
    }
    QDir().mkpath(QFileInfo(file).absolutePath());
    QFile created(file);
    (void)created.open(QIODevice::WriteOnly, ownerOnly);
}

bool holdsToken(const Settings &v)
{
    return !v.embeddingModelToken.isEmpty() || !v.rerankerModelToken.isEmpty();
}

} // namespace

Settings load(QSettings &s)
{
    Settings d;
    Settings out;
    out.modelsEnabled = s.value(QStringLiteral("models/enabled"), d.modelsEnabled).toBool();
    out.modelSize = s.value(QStringLiteral("models/size"), d.modelSize).toString();
    out.embeddingModelDir = s.value(QStringLiteral("models/embeddingDir"), d.embeddingModelDir).toString();
    out.rerankerModelDir = s.value(QStringLiteral("models/rerankerDir"), d.rerankerModelDir).toString();
    out.embeddingModelUrl = s.value(QStringLiteral("models/embeddingUrl")).toString();
    out.embeddingModelName = s.value(QStringLiteral("models/embeddingServedName")).toString();
    out.embeddingModelToken = s.value(QStringLiteral("models/embeddingToken")).toString();
    out.rerankerModelUrl = s.value(QStringLiteral("reranker/url")).toString();
    out.rerankerModelName = s.value(QStringLiteral("reranker/servedName")).toString();
    out.rerankerModelToken = s.value(QStringLiteral("reranker/token")).toString();
    out.mrlDim = s.value(QStringLiteral("models/mrlDim"), d.mrlDim).toInt();
    out.rerankerEnabled = s.value(QStringLiteral("reranker/enabled"), d.rerankerEnabled).toBool();
    out.rerankerSize = s.value(QStringLiteral("reranker/size"), d.rerankerSize).toString();
    out.rerankerTopK = s.value(QStringLiteral("reranker/topK"), d.rerankerTopK).toInt();
    out.rerankerCandidates = s.value(QStringLiteral("reranker/candidates"), d.rerankerCandidates).toInt();
    out.embedBatchSize = s.value(QStringLiteral("models/embedBatchSize"), d.embedBatchSize).toInt();
    out.rerankBatchSize = s.value(QStringLiteral("reranker/batchSize"), d.rerankBatchSize).toInt();
    out.device = s.value(QStringLiteral("models/device"), d.device).toString();
    out.dtype = s.value(QStringLiteral("models/dtype"), d.dtype).toString();
    out.chunkTokens = s.value(QStringLiteral("ingest/chunkTokens"), d.chunkTokens).toInt();
    out.chunkOverlap = s.value(QStringLiteral("ingest/chunkOverlap"), d.chunkOverlap).toInt();
    out.videoSegmentSeconds =
        s.value(QStringLiteral("ingest/videoSegmentSeconds"), d.videoSegmentSeconds).toInt();
    out.minPixels = s.value(QStringLiteral("images/minPixels"), d.minPixels).toLongLong();
    out.maxPixels = s.value(QStringLiteral("images/maxPixels"), d.maxPixels).toLongLong();
    out.libraryDir = s.value(QStringLiteral("library/dir"), d.libraryDir).toString();
    out.apiEnabled = s.value(QStringLiteral("api/enabled"), d.apiEnabled).toBool();
    out.apiListen = s.value(QStringLiteral("api/listen"), d.apiListen).toString();
    out.nearDuplicatePercent = std::clamp(
        s.value(QStringLiteral("search/nearDuplicatePercent"), d.nearDuplicatePercent).toInt(), 50, 100);
    return out;
}

void save(const Settings &v, QSettings &s)
{
    const bool secret = holdsToken(v);
    if (secret)
        keepOwnerOnly(s);
    s.setValue(QStringLiteral("models/enabled"), v.modelsEnabled);
    s.setValue(QStringLiteral("models/size"), v.modelSize);
    s.setValue(QStringLiteral("models/embeddingDir"), v.embeddingModelDir);
    s.setValue(QStringLiteral("models/rerankerDir"), v.rerankerModelDir);
    s.setValue(QStringLiteral("models/embeddingUrl"), v.embeddingModelUrl);
    s.setValue(QStringLiteral("models/embeddingServedName"), v.embeddingModelName);
    s.setValue(QStringLiteral("models/embeddingToken"), v.embeddingModelToken);
    s.setValue(QStringLiteral("reranker/url"), v.rerankerModelUrl);
    s.setValue(QStringLiteral("reranker/servedName"), v.rerankerModelName);
    s.setValue(QStringLiteral("reranker/token"), v.rerankerModelToken);
    s.setValue(QStringLiteral("models/mrlDim"), v.mrlDim);
    s.setValue(QStringLiteral("reranker/enabled"), v.rerankerEnabled);
    s.setValue(QStringLiteral("reranker/size"), v.rerankerSize);
    s.setValue(QStringLiteral("reranker/topK"), v.rerankerTopK);
    s.setValue(QStringLiteral("reranker/candidates"), v.rerankerCandidates);
    s.setValue(QStringLiteral("models/embedBatchSize"), v.embedBatchSize);
    s.setValue(QStringLiteral("reranker/batchSize"), v.rerankBatchSize);
    s.setValue(QStringLiteral("models/device"), v.device);
    s.setValue(QStringLiteral("models/dtype"), v.dtype);
    s.setValue(QStringLiteral("ingest/chunkTokens"), v.chunkTokens);
    s.setValue(QStringLiteral("ingest/chunkOverlap"), v.chunkOverlap);
    s.setValue(QStringLiteral("ingest/videoSegmentSeconds"), v.videoSegmentSeconds);
    s.setValue(QStringLiteral("images/minPixels"), v.minPixels);
    s.setValue(QStringLiteral("images/maxPixels"), v.maxPixels);
    s.setValue(QStringLiteral("search/nearDuplicatePercent"), v.nearDuplicatePercent);
    s.setValue(QStringLiteral("library/dir"), v.libraryDir);
    s.setValue(QStringLiteral("api/enabled"), v.apiEnabled);
    s.setValue(QStringLiteral("api/listen"), v.apiListen);
    if (secret) {
        s.sync();
        keepOwnerOnly(s);
    }
}

QStringList applyEnvironment(Settings &v, QStringList *problems)
{
    QStringList applied;
    const auto env = [](const char *name) {
        return qEnvironmentVariable(name);
    };
    const auto bad = [&](const char *name, const QString &value, const char *expected) {
        if (problems)
            *problems << QStringLiteral("%1=%2 is ignored: expected %3")
                             .arg(QLatin1String(name), value, QLatin1String(expected));
    };
    const auto boolean = [&](const char *name, bool &target) {
        if (!qEnvironmentVariableIsSet(name))
            return;
        bool ok = false;
        const bool value = parseBool(env(name), &ok);
        if (!ok)
            return bad(name, env(name), "1/0, true/false, yes/no or on/off");
        target = value;
        applied << QLatin1String(name);
    };
    const auto integer = [&](const char *name, int &target, int minimum) {
        if (!qEnvironmentVariableIsSet(name))
            return;
        bool ok = false;
        const int value = env(name).trimmed().toInt(&ok);
        if (!ok || value < minimum)
            return bad(name, env(name), minimum == 0 ? "a whole number >= 0" : "a whole number >= 1");
        target = value;
        applied << QLatin1String(name);
    };
    const auto size = [&](const char *name, QString &target) {
        if (!qEnvironmentVariableIsSet(name))
            return;
        const QString value = env(name).trimmed().toUpper();
        if (value != QLatin1String("2B") && value != QLatin1String("8B") && value != QLatin1String("AUTO"))
            return bad(name, env(name), "2B, 8B or auto");
        target = value == QLatin1String("AUTO") ? QStringLiteral("auto") : value;
        applied << QLatin1String(name);
    };
    boolean("QWEN3_VL_ENABLED", v.modelsEnabled);
    size("QWEN3_VL_MODEL_SIZE", v.modelSize);
    integer("QWEN3_VL_MRL_DIM", v.mrlDim, 0);
    boolean("QWEN3_VL_RERANKER_ENABLED", v.rerankerEnabled);
    size("QWEN3_VL_RERANKER_SIZE", v.rerankerSize);
    integer("QWEN3_VL_RERANKER_TOP_K", v.rerankerTopK, 1);
    integer("QWEN3_VL_RERANKER_CANDIDATES", v.rerankerCandidates, 1);
    integer("QWEN3_VL_EMBED_BATCH_SIZE", v.embedBatchSize, 1);
    integer("QWEN3_VL_RERANK_BATCH_SIZE", v.rerankBatchSize, 1);
    return applied;
}

QString dataDir()
{
    return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) + u'/' +
           QCoreApplication::applicationName();
}

QString defaultLibraryDir()
{
    return dataDir() + QStringLiteral("/library");
}

QStringList migrateLegacyDataDir()
{
    QStringList notes;
    const QString legacy = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    const QString current = dataDir();
    if (QDir::cleanPath(legacy) == QDir::cleanPath(current) || !QFileInfo(legacy).isDir())
        return notes;
    for (const QString &name : {QStringLiteral("library"), QStringLiteral("models")}) {
        const QString from = legacy + u'/' + name;
        const QString to = current + u'/' + name;
        if (!QFileInfo(from).isDir())
            continue;
        if (QFileInfo::exists(to)) {
            notes << QStringLiteral("%1 was left where it is: %2 exists already").arg(from, to);
            continue;
        }
        if (!QDir().mkpath(current) || !QDir().rename(from, to)) {
            notes << QStringLiteral("%1 could not be moved to %2").arg(from, to);
            continue;
        }
        notes << QStringLiteral("moved %1 to %2").arg(from, to);
    }
    QDir().rmdir(legacy); // only when empty
    return notes;
}

} // namespace cortex::settings
