#pragma once
// A file's items as stored (record and vector), and the comparison of two runs' items: what a resumed
// or two-pass ingestion must end with is the items of one uninterrupted run in one pass.

#include "library/library.h"
#include "store/library_db.h"

#include <QString>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <vector>

namespace cortex::testing {

struct StoredItem {
    store::ItemRecord record;
    std::vector<float> vector;
};

// Read through `db` (a test that only has the database file, e.g. after cortex-cli ran).
inline std::vector<StoredItem> itemsOfFile(store::LibraryDb &db, const QString &path)
{
    const auto doc = db.documentByPath(path.toStdString()).value();
    if (!doc || !doc->contentId)
        return {};
    const int64_t space = db.spaces().value().front().id;
    std::vector<StoredItem> out;
    auto records = db.itemsOfContent(*doc->contentId).value();
    for (auto &record : records) {
        auto vector = db.vector(space, record.id).value();
        out.push_back({std::move(record), vector.value_or(std::vector<float>{})});
    }
    return out;
}

inline std::vector<StoredItem> itemsOfFile(library::Library &lib, const QString &path)
{
    return itemsOfFile(*lib.openReader().value(), path);
}

inline double cosine(const std::vector<float> &a, const std::vector<float> &b)
{
    double dot = 0, na = 0, nb = 0;
    for (size_t k = 0; k < a.size() && k < b.size(); ++k) {
        dot += double(a[k]) * b[k];
        na += double(a[k]) * a[k];
        nb += double(b[k]) * b[k];
    }
    return a.size() == b.size() && na > 0 && nb > 0 ? dot / std::sqrt(na * nb) : 0;
}

// The same items: kinds, pages, positions, texts and thumbnails; vectors equal up to batching (another
// batch composition pads differently). Reports the lowest cosine.
inline void compareItems(const std::vector<StoredItem> &got, const std::vector<StoredItem> &expected)
{
    QCOMPARE(got.size(), expected.size());
    double worst = 1;
    for (size_t k = 0; k < expected.size(); ++k) {
        const auto &a = got[k].record;
        const auto &b = expected[k].record;
        QCOMPARE(int(a.kind), int(b.kind));
        QCOMPARE(a.page, b.page);
        QCOMPARE(a.position, b.position);
        QCOMPARE(QString::fromStdString(a.text), QString::fromStdString(b.text));
        QCOMPARE(a.thumbnailPng.empty(), b.thumbnailPng.empty());
        worst = std::min(worst, cosine(got[k].vector, expected[k].vector));
    }
    qInfo("lowest cosine between the items and the uninterrupted run's: %.7f", worst);
    QVERIFY(worst > 0.9999);
}

} // namespace cortex::testing
