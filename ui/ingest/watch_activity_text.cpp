#include "ui/ingest/watch_activity_text.h"

#include "session/watch_activity.h"

#include <QCoreApplication>
#include <QLocale>
#include <QStringList>

namespace cortex::ui {

namespace {

// The translation context of these strings (lupdate reads it from the macro).
class WatchActivityText {
    Q_DECLARE_TR_FUNCTIONS(WatchActivityText)
};

// "14 new, 3 changed, 1 moved, 2 deleted, 1 failed": the non-zero parts.
QString counts(const session::WatchActivity &a)
{
    QStringList parts;
    if (a.added > 0)
        parts << WatchActivityText::tr("%n new", nullptr, int(a.added));
    if (a.modified > 0)
        parts << WatchActivityText::tr("%n changed", nullptr, int(a.modified));
    if (a.moved > 0)
        parts << WatchActivityText::tr("%n moved", nullptr, int(a.moved));
    if (a.deleted > 0)
        parts << WatchActivityText::tr("%n deleted", nullptr, int(a.deleted));
    if (a.failed > 0)
        parts << WatchActivityText::tr("%n failed", nullptr, int(a.failed));
    if (a.settlingFound > 0)
        parts << WatchActivityText::tr("%n still being written", nullptr, int(a.settlingFound));
    if (a.unavailable > 0)
        parts << WatchActivityText::tr("%n unavailable", nullptr, int(a.unavailable));
    return parts.join(QStringLiteral(", "));
}

} // namespace

QString watchActivityText(const session::WatchActivity &activity)
{
    const QString found = counts(activity);
    if (activity.syncing) {
        const QString head = WatchActivityText::tr("Syncing %n watched folder(s)", nullptr, activity.folders);
        if (found.isEmpty()) {
            const QString text = head + QStringLiteral("…");
            return text;
        }
        const QString text = head + QStringLiteral(": ") + found;
        return text;
    }
    if (!activity.finishedAt.isValid())
        return {};
    const QString at = QLocale().toString(activity.finishedAt.time(), QLocale::ShortFormat);
    if (!activity.error.isEmpty())
        return WatchActivityText::tr("Watched folders: the sync at %1 stopped: %2").arg(at, activity.error);
    return WatchActivityText::tr("Watched folders synced at %1: %2")
        .arg(at, found.isEmpty() ? WatchActivityText::tr("no changes") : found);
}

} // namespace cortex::ui
