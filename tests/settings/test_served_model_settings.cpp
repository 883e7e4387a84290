// The served models' settings (docs/SERVING.md) survive save and load, and are empty by default (a
// model on this computer).

#include "settings/settings.h"

#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using namespace cortex;

class TestServedModelSettings : public QObject {
    Q_OBJECT

private slots:
    void emptyByDefault()
    {
        QTemporaryDir dir;
        QSettings stored(dir.filePath(QStringLiteral("empty.conf")), QSettings::IniFormat);
        const settings::Settings loaded = settings::load(stored);
        QVERIFY(loaded.embeddingModelUrl.isEmpty());
        QVERIFY(loaded.rerankerModelUrl.isEmpty());
        QVERIFY(loaded.embeddingModelToken.isEmpty());
    }

    void roundTrip()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("cortex.conf"));
        settings::Settings written;
        written.embeddingModelUrl = QStringLiteral("http://gpu:8000/v1");
        written.embeddingModelName = QStringLiteral("Qwen/Qwen3-VL-Embedding-2B");
        written.embeddingModelToken = QStringLiteral("t0ken=with;odd,chars");
        written.rerankerModelUrl = QStringLiteral("https://gpu:8001");
        written.rerankerModelName = QStringLiteral("Qwen/Qwen3-VL-Reranker-2B");
        written.rerankerModelToken = QStringLiteral("other");
        {
            QSettings stored(file, QSettings::IniFormat);
            settings::save(written, stored);
        }
        QSettings stored(file, QSettings::IniFormat);
        const settings::Settings loaded = settings::load(stored);
        QCOMPARE(loaded.embeddingModelUrl, written.embeddingModelUrl);
        QCOMPARE(loaded.embeddingModelName, written.embeddingModelName);
        QCOMPARE(loaded.embeddingModelToken, written.embeddingModelToken);
        QCOMPARE(loaded.rerankerModelUrl, written.rerankerModelUrl);
        QCOMPARE(loaded.rerankerModelName, written.rerankerModelName);
        QCOMPARE(loaded.rerankerModelToken, written.rerankerModelToken);
    }
};

QTEST_GUILESS_MAIN(TestServedModelSettings)
#include "test_served_model_settings.moc"
