// The search results' model on made-up hits: ungrouped it is the hits in order; grouped by document it
// shows each document's best hit as its card with the count and pages of its other hits, and expanding
// a card inserts those hits under it (and collapsing removes them) while QAbstractItemModelTester
// watches every change. The card delegate's "more hits" link toggles the same expansion on a click.

#include "ui/search/result_card_delegate.h"
#include "ui/search/search_results_model.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QListView>
#include <QMouseEvent>
#include <QSignalSpy>
#include <QTest>

using namespace cortex;
using cortex::ui::ResultCardDelegate;
using cortex::ui::SearchResultsModel;

namespace {

struct MadeUpHit {
    int64_t document;
    int page; // 0-based, -1 for none
};

search::SearchResult resultOf(const std::vector<MadeUpHit> &hits)
{
    search::SearchResult result;
    int64_t id = 100;
    for (const auto &h : hits) {
        search::Hit hit;
        hit.view.item.id = ++id;
        hit.view.item.page = h.page;
        hit.view.item.kind = h.page >= 0 ? ItemKind::PdfPage : ItemKind::Text;
        hit.view.item.text = "text of item " + std::to_string(id);
        hit.view.documentId = h.document;
        hit.view.documentPath = "/docs/document-" + std::to_string(h.document) + ".pdf";
        hit.view.documentType = h.page >= 0 ? "pdf" : "text";
        hit.vectorSimilarity = 0.9 - 0.01 * double(id - 100);
        hit.vectorRank = int(id - 100);
        result.hits.push_back(hit);
    }
    return result;
}

QList<qlonglong> itemIds(const SearchResultsModel &model)
{
    QList<qlonglong> ids;
    for (int r = 0; r < model.rowCount(); ++r)
        ids << model.index(r, 0).data(SearchResultsModel::ItemIdRole).toLongLong();
    return ids;
}

} // namespace

class SearchResultsModelTest : public QObject {
    Q_OBJECT
private slots:
    void groupedCards_data();
    void groupedCards();
    void expandAndCollapse();
    void newResultForgetsExpansions();
    void cardLinkTogglesOnClick();
};

void SearchResultsModelTest::groupedCards_data()
{
    QTest::addColumn<QList<int>>("documents"); // the document of each hit, best first
    QTest::addColumn<QList<int>>("pages");     // its page, -1 for none
    QTest::addColumn<QList<qlonglong>>("cards");
    QTest::addColumn<QList<int>>("more");
    QTest::addColumn<QStringList>("morePages");

    // Item ids are 101, 102, ... in the order of the hits.
    QTest::newRow("no hits") << QList<int>{} << QList<int>{} << QList<qlonglong>{} << QList<int>{}
                             << QStringList{};
    QTest::newRow("one document per hit")
        << QList<int>{1, 2, 3} << QList<int>{0, 4, -1} << QList<qlonglong>{101, 102, 103}
        << QList<int>{0, 0, 0} << QStringList{QString(), QString(), QString()};
    QTest::newRow("a document's pages interleaved with another's")
        << QList<int>{1, 2, 1, 1, 2} << QList<int>{4, 0, 2, 6, 1} << QList<qlonglong>{101, 102}
        << QList<int>{2, 1} << QStringList{QStringLiteral("3, 7"), QStringLiteral("2")};
    QTest::newRow("text chunks have no pages")
        << QList<int>{5, 5, 5} << QList<int>{-1, -1, -1} << QList<qlonglong>{101} << QList<int>{2}
        << QStringList{QString()};
}

void SearchResultsModelTest::groupedCards()
{
    QFETCH(QList<int>, documents);
    QFETCH(QList<int>, pages);
    QFETCH(QList<qlonglong>, cards);
    QFETCH(QList<int>, more);
    QFETCH(QStringList, morePages);
    std::vector<MadeUpHit> hits;
    for (qsizetype i = 0; i < documents.size(); ++i)
        hits.push_back({documents[i], pages[i]});

    SearchResultsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setResult(resultOf(hits), QStringLiteral("query"));
    QCOMPARE(model.rowCount(), int(hits.size())); // ungrouped: every hit, in order
    for (int r = 0; r < model.rowCount(); ++r)
        QCOMPARE(model.index(r, 0).data(SearchResultsModel::GroupMoreRole).toInt(), 0);

    model.setGrouped(true);
    QCOMPARE(itemIds(model), cards);
    for (int r = 0; r < model.rowCount(); ++r) {
        const QModelIndex card = model.index(r, 0);
        QCOMPARE(card.data(SearchResultsModel::GroupMoreRole).toInt(), more[r]);
        QCOMPARE(card.data(SearchResultsModel::GroupPagesRole).toString(), morePages[r]);
        QVERIFY(!card.data(SearchResultsModel::GroupMemberRole).toBool());
        QVERIFY(!card.data(SearchResultsModel::GroupExpandedRole).toBool());
    }

    model.setGrouped(false);
    QCOMPARE(model.rowCount(), int(hits.size()));
}

