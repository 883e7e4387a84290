#pragma once
// A search's hits as a list of cards: what the card delegate paints and what the page's actions use.
// Thumbnails are decoded once when the result arrives, not on every paint. Grouped by document, a
// document's best hit is its card and says how many more it has; expanding it lists the others below
// it, indented (rows inserted, so the selection stays where it was).

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
        StaleRole,         // bool: a newer search is running; these hits answer the last one
        ItemIdRole,        // qlonglong: the item's id in the library (Find Similar)
        FoundByRole,       // int(search::FoundBy): the meaning side, the keyword side, or both found it
        GroupMoreRole,     // int: grouped, on a document's card: how many more hits the document has
        GroupPagesRole,    // QString: those hits' pages ("3, 7"), empty when they have none
        GroupExpandedRole, // bool: the document's other hits are listed below its card
        GroupMemberRole,   // bool: one of a document's other hits, listed under its card
        // A video segment (ItemKind::VideoSegment): its frames side by side (QPixmap, null when it has
        // none or for other kinds), its time range "1:00 – 2:00" and its start in seconds (null for other
        // kinds).
        FrameStripRole,
        TimeRangeRole,
        StartSecondsRole,
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
    // The query's words that the cards and the preview mark.
    QStringList queryWords() const { return queryWords_; }

    // One card per document (its best hit first) instead of one per hit; the expansions are forgotten.
    void setGrouped(bool grouped);
    bool isGrouped() const { return grouped_; }
    // Lists or hides the other hits of the document of `index` (its card or one of its hits); returns
    // the index of the document's card afterwards (invalid when ungrouped or the document has one hit).
    QModelIndex toggleExpanded(const QModelIndex &index);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

private:
    // A row on screen: the hit it shows; grouped, also the hits of its document (on the card's row).
    struct Row {
        size_t hit = 0;
        size_t group = 0; // index into groups_
        bool member = false;
    };
    void rebuildRows();
    int cardRow(size_t group) const;

    search::SearchResult result_;
    bool grouped_ = false;
    std::vector<std::vector<size_t>> groups_; // hit positions per document (search::documentGroups)
    std::vector<bool> expanded_;              // per group
    std::vector<Row> rows_;
    QString queryText_;
    QStringList queryWords_;
    std::vector<QPixmap> thumbnails_;
    std::vector<QPixmap> frameStrips_; // video segments' strips, decoded once like the thumbnails
    bool stale_ = false;
};

// `text` as escaped HTML with every occurrence of `words` (case-insensitive, whole words, as the keyword
// index matches them: "be" is not marked inside "been"; preview::findWords) in bold.
QString highlightWords(const QString &text, const QStringList &words);

} // namespace cortex::ui
