#include "ui/collections/record_text.h"

#include <QDateTime>
#include <QLocale>

namespace cortex::ui {

QString formatTime(int64_t secondsSinceEpoch)
{
    if (secondsSinceEpoch <= 0)
        return {};
    return QLocale().toString(QDateTime::fromSecsSinceEpoch(secondsSinceEpoch), QLocale::ShortFormat);
}

QString joinTags(const std::vector<std::string> &tags)
{
    QStringList list;
    for (const auto &t : tags)
        list << QString::fromStdString(t);
    return list.join(QStringLiteral(", "));
}

std::vector<std::string> splitTags(const QString &text)
{
    std::vector<std::string> tags;
    QStringList seen;
    for (const QString &part : text.split(QLatin1Char(','))) {
        const QString tag = part.trimmed();
        if (tag.isEmpty() || seen.contains(tag))
            continue;
        seen << tag;
        tags.push_back(tag.toStdString());
    }
    return tags;
}

} // namespace cortex::ui
