#pragma once
// The Settings tab: one typed editor per member of settings::Settings, named after the member
// ("rerankerTopKSpin", "embeddingModelDirEdit"). Apply saves through the AppController (which reloads
// what changed); Revert shows the stored values again. A member overridden by its QWEN3_VL_* variable is
// shown with the environment's value, disabled, with a note naming the variable
// ("rerankerTopKOverrideLabel"), and keeps its stored value on Apply.

#include "settings/settings.h"

#include <QWidget>

#include <functional>
#include <vector>

class QFormLayout;
class QLabel;
class QLineEdit;
class QPushButton;

namespace cortex::ui {

class AppController;

class SettingsPage : public QWidget {
    Q_OBJECT
public:
    explicit SettingsPage(AppController *controller, QWidget *parent = nullptr);

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
    void addSpin(QFormLayout *form, const QString &field, const QString &label,
                 Int settings::Settings::*member, int minimum, int maximum, const QString &specialZero = {});
    void addCombo(QFormLayout *form, const QString &field, const QString &label,
                  const QList<QPair<QString, QString>> &items, QString settings::Settings::*member);
    void addFolder(QFormLayout *form, const QString &field, const QString &label,
                   QString settings::Settings::*member, bool checkModel, const QString &placeholder = {});
    void addRow(QFormLayout *form, Binding binding, const QString &label, QWidget *row,
                QWidget *extra = nullptr);
    void checkModelFolder(QLineEdit *edit, QLabel *result);
    void updateButtons();
    QString validate(const settings::Settings &s) const;

    AppController *controller_;
    std::vector<Binding> bindings_;
    std::vector<QLabel *> rowLabels_;
    QPushButton *applyButton_ = nullptr;
    QPushButton *revertButton_ = nullptr;
    QLabel *errorLabel_ = nullptr;
    bool showing_ = false; // editors are being filled: their change signals are not edits
};

} // namespace cortex::ui
