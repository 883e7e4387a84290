// translations/cortex_de.ts is complete and consistent with the sources: no message is unfinished or
// empty, the placeholders (%1..%9, %n) of every translation match its source, plural messages have
// both German forms, and every tr()/translate() string in ui/, app/gui and core/ is in the file.

#include <QDirIterator>
#include <QFile>
#include <QHash>
#include <QRegularExpression>
#include <QSet>
#include <QStringList>
#include <QTest>
#include <QXmlStreamReader>

namespace {

struct Message {
    QString context;
    QString source;
    QString type; // the <translation type="..."> attribute ("" when finished)
    bool numerus = false;
    QStringList translations; // one entry, or one per <numerusform>
};

QString tsPath(const char *language = "de")
{
    return QStringLiteral(CORTEX_SOURCE_DIR "/translations/cortex_%1.ts").arg(QLatin1String(language));
}

QList<Message> readTs(QString *error, const QString &path = tsPath())
{
    QList<Message> messages;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot open %1").arg(path);
        return messages;
    }
    QXmlStreamReader xml(&file);
    QString context;
    Message current;
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isStartElement()) {
            const auto name = xml.name();
            if (name == QLatin1String("name"))
                context = xml.readElementText();
            else if (name == QLatin1String("message"))
                current = Message{context,
                                  {},
                                  {},
                                  xml.attributes().value(QLatin1String("numerus")) == QLatin1String("yes"),
                                  {}};
            else if (name == QLatin1String("source"))
                current.source = xml.readElementText();
            else if (name == QLatin1String("translation")) {
                current.type = xml.attributes().value(QLatin1String("type")).toString();
                if (!current.numerus)
                    current.translations << xml.readElementText();
            } else if (name == QLatin1String("numerusform"))
                current.translations << xml.readElementText();
        } else if (xml.isEndElement() && xml.name() == QLatin1String("message")) {
            messages << current;
        }
    }
    if (xml.hasError())
        *error = QStringLiteral("%1: %2 at line %3").arg(tsPath(), xml.errorString()).arg(xml.lineNumber());
    return messages;
}

// The placeholders of a text as a set: "%1", "%L2" -> "2", "%n" -> "n".
QSet<QString> placeholders(const QString &text)
{
    static const QRegularExpression re(QStringLiteral("%L?([1-9]|n)"));
    QSet<QString> found;
    for (auto it = re.globalMatch(text); it.hasNext();)
        found.insert(it.next().captured(1));
    return found;
}

QString describe(const QSet<QString> &set)
{
    QStringList list(set.begin(), set.end());
    list.sort();
    return QLatin1Char('{') + list.join(QLatin1Char(',')) + QLatin1Char('}');
}

// The C++ string literals (adjacent ones joined) of a tr()/translate() argument list, unescaped.
QString unescapeLiterals(const QString &literals)
{
    static const QRegularExpression lit(QStringLiteral("\"((?:[^\"\\\\]|\\\\.)*)\""));
    QString out;
    for (auto it = lit.globalMatch(literals); it.hasNext();) {
        const QString body = it.next().captured(1);
        for (qsizetype i = 0; i < body.size(); ++i) {
            if (body[i] != QLatin1Char('\\') || i + 1 == body.size()) {
                out += body[i];
                continue;
            }
            const QChar c = body[++i];
            if (c == QLatin1Char('n'))
                out += QLatin1Char('\n');
            else if (c == QLatin1Char('t'))
                out += QLatin1Char('\t');
            else
                out += c;
        }
    }
    return out;
}

// Every source text passed to tr() or QCoreApplication::translate() in the given folders.
QStringList sourceStrings(const QStringList &folders)
{
    static const QString literals = QStringLiteral("((?:\"(?:[^\"\\\\]|\\\\.)*\"\\s*)+)");
    static const QRegularExpression trCall(QStringLiteral("\\btr\\(\\s*") + literals);
    static const QRegularExpression translateCall(QStringLiteral("\\btranslate\\(\\s*\"[^\"]*\"\\s*,\\s*") +
                                                  literals);
    QStringList found;
    for (const QString &folder : folders) {
        QDirIterator it(QStringLiteral(CORTEX_SOURCE_DIR "/") + folder,
                        {QStringLiteral("*.cpp"), QStringLiteral("*.h")}, QDir::Files,
                        QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString path = it.next();
            if (path.contains(QLatin1String("/core/model/")))
                continue;
            QFile file(path);
            if (!file.open(QIODevice::ReadOnly))
                continue;
            const QString code = QString::fromUtf8(file.readAll());
            for (const auto *re : {&trCall, &translateCall})
                for (auto m = re->globalMatch(code); m.hasNext();)
                    found << unescapeLiterals(m.next().captured(1));
        }
    }
    return found;
}

} // namespace

