#pragma once
// Searching in a Search tab the way a user does (type, click Search) and waiting for the answer: one
// helper for the GUI tests that need hits on the page.

#include "ui/search/search_page.h"
#include "ui/search/search_results_model.h"

#include <QAbstractItemModel>
#include <QCheckBox>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

namespace cortex::testing {

// Searches `text` without the reranker (the tests' models have none worth waiting for) with the given
// candidate and result limits; true when the search finished within a minute with at least one hit.
inline bool searchAndWait(ui::SearchPage &page, const QString &text, int candidates, int shown)
{
    page.findChild<QCheckBox *>(QStringLiteral("searchRerankCheck"))->setChecked(false);
    page.setSearchLimits(candidates, shown);
    page.findChild<QLineEdit *>(QStringLiteral("searchQueryEdit"))->setText(text);
    QSignalSpy finished(&page, &ui::SearchPage::searchFinished);
    QTest::mouseClick(page.findChild<QPushButton *>(QStringLiteral("searchButton")), Qt::LeftButton);
    return QTest::qWaitFor([&] { return finished.count() > 0; }, 60000) &&
           page.resultsModel()->rowCount() > 0;
}

} // namespace cortex::testing
