#pragma once
// A search's hits as a list of cards: what the card delegate paints and what the page's actions use.
// Thumbnails are decoded once when the result arrives, not on every paint.

#include "application/records.h"

#include <QAbstractListModel>
#include <QPixmap>
#include <QStringList>

#include <vector>

namespace cortex::ui {

class SearchResultsModel : public QAbstractListModel {
    Q_OBJECT
public:
    enum Role {
        DocumentPathRole = Qt::UserRole + 1, // QString, native absolute path
        DocumentTypeRole,                    // QString: "pdf", "image", "text", ...
        KindRole,                            // int(cortex::ItemKind)
        VectorScoreRole,                     // double similarity to the query, or null without a vector
        RerankScoreRole,                     // double, or null when not reranked
        FusedScoreRole,                      // double
        ThumbnailRole,                       // QPixmap, null for text items
        SnippetRole,                         // QString: the item's text (a chunk or a page's text)
        SnippetHtmlRole,                     // the snippet with the query's words in bold (escaped HTML)
        PageRole,                            // int, 1-based; 0 when the item has no page
        RawValueRole,                        // sort key: the rank (0 = best)
        KeywordRankRole,                     // int, 1-based rank among the keyword (BM25) matches, or null
        StaleRole,   // bool: a newer search is running; these hits answer the last one
        ItemIdRole,  // qlonglong: the item's id in the library (Find Similar)
        FoundByRole, // int(search::FoundBy): the meaning side, the keyword side, or both found it
        RoleCount
    };

    using QAbstractListModel::QAbstractListModel;

    void setResult(const search::SearchResult &result, const QString &queryText);
    void clear();
    // While a newer search runs, the hits on screen are marked as the previous query's (dimmed).
    void setStale(bool stale);
    bool isStale() const { return stale_; }
    const search::SearchResult &result() const { return result_; }
    QString queryText() const { return queryText_; }

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

private:
    search::SearchResult result_;
    QString queryText_;
    QStringList queryWords_;
    std::vector<QPixmap> thumbnails_;
    bool stale_ = false;
};

// `text` as escaped HTML with every occurrence of `words` (case-insensitive, whole words, as the keyword
// index matches them: "be" is not marked inside "been") in bold.
QString highlightWords(const QString &text, const QStringList &words);

} // namespace cortex::ui
