#pragma once
// Paints a search hit as a card: the thumbnail (images, PDF pages) or the snippet with the query's
// words in bold (text), the document's name and page, the similarity and the rerank score. Grouped by
// document, a card with more hits has a link "n more hits" that lists or hides them (indented cards).

#include <QStyledItemDelegate>

namespace cortex::ui {

class ResultCardDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    bool editorEvent(QEvent *event, QAbstractItemModel *model, const QStyleOptionViewItem &option,
                     const QModelIndex &index) override;

    // Where the "n more hits" link of a grouped card is painted (and clicked); empty without one.
    static QRect groupLinkRect(const QStyleOptionViewItem &option, const QModelIndex &index);
    static QString groupLinkText(const QModelIndex &index);
    // The card's title line (the document's name, its page or a video segment's time range) and the
    // line under it (a video's preview label, how the hit was found, its scores), as painted.
    static QString titleText(const QModelIndex &index);
    static QString labelsText(const QModelIndex &index);
    // Where a video segment's frame strip is painted (in place of a snippet); empty without a strip.
    static QRect frameStripRect(const QStyleOptionViewItem &option, const QModelIndex &index);

    static constexpr int ThumbnailSide = 88;
    static constexpr int MemberIndent = 28; // a document's other hits, under its card
};

} // namespace cortex::ui
