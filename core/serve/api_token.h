#pragma once
// The bearer token of `cortex-cli serve`: made on first use (32 random bytes, base64url) and kept in a
// file only its user may read (0600). A token file others can read is refused, naming the file and the
// chmod that fixes it: a token readers other than its user have seen is not a secret any more.

#include "common/result.h"

#include <QByteArray>
#include <QString>

namespace cortex::serve {

// The token in `path`, or a new one written there (created 0600 under a temporary name, then renamed
// into place without replacing a file another process wrote meanwhile: both then use that one).
Result<QByteArray> loadOrCreateApiToken(const QString &path);
// QStandardPaths::AppConfigLocation + "/api-token".
QString defaultApiTokenPath();

} // namespace cortex::serve
