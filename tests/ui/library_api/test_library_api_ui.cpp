// The Settings tab's "Library API" group, driven by objectName under the offscreen platform: the switch
// is off by default and nothing listens; turning it on serves at once and shows the address and a token;
// the choice survives a restart; "New token" asks first, then shows another token; an address other
// computers reach shows a warning; turning it off stops serving (the port refuses connections).

#include "application/library_api.h"
#include "ui/shell/app_controller.h"
#include "ui/shell/main_window.h"
#include "ui/window_fixture.h"

#include <QApplication>
#include <QCheckBox>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace cortex;
using cortex::testing::find;

namespace {

constexpr int kTimeout = 60000;

// Whether a connection to 127.0.0.1:`port` is accepted (bounded wait for the answer either way).
bool accepts(quint16 port)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    return socket.waitForConnected(10000);
}

} // namespace

class LibraryApiUiTest : public QObject {
    Q_OBJECT
private:
    QTemporaryDir config_;
    std::unique_ptr<QTemporaryDir> work_;

    void writeSettings(const QString &listen)
    {
        settings::Settings s = testing::tinyWindowSettings(work_->path());
        s.apiListen = listen;
        testing::replaceSettings(s);
        QSettings().remove(QStringLiteral("api/enabled")); // as a first start has it: the default decides
    }

    struct Window {
        ui::AppController controller;
        ui::MainWindow window{&controller};
        Window()
        {
            window.resize(1280, 800);
            window.show();
            controller.start();
            window.tabs()->setCurrentIndex(ui::MainWindow::SettingsTab);
        }
    };

private slots:
    void initTestCase()
    {
        QVERIFY(config_.isValid());
        testing::isolateWindowSettings(config_.path(), QStringLiteral("CortexLibraryApiTest"),
                                       {"QWEN3_VL_ENABLED"});
    }

    void init()
    {
        work_ = std::make_unique<QTemporaryDir>();
        QVERIFY(work_->isValid());
        writeSettings(QStringLiteral("127.0.0.1:0")); // any free port: tests run side by side
    }

    void offByDefault()
    {
        Window w;
        auto *check = find<QCheckBox>(&w.window, "libraryApiCheck");
        QVERIFY(check->isVisibleTo(&w.window));
        QVERIFY(!check->isChecked());
        QVERIFY(!w.controller.libraryApi().isServing());
        QVERIFY(find<QLineEdit>(&w.window, "libraryApiAddressEdit")->text().isEmpty());
        QVERIFY(find<QLineEdit>(&w.window, "libraryApiTokenEdit")->text().isEmpty());
        QVERIFY(find<QLabel>(&w.window, "libraryApiStatusLabel")->text().startsWith(QStringLiteral("Off")));
        QVERIFY(!find<QLabel>(&w.window, "libraryApiWarningLabel")->isVisibleTo(&w.window));
    }

    void onServesAtOnceAndOffStops()
    {
        quint16 port = 0;
        QString token;
        {
            Window w;
            auto *check = find<QCheckBox>(&w.window, "libraryApiCheck");
            check->click();
            QVERIFY(check->isChecked());
            QVERIFY(w.controller.libraryApi().isServing());
            const QString address = find<QLineEdit>(&w.window, "libraryApiAddressEdit")->text();
            QVERIFY2(address.startsWith(QStringLiteral("http://127.0.0.1:")) &&
                         address.endsWith(QStringLiteral("/v1/search")),
                     qPrintable(address));
            token = find<QLineEdit>(&w.window, "libraryApiTokenEdit")->text();
            QVERIFY(!token.isEmpty());
            QVERIFY(find<QLineEdit>(&w.window, "libraryApiTokenEdit")->isReadOnly());
            QVERIFY(find<QLabel>(&w.window, "libraryApiStatusLabel")->text().contains(address));
            port = w.controller.libraryApi().port();
            QVERIFY(accepts(port));
            // The switch is applied at once: nothing waits for Apply.
            QVERIFY(!find<QPushButton>(&w.window, "settingsApplyButton")->isEnabled());
            QCOMPARE(QSettings().value(QStringLiteral("api/enabled")).toBool(), true);
        }
        // Closed with the window; on again after a restart, with the same token.
        QVERIFY(!accepts(port));
        Window again;
        auto *check = find<QCheckBox>(&again.window, "libraryApiCheck");
        QVERIFY(check->isChecked());
        QVERIFY(again.controller.libraryApi().isServing());
        QCOMPARE(find<QLineEdit>(&again.window, "libraryApiTokenEdit")->text(), token);
        port = again.controller.libraryApi().port();
        QVERIFY(accepts(port));

        check->click();
        QVERIFY(!again.controller.libraryApi().isServing());
        QVERIFY(find<QLineEdit>(&again.window, "libraryApiAddressEdit")->text().isEmpty());
        QVERIFY(!accepts(port));
        QCOMPARE(QSettings().value(QStringLiteral("api/enabled")).toBool(), false);
    }

