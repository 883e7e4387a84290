// The token-aware chunker with the real Qwen tokenizer (tests/data/qwen3vl/tokenizer.json): window sizes,
// exact overlap, cuts at paragraph and sentence ends, and multi-byte text (umlauts, CJK, emoji) that
// must never be split inside a character.

#include "ingest/chunker.h"

#include <QTest>

#include <memory>

using namespace cortex::ingest;
using cortex::model::Tokenizer;

namespace {

std::vector<int32_t> encode(const Tokenizer &tokenizer, const QString &text)
{
    const QByteArray utf8 = text.toUtf8();
    return tokenizer.encodeOrdinary(std::string_view(utf8.constData(), size_t(utf8.size())));
}

QString decode(const Tokenizer &tokenizer, const std::vector<int32_t> &ids, int first, int count)
{
    const std::string text =
        tokenizer.decode(std::span<const int32_t>(ids).subspan(size_t(first), size_t(count)));
    return QString::fromStdString(text);
}

QString proseText(int paragraphs)
{
    QStringList out;
    for (int p = 0; p < paragraphs; ++p) {
        QStringList sentences;
        for (int s = 0; s < 6; ++s)
            sentences.append(QStringLiteral("Paragraph %1 sentence %2 talks about search, embeddings and the "
                                            "reranker that scores candidates.")
                                 .arg(p)
                                 .arg(s));
        out.append(sentences.join(u' '));
    }
    return out.join(QStringLiteral("\n\n"));
}

QString multiByteText()
{
    const QString block = QString::fromUtf8(
        "Grüße aus Köln: Äpfel, Öl und Übermaß. 日本語のテキストは空白なしで続きます。"
        "中文句子也没有空格。😀🎉👍🏽👨‍👩‍👧 emoji mixed with words; "
        "Ελληνικά "
        "και "
        "русский "
        "текст. ");
    QString text;
    for (int i = 0; i < 12; ++i)
        text += block;
    return text;
}

} // namespace

