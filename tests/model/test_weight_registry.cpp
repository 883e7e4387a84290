// WeightRegistry's groups (model/nn/weight_registry.h): a group's hook runs exactly once, right after
// the last of its tensors is reported loaded, whatever the order; names outside groups and repeated
// reports change nothing; namesUnder() keeps "blocks.3." apart from "blocks.30.".

#include "model/nn/weight_registry.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <deque>
#include <string>
#include <vector>

using namespace cortex::model::nn;

namespace {

// A registry with one empty slot per name; the slots live in `slots` (a deque keeps them in place).
WeightRegistry registryOf(const std::vector<std::string> &names, std::deque<at::Tensor> &slots)
{
    WeightRegistry registry;
    for (const auto &name : names)
        registry.add(name, slots.emplace_back());
    return registry;
}

} // namespace

TEST_CASE("namesUnder lists a block's names only")
{
    std::deque<at::Tensor> slots;
    const auto r = registryOf({"blocks.3.attn.weight", "blocks.3.norm.weight", "blocks.30.attn.weight",
                               "blocks.4.attn.weight", "merger.weight"},
                              slots);
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
        std::deque<at::Tensor> slots;
        auto r = registryOf({"x.a", "x.b", "y.c"}, slots);
        std::vector<std::string> events;
        r.onGroupLoaded(r.namesUnder("x."), [&] { events.push_back("x"); });
        r.onLoaded([&] { events.push_back("end"); });
        for (const auto &name : order) {
            r.markLoaded(name);
            events.push_back(name);
        }
        r.finish();
        // "x" just before the report of whichever of x.a and x.b came second (the hook runs inside
        // that markLoaded), never earlier; "end" last.
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
    std::deque<at::Tensor> slots;
    auto r = registryOf({"x.a", "x.b", "other"}, slots);
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
