// The desktop application: the controller (settings, library, models) and the main window.
//
// --screenshot FILE (hidden, for the documentation and layout checks): grabs the window once the event
// loop has run for a moment, writes FILE (PNG) and quits; --size WxH sets the window size first, --tab N
// the tab, --dark a dark palette.

#include "settings/settings.h"
#include "ui/common/icons.h"
#include "ui/search/search_page.h"
#include "ui/shell/app_controller.h"
#include "ui/shell/main_window.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QFileInfo>
#include <QLibraryInfo>
#include <QLineEdit>
#include <QLocale>
#include <QPalette>
#include <QPixmap>
#include <QTabWidget>
#include <QTimer>
#include <QTranslator>

#include <cstdio>
#include <memory>

namespace {

// The application's translation for the system locale (":/i18n/cortex_de.qm"), when one is built in,
// and Qt's own (dialog buttons) from the system.
void installTranslators(QApplication &app)
{
    auto *own = new QTranslator(&app);
    // English needs a translation too, for its plural forms; it is also the fallback for locales that
    // Cortex has no translation for (and for "C").
    if (own->load(QLocale(), QStringLiteral("cortex"), QStringLiteral("_"), QStringLiteral(":/i18n")) ||
        own->load(QStringLiteral(":/i18n/cortex_en.qm")))
        QApplication::installTranslator(own);
    auto *qt = new QTranslator(&app);
    if (qt->load(QLocale(), QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QApplication::installTranslator(qt);
}

// --dark (hidden, for the documentation's screenshots): the Fusion style with a dark palette, whatever
// the platform theme says.
void applyDarkPalette()
{
    QApplication::setStyle(QStringLiteral("Fusion"));
    QPalette p;
    const QColor window(0x2b, 0x2d, 0x31), base(0x1e, 0x1f, 0x22), text(0xe6, 0xe6, 0xe6);
    const QColor disabled(0x7f, 0x7f, 0x7f), highlight(0x3d, 0xae, 0xe9);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, window);
    p.setColor(QPalette::ToolTipBase, base);
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, disabled);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, window);
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, Qt::white);
    p.setColor(QPalette::Light, window.lighter(150));
    p.setColor(QPalette::Midlight, window.lighter(125));
    p.setColor(QPalette::Mid, window.darker(120));
    p.setColor(QPalette::Dark, window.darker(150));
    p.setColor(QPalette::Shadow, Qt::black);
    p.setColor(QPalette::Highlight, highlight);
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, highlight);
    p.setColor(QPalette::LinkVisited, highlight.darker(120));
    for (const auto role :
         {QPalette::WindowText, QPalette::Text, QPalette::ButtonText, QPalette::HighlightedText})
        p.setColor(QPalette::Disabled, role, disabled);
    p.setColor(QPalette::Disabled, QPalette::Highlight, window.lighter(130));
    QApplication::setPalette(p);
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    // The icons live in the static cortex_ui library, whose resource initialiser nothing else references.
    Q_INIT_RESOURCE(icons);
    QApplication::setOrganizationName(QStringLiteral("Cortex"));
    QApplication::setApplicationName(QStringLiteral("Cortex"));
    QApplication::setApplicationDisplayName(QStringLiteral("Cortex"));
    QApplication::setApplicationVersion(QStringLiteral(CORTEX_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("cortex"));
    for (const QString &note : cortex::settings::migrateLegacyDataDir())
        qInfo("%s", qPrintable(note));
    QApplication::setWindowIcon(cortex::ui::applicationIcon());
    installTranslators(app);

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QApplication::translate("main", "Search documents and images with Qwen3-VL."));
    parser.addHelpOption();
    parser.addVersionOption();
    QCommandLineOption screenshot(QStringLiteral("screenshot"),
                                  QStringLiteral("Write a screenshot and quit."), QStringLiteral("file"));
    screenshot.setFlags(QCommandLineOption::HiddenFromHelp);
    QCommandLineOption size(QStringLiteral("size"), QStringLiteral("Window size for --screenshot."),
                            QStringLiteral("WxH"));
    size.setFlags(QCommandLineOption::HiddenFromHelp);
    QCommandLineOption tab(QStringLiteral("tab"), QStringLiteral("Tab for --screenshot (0-4)."),
                           QStringLiteral("n"));
    tab.setFlags(QCommandLineOption::HiddenFromHelp);
    QCommandLineOption dark(QStringLiteral("dark"), QStringLiteral("Fusion style with a dark palette."));
    dark.setFlags(QCommandLineOption::HiddenFromHelp);
    QCommandLineOption query(QStringLiteral("query"),
                             QStringLiteral("Search for this text once the model is loaded."),
                             QStringLiteral("text"));
    query.setFlags(QCommandLineOption::HiddenFromHelp);
    parser.addOptions({screenshot, size, tab, dark, query});
    parser.addPositionalArgument(QStringLiteral("paths"),
                                 QApplication::translate("main", "Files or folders to add to the library."),
                                 QStringLiteral("[paths...]"));
    parser.process(app);
    if (parser.isSet(dark))
        applyDarkPalette();

    cortex::ui::AppController controller;
    controller.start();
    cortex::ui::MainWindow window(&controller);
    if (parser.isSet(size)) {
        const QStringList wh = parser.value(size).split(QLatin1Char('x'));
        if (wh.size() == 2)
            window.resize(wh[0].toInt(), wh[1].toInt());
    }
    if (parser.isSet(tab))
        window.tabs()->setCurrentIndex(parser.value(tab).toInt());
    window.show();
    // `cortex FILE...` (and files dropped on the launcher): hand them to the Ingest tab.
    QStringList paths;
    for (const QString &arg : parser.positionalArguments())
        paths << QFileInfo(arg).absoluteFilePath();
    window.addPaths(paths);

    // --query TEXT (hidden, for the documentation's screenshots): a search as soon as the model is ready.
    auto *searchPage = window.findChild<cortex::ui::SearchPage *>();
    bool awaitingQuery = false;
    if (parser.isSet(query) && searchPage) {
        awaitingQuery = true;
        const QString text = parser.value(query);
        auto *session = controller.session();
        // Once the embedding model is loaded and the reranker is no longer loading, so that the
        // screenshot shows reranked cards when a reranker is configured.
        auto started = std::make_shared<bool>(false);
        const auto maybeRun = [searchPage, session, text, started] {
            if (*started || !session->hasEmbeddingModel() ||
                session->rerankerStatus().state == cortex::search::RerankerState::Loading)
                return;
            *started = true;
            if (auto *edit = searchPage->findChild<QLineEdit *>(QStringLiteral("searchQueryEdit")))
                edit->setText(text);
            searchPage->search();
        };
        QObject::connect(session, &cortex::session::LibrarySession::embeddingModelChanged, searchPage,
                         maybeRun);
        QObject::connect(session, &cortex::session::LibrarySession::rerankerStatusChanged, searchPage,
                         maybeRun);
        QTimer::singleShot(0, searchPage, maybeRun);
    }

    if (parser.isSet(screenshot)) {
        // Give the background work (GPU detection, library, models) a moment to show its state, or wait
        // for the --query answer.
        const QString file = parser.value(screenshot);
        const auto grab = [&window, file] {
            if (!window.grab().save(file, "PNG")) {
                std::fprintf(stderr, "cortex: cannot write %s\n", qPrintable(file));
                QApplication::exit(1);
                return;
            }
            QApplication::quit();
        };
        if (awaitingQuery) {
            QObject::connect(searchPage, &cortex::ui::SearchPage::searchFinished, &window,
                             [&window, grab] { QTimer::singleShot(500, &window, grab); });
            QTimer::singleShot(30000, &window, grab); // never hang
        } else {
            QTimer::singleShot(2500, &window, grab);
        }
    }
    return QApplication::exec();
}
