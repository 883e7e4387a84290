// The Hugging Face cache as Python's huggingface_hub leaves it (built here by hand, no server at all):
// which models findModels() sees, whether they are complete and why not, and where HubEnvironment looks.

#include "hub/hub_cache.h"
#include "hub/hub_environment.h"
#include "hub/known_models.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>

#include <filesystem>
#include <map>
#include <optional>

using namespace cortex::hub;

namespace {

QString commitOf(const char *seed)
{
    return QString::fromLatin1(QCryptographicHash::hash(seed, QCryptographicHash::Sha1).toHex());
}

QString sha256Hex(const QByteArray &content)
{
    return QString::fromLatin1(QCryptographicHash::hash(content, QCryptographicHash::Sha256).toHex());
}

QString gitBlobSha1(const QByteArray &content)
{
    QCryptographicHash hash(QCryptographicHash::Sha1);
    const QByteArray header = "blob " + QByteArray::number(content.size()) + '\0';
    hash.addData(header);
    hash.addData(content);
    return QString::fromLatin1(hash.result().toHex());
}

bool writeFile(const QString &path, const QByteArray &content)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(content) == content.size();
}

struct CachedFile {
    QByteArray content;
    bool lfs = false;
};

// Lays a snapshot out as huggingface_hub does: blobs named by the etag (SHA-256 for LFS files, the git
// blob SHA-1 otherwise), snapshots/<commit>/<file> as relative links into ../../blobs, refs/<name>
// holding the commit without a newline. Returns the blob path of each file.
std::map<QString, QString> writeHubSnapshot(const QString &cacheDir, const QString &repoId,
                                            const QString &commit, const std::map<QString, CachedFile> &files,
                                            const QStringList &refs)
{
    const QString repoDir = cacheDir + QLatin1Char('/') + QStringLiteral("models--") +
                            QString(repoId).replace(QLatin1Char('/'), QStringLiteral("--"));
    std::map<QString, QString> blobs;
    for (const auto &[name, file] : files) {
        const QString etag = file.lfs ? sha256Hex(file.content) : gitBlobSha1(file.content);
        const QString blob = repoDir + QStringLiteral("/blobs/") + etag;
        writeFile(blob, file.content);
        const QString link = repoDir + QStringLiteral("/snapshots/") + commit + QLatin1Char('/') + name;
        QDir().mkpath(QFileInfo(link).absolutePath());
        const QString target = QDir(QFileInfo(link).absolutePath()).relativeFilePath(blob);
        std::filesystem::create_symlink(target.toStdString(), link.toStdString());
        blobs[name] = blob;
    }
    for (const QString &ref : refs)
        writeFile(repoDir + QStringLiteral("/refs/") + ref, commit.toLatin1());
    return blobs;
}

QByteArray configJson()
{
    return R"({"architectures": ["Qwen3VLForConditionalGeneration"], "model_type": "qwen3_vl"})";
}

std::map<QString, CachedFile> commonFiles()
{
    return {{QStringLiteral("config.json"), {configJson(), false}},
            {QStringLiteral("tokenizer.json"), {QByteArray(R"({"model": {"type": "BPE"}})"), false}},
            {QStringLiteral("tokenizer_config.json"), {QByteArray("{}"), false}},
            {QStringLiteral("preprocessor_config.json"), {QByteArray(R"({"patch_size": 16})"), false}}};
}

QByteArray shardIndex()
{
    return R"({"metadata": {"total_size": 4096}, "weight_map": {
        "model.language_model.embed_tokens.weight": "model-00001-of-00002.safetensors",
        "model.language_model.norm.weight": "model-00002-of-00002.safetensors",
        "lm_head.weight": "model-00002-of-00002.safetensors"}})";
}

qint64 sumOfSizes(const std::map<QString, QString> &blobs)
{
    qint64 total = 0;
    for (const auto &[name, blob] : blobs)
        total += QFileInfo(blob).size();
    return total;
}

QStringList sorted(QStringList list)
{
    list.sort();
    return list;
}

QString describe(const std::vector<FoundModel> &models)
{
    QStringList lines;
    for (const FoundModel &m : models) {
        lines.append(QStringLiteral("%1 [%2] %3 complete=%4 missing=%5")
                         .arg(m.repoId, m.source, m.path,
                              m.complete ? QStringLiteral("yes") : QStringLiteral("no"),
                              m.missingFiles.join(QLatin1Char(','))));
    }
    return lines.join(QLatin1Char('\n'));
}

