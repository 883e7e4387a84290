#pragma once
// Paints a search hit as a card: the thumbnail (images, PDF pages) or the snippet with the query's
// words in bold (text), the document's name and page, the similarity and the rerank score.

#include <QStyledItemDelegate>

namespace cortex::ui {

class ResultCardDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

    static constexpr int ThumbnailSide = 88;
};

} // namespace cortex::ui
