#include "ui/common/icons.h"

#include <QFile>
#include <QGuiApplication>
#include <QPalette>

// cortex_ui is a static library: its compiled resources are only linked in when something refers to
// them, so the first icon lookup registers them explicitly (Q_INIT_RESOURCE must be used outside any
// namespace).
static void registerBundledIcons()
{
    static const bool registered = [] {
        Q_INIT_RESOURCE(icons);
        return true;
    }();
    (void)registered;
}

namespace cortex::ui {

QIcon themedIcon(const QString &name)
{
    registerBundledIcons();
    // Dark glyphs on a dark window would vanish: pick the Breeze Dark copy when the palette is dark.
    const bool dark = QGuiApplication::palette().color(QPalette::Window).lightness() < 128;
    const QString bundled = QStringLiteral(":/icons/%1/%2.svg")
                                .arg(dark ? QStringLiteral("breeze-dark") : QStringLiteral("breeze"), name);
    return QIcon::fromTheme(name, QFile::exists(bundled) ? QIcon(bundled) : QIcon());
}

QIcon applicationIcon()
{
    registerBundledIcons();
    return QIcon(QStringLiteral(":/icons/cortex.svg"));
}

} // namespace cortex::ui