const FoundModel *findByRepo(const std::vector<FoundModel> &models, const QString &repoId)
{
    for (const FoundModel &m : models) {
        if (m.repoId == repoId)
            return &m;
    }
    return nullptr;
}

const char *const kEnvVars[] = {"HOME",
                                "XDG_CACHE_HOME",
                                "HF_HOME",
                                "HF_HUB_CACHE",
                                "HF_ENDPOINT",
                                "HF_TOKEN",
                                "HF_TOKEN_PATH",
                                "HUGGING_FACE_HUB_TOKEN",
                                "HUGGINGFACE_HUB_CACHE"};

} // namespace

class TestHubCache : public QObject {
    Q_OBJECT

    QTemporaryDir tmp_;
    QString cache_;   // a hub cache
    QString folders_; // plain model folders
    QString commitE2B_, commitR8B_, commitE8B_, commitBert_;
    std::map<QString, QString> blobsE2B_, blobsR8B_, blobsE8B_;
    qint64 plainRerankerSize_ = 0;

private slots:
    void initTestCase()
    {
        QVERIFY(tmp_.isValid());
        cache_ = tmp_.filePath(QStringLiteral("hub"));
        folders_ = tmp_.filePath(QStringLiteral("models"));

        // Complete, one weights file, two refs on the same commit.
        commitE2B_ = commitOf("e2b");
        auto e2b = commonFiles();
        e2b[QStringLiteral("model.safetensors")] = {QByteArray(3000, 'w'), true};
        blobsE2B_ = writeHubSnapshot(cache_, QStringLiteral("Qwen/Qwen3-VL-Embedding-2B"), commitE2B_, e2b,
                                     {QStringLiteral("main"), QStringLiteral("v1.0")});

        // Complete, sharded.
        commitR8B_ = commitOf("r8b");
        auto r8b = commonFiles();
        r8b[QStringLiteral("model.safetensors.index.json")] = {shardIndex(), false};
        r8b[QStringLiteral("model-00001-of-00002.safetensors")] = {QByteArray(2000, '1'), true};
        r8b[QStringLiteral("model-00002-of-00002.safetensors")] = {QByteArray(2500, '2'), true};
        blobsR8B_ = writeHubSnapshot(cache_, QStringLiteral("Qwen/Qwen3-VL-Reranker-8B"), commitR8B_, r8b,
                                     {QStringLiteral("main")});

        // Sharded, the second shard's blob deleted (a cache cleaner ran): its link dangles.
        commitE8B_ = commitOf("e8b");
        auto e8b = commonFiles();
        e8b[QStringLiteral("model.safetensors.index.json")] = {shardIndex(), false};
        e8b[QStringLiteral("model-00001-of-00002.safetensors")] = {QByteArray(2100, 'a'), true};
        e8b[QStringLiteral("model-00002-of-00002.safetensors")] = {QByteArray(2600, 'b'), true};
        blobsE8B_ = writeHubSnapshot(cache_, QStringLiteral("Qwen/Qwen3-VL-Embedding-8B"), commitE8B_, e8b,
                                     {QStringLiteral("main")});
        QVERIFY(QFile::remove(blobsE8B_[QStringLiteral("model-00002-of-00002.safetensors")]));
        blobsE8B_.erase(QStringLiteral("model-00002-of-00002.safetensors"));

        // Not a Qwen3-VL model: skipped unless includeAll.
        commitBert_ = commitOf("bert");
        auto bert = commonFiles();
        bert[QStringLiteral("model.safetensors")] = {QByteArray(1000, 'x'), true};
        writeHubSnapshot(cache_, QStringLiteral("google-bert/bert-base-uncased"), commitBert_, bert,
                         {QStringLiteral("main")});

        // Plain folders: one complete copy, one with nothing but config.json.
        const QString reranker2B = folders_ + QStringLiteral("/Qwen3-VL-Reranker-2B");
        auto plain = commonFiles();
        plain[QStringLiteral("model.safetensors")] = {QByteArray(1234, 'p'), true};
        for (const auto &[name, file] : plain) {
            QVERIFY(writeFile(reranker2B + QLatin1Char('/') + name, file.content));
            plainRerankerSize_ += file.content.size();
        }
        QVERIFY(
            writeFile(folders_ + QStringLiteral("/Qwen3-VL-Embedding-2B-partial/config.json"), configJson()));
    }

