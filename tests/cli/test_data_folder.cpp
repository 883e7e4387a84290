// Where cortex-cli keeps its data without --library: ~/.local/share/Cortex (XDG_DATA_HOME/Cortex), and
// a library that an earlier version kept one level deeper (Cortex/Cortex/library) is moved there, once,
// with a note, and stays searchable.

#include "hostile/hostile_support.h"

#include <doctest/doctest.h>

using namespace hostile;

TEST_CASE("the default library lives in XDG_DATA_HOME/Cortex, and an old Cortex/Cortex library moves there")
{
    TempHome home;
    const fs::path data = home.path / "data";
    const fs::path legacy = data / "Cortex" / "Cortex" / "library";
    writeBytes(home.path / "docs" / "note.txt",
               "A note about lighthouses and the keepers who lived in them.");
    // An earlier version's library, made where that version put it.
    const Run made = cli(home.path, {"ingest", (home.path / "docs").string(), "--library", legacy.string(),
                                     "--model", kTinyModel, "--device", "cpu"});
    REQUIRE_MESSAGE(made.exitCode == 0, made.describe());

    // No --library: the library is found at the new place, moved there by a rename.
    const Run search =
        cli(home.path, {"search", "--text", "lighthouse keepers", "--no-rerank", "--device", "cpu"});
    CHECK_MESSAGE(search.exitCode == 0, search.describe());
    CHECK(search.out.find("note.txt") != std::string::npos);
    CHECK(search.err.find("moved " + legacy.string()) != std::string::npos);
    CHECK(fs::exists(data / "Cortex" / "library" / "library.db"));
    CHECK(!fs::exists(data / "Cortex" / "Cortex"));

    // Once: the next command says nothing about it.
    const Run again = cli(home.path, {"jobs"});
    CHECK_MESSAGE(again.exitCode == 0, again.describe());
    CHECK(again.err.find("moved") == std::string::npos);
}

TEST_CASE("an old library is left where it is when the new place has one already")
{
    TempHome home;
    const fs::path data = home.path / "data";
    fs::create_directories(data / "Cortex" / "Cortex" / "library");
    writeBytes(data / "Cortex" / "Cortex" / "library" / "marker", "old");
    fs::create_directories(data / "Cortex" / "library");
    const Run run = cli(home.path, {"jobs"});
    CHECK(run.err.find("was left where it is") != std::string::npos);
    CHECK(fs::exists(data / "Cortex" / "Cortex" / "library" / "marker"));
}
