#pragma once
// Models served by a GPU server that speaks vLLM's API, in the window and in cortex-cli, written once:
// the endpoint the settings name, the connection under the library's rule (remote_models.h: a served
// model is the library's model only when its fingerprint agrees, and another one is refused with the
// local path's message), the tokenizer that ingestion cuts text with, the window's twins on the session,
// and the Settings tab's "Test connection".

#include "application/models.h"
#include "common/result.h"
#include "remote/remote_encoder.h"
#include "remote/remote_endpoint.h"
#include "session/library_session.h"
#include "settings/settings.h"

#include <QFuture>
#include <QString>

#include <functional>
#include <memory>
#include <string>

namespace cortex::library {
class Library;
}
namespace cortex::model {
class Tokenizer;
}

namespace cortex::application {

// Whether the settings put the model of `kind` on a server (a URL is set) rather than on this computer.
bool isServed(const settings::Settings &settings, ModelKind kind);

// The endpoint the settings name for `kind`: URL, served name (empty: the only one served), token
// (CORTEX_MODEL_TOKEN or CORTEX_RERANKER_TOKEN goes before the stored one) and the batch size.
remote::RemoteEndpoint servedEndpoint(const settings::Settings &settings, ModelKind kind);

// Connects to the server and makes the model write and search `library`'s space (joinLibrary: its
// fingerprint must agree with the library's recorded one; a new library takes the served model). Without
// a library (none open yet) the served model as it is.
Result<std::unique_ptr<remote::RemoteEncoder>>
connectServedEncoder(library::Library *library, const remote::RemoteEndpoint &endpoint, int mrlDim);

// The tokenizer ingestion cuts text with when the model is served: the tokenizer.json of `folder`, else
// of the model folder the library remembers. An error names the folder; with neither, says what to give.
Result<std::shared_ptr<const model::Tokenizer>> servedModelTokenizer(library::Library *library,
                                                                     const std::string &folder);

// The window: the embedding model served where the settings say, connected on the model worker and
// checked against the library open then; the tokenizer from the settings' model folder when it has one
// (else ingestion is refused and says why). A failure keeps the model loaded before.
QFuture<Status> useServedEmbeddingModel(session::LibrarySession &session, const settings::Settings &settings);
// The reranker served where the settings say (the session's reranker states report it).
void useServedReranker(session::LibrarySession &session, const settings::Settings &settings);

// The window's model on this computer: records its fingerprint in the open library on the library
// worker (once per library; nothing when the library holds another model's space), as cortex-cli does
// whenever it loads a local model, so that the library can later be used through a server of the same
// weights. Succeeds and does nothing without a model or a library.
QFuture<Status> recordLibraryFingerprint(session::LibrarySession &session);

// "Test connection": which model the server serves under `name` (the only one when empty), asked once
// (GET /v1/models) on a worker, never longer than `timeoutMs` without an answer; `cancelled` stops it.
// The answer is the served model's name, or the error naming the server and the reason.
inline constexpr int kTestConnectionTimeoutMs = 10'000;
QFuture<Result<QString>> testModelServer(const QString &url, const QString &name, const QString &token,
                                         std::function<bool()> cancelled,
                                         int timeoutMs = kTestConnectionTimeoutMs);

} // namespace cortex::application
