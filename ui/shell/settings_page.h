#pragma once
// The Settings tab: one typed editor per member of settings::Settings, named after the member
// ("rerankerTopKSpin", "embeddingModelDirEdit"). Apply saves through the AppController (which reloads
// what changed); Revert shows the stored values again. A member overridden by its QWEN3_VL_* variable is
// shown with the environment's value, disabled, with a note naming the variable
// ("rerankerTopKOverrideLabel"), and keeps its stored value on Apply.

#include "settings/settings.h"

#include <QWidget>

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <vector>

class QCheckBox;
class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace cortex::ui {

class AppController;

class SettingsPage : public QWidget {
    Q_OBJECT
public:
    explicit SettingsPage(AppController *controller, QWidget *parent = nullptr);
    ~SettingsPage() override; // stops a connection test still running

    // The stored settings with the editors' values (overridden members keep their stored values).
    settings::Settings editedSettings() const;

public slots:
    void apply();
    void revert(); // shows the controller's settings again

private:
    struct Binding {
        QString field;
        QWidget *editor = nullptr;
        QLabel *overrideNote = nullptr;
        std::function<void(const settings::Settings &)> show;
        std::function<void(settings::Settings &)> store;
        std::function<bool(const settings::Settings &, const settings::Settings &)> differs;
    };

    void addCheck(QFormLayout *form, const QString &field, const QString &label, const QString &text,
                  bool settings::Settings::*member);
    template <typename Int>
    QSpinBox *addSpin(QFormLayout *form, const QString &field, const QString &label,
                      Int settings::Settings::*member, int minimum, int maximum,
                      const QString &specialZero = {});
    void addCombo(QFormLayout *form, const QString &field, const QString &label,
                  const QList<QPair<QString, QString>> &items, QString settings::Settings::*member);
    void addFolder(QFormLayout *form, const QString &field, const QString &label,
                   QString settings::Settings::*member, bool checkModel, const QString &placeholder = {});
    QWidget *addRow(QFormLayout *form, Binding binding, const QString &label, QWidget *row,
                    QWidget *extra = nullptr);
    // "Runs: On this computer / On a server" for a model (`prefix` "embedding" or "reranker"), and the
    // server's URL, served name, token and Test connection, shown when "On a server" is chosen.
    struct ServerMembers {
        QString settings::Settings::*url;
        QString settings::Settings::*name;
        QString settings::Settings::*token;
    };
    void addServer(QFormLayout *form, const QString &prefix, const ServerMembers &members,
                   const QString &testText);
    bool isServerChosen(const QString &prefix) const;
    void showServerRows(const QString &prefix);
    void testConnection(const QString &prefix);
    void checkModelFolder(QLineEdit *edit, QLabel *result);
    // "Library API": the switch (applied at once), where it listens (applied with Apply), the address,
    // the token with Copy and New token, and what it does now.
    void addLibraryApi(QFormLayout *form);
    void showLibraryApi();
    void confirmNewToken();
    void updateButtons();
    QString validate(const settings::Settings &s) const;

    AppController *controller_;
    std::vector<Binding> bindings_;
    std::vector<QLabel *> rowLabels_;
    QPushButton *applyButton_ = nullptr;
    QPushButton *revertButton_ = nullptr;
    QLabel *errorLabel_ = nullptr;
    struct ServerEditors {
        QComboBox *location = nullptr;
        QFormLayout *form = nullptr;
        std::vector<QWidget *> rows; // shown with "On a server"
        QLineEdit *url = nullptr;
        QLineEdit *name = nullptr;
        QLineEdit *token = nullptr;
        QPushButton *test = nullptr;
        QLabel *testResult = nullptr;
        std::shared_ptr<std::atomic_bool> testCancel; // set while a test runs
    };
    std::map<QString, ServerEditors> servers_;
    struct LibraryApiEditors {
        QCheckBox *enabled = nullptr;
        QLineEdit *address = nullptr;
        QLineEdit *token = nullptr;
        QPushButton *copy = nullptr;
        QPushButton *newToken = nullptr;
        QLabel *status = nullptr;
        QLabel *warning = nullptr;
    } api_;
    bool showing_ = false; // editors are being filled: their change signals are not edits
};

} // namespace cortex::ui
