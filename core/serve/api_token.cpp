#include "serve/api_token.h"

#include "common/durable_file.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QStandardPaths>

#include <array>

namespace cortex::serve {

namespace {

constexpr int kTokenBytes = 32;
// A token someone wrote by hand is accepted from 16 characters; a file larger than this is not a token.
constexpr int kMinTokenLength = 16;
constexpr qint64 kMaxTokenFileBytes = 1024;

const QFileDevice::Permissions kOwnerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
const QFileDevice::Permissions kOthers = QFileDevice::ReadGroup | QFileDevice::WriteGroup |
                                         QFileDevice::ExeGroup | QFileDevice::ReadOther |
                                         QFileDevice::WriteOther | QFileDevice::ExeOther;

std::string text(const QString &string)
{
    return string.toStdString();
}

// RFC 6750's b64token characters: what a bearer token may hold.
bool isTokenChar(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '.' || c == '_' || c == '~' || c == '+' || c == '/' || c == '=';
}

Result<QByteArray> readToken(const QString &path)
{
    const QFileInfo info(path);
    if (info.permissions() & kOthers)
        return makeError("the API token file " + text(path) +
                             " can be read or written by other users; make it private with: chmod 600 " +
                             text(path),
                         ErrorKind::InvalidInput);
    if (info.size() > kMaxTokenFileBytes)
        return makeError("the API token file " + text(path) + " is larger than " +
                             std::to_string(kMaxTokenFileBytes) + " bytes: it does not hold a token",
                         ErrorKind::Corrupt);
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return makeError("cannot read the API token file " + text(path) + ": " + text(file.errorString()),
                         ErrorKind::Io);
    const QByteArray token = file.read(kMaxTokenFileBytes + 1).trimmed();
    if (token.isEmpty())
        return makeError("the API token file " + text(path) + " is empty; delete it to have a new token made",
                         ErrorKind::Corrupt);
    bool valid = token.size() >= kMinTokenLength && token.size() <= kMaxTokenFileBytes;
    for (char c : token)
        valid = valid && isTokenChar(c);
    if (!valid)
        return makeError("the API token file " + text(path) + " does not hold a token (at least " +
                             std::to_string(kMinTokenLength) +
                             " letters, digits or -._~+/=); delete it to have a new token made",
                         ErrorKind::Corrupt);
    return token;
}

QByteArray newToken()
{
    std::array<quint32, kTokenBytes / 4> words = {};
    QRandomGenerator::system()->fillRange(words.data(), words.size());
    const QByteArray bytes(reinterpret_cast<const char *>(words.data()), kTokenBytes);
    return bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

Result<QByteArray> createToken(const QString &path)
{
    const QFileInfo info(path);
    QDir folder = info.absoluteDir();
    if (!folder.exists() && !folder.mkpath(QStringLiteral(".")))
        return makeError("cannot make the folder " + text(folder.path()) + " for the API token",
                         ErrorKind::Io);

    const QByteArray token = newToken();
    const QString temporary = info.absoluteFilePath() + QStringLiteral(".tmp-") +
                              QString::number(QRandomGenerator::system()->generate64(), 16);
    {
        // Created with 0600 in the same call that creates it: there is no moment at which others may
        // open it.
        QFile file(temporary);
        if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly, kOwnerOnly))
            return makeError("cannot create " + text(temporary) +
                                 " for the API token: " + text(file.errorString()),
                             ErrorKind::Io);
        const bool written = file.write(token + '\n') == token.size() + 1 && file.flush();
        file.close();
        if (!written || !syncFile(temporary.toStdString())) {
            QFile::remove(temporary);
            return makeError("cannot write the API token to " + text(temporary), ErrorKind::Io);
        }
    }
    // QFile::rename does not replace an existing file: when another process made the token first,
    // its token is the one both use.
    if (!QFile::rename(temporary, info.absoluteFilePath())) {
        QFile::remove(temporary);
        if (QFileInfo::exists(path))
            return readToken(path);
        return makeError("cannot put the API token in place at " + text(path), ErrorKind::Io);
    }
    if (Status synced = syncDirectory(folder.path().toStdString()); !synced)
        return synced.error();
    return token;
}

} // namespace

Result<QByteArray> loadOrCreateApiToken(const QString &path)
{
    if (path.isEmpty())
        return makeError("no path for the API token file", ErrorKind::InvalidInput);
    const QFileInfo info(path);
    if (info.exists() && !info.isFile())
        return makeError("the API token path " + text(path) + " is not a file", ErrorKind::InvalidInput);
    if (info.exists())
        return readToken(path);
    return createToken(path);
}

QString defaultApiTokenPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation) + QStringLiteral("/api-token");
}

} // namespace cortex::serve