    void folderNames()
    {
        QCOMPARE(repoFolderName(QStringLiteral("Qwen/Qwen3-VL-Embedding-2B")),
                 QStringLiteral("models--Qwen--Qwen3-VL-Embedding-2B"));
        QCOMPARE(repoIdFromFolderName(QStringLiteral("models--Qwen--Qwen3-VL-Embedding-2B")),
                 QStringLiteral("Qwen/Qwen3-VL-Embedding-2B"));
        QCOMPARE(repoIdFromFolderName(QStringLiteral("models--google-bert--bert-base-uncased")),
                 QStringLiteral("google-bert/bert-base-uncased"));
        QCOMPARE(repoIdFromFolderName(QStringLiteral("Qwen3-VL-Embedding-2B")), QString());
        QCOMPARE(repoIdFromFolderName(QStringLiteral("datasets--Qwen--something")), QString());

        const RepoPaths paths = repoPaths(QStringLiteral("/c"), QStringLiteral("Qwen/Qwen3-VL-Embedding-2B"));
        QCOMPARE(QDir::cleanPath(paths.repoDir), QStringLiteral("/c/models--Qwen--Qwen3-VL-Embedding-2B"));
        QCOMPARE(QDir::cleanPath(paths.blob(QStringLiteral("abc"))),
                 QStringLiteral("/c/models--Qwen--Qwen3-VL-Embedding-2B/blobs/abc"));
        QCOMPARE(QDir::cleanPath(paths.incompleteBlob(QStringLiteral("abc"))),
                 QStringLiteral("/c/models--Qwen--Qwen3-VL-Embedding-2B/blobs/abc.incomplete"));
        QCOMPARE(QDir::cleanPath(paths.ref(QStringLiteral("main"))),
                 QStringLiteral("/c/models--Qwen--Qwen3-VL-Embedding-2B/refs/main"));
        QCOMPARE(QDir::cleanPath(paths.snapshotDir(commitE2B_)),
                 QStringLiteral("/c/models--Qwen--Qwen3-VL-Embedding-2B/snapshots/") + commitE2B_);
        QCOMPARE(QDir::cleanPath(paths.lock(QStringLiteral("abc"))),
                 QStringLiteral("/c/.locks/models--Qwen--Qwen3-VL-Embedding-2B/abc.lock"));
    }

