#include "hub/hub_environment.h"

#include "settings/settings.h"

#include <QDir>
#include <QFile>
#include <QStandardPaths>

namespace cortex::hub {

namespace {

QString env(const char *name)
{
    return qEnvironmentVariable(name).trimmed();
}

QString hfHome()
{
    if (const QString home = env("HF_HOME"); !home.isEmpty())
        return home;
    QString xdgCache = env("XDG_CACHE_HOME");
    if (xdgCache.isEmpty())
        xdgCache = QDir::homePath() + QStringLiteral("/.cache");
    return xdgCache + QStringLiteral("/huggingface");
}

QString tokenFromFile()
{
    QString path = env("HF_TOKEN_PATH");
    if (path.isEmpty())
        path = hfHome() + QStringLiteral("/token");
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(file.readAll()).trimmed();
}

} // namespace

HubEnvironment HubEnvironment::fromSystem()
{
    HubEnvironment environment;
    environment.endpoint = env("HF_ENDPOINT");
    if (environment.endpoint.isEmpty())
        environment.endpoint = QStringLiteral("https://huggingface.co");
    while (environment.endpoint.endsWith(QLatin1Char('/')))
        environment.endpoint.chop(1);

    environment.token = env("HF_TOKEN");
    if (environment.token.isEmpty())
        environment.token = env("HUGGING_FACE_HUB_TOKEN"); // the name older huggingface_hub used
    if (environment.token.isEmpty())
        environment.token = tokenFromFile();

    environment.cacheDir = env("HF_HUB_CACHE");
    if (environment.cacheDir.isEmpty())
        environment.cacheDir = env("HUGGINGFACE_HUB_CACHE"); // older name, still honoured by Python
    if (environment.cacheDir.isEmpty())
        environment.cacheDir = hfHome() + QStringLiteral("/hub");
    return environment;
}

QString cortexModelsDir()
{
    return settings::dataDir() + QStringLiteral("/models");
}

} // namespace cortex::hub
