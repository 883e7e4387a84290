#pragma once
// Paints the jobs table's progress column as a progress bar with "done / total" in it.

#include <QStyledItemDelegate>

namespace cortex::ui {

class ProgressDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
};

} // namespace cortex::ui