void SearchResultsModelTest::expandAndCollapse()
{
    SearchResultsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    // Documents 1 (hits 101, 103, 104) and 2 (hits 102, 105).
    model.setResult(resultOf({{1, 4}, {2, 0}, {1, 2}, {1, 6}, {2, 1}}), QStringLiteral("query"));
    model.setGrouped(true);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);

    // Expanding the second document's card lists its other hit under it.
    QModelIndex card = model.toggleExpanded(model.index(1, 0));
    QCOMPARE(card.row(), 1);
    QCOMPARE(itemIds(model), (QList<qlonglong>{101, 102, 105}));
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(inserted.at(0).at(1).toInt(), 2);
    QCOMPARE(inserted.at(0).at(2).toInt(), 2);
    QVERIFY(model.index(1, 0).data(SearchResultsModel::GroupExpandedRole).toBool());
    QVERIFY(model.index(2, 0).data(SearchResultsModel::GroupMemberRole).toBool());
    QCOMPARE(model.index(2, 0).data(SearchResultsModel::PageRole).toInt(), 2);

    // Then the first: its two other hits go between the two cards.
    card = model.toggleExpanded(model.index(0, 0));
    QCOMPARE(card.row(), 0);
    QCOMPARE(itemIds(model), (QList<qlonglong>{101, 103, 104, 102, 105}));
    QCOMPARE(inserted.count(), 2);

    // Collapsing from one of the document's hits (not its card) hides them and names the card.
    card = model.toggleExpanded(model.index(2, 0));
    QCOMPARE(card.row(), 0);
    QCOMPARE(itemIds(model), (QList<qlonglong>{101, 102, 105}));
    QCOMPARE(removed.count(), 1);
    QCOMPARE(removed.at(0).at(1).toInt(), 1);
    QCOMPARE(removed.at(0).at(2).toInt(), 2);

    // A document with one hit has nothing to expand; ungrouped, nothing does.
    model.setResult(resultOf({{1, 0}, {2, 0}}), QStringLiteral("query"));
    QVERIFY(!model.toggleExpanded(model.index(0, 0)).isValid());
    QCOMPARE(model.rowCount(), 2);
    model.setGrouped(false);
    model.setResult(resultOf({{1, 0}, {1, 1}}), QStringLiteral("query"));
    QVERIFY(!model.toggleExpanded(model.index(0, 0)).isValid());
    QCOMPARE(model.rowCount(), 2);
}

void SearchResultsModelTest::newResultForgetsExpansions()
{
    SearchResultsModel model;
    model.setResult(resultOf({{1, 0}, {1, 1}, {2, 0}}), QStringLiteral("query"));
    model.setGrouped(true);
    model.toggleExpanded(model.index(0, 0));
    QCOMPARE(model.rowCount(), 3);
    model.setResult(resultOf({{1, 0}, {1, 1}, {2, 0}}), QStringLiteral("query"));
    QVERIFY(model.isGrouped()); // the choice stays, the expansions go with the old hits
    QCOMPARE(model.rowCount(), 2);
    model.toggleExpanded(model.index(0, 0));
    model.setGrouped(false);
    model.setGrouped(true);
    QCOMPARE(model.rowCount(), 2);
}

void SearchResultsModelTest::cardLinkTogglesOnClick()
{
    SearchResultsModel model;
    model.setResult(resultOf({{1, 0}, {1, 3}, {2, 0}}), QStringLiteral("query"));
    model.setGrouped(true);
    QListView view;
    view.setModel(&model);
    auto *delegate = new ResultCardDelegate(&view);
    view.setItemDelegate(delegate);
    view.resize(800, 400);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));

    QStyleOptionViewItem option;
    option.initFrom(view.viewport());
    option.rect = view.visualRect(model.index(0, 0));
    const QRect link = ResultCardDelegate::groupLinkRect(option, model.index(0, 0));
    QVERIFY(!link.isEmpty());
    QVERIFY(option.rect.contains(link));
    QVERIFY(ResultCardDelegate::groupLinkText(model.index(0, 0)).contains(QStringLiteral("4")));
    // The second document has one hit: no link.
    option.rect = view.visualRect(model.index(1, 0));
    QVERIFY(ResultCardDelegate::groupLinkRect(option, model.index(1, 0)).isEmpty());

    QTest::mouseClick(view.viewport(), Qt::LeftButton, {}, link.center());
    QCOMPARE(itemIds(model), (QList<qlonglong>{101, 102, 103}));
    // A click elsewhere on the card selects it and toggles nothing.
    QTest::mouseClick(view.viewport(), Qt::LeftButton, {}, view.visualRect(model.index(0, 0)).center());
    QCOMPARE(model.rowCount(), 3);
    QTest::mouseClick(view.viewport(), Qt::LeftButton, {}, link.center());
    QCOMPARE(itemIds(model), (QList<qlonglong>{101, 103}));
}

QTEST_MAIN(SearchResultsModelTest)
#include "test_search_results_model.moc"
