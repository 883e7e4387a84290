// Reciprocal rank fusion against values computed by hand: 1/(60+r) summed over the lists.

#include "search/fusion.h"

#include <doctest/doctest.h>

using namespace cortex::search;

TEST_CASE("an item in both lists beats items in one list")
{
    // vector: 10, 20, 30; text: 30, 40.
    const std::vector<RankedId> vector = {{10, 0.9}, {20, 0.8}, {30, 0.7}};
    const std::vector<RankedId> text = {{30, -5.0}, {40, -4.0}};
    const auto fused = fuseRankings(vector, text);
    REQUIRE(fused.size() == 4);
    // 30: 1/63 + 1/61 = 0.032266..., 10: 1/61 = 0.016393..., 40: 1/62 = 0.016129..., 20: 1/62 (tie with 40,
    // broken by the vector rank: 20 has one, 40 has none).
    CHECK(fused[0].id == 30);
    CHECK(fused[0].fused == doctest::Approx(1.0 / 63 + 1.0 / 61));
    CHECK(fused[0].vectorRank == 3);
    CHECK(fused[0].textRank == 1);
    CHECK(fused[0].textScore == doctest::Approx(-5.0));
    CHECK(fused[1].id == 10);
    CHECK(fused[1].fused == doctest::Approx(1.0 / 61));
    CHECK(fused[2].id == 20);
    CHECK(fused[2].fused == doctest::Approx(1.0 / 62));
    CHECK(fused[3].id == 40);
    CHECK(fused[3].fused == doctest::Approx(1.0 / 62));
    CHECK_FALSE(fused[3].vectorRank.has_value());
}

TEST_CASE("empty lists, one list, duplicates")
{
    CHECK(fuseRankings({}, {}).empty());
    const std::vector<RankedId> only = {{5, 1.0}, {6, 0.5}};
    const auto fused = fuseRankings(only, {});
    REQUIRE(fused.size() == 2);
    CHECK(fused[0].id == 5);
    CHECK(fused[1].id == 6);
    // A duplicate in one list counts once, at its best rank.
    const std::vector<RankedId> dup = {{7, 1.0}, {7, 0.9}, {8, 0.8}};
    const auto d = fuseRankings(dup, {});
    REQUIRE(d.size() == 2);
    CHECK(d[0].fused == doctest::Approx(1.0 / 61));
    CHECK(d[1].fused == doctest::Approx(1.0 / 63));
}

TEST_CASE("the constant k changes the balance")
{
    // With k = 0, rank 1 in one list (1.0) beats ranks 2 and 3 in both (1/2 + 1/3 = 0.833).
    const std::vector<RankedId> vector = {{1, 0}, {2, 0}, {3, 0}};
    const std::vector<RankedId> text = {{4, 0}, {3, 0}, {2, 0}};
    const auto fused = fuseRankings(vector, text, 0);
    CHECK(fused[0].id == 1);
    CHECK(fused[0].fused == doctest::Approx(1.0));
    CHECK(fused[2].fused == doctest::Approx(1.0 / 2 + 1.0 / 3));
    // With the default k = 60 the items in both lists win: 2 and 3 score 1/62 + 1/63.
    const auto balanced = fuseRankings(vector, text);
    CHECK((balanced[0].id == 2 || balanced[0].id == 3));
    CHECK(balanced[0].fused == doctest::Approx(1.0 / 62 + 1.0 / 63));
}
