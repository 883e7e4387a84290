#include "ui/search/result_card_delegate.h"

#include "common/item_kind.h"
#include "ui/common/format.h"
#include "ui/common/icons.h"
#include "ui/search/search_results_model.h"

#include <QAbstractTextDocumentLayout>
#include <QApplication>
#include <QMouseEvent>
#include <QPainter>
#include <QTextBlock>
#include <QTextDocument>
#include <QTextLayout>

#include <algorithm>

namespace cortex::ui {

namespace {
constexpr int Margin = 6;
constexpr int SnippetLines = 3;
constexpr int MinimumTextWidth = 160;
constexpr int kGapUnderStrip = 2; // between a video segment's frame strip and its words

// The height of the snippet's lines that fit entirely in `height`: a line cut in half reads as a glitch.
qreal wholeLinesHeight(const QTextDocument &doc, qreal height)
{
    (void)doc.documentLayout()->documentSize(); // lays the lines out
    qreal bottom = 0;
    for (QTextBlock block = doc.begin(); block.isValid(); block = block.next()) {
        const QTextLayout *layout = block.layout();
        for (int i = 0; layout && i < layout->lineCount(); ++i) {
            const QTextLine line = layout->lineAt(i);
            const qreal lineBottom = layout->position().y() + line.y() + line.height();
            if (lineBottom > height)
                return bottom;
            bottom = lineBottom;
        }
    }
    return bottom;
}
// The card's frame: inset by 2, and a document's other hits further in, under its card.
QRect cardRect(const QStyleOptionViewItem &option, const QModelIndex &index)
{
    const int indent =
        index.data(SearchResultsModel::GroupMemberRole).toBool() ? ResultCardDelegate::MemberIndent : 0;
    return option.rect.adjusted(2 + indent, 2, -2, -2);
}

QRect textArea(const QRect &card)
{
    return card.adjusted(ResultCardDelegate::ThumbnailSide + 2 * Margin, Margin, -Margin, -Margin);
}

QFont boldFont(const QFont &font)
{
    QFont bold = font;
    bold.setBold(true);
    return bold;
}

// What is left of the text area under the title and the labels: the snippet, or a video's frame strip.
QRect snippetArea(const QStyleOptionViewItem &option, const QModelIndex &index)
{
    const QRect text = textArea(cardRect(option, index));
    const int top =
        text.top() + QFontMetrics(boldFont(option.font)).height() + QFontMetrics(option.font).height() + 2;
    return {text.left(), top, text.width(), text.bottom() - top};
}
} // namespace

QString ResultCardDelegate::groupLinkText(const QModelIndex &index)
{
    const int more = index.data(SearchResultsModel::GroupMoreRole).toInt();
    if (more <= 0)
        return {};
    if (index.data(SearchResultsModel::GroupExpandedRole).toBool())
        return tr("▾ hide %n more hit(s)", nullptr, more);
    const QString pages = index.data(SearchResultsModel::GroupPagesRole).toString();
    return pages.isEmpty() ? tr("▸ %n more hit(s)", nullptr, more)
                           : tr("▸ %n more hit(s): page %1", nullptr, more).arg(pages);
}

QString ResultCardDelegate::titleText(const QModelIndex &index)
{
    QString title = index.data(Qt::DisplayRole).toString();
    if (const int page = index.data(SearchResultsModel::PageRole).toInt(); page > 0)
        title = tr("%1 — page %2").arg(title).arg(page);
    const QString timeRange = index.data(SearchResultsModel::TimeRangeRole).toString();
    if (!timeRange.isEmpty())
        title = tr("%1 — %2").arg(title, timeRange);
    return title;
}

QString ResultCardDelegate::labelsText(const QModelIndex &index)
{
    QStringList labels;
    // Issue 16: until the video embedding is proven equal to transformers', its hits say so.
    if (!index.data(SearchResultsModel::TimeRangeRole).toString().isEmpty())
        labels << tr("Video (preview)");
    const int keywordRank = index.data(SearchResultsModel::KeywordRankRole).toInt();
    switch (search::FoundBy(index.data(SearchResultsModel::FoundByRole).toInt())) {
    case search::FoundBy::Meaning:
        labels << tr("found by meaning");
        break;
    case search::FoundBy::Keywords:
        labels << tr("found by keywords (#%1)").arg(keywordRank);
        break;
    case search::FoundBy::Both:
        labels << tr("found by meaning and keywords (#%1)").arg(keywordRank);
        break;
    }
    if (const QVariant v = index.data(SearchResultsModel::VectorScoreRole); v.isValid())
        labels << tr("similarity %1").arg(formatScore(v.toDouble()));
    if (const QVariant r = index.data(SearchResultsModel::RerankScoreRole); r.isValid())
        labels << tr("rerank %1").arg(formatScore(r.toDouble()));
    return labels.join(QStringLiteral(" · "));
}

QRect ResultCardDelegate::frameStripRect(const QStyleOptionViewItem &option, const QModelIndex &index)
{
    const QPixmap strip = index.data(SearchResultsModel::FrameStripRole).value<QPixmap>();
    if (strip.isNull()) // every card but a video segment's: nothing more to look up while painting
        return {};
    QRect area = snippetArea(option, index);
    // A segment with words (its video's subtitles) keeps their first line under the strip (with the gap
    // paint() leaves between them and a pixel of rounding). The plain text, not the highlighted snippet:
    // the same answer (the snippet is empty exactly when the text is blank) without finding the words.
    if (!index.data(SearchResultsModel::SnippetRole).toString().trimmed().isEmpty())
        area.setHeight(area.height() - QFontMetrics(option.font).lineSpacing() - kGapUnderStrip - 1);
    if (area.width() <= 0 || area.height() <= 0)
        return {};
    return {area.topLeft(), strip.size().scaled(area.size(), Qt::KeepAspectRatio)};
}

QRect ResultCardDelegate::groupLinkRect(const QStyleOptionViewItem &option, const QModelIndex &index)
{
    const QString text = groupLinkText(index);
    if (text.isEmpty())
        return {};
    const QRect area = textArea(cardRect(option, index));
    const QFontMetrics metrics(option.font);
    // At most half the title line, so the document's name stays readable.
    const int width = std::min(metrics.horizontalAdvance(text) + 4, area.width() / 2);
    QFont bold = option.font;
    bold.setBold(true);
    return {area.right() - width, area.top(), width, QFontMetrics(bold).height()};
}

bool ResultCardDelegate::editorEvent(QEvent *event, QAbstractItemModel *model,
                                     const QStyleOptionViewItem &option, const QModelIndex &index)
{
    if (event->type() == QEvent::MouseButtonRelease) {
        const auto *mouse = static_cast<QMouseEvent *>(event);
        auto *results = qobject_cast<SearchResultsModel *>(model);
        if (results && mouse->button() == Qt::LeftButton &&
            groupLinkRect(option, index).contains(mouse->position().toPoint())) {
            results->toggleExpanded(index);
            return true;
        }
    }
    return QStyledItemDelegate::editorEvent(event, model, option, index);
}

QSize ResultCardDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &) const
{
    // The list view widens every card to its viewport, so the width is only a minimum (the viewport's
    // width, used before, was cached with the uniform item size and kept the cards too wide after the
    // window shrank). High enough for the title, the scores and three lines of snippet in the current
    // font (the card is inset by 2 on each side), and never lower than the thumbnail.
    QFont bold = option.font;
    bold.setBold(true);
    const QFontMetrics metrics(option.font);
    const int text =
        QFontMetrics(bold).height() + metrics.height() + 2 + SnippetLines * metrics.lineSpacing();
    return {ThumbnailSide + 2 * Margin + MinimumTextWidth, std::max(ThumbnailSide, text + 4) + 2 * Margin};
}

void ResultCardDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                               const QModelIndex &index) const
{
    painter->save();
    // The previous query's hits while a newer search runs: still readable, visibly not the answer.
    if (index.data(SearchResultsModel::StaleRole).toBool())
        painter->setOpacity(0.45);
    const QRect card = cardRect(option, index);
    const bool selected = option.state & QStyle::State_Selected;
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(option.palette.color(QPalette::Mid));
    painter->setBrush(selected ? option.palette.highlight() : option.palette.base());
    painter->drawRoundedRect(card, 4, 4);
    const QColor textColor = option.palette.color(selected ? QPalette::HighlightedText : QPalette::Text);

    // Left: the thumbnail, or an icon for the kind of item.
    const QRect thumbRect(card.left() + Margin, card.top() + Margin, ThumbnailSide - 2, ThumbnailSide - 2);
    const QPixmap thumb = index.data(SearchResultsModel::ThumbnailRole).value<QPixmap>();
    if (!thumb.isNull()) {
        const QPixmap scaled = thumb.scaled(thumbRect.size(), Qt::KeepAspectRatio, Qt::SmoothTransformation);
        const QPoint at = thumbRect.center() - QPoint(scaled.width() / 2, scaled.height() / 2);
        painter->drawPixmap(at, scaled);
    } else {
        const auto kind = ItemKind(index.data(SearchResultsModel::KindRole).toInt());
        const QString type = index.data(SearchResultsModel::DocumentTypeRole).toString();
        const QString iconName = type == QLatin1String("pdf")     ? QStringLiteral("application-pdf")
                                 : kind == ItemKind::Text         ? QStringLiteral("text-plain")
                                 : kind == ItemKind::VideoSegment ? QStringLiteral("video-x-generic")
                                                                  : QStringLiteral("image-x-generic");
        themedIcon(iconName).paint(painter, thumbRect.adjusted(20, 20, -20, -20));
    }

    // Right: the title line, the scores, the snippet.
    QRect textRect = textArea(card);
    QFont bold = option.font;
    bold.setBold(true);
    const QFontMetrics boldMetrics(bold);
    const QString title = titleText(index);
    int titleWidth = textRect.width();
    if (const QRect link = groupLinkRect(option, index); !link.isEmpty()) {
        titleWidth = link.left() - textRect.left() - Margin;
        painter->setFont(option.font);
        painter->setPen(option.palette.color(selected ? QPalette::HighlightedText : QPalette::Link));
        painter->drawText(
            link, Qt::AlignRight | Qt::AlignVCenter,
            QFontMetrics(option.font).elidedText(groupLinkText(index), Qt::ElideRight, link.width()));
    }
    painter->setFont(bold);
    painter->setPen(textColor);
    painter->drawText(textRect.left(), textRect.top() + boldMetrics.ascent(),
                      boldMetrics.elidedText(title, Qt::ElideMiddle, titleWidth));

    const QFontMetrics metrics(option.font);
    painter->setFont(option.font);
    QColor dim = textColor;
    dim.setAlphaF(0.7f);
    painter->setPen(dim);
    const int scoresTop = textRect.top() + boldMetrics.height();
    painter->drawText(textRect.left(), scoresTop + metrics.ascent(), labelsText(index));

    // The snippet as rich text, clipped to what is left of the card; a video segment shows its frame
    // strip there (the thumbnail on the left is its middle frame) and its subtitles' words, if any,
    // under the strip.
    QRect snippetRect = snippetArea(option, index);
    bool underStrip = false;
    if (const QRect stripRect = frameStripRect(option, index); !stripRect.isEmpty()) {
        const QPixmap strip = index.data(SearchResultsModel::FrameStripRole).value<QPixmap>();
        painter->drawPixmap(stripRect.topLeft(),
                            strip.scaled(stripRect.size(), Qt::IgnoreAspectRatio, Qt::SmoothTransformation));
        snippetRect.setTop(stripRect.bottom() + 1 + kGapUnderStrip);
        underStrip = true;
    }
    const QString html = index.data(SearchResultsModel::SnippetHtmlRole).toString();
    if (!html.isEmpty() && snippetRect.height() > 0) {
        QTextDocument doc;
        if (underStrip) // the one line frameStripRect leaves: no room for the document's own margin
            doc.setDocumentMargin(0);
        doc.setDefaultFont(option.font);
        doc.setTextWidth(snippetRect.width());
        doc.setHtml(html);
        QAbstractTextDocumentLayout::PaintContext context;
        context.palette.setColor(QPalette::Text, textColor);
        context.clip = QRectF(0, 0, snippetRect.width(), wholeLinesHeight(doc, snippetRect.height()));
        painter->translate(snippetRect.topLeft());
        painter->setClipRect(context.clip);
        doc.documentLayout()->draw(painter, context);
    }
    painter->restore();
}

} // namespace cortex::ui
