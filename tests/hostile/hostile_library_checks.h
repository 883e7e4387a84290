// What the hostile cases that ingest through cortex-cli share: the JSON a --json command printed, an
// ingest, the reason a file failed, and a library with one known document that must keep answering.
#pragma once

#include "hostile_support.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

namespace hostile {

using nlohmann::json;

// The JSON that a --json command printed (empty object when it printed none).
inline json parsed(const Run &run)
{
    const json value = json::parse(run.out, nullptr, false);
    return value.is_discarded() ? json::object() : value;
}

inline Run ingest(const fs::path &home, const std::vector<std::string> &paths, const std::string &lib = "lib")
{
    std::vector<std::string> args{"ingest"};
    args.insert(args.end(), paths.begin(), paths.end());
    args.push_back("--json");
    return cli(home, with(args, libraryArgs(home, lib)));
}

// The reason recorded for the failure of the file whose path ends in `name` ("" when it did not fail).
inline std::string failureOf(const json &summary, const std::string &name)
{
    for (const auto &f : summary.value("failures", json::array()))
        if (f["path"].get<std::string>().ends_with(name))
            return f["reason"].get<std::string>();
    return {};
}

// The hits of a text search (without reranking).
inline json searchHits(const fs::path &home, const std::string &text)
{
    const Run found = cli(home, with({"search", "--text", text, "--no-rerank", "--json"}, libraryArgs(home)));
    REQUIRE_MESSAGE(found.exitCode == 0, found.describe());
    return parsed(found)["hits"];
}

// A library with one known document, and the search that must keep finding it.
inline void makeLibraryWithKnownDocument(const fs::path &home)
{
    writeBytes(home / "known" / "known.txt", "the zeppelin crossed the fjord at dawn, quietly\n");
    const Run first = ingest(home, {(home / "known" / "known.txt").string()});
    REQUIRE_MESSAGE(first.exitCode == 0, first.describe());
    REQUIRE(parsed(first)["indexed"] == 1);
}

inline void checkKnownDocumentStillFound(const fs::path &home)
{
    const json hits = searchHits(home, "zeppelin fjord");
    REQUIRE(!hits.empty());
    CHECK(contains(hits[0]["path"].get<std::string>(), "known.txt"));
}

} // namespace hostile
