#include "ui/search/search_results_model.h"

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
    if (words.isEmpty())
        return text.toHtmlEscaped();
    QStringList escaped;
    for (const QString &w : words)
        escaped << QRegularExpression::escape(w);
    const QRegularExpression re(QStringLiteral("\\b(%1)\\b").arg(escaped.join(QLatin1Char('|'))),
                                QRegularExpression::CaseInsensitiveOption |
                                    QRegularExpression::UseUnicodePropertiesOption);
    QString html;
    qsizetype last = 0;
    auto it = re.globalMatch(text);
    while (it.hasNext()) {
        const auto m = it.next();
        html += text.mid(last, m.capturedStart() - last).toHtmlEscaped();
        html += QStringLiteral("<b>") + m.captured().toHtmlEscaped() + QStringLiteral("</b>");
        last = m.capturedEnd();
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
    for (const auto &hit : result_.hits) {
        QPixmap pixmap;
        const auto &png = hit.view.item.thumbnailPng;
        if (!png.empty())
            pixmap.loadFromData(png.data(), uint(png.size()), "PNG");
        thumbnails_.push_back(pixmap);
    }
    endResetModel();
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
    return parent.isValid() ? 0 : int(result_.hits.size());
}

QVariant SearchResultsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const auto &hit = result_.hits[size_t(index.row())];
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
        return thumbnails_[size_t(index.row())].isNull() ? QVariant()
                                                         : QVariant(thumbnails_[size_t(index.row())]);
    case SnippetRole:
        return QString::fromStdString(item.text);
    case SnippetHtmlRole:
        return highlightWords(QString::fromStdString(item.text).simplified(), queryWords_);
    case PageRole:
        return item.page >= 0 ? item.page + 1 : 0;
    case RawValueRole:
        return index.row();
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
    return names;
}

} // namespace cortex::ui
