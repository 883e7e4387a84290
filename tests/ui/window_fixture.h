#pragma once
// The start of the GUI tests that drive the whole window (MainWindow and its AppController): settings in
// INI files of the test's own, the settings the window starts from, widgets found by objectName, and
// the Alt+letter clashes as test_ui_shell counts them.

#include "settings/settings.h"

#include <QAbstractButton>
#include <QCoreApplication>
#include <QGroupBox>
#include <QLabel>
#include <QMenuBar>
#include <QMultiMap>
#include <QSettings>
#include <QStandardPaths>
#include <QStringList>
#include <QTabBar>
#include <QWidget>

#include <initializer_list>

// Q_INIT_RESOURCE declares the resource's initialiser where it is used, so it must be used outside any
// namespace: cortex_ui is static, its icons need the explicit call.
inline void initCortexUiResources()
{
    Q_INIT_RESOURCE(icons);
}

namespace cortex::testing {

// The widget named `name` under `root`; a missing one ends the run (a renamed objectName, not a failure
// to look into).
template <typename T> T *find(QObject *root, const char *name)
{
    auto *w = root->findChild<T *>(QLatin1String(name));
    if (!w)
        qFatal("no %s named %s", T::staticMetaObject.className(), name);
    return w;
}

// Settings (QSettings, QStandardPaths) under `configDir` instead of the user's, as application
// `applicationName`, the window's resources loaded and `variables` (environment overrides the test
// must not inherit) unset.
inline void isolateWindowSettings(const QString &configDir, const QString &applicationName,
                                  std::initializer_list<const char *> variables)
{
    initCortexUiResources();
    QStandardPaths::setTestModeEnabled(true);
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, configDir);
    QCoreApplication::setOrganizationName(QStringLiteral("CortexTest"));
    QCoreApplication::setApplicationName(applicationName);
    for (const char *variable : variables)
        qunsetenv(variable);
}

// The settings a window test starts from: CPU, small images, batches of 4, no reranker, the tiny model,
// the library in `workDir`/library.
inline settings::Settings tinyWindowSettings(const QString &workDir)
{
    settings::Settings s;
    s.device = QStringLiteral("cpu");
    s.maxPixels = 65536;
    s.embedBatchSize = 4;
    s.rerankerEnabled = false;
    s.embeddingModelDir = QStringLiteral(CORTEX_TINY_A_DIR);
    s.libraryDir = workDir + QStringLiteral("/library");
    return s;
}

// `s` as the only settings the next window reads.
inline void replaceSettings(const settings::Settings &s)
{
    QSettings store;
    store.clear();
    settings::save(s, store);
}

// The access key of a text ("&Apply" -> 'a'; "&&" is a literal ampersand), null when it has none.
inline QChar accessKey(const QString &text)
{
    for (qsizetype i = 0; i + 1 < text.size(); ++i) {
        if (text[i] != u'&')
            continue;
        if (text[i + 1] == u'&') {
            ++i;
            continue;
        }
        return text[i + 1].toLower();
    }
    return {};
}

// The access keys that clash among what is visible in `window`: the menu bar's menus, the visible tab
// titles, the buttons, the labels with a buddy and the group boxes ("Alt+a: &Apply, &Add").
inline QStringList accessKeyClashes(QWidget *window)
{
    QMultiMap<QChar, QString> owners;
    const auto add = [&](const QString &text) {
        if (const QChar key = accessKey(text); !key.isNull())
            owners.insert(key, text);
    };
    if (auto *bar = window->findChild<QMenuBar *>())
        for (QAction *menu : bar->actions())
            add(menu->text());
    for (QTabBar *bar : window->findChildren<QTabBar *>())
        if (bar->isVisibleTo(window))
            for (int i = 0; i < bar->count(); ++i)
                add(bar->tabText(i));
    for (QWidget *widget : window->findChildren<QWidget *>()) {
        if (!widget->isVisibleTo(window))
            continue;
        if (auto *button = qobject_cast<QAbstractButton *>(widget))
            add(button->text());
        else if (auto *label = qobject_cast<QLabel *>(widget); label && label->buddy())
            add(label->text());
        else if (auto *box = qobject_cast<QGroupBox *>(widget))
            add(box->title());
    }
    QStringList clashes;
    for (const QChar key : owners.uniqueKeys())
        if (owners.count(key) > 1)
            clashes << QStringLiteral("Alt+%1: %2")
                           .arg(key, QStringList(owners.values(key)).join(QStringLiteral(", ")));
    return clashes;
}

} // namespace cortex::testing
