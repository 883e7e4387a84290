#include "ui/common/widgets.h"

#include "ui/common/icons.h"

#include <QHeaderView>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTableView>

namespace cortex::ui {

QPushButton *makeButton(const QString &icon, const QString &text, const QString &objectName, QWidget *parent)
{
    auto *b = new QPushButton(themedIcon(icon), text, parent);
    b->setObjectName(objectName);
    return b;
}

QTableView *makeTable(QSortFilterProxyModel *proxy, const QString &objectName, QWidget *parent)
{
    auto *view = new QTableView(parent);
    view->setObjectName(objectName);
    view->setModel(proxy);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSortingEnabled(true);
    view->setAlternatingRowColors(true);
    view->setWordWrap(false);
    view->verticalHeader()->hide();
    view->horizontalHeader()->setStretchLastSection(true);
    view->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    return view;
}

} // namespace cortex::ui
