// The automatic model choice follows the VRAM table of the design card, row by row and at each edge.

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
        QVERIFY(!choice.reason.isEmpty());
    }
    void thisMachineHasNoGpu()
    {
        // The Debian libtorch is CPU-only: detection says so instead of failing.
        QVERIFY(!detectGpu().available);
    }
};

QTEST_MAIN(TestModelChoice)
#include "test_model_choice.moc"
