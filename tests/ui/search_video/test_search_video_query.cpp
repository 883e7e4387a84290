// The Search tab takes a video as the query (issue 16): a video file dropped on the query field becomes
// the query's video chip (and is read off the GUI thread: a file that is not a video says so, naming
// it), a dropped text file does not, and a click on the chip removes it. Widgets found by objectName.

#include "session/library_session.h"
#include "ui/search/search_page.h"

#include <QApplication>
#include <QDropEvent>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QMimeData>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QUrl>

using namespace cortex;

namespace {

void drop(QWidget *target, const QString &file)
{
    QMimeData mime;
    mime.setUrls({QUrl::fromLocalFile(file)});
    QDropEvent event(QPointF(5, 5), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    // Straight to the widget's event(): QApplication's drop routing needs a window a drag has entered.
    static_cast<QObject *>(target)->event(&event);
}

void write(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(bytes);
}

} // namespace

class TestSearchVideoQuery : public QObject {
    Q_OBJECT

private slots:
    void droppedVideoBecomesTheQuery()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        session::LibrarySession session;
        ui::SearchPage page(&session);
        page.show();
        auto *edit = page.findChild<QLineEdit *>(QStringLiteral("searchQueryEdit"));
        auto *chip = page.findChild<QToolButton *>(QStringLiteral("searchQueryVideoChip"));
        auto *status = page.findChild<QLabel *>(QStringLiteral("searchStatusLabel"));
        QVERIFY(edit && chip && status);
        QVERIFY(!chip->isVisible());

        // A text file is not a video: no chip.
        const QString notes = dir.filePath(QStringLiteral("notes.txt"));
        write(notes, "meeting notes\n");
        drop(edit, notes);
        QVERIFY(!chip->isVisible());
        QCOMPARE(page.queryVideo(), QString());
        edit->clear(); // the line edit took the dropped file's URL as text

        // A file named as a video becomes the chip; this one is damaged, and the search says so, naming it.
        const QString video = dir.filePath(QStringLiteral("demo clip.mkv"));
        write(video, QByteArray(4096, '\x01'));
        drop(edit, video);
        QCOMPARE(page.queryVideo(), video);
        QVERIFY(chip->isVisible());
        QVERIFY2(chip->text().contains(QStringLiteral("demo clip.mkv")), qPrintable(chip->text()));
        QVERIFY2(chip->text().contains(QStringLiteral("preview")), qPrintable(chip->text()));
        QTRY_VERIFY2_WITH_TIMEOUT(status->text().contains(QStringLiteral("demo clip.mkv")),
                                  qPrintable(status->text()), 60000);

        // A click on the chip removes the video from the query.
        QTest::mouseClick(chip, Qt::LeftButton);
        QVERIFY(!chip->isVisible());
        QCOMPARE(page.queryVideo(), QString());
    }
};

QTEST_MAIN(TestSearchVideoQuery)
#include "test_search_video_query.moc"
