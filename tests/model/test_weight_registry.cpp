// WeightRegistry's groups (model/nn/weight_registry.h): a group's hook runs exactly once, right after
// the last of its tensors is reported loaded, whatever the order; names outside groups and repeated
// reports change nothing; namesUnder() keeps "blocks.3." apart from "blocks.30.".

#include "model/nn/weight_registry.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

using namespace cortex::model::nn;

namespace {

struct Slots {
    at::Tensor a, b, c, d, e;
};

} // namespace

TEST_CASE("namesUnder lists a block's names only")
{
    Slots s;
    WeightRegistry r;
    r.add("blocks.3.attn.weight", s.a);
    r.add("blocks.3.norm.weight", s.b);
    r.add("blocks.30.attn.weight", s.c);
    r.add("blocks.4.attn.weight", s.d);
    r.add("merger.weight", s.e);
    CHECK(r.namesUnder("blocks.3.") ==
          std::vector<std::string>{"blocks.3.attn.weight", "blocks.3.norm.weight"});
    CHECK(r.namesUnder("blocks.30.") == std::vector<std::string>{"blocks.30.attn.weight"});
    CHECK(r.namesUnder("nothing.").empty());
}

TEST_CASE("a group's hook runs once, when its last tensor is loaded, in any order")
{
    const std::vector<std::vector<std::string>> orders = {
        {"x.a", "x.b", "y.c"},
        {"y.c", "x.b", "x.a"},
        {"x.b", "y.c", "x.a"},
    };
    for (const auto &order : orders) {
        CAPTURE(order[0]);
        Slots s;
        WeightRegistry r;
        r.add("x.a", s.a);
        r.add("x.b", s.b);
        r.add("y.c", s.c);
        std::vector<std::string> events;
        r.onGroupLoaded(r.namesUnder("x."), [&] { events.push_back("x"); });
        r.onLoaded([&] { events.push_back("end"); });
        for (const auto &name : order) {
            r.markLoaded(name);
            events.push_back(name);
        }
        r.finish();
        // "x" directly after whichever of x.a and x.b came second, never before, "end" last.
        const auto second =
            std::find(order.begin(), order.end(), "x.a") > std::find(order.begin(), order.end(), "x.b")
                ? "x.a"
                : "x.b";
        std::vector<std::string> expected;
        for (const auto &name : order) {
            if (name == second)
                expected.push_back("x");
            expected.push_back(name);
        }
        expected.push_back("end");
        CHECK(events == expected);
    }
}

TEST_CASE("repeated reports and names outside groups do not run a hook early or twice")
{
    Slots s;
    WeightRegistry r;
    r.add("x.a", s.a);
    r.add("x.b", s.b);
    r.add("other", s.c);
    int runs = 0;
    r.onGroupLoaded({"x.a", "x.b"}, [&] { ++runs; });
    r.markLoaded("x.a");
    r.markLoaded("x.a");
    r.markLoaded("other");
    r.markLoaded("not registered");
    CHECK(runs == 0);
    r.markLoaded("x.b");
    CHECK(runs == 1);
    r.markLoaded("x.b");
    r.markLoaded("x.a");
    CHECK(runs == 1);
}