    void knownNames_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("role");
        QTest::addColumn<QString>("size");
        QTest::newRow("repo id") << QStringLiteral("Qwen/Qwen3-VL-Embedding-2B") << int(ModelRole::Embedding)
                                 << QStringLiteral("2B");
        QTest::newRow("cache folder") << QStringLiteral("models--Qwen--Qwen3-VL-Reranker-8B")
                                      << int(ModelRole::Reranker) << QStringLiteral("8B");
        QTest::newRow("plain folder")
            << QStringLiteral("Qwen3-VL-Embedding-8B") << int(ModelRole::Embedding) << QStringLiteral("8B");
        QTest::newRow("other") << QStringLiteral("google-bert/bert-base-uncased") << int(ModelRole::Other)
                               << QString();
    }
    void knownNames()
    {
        QFETCH(QString, name);
        QFETCH(int, role);
        QFETCH(QString, size);
        QCOMPARE(int(roleFromName(name)), role);
        QCOMPARE(sizeFromName(name), size);
    }

    void officialModelsAreTheFour()
    {
        QCOMPARE(officialModels().size(), size_t(4));
        const auto reranker8B = officialModel(ModelRole::Reranker, QStringLiteral("8B"));
        QVERIFY(reranker8B.has_value());
        QCOMPARE(reranker8B->repoId, QStringLiteral("Qwen/Qwen3-VL-Reranker-8B"));
        QVERIFY(reranker8B->approxDownloadGb > 0);
        QVERIFY(!officialModel(ModelRole::Other, QStringLiteral("2B")).has_value());
    }

    void cachedRevision()
    {
        const QString e2b = QStringLiteral("Qwen/Qwen3-VL-Embedding-2B");
        QCOMPARE(resolveCachedRevision(cache_, e2b, QStringLiteral("main")), commitE2B_);
        QCOMPARE(resolveCachedRevision(cache_, e2b, QStringLiteral("v1.0")), commitE2B_);
        QCOMPARE(resolveCachedRevision(cache_, e2b, QStringLiteral("dev")), QString());
        const QString other = commitOf("some other commit");
        QCOMPARE(resolveCachedRevision(cache_, e2b, other), other);
        QCOMPARE(resolveCachedRevision(cache_, QStringLiteral("Qwen/Nothing"), QStringLiteral("main")),
                 QString());
    }

    void missingFiles()
    {
        // -> QString: with QT_USE_QSTRINGBUILDER the sum is a builder of temporaries.
        const auto snapshot = [this](const char *repoFolder, const QString &commit) -> QString {
            return cache_ + QLatin1Char('/') + QLatin1String(repoFolder) + QStringLiteral("/snapshots/") +
                   commit;
        };
        QCOMPARE(missingModelFiles(snapshot("models--Qwen--Qwen3-VL-Embedding-2B", commitE2B_)),
                 QStringList());
        QCOMPARE(missingModelFiles(snapshot("models--Qwen--Qwen3-VL-Reranker-8B", commitR8B_)),
                 QStringList());
        QCOMPARE(missingModelFiles(snapshot("models--Qwen--Qwen3-VL-Embedding-8B", commitE8B_)),
                 QStringList{QStringLiteral("model-00002-of-00002.safetensors")});
        QCOMPARE(missingModelFiles(folders_ + QStringLiteral("/Qwen3-VL-Reranker-2B")), QStringList());
        QCOMPARE(sorted(missingModelFiles(folders_ + QStringLiteral("/Qwen3-VL-Embedding-2B-partial"))),
                 sorted({QStringLiteral("tokenizer.json"), QStringLiteral("preprocessor_config.json"),
                         QStringLiteral("model.safetensors")}));
    }

    void findsQwenModels()
    {
        const auto models = findModels({cache_, folders_});
        const QString listing = describe(models);
        QStringList order;
        for (const FoundModel &m : models)
            order.append(m.repoId);
        // Role, then size, then repository.
        QVERIFY2(order == QStringList({QStringLiteral("Qwen/Qwen3-VL-Embedding-2B"),
                                       QStringLiteral("Qwen3-VL-Embedding-2B-partial"),
                                       QStringLiteral("Qwen/Qwen3-VL-Embedding-8B"),
                                       QStringLiteral("Qwen3-VL-Reranker-2B"),
                                       QStringLiteral("Qwen/Qwen3-VL-Reranker-8B")}),
                 qPrintable(QStringLiteral("found, in this order:\n") + listing));

        const FoundModel *e2b = findByRepo(models, QStringLiteral("Qwen/Qwen3-VL-Embedding-2B"));
        QVERIFY(e2b);
        QVERIFY2(e2b->complete, qPrintable(e2b->missingFiles.join(QLatin1Char(','))));
        QCOMPARE(e2b->missingFiles, QStringList());
        QCOMPARE(e2b->revision, commitE2B_);
        QCOMPARE(sorted(e2b->refs), sorted({QStringLiteral("main"), QStringLiteral("v1.0")}));
        QCOMPARE(QDir::cleanPath(e2b->path),
                 cache_ + QStringLiteral("/models--Qwen--Qwen3-VL-Embedding-2B/snapshots/") + commitE2B_);
        QCOMPARE(e2b->source, QStringLiteral("huggingface-cache"));
        QCOMPARE(e2b->role, ModelRole::Embedding);
        QCOMPARE(e2b->size, QStringLiteral("2B"));
        QCOMPARE(e2b->sizeOnDisk, sumOfSizes(blobsE2B_));

        const FoundModel *r8b = findByRepo(models, QStringLiteral("Qwen/Qwen3-VL-Reranker-8B"));
        QVERIFY(r8b);
        QVERIFY2(r8b->complete, qPrintable(r8b->missingFiles.join(QLatin1Char(','))));
        QCOMPARE(r8b->revision, commitR8B_);
        QCOMPARE(r8b->refs, QStringList{QStringLiteral("main")});
        QCOMPARE(r8b->role, ModelRole::Reranker);
        QCOMPARE(r8b->size, QStringLiteral("8B"));
        QCOMPARE(r8b->sizeOnDisk, sumOfSizes(blobsR8B_));

        const FoundModel *e8b = findByRepo(models, QStringLiteral("Qwen/Qwen3-VL-Embedding-8B"));
        QVERIFY(e8b);
        QVERIFY(!e8b->complete);
        QCOMPARE(e8b->missingFiles, QStringList{QStringLiteral("model-00002-of-00002.safetensors")});
        QCOMPARE(e8b->revision, commitE8B_);
        QCOMPARE(e8b->sizeOnDisk, sumOfSizes(blobsE8B_)); // the dangling link counts for nothing

        const FoundModel *plain = findByRepo(models, QStringLiteral("Qwen3-VL-Reranker-2B"));
        QVERIFY(plain);
        QVERIFY(plain->complete);
        QCOMPARE(plain->source, QStringLiteral("folder"));
        QCOMPARE(plain->revision, QString());
        QCOMPARE(QDir::cleanPath(plain->path), folders_ + QStringLiteral("/Qwen3-VL-Reranker-2B"));
        QCOMPARE(plain->role, ModelRole::Reranker);
        QCOMPARE(plain->size, QStringLiteral("2B"));
        QCOMPARE(plain->sizeOnDisk, plainRerankerSize_);

        const FoundModel *partial = findByRepo(models, QStringLiteral("Qwen3-VL-Embedding-2B-partial"));
        QVERIFY(partial);
        QVERIFY(!partial->complete);
        QVERIFY2(partial->missingFiles.contains(QStringLiteral("tokenizer.json")),
                 qPrintable(partial->missingFiles.join(QLatin1Char(','))));

        QVERIFY2(!findByRepo(models, QStringLiteral("google-bert/bert-base-uncased")), qPrintable(listing));
    }

    void includeAllListsOtherRepositories()
    {
        const auto models = findModels({cache_}, true);
        const FoundModel *bert = findByRepo(models, QStringLiteral("google-bert/bert-base-uncased"));
        QVERIFY2(bert, qPrintable(describe(models)));
        QCOMPARE(bert->role, ModelRole::Other);
        QCOMPARE(bert->size, QString());
        QCOMPARE(bert->revision, commitBert_);
        QCOMPARE(models.back().repoId, QStringLiteral("google-bert/bert-base-uncased")); // Other sorts last
    }

    void missingRootsAreNotAnError()
    {
        QVERIFY(findModels({tmp_.filePath(QStringLiteral("does-not-exist"))}).empty());
        QVERIFY(findModels({}).empty());
    }

    void environment_data()
    {
        // "$T" stands for the temporary directory; a row sets the variables it names, the rest are unset.
        // HOME is always $T/home.
        QTest::addColumn<QStringList>("variables"); // NAME=value
        QTest::addColumn<QString>("tokenFile");     // where a token file is written ("hf_file" in it)
        QTest::addColumn<QString>("endpoint");
        QTest::addColumn<QString>("token");
        QTest::addColumn<QString>("cacheDir");

        QTest::newRow("defaults") << QStringList() << QString() << QStringLiteral("https://huggingface.co")
                                  << QString() << QStringLiteral("$T/home/.cache/huggingface/hub");
        QTest::newRow("default token file")
            << QStringList() << QStringLiteral("$T/home/.cache/huggingface/token")
            << QStringLiteral("https://huggingface.co") << QStringLiteral("hf_file")
            << QStringLiteral("$T/home/.cache/huggingface/hub");
        QTest::newRow("XDG_CACHE_HOME")
            << QStringList{QStringLiteral("XDG_CACHE_HOME=$T/xdg")}
            << QStringLiteral("$T/xdg/huggingface/token") << QStringLiteral("https://huggingface.co")
            << QStringLiteral("hf_file") << QStringLiteral("$T/xdg/huggingface/hub");
        QTest::newRow("HF_HOME over XDG_CACHE_HOME")
            << QStringList{QStringLiteral("XDG_CACHE_HOME=$T/xdg"), QStringLiteral("HF_HOME=$T/hf")}
            << QStringLiteral("$T/hf/token") << QStringLiteral("https://huggingface.co")
            << QStringLiteral("hf_file") << QStringLiteral("$T/hf/hub");
        QTest::newRow("HF_HUB_CACHE over HF_HOME")
            << QStringList{QStringLiteral("HF_HOME=$T/hf"), QStringLiteral("HF_HUB_CACHE=$T/shared-cache")}
            << QString() << QStringLiteral("https://huggingface.co") << QString()
            << QStringLiteral("$T/shared-cache");
        QTest::newRow("HF_ENDPOINT, trailing slash dropped")
            << QStringList{QStringLiteral("HF_ENDPOINT=https://hf-mirror.example/")} << QString()
            << QStringLiteral("https://hf-mirror.example") << QString()
            << QStringLiteral("$T/home/.cache/huggingface/hub");
        QTest::newRow("HF_TOKEN over the token file")
            << QStringList{QStringLiteral("HF_HOME=$T/hf"), QStringLiteral("HF_TOKEN=hf_env")}
            << QStringLiteral("$T/hf/token") << QStringLiteral("https://huggingface.co")
            << QStringLiteral("hf_env") << QStringLiteral("$T/hf/hub");
        QTest::newRow("HUGGING_FACE_HUB_TOKEN")
            << QStringList{QStringLiteral("HUGGING_FACE_HUB_TOKEN=hf_legacy")} << QString()
            << QStringLiteral("https://huggingface.co") << QStringLiteral("hf_legacy")
            << QStringLiteral("$T/home/.cache/huggingface/hub");
        QTest::newRow("HF_TOKEN over HUGGING_FACE_HUB_TOKEN")
            << QStringList{QStringLiteral("HF_TOKEN=hf_env"),
                           QStringLiteral("HUGGING_FACE_HUB_TOKEN=hf_legacy")}
            << QString() << QStringLiteral("https://huggingface.co") << QStringLiteral("hf_env")
            << QStringLiteral("$T/home/.cache/huggingface/hub");
        QTest::newRow("HF_TOKEN_PATH")
            << QStringList{QStringLiteral("HF_HOME=$T/hf"),
                           QStringLiteral("HF_TOKEN_PATH=$T/secrets/hf-token")}
            << QStringLiteral("$T/secrets/hf-token") << QStringLiteral("https://huggingface.co")
            << QStringLiteral("hf_file") << QStringLiteral("$T/hf/hub");
    }
    void environment()
    {
        QFETCH(QStringList, variables);
        QFETCH(QString, tokenFile);
        QFETCH(QString, endpoint);
        QFETCH(QString, token);
        QFETCH(QString, cacheDir);

        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const auto expand = [&dir](QString s) {
            return s.replace(QStringLiteral("$T"), dir.path());
        };

        // Saved here and restored at the end of the function even when a check fails.
        std::map<QByteArray, std::optional<QByteArray>> saved;
        for (const char *name : kEnvVars)
            saved[name] = qEnvironmentVariableIsSet(name) ? std::optional(qgetenv(name)) : std::nullopt;
        const auto restore = qScopeGuard([&saved] {
            for (const auto &[name, value] : saved) {
                if (value)
                    qputenv(name.constData(), *value);
                else
                    qunsetenv(name.constData());
            }
        });

        for (const char *name : kEnvVars)
            qunsetenv(name);
        qputenv("HOME", dir.filePath(QStringLiteral("home")).toLocal8Bit());
        for (const QString &assignment : variables) {
            const qsizetype eq = assignment.indexOf(QLatin1Char('='));
            qputenv(assignment.left(eq).toLatin1().constData(), expand(assignment.mid(eq + 1)).toLocal8Bit());
        }
        if (!tokenFile.isEmpty())
            QVERIFY(
                writeFile(expand(tokenFile), "hf_file\n")); // huggingface-cli writes no newline; tolerate one

        const HubEnvironment environment = HubEnvironment::fromSystem();
        QCOMPARE(environment.endpoint, endpoint);
        QCOMPARE(environment.token, token);
        QCOMPARE(QDir::cleanPath(environment.cacheDir), QDir::cleanPath(expand(cacheDir)));
    }
};

QTEST_GUILESS_MAIN(TestHubCache)
#include "test_hub_cache.moc"
