#pragma once
// The start of every GUI test against a real library: a session with the library at `libraryDir` open
// and the tiny test model loaded, waited for within bounds.

#include "library/library_fixture.h"
#include "session/library_session.h"

#include <QTest>

#include <string>

namespace cortex::testing {

// An empty string when both are ready, else what failed ("opening the library: ...").
inline std::string openLibraryWithTinyModel(session::LibrarySession &session, const QString &libraryDir,
                                            const QString &modelDir)
{
    auto opened = session.openLibrary(libraryDir);
    if (!QTest::qWaitFor([&] { return opened.isFinished(); }, 30000))
        return "opening the library timed out";
    if (!opened.result().ok())
        return "opening the library: " + opened.result().error().message;
    auto loaded = session.loadEmbeddingModel(modelDir, tinyOptions());
    if (!QTest::qWaitFor([&] { return loaded.isFinished(); }, 60000))
        return "loading the model timed out";
    if (!loaded.result().ok())
        return "loading the model: " + loaded.result().error().message;
    return {};
}

} // namespace cortex::testing
