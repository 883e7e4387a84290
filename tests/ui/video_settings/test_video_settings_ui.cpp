// The Settings tab's "Video segment length" (issue 16), driven by objectName under the offscreen
// platform: a spin box of whole seconds in the ingestion's range with a tooltip saying what it changes;
// Apply saves it to ingest/videoSegmentSeconds (what the next ingestion job and cortex-cli read), a new
// window shows it again, Revert forgets an edit; its label has an access key; at 640x480 it is shown
// whole once scrolled to.

#include "application/query_video.h"
#include "ui/shell/app_controller.h"
#include "ui/shell/main_window.h"

#include <QApplication>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QSettings>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace cortex;

namespace {

template <typename T> T *find(QObject *root, const char *name)
{
    auto *w = root->findChild<T *>(QLatin1String(name));
    if (!w)
        qFatal("no %s named %s", T::staticMetaObject.className(), name);
    return w;
}

// The label whose buddy is `editor` (the form row's label).
QLabel *labelOf(QWidget *root, QWidget *editor)
{
    for (auto *label : root->findChildren<QLabel *>())
        if (label->buddy() == editor)
            return label;
    return nullptr;
}

} // namespace

class VideoSettingsUiTest : public QObject {
    Q_OBJECT
private:
    QTemporaryDir config_;
    QTemporaryDir work_;

    struct Window {
        ui::AppController controller;
        ui::MainWindow window{&controller};
        explicit Window(QSize size)
        {
            window.resize(size);
            window.show();
            window.tabs()->setCurrentIndex(ui::MainWindow::SettingsTab);
        }
        QSpinBox *spin() { return find<QSpinBox>(&window, "videoSegmentSecondsSpin"); }
    };

private slots:
    void initTestCase()
    {
        QVERIFY(config_.isValid());
        QVERIFY(work_.isValid());
        Q_INIT_RESOURCE(icons);
        QStandardPaths::setTestModeEnabled(true);
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, config_.path());
        QCoreApplication::setOrganizationName(QStringLiteral("CortexTest"));
        QCoreApplication::setApplicationName(QStringLiteral("CortexVideoSettingsTest"));
        qunsetenv("QWEN3_VL_ENABLED");
    }

    void init()
    {
        settings::Settings s;
        s.modelsEnabled = false; // nothing to load: the window is never started
        s.libraryDir = work_.path() + QStringLiteral("/library");
        QSettings store;
        store.clear();
        settings::save(s, store);
    }

    void showsTheWindowInTheIngestionRange()
    {
        Window w(QSize(1280, 800));
        QSpinBox *spin = w.spin();
        QVERIFY(spin->isVisibleTo(&w.window));
        QCOMPARE(spin->value(), 60); // the default
        QCOMPARE(spin->minimum(), application::kMinVideoSegmentSeconds);
        QCOMPARE(spin->maximum(), application::kMaxVideoSegmentSeconds);
        QCOMPARE(spin->suffix(), QStringLiteral(" s"));
        QVERIFY(spin->toolTip().contains(QStringLiteral("moment")));
        QVERIFY(spin->toolTip().contains(QStringLiteral("vectors")));
        QLabel *label = labelOf(&w.window, spin);
        QVERIFY(label);
        QCOMPARE(label->text(), QStringLiteral("Vi&deo segment length:"));
    }

    void applySavesItAndANewWindowShowsIt()
    {
        {
            Window w(QSize(1280, 800));
            w.spin()->setValue(15);
            auto *apply = find<QPushButton>(&w.window, "settingsApplyButton");
            QVERIFY(apply->isEnabled());
            apply->click();
            QCOMPARE(w.controller.storedSettings().videoSegmentSeconds, 15);
        }
        QCOMPARE(QSettings().value(QLatin1String(application::kVideoSegmentSecondsKey)).toInt(), 15);
        QCOMPARE(application::videoSegmentSeconds(), 15.0); // what the next ingestion job takes
        Window again(QSize(1280, 800));
        QCOMPARE(again.spin()->value(), 15);
        // An edit not applied is forgotten by Revert, and not saved.
        again.spin()->setValue(30);
        find<QPushButton>(&again.window, "settingsRevertButton")->click();
        QCOMPARE(again.spin()->value(), 15);
        QCOMPARE(QSettings().value(QLatin1String(application::kVideoSegmentSecondsKey)).toInt(), 15);
    }

    // Typed values out of range are held to it (a window longer than an hour is refused by ingestion).
    void valuesOutOfRangeAreClamped()
    {
        Window w(QSize(1280, 800));
        w.spin()->setValue(0);
        QCOMPARE(w.spin()->value(), application::kMinVideoSegmentSeconds);
        w.spin()->setValue(100000);
        QCOMPARE(w.spin()->value(), application::kMaxVideoSegmentSeconds);
    }

    void isShownWholeAt640x480()
    {
        Window w(QSize(640, 480));
        QVERIFY(QTest::qWaitForWindowExposed(&w.window));
        QSpinBox *spin = w.spin();
        spin->setValue(application::kMaxVideoSegmentSeconds); // the widest text: "3,600 s"
        auto *scroll = find<QWidget>(&w.window, "settingsPage")->findChild<QScrollArea *>();
        QVERIFY(scroll);
        scroll->ensureWidgetVisible(spin);
        QCoreApplication::processEvents();
        QVERIFY2(spin->width() >= spin->sizeHint().width(),
                 qPrintable(QStringLiteral("%1 < %2").arg(spin->width()).arg(spin->sizeHint().width())));
        QCOMPARE(spin->visibleRegion().boundingRect(), spin->rect());
        QLabel *label = labelOf(&w.window, spin);
        QVERIFY(label);
        QVERIFY(label->width() >= label->minimumSizeHint().width());
        QCOMPARE(label->visibleRegion().boundingRect(), label->rect());
    }
};

QTEST_MAIN(VideoSettingsUiTest)
#include "test_video_settings_ui.moc"
