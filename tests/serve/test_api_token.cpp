// The API token of `cortex-cli serve` (serve/api_token.h): made once with user-only permissions and
// reused, and refused, with the file and the fix named, when others may read it or it holds no token.

#include "serve/api_token.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

using namespace cortex::serve;

namespace {

const QFileDevice::Permissions kOwnerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;

void writeFile(const QString &path, const QByteArray &bytes, QFileDevice::Permissions permissions)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    QCOMPARE(file.write(bytes), bytes.size());
    file.close();
    QVERIFY(file.setPermissions(permissions));
}

} // namespace

class TestApiToken : public QObject {
    Q_OBJECT

private slots:
    void createdPrivateAndReused()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        // A folder that does not exist yet, as the config folder on first start.
        const QString path = dir.filePath(QStringLiteral("config/cortex/api-token"));
        auto token = loadOrCreateApiToken(path);
        QVERIFY2(token, token ? "" : token.error().message.c_str());
        // 32 random bytes in base64url without padding.
        QCOMPARE(token->size(), 43);
        for (char c : *token)
            QVERIFY(QByteArrayView("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
                        .contains(c));
        QCOMPARE(QFileInfo(path).permissions() & ~(QFileDevice::ReadUser | QFileDevice::WriteUser),
                 kOwnerOnly);
        // No temporary file left beside it.
        QCOMPARE(QDir(QFileInfo(path).path()).entryList(QDir::Files | QDir::Hidden),
                 QStringList{QStringLiteral("api-token")});

        auto again = loadOrCreateApiToken(path);
        QVERIFY2(again, again ? "" : again.error().message.c_str());
        QCOMPARE(*again, *token);

        // A second file elsewhere gets another token.
        auto other = loadOrCreateApiToken(dir.filePath(QStringLiteral("other-token")));
        QVERIFY(other);
        QVERIFY(*other != *token);
    }

    void tokenWrittenByHandIsUsed()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("api-token"));
        writeFile(path, "my-own-long-token-1234\n", kOwnerOnly);
        auto token = loadOrCreateApiToken(path);
        QVERIFY2(token, token ? "" : token.error().message.c_str());
        QCOMPARE(*token, QByteArray("my-own-long-token-1234"));
    }

    void refused_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<int>("permissions");
        QTest::addColumn<QString>("expected");
        const int ownerOnly = int(kOwnerOnly);
        const int worldReadable = int(kOwnerOnly | QFileDevice::ReadGroup | QFileDevice::ReadOther);
        QTest::newRow("readable by others (0644)")
            << QByteArray("abcdefghijklmnopqrstuvwxyz") << worldReadable << QStringLiteral("chmod 600");
        QTest::newRow("writable by the group (0620)")
            << QByteArray("abcdefghijklmnopqrstuvwxyz") << int(kOwnerOnly | QFileDevice::WriteGroup)
            << QStringLiteral("other users");
        QTest::newRow("empty") << QByteArray() << ownerOnly << QStringLiteral("is empty");
        QTest::newRow("only a newline") << QByteArray("\n") << ownerOnly << QStringLiteral("is empty");
        QTest::newRow("garbage") << QByteArray("this is not a token at all!") << ownerOnly
                                 << QStringLiteral("does not hold a token");
        QTest::newRow("too short") << QByteArray("short") << ownerOnly
                                   << QStringLiteral("does not hold a token");
        QTest::newRow("binary") << QByteArray(
                                       "\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0b\x0c\x0e\x0f\x10\x11\x12\x13")
                                << ownerOnly << QStringLiteral("does not hold a token");
        QTest::newRow("huge") << QByteArray(100000, 'a') << ownerOnly << QStringLiteral("larger than");
    }

    void refused()
    {
        QFETCH(QByteArray, content);
        QFETCH(int, permissions);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("api-token"));
        writeFile(path, content, QFileDevice::Permissions(permissions));
        auto token = loadOrCreateApiToken(path);
        QVERIFY(!token);
        const QString message = QString::fromStdString(token.error().message);
        QVERIFY2(message.contains(path), qPrintable(message));
        QVERIFY2(message.contains(expected), qPrintable(message));
        // The file is left as it was: the user decides.
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), content);
    }

    void folderInsteadOfFileRefused()
    {
        QTemporaryDir dir;
        QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("api-token")));
        auto token = loadOrCreateApiToken(dir.filePath(QStringLiteral("api-token")));
        QVERIFY(!token);
        QVERIFY(QString::fromStdString(token.error().message).contains(QStringLiteral("is not a file")));
    }

    void defaultPathIsInTheConfigFolder()
    {
        QVERIFY(defaultApiTokenPath().endsWith(QStringLiteral("/api-token")));
    }
};

QTEST_GUILESS_MAIN(TestApiToken)
#include "test_api_token.moc"
