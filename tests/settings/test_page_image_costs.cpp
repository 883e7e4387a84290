// The cost of a rendered page learnt from ingestion: recorded per compute and size, averaged over the
// last pages, estimated for sizes not measured, and robust to a hand-edited settings file.

#include "settings/page_image_costs.h"

#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using namespace cortex::settings;

class PageImageCostsTest : public QObject {
    Q_OBJECT
private:
    QTemporaryDir dir_;

    QSettings store() const
    {
        return QSettings(dir_.filePath(QStringLiteral("costs.ini")), QSettings::IniFormat);
    }

private slots:
    void init() { QFile::remove(dir_.filePath(QStringLiteral("costs.ini"))); }

    void nothingMeasuredIsUnknown()
    {
        auto s = store();
        QVERIFY(!pageImageCost(s, QStringLiteral("cpu bfloat16"), 1280));
    }

    void aJobsFigureIsItsAveragePerPage()
    {
        auto s = store();
        recordPageImageCost(s, QStringLiteral("cpu bfloat16"), 1280, 10, 360.0);
        const auto cost = pageImageCost(s, QStringLiteral("cpu bfloat16"), 1280);
        QVERIFY(cost);
        QCOMPARE(cost->secondsPerPage, 36.0);
        QCOMPARE(cost->measuredSide, 1280);
        QCOMPARE(cost->pages, qint64(10));
        // Another compute (the GPU, another dtype) knows nothing of it.
        QVERIFY(!pageImageCost(s, QStringLiteral("cuda:0 bfloat16"), 1280));
    }

    void laterJobsAverageInAndOldPagesAgeOut()
    {
        auto s = store();
        const QString cpu = QStringLiteral("cpu int8");
        recordPageImageCost(s, cpu, 1280, 100, 100 * 40.0);
        recordPageImageCost(s, cpu, 1280, 100, 100 * 20.0);
        QCOMPARE(pageImageCost(s, cpu, 1280)->secondsPerPage, 30.0); // 100 pages of each
        QCOMPARE(pageImageCost(s, cpu, 1280)->pages, kPagesRemembered);
        // A job of kPagesRemembered pages replaces everything before it.
        recordPageImageCost(s, cpu, 1280, kPagesRemembered, double(kPagesRemembered) * 10.0);
        QCOMPARE(pageImageCost(s, cpu, 1280)->secondsPerPage, 10.0);
    }

    void anotherSizeIsEstimatedFromTheNearestMeasuredOne()
    {
        auto s = store();
        const QString cpu = QStringLiteral("cpu float32");
        recordPageImageCost(s, cpu, 1280, 4, 4 * 40.0);
        recordPageImageCost(s, cpu, 640, 4, 4 * 8.0);
        const auto large = pageImageCost(s, cpu, 1600);
        QVERIFY(large);
        QCOMPARE(large->measuredSide, 1280);
        QCOMPARE(large->secondsPerPage, 40.0 * (1600.0 / 1280.0) * (1600.0 / 1280.0));
        const auto small = pageImageCost(s, cpu, 700);
        QCOMPARE(small->measuredSide, 640);
    }

    void nonsenseIsNeitherRecordedNorRead()
    {
        auto s = store();
        const QString cpu = QStringLiteral("cpu bfloat16");
        recordPageImageCost(s, cpu, 1280, 0, 10);
        recordPageImageCost(s, cpu, 1280, 3, -1);
        recordPageImageCost(s, cpu, 1280, 3, std::numeric_limits<double>::quiet_NaN());
        recordPageImageCost(s, cpu, 0, 3, 3);
        QVERIFY(!pageImageCost(s, cpu, 1280));
        // A hand-edited file: a size that is not a number, a negative figure.
        s.setValue(QStringLiteral("pageImageCosts/cpu-bfloat16/huge/secondsPerPage"), 1.0);
        s.setValue(QStringLiteral("pageImageCosts/cpu-bfloat16/huge/pages"), 5);
        s.setValue(QStringLiteral("pageImageCosts/cpu-bfloat16/960/secondsPerPage"), -4.0);
        s.setValue(QStringLiteral("pageImageCosts/cpu-bfloat16/960/pages"), 5);
        QVERIFY(!pageImageCost(s, cpu, 1280));
        // A nonsense figure is not averaged into the next job's: that job's figure stands alone.
        recordPageImageCost(s, cpu, 960, 2, 2 * 12.0);
        const auto cost = pageImageCost(s, cpu, 960);
        QVERIFY(cost);
        QCOMPARE(cost->secondsPerPage, 12.0);
        QCOMPARE(cost->pages, qint64(2));
    }
};

QTEST_GUILESS_MAIN(PageImageCostsTest)
#include "test_page_image_costs.moc"
