#pragma once
// Icons: the desktop's theme first (Breeze on KDE, whatever the user chose elsewhere), the bundled
// Breeze copy (resources/icons.qrc) when the theme lacks a name, so Cortex looks right everywhere.

#include <QIcon>
#include <QString>

namespace cortex::ui {

// `name` is a freedesktop icon name that exists in resources/icons/breeze ("edit-find", "folder-open").
// The bundled fallback follows the palette (Breeze or Breeze Dark) at the time of the call.
QIcon themedIcon(const QString &name);

// The application's own icon.
QIcon applicationIcon();

} // namespace cortex::ui
