#pragma once
// Small widget factories the pages share, so every button and table looks and behaves alike.

#include <QString>

class QPushButton;
class QSortFilterProxyModel;
class QTableView;
class QWidget;

namespace cortex::ui {

// A push button with a themed icon and the objectName tests find it by.
QPushButton *makeButton(const QString &icon, const QString &text, const QString &objectName, QWidget *parent);

// A sortable, row-selecting table over `proxy` (alternating rows, no row numbers, last column stretched).
QTableView *makeTable(QSortFilterProxyModel *proxy, const QString &objectName, QWidget *parent);

} // namespace cortex::ui
