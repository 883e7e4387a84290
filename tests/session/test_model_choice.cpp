// The automatic model choice follows the VRAM table of the design card, row by row and at each edge.

#include "model/nn/device.h"
#include "session/load_fallback.h"
#include "session/model_choice.h"

#include <QCoreApplication>
#include <QTest>

using namespace cortex::session;

class TestModelChoice : public QObject {
    Q_OBJECT
private slots:
    void table_data()
    {
        QTest::addColumn<bool>("gpu");
        QTest::addColumn<double>("freeGB");
        QTest::addColumn<QString>("embedding");
        QTest::addColumn<QString>("reranker");
        QTest::addColumn<bool>("onDemand");
        QTest::addColumn<bool>("onGpu");
        QTest::newRow("80 GB") << true << 80.0 << "8B"
                               << "8B" << false << true;
        QTest::newRow("40 GB edge") << true << 40.0 << "8B"
                                    << "8B" << false << true;
        QTest::newRow("39.9 GB") << true << 39.9 << "8B"
                                 << "2B" << false << true;
        QTest::newRow("24 GB edge") << true << 24.0 << "8B"
                                    << "2B" << false << true;
        QTest::newRow("23.9 GB") << true << 23.9 << "8B"
                                 << "2B" << true << true;
        QTest::newRow("16 GB edge") << true << 16.0 << "8B"
                                    << "2B" << true << true;
        QTest::newRow("12 GB") << true << 12.0 << "2B"
                               << "2B" << false << true;
        QTest::newRow("10 GB edge") << true << 10.0 << "2B"
                                    << "2B" << false << true;
        QTest::newRow("8 GB") << true << 8.0 << "2B"
                              << "" << false << true;
        QTest::newRow("6 GB edge") << true << 6.0 << "2B"
                                   << "" << false << true;
        QTest::newRow("4 GB") << true << 4.0 << "2B"
                              << "" << false << false;
        QTest::newRow("no GPU") << false << 0.0 << "2B"
                                << "" << false << false;
    }
    void table()
    {
        QFETCH(bool, gpu);
        QFETCH(double, freeGB);
        QFETCH(QString, embedding);
        QFETCH(QString, reranker);
        QFETCH(bool, onDemand);
        QFETCH(bool, onGpu);
        GpuInfo info;
        info.available = gpu;
        info.name = QStringLiteral("Test GPU");
        info.freeBytes = int64_t(freeGB * 1e9);
        info.totalBytes = int64_t(80e9);
        const auto choice = chooseModels(info);
        QCOMPARE(choice.embeddingSize, embedding);
        QCOMPARE(choice.rerankerSize, reranker);
        QCOMPARE(choice.rerankerOnDemand, onDemand);
        QCOMPARE(choice.onGpu, onGpu);
        // Advice, not a statement about what is loaded (the sidebar shows that separately).
        QVERIFY2(choice.reason.startsWith(QStringLiteral("Recommended")), qPrintable(choice.reason));
        QVERIFY2(choice.reason.contains(reranker.isEmpty() ? QStringLiteral("no reranker")
                                                           : reranker + QStringLiteral(" reranker")),
                 qPrintable(choice.reason));
    }
    void loadFallsBackToTheCpu()
    {
        cortex::model::EngineOptions gpu;
        gpu.device = cortex::model::DevicePreference::Auto;
        gpu.dtype = cortex::model::DTypePreference::BFloat16;
        gpu.batchSize = 16;
        const auto attempts = loadAttempts(gpu);
        QCOMPARE(attempts.size(), size_t(2));
        QVERIFY(attempts[0].notice.empty());
        QVERIFY(attempts[0].options.dtype == cortex::model::DTypePreference::BFloat16);
        QVERIFY(attempts[1].options.device == cortex::model::DevicePreference::Cpu);
        QVERIFY(attempts[1].options.dtype == cortex::model::DTypePreference::Auto);
        QCOMPARE(attempts[1].options.batchSize, 16);
        QVERIFY(QString::fromStdString(attempts[1].notice).contains(QStringLiteral("CPU")));
        // Already on the CPU: nothing to fall back to.
        cortex::model::EngineOptions cpu;
        cpu.device = cortex::model::DevicePreference::Cpu;
        QCOMPARE(loadAttempts(cpu).size(), size_t(1));
        // Only resource problems are retried elsewhere.
        // Only resource problems are retried elsewhere, decided by the error's kind, not its words.
        using cortex::ErrorKind;
        QVERIFY(isResourceError(
            cortex::makeError("CUDA out of memory. Tried to allocate 2.00 GiB", ErrorKind::OutOfMemory)));
        QVERIFY(isResourceError(cortex::makeError("a GPU failure", ErrorKind::Device)));
        QVERIFY(!isResourceError(cortex::makeError(
            "model.safetensors: the header says 40 bytes but the file has 12", ErrorKind::Corrupt)));
        // A folder whose path holds "cuda" or "out of memory" is just a folder.
        QVERIFY(!isResourceError(cortex::makeError("/models/cuda-models/out of memory/x: config.json is "
                                                   "missing or unreadable (not a model folder)")));
        // Where the errors come from: no CUDA device is a Device error (the Debian libtorch has none).
        auto noCuda = cortex::model::resolveComputeTarget(cortex::model::DevicePreference::Cuda,
                                                          cortex::model::DTypePreference::Auto);
        QVERIFY(!noCuda.ok());
        QVERIFY(isResourceError(noCuda.error()));
    }

    void thisMachineHasNoGpu()
    {
        // The Debian libtorch is CPU-only: detection says so instead of failing.
        QVERIFY(!detectGpu().available);
    }
};

QTEST_MAIN(TestModelChoice)
#include "test_model_choice.moc"