class TestTranslation : public QObject {
    Q_OBJECT

private:
    QList<Message> messages_;

private slots:
    void initTestCase()
    {
        QString error;
        messages_ = readTs(&error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY2(messages_.size() > 100, "translations/cortex_de.ts holds suspiciously few messages");
    }

    void everyMessageIsTranslated()
    {
        QStringList problems;
        for (const Message &m : std::as_const(messages_)) {
            if (!m.type.isEmpty())
                problems << QStringLiteral("%1 (%2): \"%3\"").arg(m.type, m.context, m.source);
            else if (m.translations.isEmpty() || m.translations.contains(QString()))
                problems << QStringLiteral("empty (%1): \"%2\"").arg(m.context, m.source);
            else if (m.numerus && m.translations.size() != 2)
                problems << QStringLiteral("%1 plural forms instead of 2 (%2): \"%3\"")
                                .arg(m.translations.size())
                                .arg(m.context, m.source);
        }
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
    }

    void placeholdersMatch()
    {
        QStringList problems;
        for (const Message &m : std::as_const(messages_)) {
            const QSet<QString> expected = placeholders(m.source);
            for (const QString &t : m.translations)
                if (placeholders(t) != expected)
                    problems << QStringLiteral("(%1) \"%2\" has %3, \"%4\" has %5")
                                    .arg(m.context, m.source, describe(expected), t,
                                         describe(placeholders(t)));
        }
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
    }

    // cortex_en.ts holds the English plural forms of every %n message: "1 job queued", never "1 job(s)".
    void englishPluralFormsAreComplete()
    {
        QString error;
        const QList<Message> english = readTs(&error, tsPath("en"));
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QHash<QString, Message> bySource;
        for (const Message &m : english)
            bySource.insert(m.source, m);
        QStringList problems;
        for (const Message &m : std::as_const(messages_)) {
            if (!m.numerus)
                continue;
            const auto it = bySource.constFind(m.source);
            if (it == bySource.constEnd()) {
                problems << QStringLiteral("missing: \"%1\"").arg(m.source);
                continue;
            }
            if (!it->type.isEmpty() || it->translations.size() != 2 || it->translations.contains(QString()))
                problems << QStringLiteral("not two finished forms: \"%1\"").arg(m.source);
            for (const QString &form : it->translations)
                if (form.contains(QStringLiteral("(s)")))
                    problems << QStringLiteral("\"(s)\" left in: \"%1\"").arg(form);
            if (it->translations.size() == 2 && !it->translations[1].contains(QStringLiteral("%n")))
                problems << QStringLiteral("the plural form does not say how many: \"%1\"")
                                .arg(it->translations[1]);
        }
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
    }

    void sourceStringsAreInTheTsFile()
    {
        QSet<QString> known;
        for (const Message &m : std::as_const(messages_))
            known.insert(m.source);
        const QStringList strings =
            sourceStrings({QStringLiteral("ui"), QStringLiteral("app/gui"), QStringLiteral("core")});
        QVERIFY2(strings.size() > 100, "found suspiciously few tr() calls in ui/");
        QStringList missing;
        for (const QString &s : strings)
            if (!known.contains(s))
                missing << QStringLiteral("\"%1\"").arg(s);
        missing.removeDuplicates();
        QVERIFY2(missing.isEmpty(),
                 qPrintable(QStringLiteral("not in translations/cortex_de.ts (run the update_translations "
                                           "target and translate them):\n") +
                            missing.join(QLatin1Char('\n'))));
    }
};

QTEST_GUILESS_MAIN(TestTranslation)
#include "test_translation.moc"
