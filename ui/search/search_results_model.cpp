#include "ui/search/search_results_model.h"

#include "application/preview.h"
#include "common/time_range.h"

#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>

namespace cortex::ui {

namespace {

QStringList wordsOf(const QString &query)
{
    QStringList words;
    static const QRegularExpression separators(QStringLiteral("[^\\w]+"));
    for (const QString &w : query.split(separators, Qt::SkipEmptyParts))
        if (w.size() >= 2 && !words.contains(w, Qt::CaseInsensitive))
            words << w;
    return words;
}

} // namespace

QString highlightWords(const QString &text, const QStringList &words)
{
    QString html;
    int last = 0;
    for (const preview::TextRange &m : preview::findWords(text, words)) {
        html += text.mid(last, m.start - last).toHtmlEscaped();
        html += QStringLiteral("<b>") + text.mid(m.start, m.length).toHtmlEscaped() + QStringLiteral("</b>");
        last = m.start + m.length;
    }
    html += text.mid(last).toHtmlEscaped();
    return html;
}

void SearchResultsModel::setResult(const search::SearchResult &result, const QString &queryText)
{
    beginResetModel();
    stale_ = false;
    result_ = result;
    queryText_ = queryText;
    queryWords_ = wordsOf(queryText);
    thumbnails_.clear();
    thumbnails_.reserve(result_.hits.size());
    frameStrips_.clear();
    frameStrips_.reserve(result_.hits.size());
    const auto decoded = [](const std::vector<uint8_t> &png) {
        QPixmap pixmap;
        if (!png.empty())
            pixmap.loadFromData(png.data(), uint(png.size()), "PNG");
        return pixmap;
    };
    for (const auto &hit : result_.hits) {
        thumbnails_.push_back(decoded(hit.view.item.thumbnailPng));
        frameStrips_.push_back(decoded(hit.view.item.frameStripPng));
    }
    groups_ = search::documentGroups(result_.hits);
    expanded_.assign(groups_.size(), false);
    rebuildRows();
    endResetModel();
}

void SearchResultsModel::rebuildRows()
{
    rows_.clear();
    rows_.reserve(result_.hits.size());
    if (!grouped_) {
        for (size_t i = 0; i < result_.hits.size(); ++i)
            rows_.push_back({i, 0, false});
        return;
    }
    for (size_t g = 0; g < groups_.size(); ++g) {
        rows_.push_back({groups_[g].front(), g, false});
        if (expanded_[g])
            for (size_t k = 1; k < groups_[g].size(); ++k)
                rows_.push_back({groups_[g][k], g, true});
    }
}

int SearchResultsModel::cardRow(size_t group) const
{
    for (size_t r = 0; r < rows_.size(); ++r)
        if (rows_[r].group == group && !rows_[r].member)
            return int(r);
    return -1;
}

void SearchResultsModel::setGrouped(bool grouped)
{
    if (grouped_ == grouped)
        return;
    beginResetModel();
    grouped_ = grouped;
    expanded_.assign(groups_.size(), false);
    rebuildRows();
    endResetModel();
}

QModelIndex SearchResultsModel::toggleExpanded(const QModelIndex &index)
{
    if (!grouped_ || !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const size_t group = rows_[size_t(index.row())].group;
    const int others = int(groups_[group].size()) - 1;
    if (others <= 0)
        return {};
    const int card = cardRow(group);
    if (expanded_[group]) {
        beginRemoveRows({}, card + 1, card + others);
        expanded_[group] = false;
        rebuildRows();
        endRemoveRows();
    } else {
        beginInsertRows({}, card + 1, card + others);
        expanded_[group] = true;
        rebuildRows();
        endInsertRows();
    }
    const QModelIndex cardIndex = this->index(card, 0);
    emit dataChanged(cardIndex, cardIndex, {GroupExpandedRole});
    return cardIndex;
}

void SearchResultsModel::clear()
{
    setResult({}, {});
}

void SearchResultsModel::setStale(bool stale)
{
    if (stale_ == stale)
        return;
    stale_ = stale;
    if (rowCount() > 0)
        emit dataChanged(index(0, 0), index(rowCount() - 1, 0), {StaleRole});
}

int SearchResultsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(rows_.size());
}

QVariant SearchResultsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = rows_[size_t(index.row())];
    const auto &hit = result_.hits[row.hit];
    const auto &item = hit.view.item;
    const QString path = QString::fromStdString(hit.view.documentPath);
    switch (role) {
    case Qt::DisplayRole:
        return QFileInfo(path).fileName();
    case Qt::ToolTipRole:
        return QDir::toNativeSeparators(path);
    case DocumentPathRole:
        return path;
    case DocumentTypeRole:
        return QString::fromStdString(hit.view.documentType);
    case KindRole:
        return int(item.kind);
    case VectorScoreRole:
        return hit.vectorSimilarity ? QVariant(*hit.vectorSimilarity) : QVariant();
    case RerankScoreRole:
        return hit.rerankScore ? QVariant(*hit.rerankScore) : QVariant();
    case FusedScoreRole:
        return hit.fusedScore;
    case FoundByRole:
        return int(search::foundBy(hit));
    case ThumbnailRole:
    case Qt::DecorationRole:
        return thumbnails_[row.hit].isNull() ? QVariant() : QVariant(thumbnails_[row.hit]);
    case SnippetRole:
        return QString::fromStdString(item.text);
    case SnippetHtmlRole:
        return highlightWords(QString::fromStdString(item.text).simplified(), queryWords_);
    case PageRole:
        // A video segment's index is stored as its page; it is shown as its time range instead.
        return item.page >= 0 && item.kind != ItemKind::VideoSegment ? item.page + 1 : 0;
    case FrameStripRole:
        return frameStrips_[row.hit].isNull() ? QVariant() : QVariant(frameStrips_[row.hit]);
    case TimeRangeRole:
        return item.kind == ItemKind::VideoSegment
                   ? QString::fromStdString(clockRange(item.startSeconds, item.endSeconds, " \u2013 "))
                   : QString();
    case StartSecondsRole:
        return item.kind == ItemKind::VideoSegment ? QVariant(item.startSeconds) : QVariant();
    case RawValueRole:
        return index.row();
    case GroupMoreRole:
        return grouped_ && !row.member ? int(groups_[row.group].size()) - 1 : 0;
    case GroupPagesRole: {
        if (!grouped_ || row.member)
            return QString();
        QStringList pages;
        for (size_t k = 1; k < groups_[row.group].size(); ++k) {
            // A video's segments have times, not pages (the link says "n more hits" alone).
            const auto &other = result_.hits[groups_[row.group][k]].view.item;
            if (other.kind != ItemKind::VideoSegment && other.page >= 0)
                pages << QString::number(other.page + 1);
        }
        return pages.join(QStringLiteral(", "));
    }
    case GroupExpandedRole:
        return grouped_ && expanded_[row.group];
    case GroupMemberRole:
        return row.member;
    case KeywordRankRole:
        return hit.bm25Rank ? QVariant(*hit.bm25Rank) : QVariant();
    case StaleRole:
        return stale_;
    case ItemIdRole:
        return qlonglong(item.id);
    default:
        return {};
    }
}