    void aNewTokenIsAskedForFirst()
    {
        Window w;
        find<QCheckBox>(&w.window, "libraryApiCheck")->click();
        auto *tokenEdit = find<QLineEdit>(&w.window, "libraryApiTokenEdit");
        const QString before = tokenEdit->text();
        QVERIFY(!before.isEmpty());
        find<QPushButton>(&w.window, "libraryApiNewTokenButton")->click();
        QMessageBox *ask = nullptr;
        QTRY_VERIFY((ask = w.window.findChild<QMessageBox *>(QStringLiteral("libraryApiNewTokenDialog"))));
        ask->button(QMessageBox::Cancel)->click(); // cancelled: the token stays
        QCOMPARE(tokenEdit->text(), before);
        find<QPushButton>(&w.window, "libraryApiNewTokenButton")->click();
        QTRY_VERIFY((ask = w.window.findChild<QMessageBox *>(QStringLiteral("libraryApiNewTokenDialog"))) &&
                    ask->isVisible());
        find<QPushButton>(ask, "libraryApiReplaceTokenButton")->click();
        QTRY_VERIFY(!tokenEdit->text().isEmpty() && tokenEdit->text() != before);
        QCOMPARE(QString::fromLatin1(w.controller.libraryApi().token()), tokenEdit->text());
    }

    void anAddressOthersReachIsWarnedAbout()
    {
        writeSettings(QStringLiteral("0.0.0.0:0"));
        Window w;
        find<QCheckBox>(&w.window, "libraryApiCheck")->click();
        QVERIFY(w.controller.libraryApi().isServing());
        QVERIFY(w.controller.libraryApi().isReachableFromOtherComputers());
        QVERIFY(find<QLabel>(&w.window, "libraryApiWarningLabel")->isVisibleTo(&w.window));
    }

    void aBadAddressIsRefusedBeforeApply()
    {
        Window w;
        find<QLineEdit>(&w.window, "apiListenEdit")->setText(QStringLiteral("nowhere:80"));
        find<QPushButton>(&w.window, "settingsApplyButton")->click();
        auto *error = find<QLabel>(&w.window, "settingsErrorLabel");
        QVERIFY2(error->text().contains(QStringLiteral("nowhere")), qPrintable(error->text()));
        QCOMPARE(w.controller.storedSettings().apiListen, QStringLiteral("127.0.0.1:0"));
    }

    void theGroupFitsTheSmallestWindow()
    {
        Window w;
        find<QCheckBox>(&w.window, "libraryApiCheck")->click();
        w.window.resize(ui::MainWindow::kMinimumWindowSize);
        QCoreApplication::processEvents();
        for (const char *name : {"libraryApiCopyButton", "libraryApiNewTokenButton"}) {
            auto *button = find<QPushButton>(&w.window, name);
            QVERIFY2(button->isVisibleTo(&w.window) && button->width() >= button->minimumSizeHint().width(),
                     name);
        }
    }
};

QTEST_MAIN(LibraryApiUiTest)
#include "test_library_api_ui.moc"
