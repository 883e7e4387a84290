#pragma once
// Reading the JSON entries of a collection archive (collection_transfer.h), which are hostile until
// checked: typed access where every field is checked for its type and range, and a problem is one
// sentence naming the archive, the entry and row, and the field.

#include "common/result.h"

#include <QByteArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>

#include <charconv>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>

namespace cortex::service {

class ArchiveFields {
public:
    ArchiveFields(std::string where, const QJsonObject &object) : where_(std::move(where)), o_(object) {}

    Error fail(const std::string &key, const std::string &problem) const
    {
        return makeError(where_ + ": " + (key.empty() ? std::string() : "'" + key + "' ") + problem +
                         "; the file is damaged or crafted, and nothing was imported");
    }
    Result<std::string> text(const char *key, bool required = true, qsizetype maxBytes = 1 << 20) const
    {
        const QJsonValue v = o_[QLatin1String(key)];
        if (v.isUndefined() && !required)
            return std::string();
        if (!v.isString())
            return fail(key, v.isUndefined() ? "is missing" : "is not a string");
        std::string value = v.toString().toStdString();
        if (qsizetype(value.size()) > maxBytes)
            return fail(key, "is " + std::to_string(value.size()) + " bytes long, more than the " +
                                 std::to_string(maxBytes) + " a valid archive holds");
        if (value.find('\0') != std::string::npos)
            return fail(key, "contains a NUL character");
        return value;
    }
    // A JSON number that is a whole number within [min, max]; `numericText` also takes a string of
    // digits (how 64-bit values such as nanosecond times are written, beyond a double's precision).
    Result<int64_t> integer(const char *key, int64_t min, int64_t max, std::optional<int64_t> fallback = {},
                            bool numericText = false) const
    {
        const QJsonValue v = o_[QLatin1String(key)];
        if (v.isUndefined() && fallback)
            return *fallback;
        int64_t value = 0;
        if (v.isDouble()) {
            const double d = v.toDouble();
            if (!std::isfinite(d) || d != std::floor(d) || d < -9.007199254740992e15 ||
                d > 9.007199254740992e15)
                return fail(key, "is not a whole number");
            value = int64_t(d);
        } else if (numericText && v.isString()) {
            const std::string t = v.toString().toStdString();
            const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), value);
            if (t.empty() || ec != std::errc() || end != t.data() + t.size())
                return fail(key, "is \"" + t.substr(0, 40) + "\", not a whole number");
        } else {
            return fail(key, v.isUndefined() ? "is missing" : "is not a number");
        }
        if (value < min || value > max)
            return fail(key, "is " + std::to_string(value) + ", outside " + std::to_string(min) + ".." +
                                 std::to_string(max));
        return value;
    }
    // A finite JSON number within [min, max]; `fallback` when the key is absent.
    Result<double> number(const char *key, double min, double max, double fallback) const
    {
        const QJsonValue v = o_[QLatin1String(key)];
        if (v.isUndefined())
            return fallback;
        if (!v.isDouble() || !std::isfinite(v.toDouble()))
            return fail(key, "is not a number");
        const double value = v.toDouble();
        if (value < min || value > max)
            return fail(key, "is " + std::to_string(value) + ", outside " + std::to_string(min) + ".." +
                                 std::to_string(max));
        return value;
    }
    Result<bool> boolean(const char *key, bool fallback) const
    {
        const QJsonValue v = o_[QLatin1String(key)];
        if (v.isUndefined())
            return fallback;
        if (!v.isBool())
            return fail(key, "is not true or false");
        return v.toBool();
    }

private:
    std::string where_;
    QJsonObject o_;
};

// The first error among several checked fields, so that they can be read together and checked once.
template <typename... R> std::optional<Error> firstError(const R &...results)
{
    std::optional<Error> first;
    ((first = first ? first : (results.ok() ? std::nullopt : std::optional<Error>(results.error()))), ...);
    return first;
}

// 64 lowercase hex digits.
bool isSha256Hex(const std::string &text);

// `bytes` as JSON, or an error naming the archive, the entry and where the syntax broke.
Result<QJsonDocument> parseJson(const std::string &name, const char *entry, const QByteArray &bytes);

} // namespace cortex::service