QHash<int, QByteArray> SearchResultsModel::roleNames() const
{
    auto names = QAbstractListModel::roleNames();
    names.insert(DocumentPathRole, "documentPath");
    names.insert(DocumentTypeRole, "documentType");
    names.insert(KindRole, "kind");
    names.insert(VectorScoreRole, "vectorScore");
    names.insert(RerankScoreRole, "rerankScore");
    names.insert(FusedScoreRole, "fusedScore");
    names.insert(FoundByRole, "foundBy");
    names.insert(ThumbnailRole, "thumbnail");
    names.insert(SnippetRole, "snippet");
    names.insert(SnippetHtmlRole, "snippetHtml");
    names.insert(PageRole, "page");
    names.insert(RawValueRole, "rawValue");
    names.insert(KeywordRankRole, "keywordRank");
    names.insert(StaleRole, "stale");
    names.insert(ItemIdRole, "itemId");
    names.insert(GroupMoreRole, "groupMore");
    names.insert(GroupPagesRole, "groupPages");
    names.insert(GroupExpandedRole, "groupExpanded");
    names.insert(GroupMemberRole, "groupMember");
    names.insert(FrameStripRole, "frameStrip");
    names.insert(TimeRangeRole, "timeRange");
    names.insert(StartSecondsRole, "startSeconds");
    return names;
}

} // namespace cortex::ui
