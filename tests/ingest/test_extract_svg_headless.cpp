// An SVG in a process that has only a QCoreApplication (no QGuiApplication, so no font database): refused
// with that reason, never rendered (Qt's font database aborts such a process), while its sanitising
// needs no application at all.

#include "ingest/extract/extractor.h"
#include "ingest/extract/svg_extractor.h"

#include "ingest_test_support.h"

#include <QCoreApplication>
#include <QGuiApplication>
#include <QTemporaryDir>
#include <QTest>

using namespace cortex::ingest;

class TestExtractSvgHeadless : public QObject {
    Q_OBJECT

private slots:
    void refusedWithoutAGuiApplication()
    {
        QVERIFY(QCoreApplication::instance());
        QVERIFY(!qobject_cast<QGuiApplication *>(QCoreApplication::instance()));
        QTemporaryDir dir;
        const QString path = cortex::test::writeFile(
            dir.filePath(QStringLiteral("label.svg")),
            "<svg xmlns='http://www.w3.org/2000/svg' width='200' height='80'><text x='10' y='40' "
            "font-family='sans-serif' font-size='24'>hello fonts</text></svg>");
        auto document = extractFile(path);
        QVERIFY(!document);
        QCOMPARE(
            QString::fromStdString(document.error().message),
            QStringLiteral("label.svg: rendering an SVG needs a graphical Qt application for its fonts, and "
                           "this process has only a QCoreApplication"));
        QVERIFY(!loadItemImage(path, QStringLiteral("svg"), cortex::ItemKind::Image, -1, QString()));

        auto clean = detail::sanitizeSvg(cortex::test::readFile(path), {});
        QVERIFY(clean);
        QCOMPARE(clean->text, QStringLiteral("hello fonts"));
    }
};

QTEST_GUILESS_MAIN(TestExtractSvgHeadless)
#include "test_extract_svg_headless.moc"