class TestChunker : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        auto loaded = Tokenizer::loadFromFile(CORTEX_TEST_DATA_DIR "/qwen3vl/tokenizer.json");
        QVERIFY2(loaded.ok(), loaded.ok() ? "" : loaded.error().message.c_str());
        tokenizer_ = loaded.value();
    }

    void emptyTextHasNoChunks()
    {
        QVERIFY(chunkText(*tokenizer_, QString()).empty());
        QVERIFY(chunkText(*tokenizer_, QStringLiteral(" \n\t\n  ")).empty());
    }

    void shortTextIsOneChunk()
    {
        const QString text = QStringLiteral("A short note about Cortex.");
        const std::vector<TextChunk> chunks = chunkText(*tokenizer_, text);
        QCOMPARE(chunks.size(), size_t(1));
        QCOMPARE(chunks[0].text, text);
        QCOMPARE(chunks[0].firstToken, 0);
        QCOMPARE(chunks[0].tokenCount, int(encode(*tokenizer_, text).size()));
    }

    void specialTokensInTextAreOrdinary()
    {
        const std::vector<TextChunk> chunks = chunkText(*tokenizer_, QStringLiteral("<|im_start|>"));
        QCOMPARE(chunks.size(), size_t(1));
        QVERIFY(chunks[0].tokenCount > 1);
    }

    void windows_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("chunkTokens");
        QTest::addColumn<int>("overlapTokens");
        QTest::addColumn<bool>("exactOverlap"); // single-byte text: no character ever moves a boundary

        QTest::newRow("prose, defaults") << proseText(40) << 512 << 64 << true;
        QTest::newRow("prose, 64/16") << proseText(12) << 64 << 16 << true;
        QTest::newRow("prose, no overlap") << proseText(6) << 32 << 0 << true;
        QTest::newRow("prose, 5/4") << proseText(1) << 5 << 4 << true;
        QTest::newRow("multi-byte, 512/64") << multiByteText() << 512 << 64 << false;
        QTest::newRow("multi-byte, 40/10") << multiByteText() << 40 << 10 << false;
        QTest::newRow("multi-byte, 7/3") << multiByteText() << 7 << 3 << false;
        QTest::newRow("multi-byte, 4/0") << multiByteText() << 4 << 0 << false;
        QTest::newRow("emoji only, 6/2")
            << QString::fromUtf8("😀🎉👍🏽👨‍👩‍👧").repeated(30) << 6 << 2 << false;
    }

    void windows()
    {
        QFETCH(QString, text);
        QFETCH(int, chunkTokens);
        QFETCH(int, overlapTokens);
        QFETCH(bool, exactOverlap);
        const std::vector<int32_t> ids = encode(*tokenizer_, text);
        const std::vector<TextChunk> chunks =
            chunkText(*tokenizer_, text, ChunkOptions{chunkTokens, overlapTokens});
        QVERIFY(chunks.size() >= 1);
        QCOMPARE(chunks.front().firstToken, 0);
        QCOMPARE(chunks.back().firstToken + chunks.back().tokenCount, int(ids.size()));

        QString rebuilt;
        for (size_t i = 0; i < chunks.size(); ++i) {
            const TextChunk &chunk = chunks[i];
            QVERIFY2(chunk.tokenCount >= 1 && chunk.tokenCount <= chunkTokens,
                     qPrintable(QStringLiteral("chunk %1 has %2 tokens").arg(i).arg(chunk.tokenCount)));
            // The chunk is exactly its tokens' text, whole characters only.
            QCOMPARE(chunk.text, decode(*tokenizer_, ids, chunk.firstToken, chunk.tokenCount));
            QVERIFY2(!chunk.text.contains(QChar(0xfffd)), qPrintable(chunk.text));
            if (i + 1 < chunks.size()) {
                const TextChunk &next = chunks[i + 1];
                const int overlap = chunk.firstToken + chunk.tokenCount - next.firstToken;
                QVERIFY(next.firstToken > chunk.firstToken);
                if (exactOverlap)
                    QCOMPARE(overlap, overlapTokens);
                else
                    QVERIFY2(overlap >= overlapTokens && overlap <= overlapTokens + 3,
                             qPrintable(QStringLiteral("overlap %1").arg(overlap)));
                // The part of this chunk before the next one starts.
                rebuilt += decode(*tokenizer_, ids, chunk.firstToken, next.firstToken - chunk.firstToken);
            } else {
                rebuilt += chunk.text;
            }
        }
        QCOMPARE(rebuilt, text);
    }

    void cutsAtParagraphAndSentenceEnds()
    {
        const QString text = proseText(20);
        const std::vector<TextChunk> chunks = chunkText(*tokenizer_, text, ChunkOptions{128, 16});
        QVERIFY(chunks.size() > 5);
        for (size_t i = 0; i + 1 < chunks.size(); ++i) {
            // Every paragraph has six sentences of ~15 tokens: there is always a sentence end in the
            // last quarter of a 128-token window.
            const QString end = chunks[i].text.trimmed().right(1);
            QVERIFY2(end == u".", qPrintable(chunks[i].text.right(40)));
        }
    }

    void prefersParagraphBreak()
    {
        // A paragraph of 95-105 tokens, then many short sentences: a 120-token window has sentence ends
        // after the paragraph too, but the paragraph break (in the window's last quarter) wins.
        QString paragraph;
        for (int i = 0; encode(*tokenizer_, paragraph).size() < 95; ++i)
            paragraph += QStringLiteral("Sentence %1 of the first paragraph. ").arg(i);
        paragraph = paragraph.trimmed();
        const int paragraphTokens = int(encode(*tokenizer_, paragraph).size());
        QVERIFY(paragraphTokens >= 95 && paragraphTokens <= 105);
        const QString text = paragraph + QStringLiteral("\n\n") + QStringLiteral("Short one. ").repeated(40);
        const std::vector<TextChunk> chunks = chunkText(*tokenizer_, text, ChunkOptions{120, 0});
        QVERIFY(chunks.size() >= 2);
        QVERIFY2(chunks[0].text.endsWith(QStringLiteral("paragraph.\n\n")),
                 qPrintable(chunks[0].text.right(30)));
        QVERIFY(chunks[1].text.startsWith(QStringLiteral("Short one.")));
    }

    void optionsAreClamped()
    {
        // Overlap not below the window and windows of at least one token: still terminates and covers.
        const QString text = QStringLiteral("one two three four five six seven eight nine ten");
        const std::vector<TextChunk> chunks = chunkText(*tokenizer_, text, ChunkOptions{0, 10});
        QCOMPARE(chunks.size(), encode(*tokenizer_, text).size());
        const std::vector<TextChunk> overlapping = chunkText(*tokenizer_, text, ChunkOptions{4, 9});
        for (size_t i = 0; i + 1 < overlapping.size(); ++i)
            QCOMPARE(overlapping[i + 1].firstToken, overlapping[i].firstToken + 1);
    }

    void nfcNormalised()
    {
        // "e" + combining acute becomes "é", as the tokenizer sees it.
        const std::vector<TextChunk> chunks =
            chunkText(*tokenizer_, QString::fromUtf8("Cafe\xcc\x81 au lait"));
        QCOMPARE(chunks.size(), size_t(1));
        QCOMPARE(chunks[0].text, QString::fromUtf8("Café au lait"));
    }

    // Issue 9: whitespace-heavy text was quadratic (every cut walked back over all the whitespace before
    // it). The work counted for a text four times as long must grow about four times, not sixteen, for
    // each shape of hostile text: spaces between words, pure whitespace runs, quotes, one long line.
    void workIsLinearInTheTextLength_data()
    {
        QTest::addColumn<QString>("unit");
        QTest::newRow("words between long runs of spaces") << (QStringLiteral("word") + QString(300, u' '));
        QTest::newRow("sentence ends before runs of spaces")
            << (QStringLiteral("End.") + QString(200, u' ') + QStringLiteral("\t \t"));
        QTest::newRow("quotes and brackets") << QStringLiteral("\"\")'\"))\" . ");
        QTest::newRow("one long line without spaces") << QStringLiteral("abcdefghij0123456789");
        QTest::newRow("blank lines") << QStringLiteral(" \n \n\n   \n");
        QTest::newRow("one run of spaces after the first sentence") << QStringLiteral(" ");
        QTest::newRow("one run of tabs and spaces") << QStringLiteral("\t  ");
    }
    void workIsLinearInTheTextLength()
    {
        QFETCH(QString, unit);
        const auto workFor = [&](qsizetype bytes) {
            const QString text =
                QStringLiteral("Start. ") + unit.repeated(bytes / unit.size()) + QStringLiteral(" end");
            ChunkWork work;
            chunkText(*tokenizer_, text, ChunkOptions{}, &work);
            return work;
        };
        const ChunkWork small = workFor(64 * 1024);
        const ChunkWork large = workFor(256 * 1024);
        QVERIFY(small.textBytes > 0);
        const double bytesRatio = double(large.textBytes) / double(small.textBytes);
        const double examinedRatio =
            double(large.bytesExamined) / double(std::max<int64_t>(1, small.bytesExamined));
        QVERIFY2(examinedRatio < bytesRatio * 1.25,
                 qPrintable(QStringLiteral("bytes examined grew %1x for %2x the text")
                                .arg(examinedRatio)
                                .arg(bytesRatio)));
        // And absolutely: a bounded number of steps per byte (the cuts scored come in windows of whole
        // chunks, too few in whitespace-heavy text for their ratio to be smooth, but never more than one
        // per byte).
        QVERIFY2(
            large.cutsScored <= large.textBytes,
            qPrintable(
                QStringLiteral("%1 cuts scored for %2 bytes").arg(large.cutsScored).arg(large.textBytes)));
        QVERIFY2(large.bytesExamined <= 4 * large.textBytes,
                 qPrintable(QStringLiteral("%1 bytes examined for %2 bytes")
                                .arg(large.bytesExamined)
                                .arg(large.textBytes)));
    }

private:
    std::shared_ptr<const Tokenizer> tokenizer_;
};

QTEST_GUILESS_MAIN(TestChunker)
#include "test_chunker.moc"
