#pragma once
// Running cortex-cli from a test: its exit code and output, in a home of the test's own (settings and
// data under a temporary folder, so a test never reads or writes the user's).

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QStringList>
#include <QTemporaryDir>

namespace cortex::testing {

struct CliRun {
    int exitCode = -1; // -1 when it crashed or was killed
    QString out;
    QString err;
    QString describe() const
    {
        return QStringLiteral("exit %1\nstdout: %2\nstderr: %3").arg(exitCode).arg(out, err);
    }
    QJsonObject json() const { return QJsonDocument::fromJson(out.toUtf8()).object(); }
};

// The system's environment with XDG_CONFIG_HOME and XDG_DATA_HOME inside `home`.
inline QProcessEnvironment isolatedEnvironment(const QTemporaryDir &home)
{
    auto env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), home.filePath(QStringLiteral("config")));
    env.insert(QStringLiteral("XDG_DATA_HOME"), home.filePath(QStringLiteral("data")));
    return env;
}

// Runs `program` with `args` and no input; killed after `timeoutMs`.
inline CliRun runCli(const QString &program, const QStringList &args, const QProcessEnvironment &env,
                     int timeoutMs = 120000)
{
    QProcess process;
    process.setProcessEnvironment(env);
    process.start(program, args);
    process.closeWriteChannel();
    if (!process.waitForFinished(timeoutMs))
        process.kill();
    CliRun r;
    r.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    r.out = QString::fromUtf8(process.readAllStandardOutput());
    r.err = QString::fromUtf8(process.readAllStandardError());
    return r;
}

} // namespace cortex::testing
