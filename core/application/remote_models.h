#pragma once
// A library and a model served by a GPU server (remote/remote_encoder.h): the library records its
// model's fingerprint the first time a local model of its space is loaded, and a served model is
// admitted to the library's space only when its fingerprint agrees (cosine >= 0.999), so a library
// embedded here can be searched and extended through a server running the same weights, and a
// library made through the server by the local model. Any other model is refused with the message the
// local path gives.

#include "common/result.h"
#include "embedding/encoder.h"
#include "library/library.h"
#include "remote/remote_encoder.h"

#include <memory>

namespace cortex::application {

// Records `encoder`'s fingerprint in the library when none is recorded for its model (two small
// embeddings, once per library); nothing when the library holds another model's space.
Status recordModelFingerprint(library::Library &library, embedding::Encoder &encoder);

// Makes `encoder` write and search the library's space. A library without a space takes the served
// model as it is (its fingerprint is recorded); a library whose fingerprint was never recorded is
// refused with how to record it.
Status joinLibrary(library::Library &library, remote::RemoteEncoder &encoder);

// The other direction: a local model of a library that was embedded through a server. True when the
// library's space was made by a served model whose recorded fingerprint agrees with `encoder`'s, which
// is then wrapped to write that space (embedding::SpaceAlias); false when it does not apply or agree
// (the caller gives its usual refusal).
Result<bool> adoptServedSpace(library::Library &library, std::unique_ptr<embedding::Encoder> &encoder);

} // namespace cortex::application
