#pragma once
// Writing a test's input files: one helper instead of one per test.

#include <QByteArray>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QString>
#include <QTest>

namespace cortex::testing {

// `bytes` as the whole file at `path`, its folders made first; a failure fails the calling test function
// (check QTest::currentTestFailed() where what follows must not run).
inline void writeFile(const QString &path, const QByteArray &bytes)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    QVERIFY2(file.open(QIODevice::WriteOnly), qPrintable(path + QStringLiteral(": ") + file.errorString()));
    QCOMPARE(file.write(bytes), bytes.size());
}

} // namespace cortex::testing
