#include "service/archive_fields.h"

#include <QJsonParseError>

#include <algorithm>

namespace cortex::service {

bool isSha256Hex(const std::string &text)
{
    return text.size() == 64 && std::all_of(text.begin(), text.end(), [](char c) {
               return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
           });
}

Result<QJsonDocument> parseJson(const std::string &name, const char *entry, const QByteArray &bytes)
{
    QJsonParseError error{};
    QJsonDocument doc = QJsonDocument::fromJson(bytes, &error);
    if (error.error != QJsonParseError::NoError)
        return makeError(name + ": " + entry + " is not valid JSON (" + error.errorString().toStdString() +
                         " at byte " + std::to_string(error.offset) + ")");
    return doc;
}

} // namespace cortex::service
