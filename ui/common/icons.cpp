#include "ui/common/icons.h"

#include <QFile>

namespace cortex::ui {

QIcon themedIcon(const QString &name)
{
    const QString bundled = QStringLiteral(":/icons/breeze/%1.svg").arg(name);
    return QIcon::fromTheme(name, QFile::exists(bundled) ? QIcon(bundled) : QIcon());
}

QIcon applicationIcon()
{
    return QIcon(QStringLiteral(":/icons/cortex.svg"));
}

} // namespace cortex::ui
