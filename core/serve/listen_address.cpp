#include "serve/listen_address.h"

namespace cortex::serve {

Result<ListenAddress> parseListenAddress(const QString &text, quint16 defaultPort)
{
    const QString value = text.trimmed();
    // The port follows the last colon, unless that colon is inside a bare IPv6 address ("::1").
    qsizetype colon = value.lastIndexOf(QLatin1Char(':'));
    if (colon >= 0 && !value.startsWith(QLatin1Char('[')) && value.indexOf(QLatin1Char(':')) != colon)
        colon = -1;
    QString host = colon < 0 ? value : value.left(colon);
    if (host.startsWith(QLatin1Char('[')) && host.endsWith(QLatin1Char(']')))
        host = host.mid(1, host.size() - 2);
    ListenAddress out;
    out.port = defaultPort;
    if (colon >= 0) {
        bool ok = false;
        const uint port = value.mid(colon + 1).toUInt(&ok);
        if (!ok || port > 65535)
            return makeError(value.toStdString() + ": the port is not a number from 0 to 65535",
                             ErrorKind::InvalidInput);
        out.port = quint16(port);
    }
    if (host == QStringLiteral("localhost"))
        out.host = QHostAddress(QHostAddress::LocalHost);
    else if (!out.host.setAddress(host))
        return makeError(value.toStdString() + ": \"" + host.toStdString() + "\" is not an IP address",
                         ErrorKind::InvalidInput);
    return out;
}

QString httpUrl(const QHostAddress &host, quint16 port)
{
    const QString name = host.protocol() == QAbstractSocket::IPv6Protocol
                             ? QStringLiteral("[%1]").arg(host.toString())
                             : host.toString();
    return QStringLiteral("http://%1:%2").arg(name).arg(port);
}

} // namespace cortex::serve
