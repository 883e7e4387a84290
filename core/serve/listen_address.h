#pragma once
// "HOST:PORT" as `cortex-cli serve --listen` and the window's library API setting take it: an IP address
// (IPv6 in brackets) or "localhost", and a port from 0 (any free one) to 65535; the port may be left out.

#include "common/result.h"

#include <QHostAddress>
#include <QString>

namespace cortex::serve {

struct ListenAddress {
    QHostAddress host;
    quint16 port = 0;
};

// `defaultPort` when the text names none. Errors quote the text and say what is wrong with it.
Result<ListenAddress> parseListenAddress(const QString &text, quint16 defaultPort);

// "http://127.0.0.1:8000", with an IPv6 address in brackets.
QString httpUrl(const QHostAddress &host, quint16 port);

} // namespace cortex::serve
