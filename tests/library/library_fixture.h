#pragma once
// Shared set-up of the library tests: a temporary folder, a small corpus written by the test, the
// tiny Qwen3-VL test models (CPU, small images) and a scorer whose scores the test chooses.

#include "embedding/qwen_models.h"
#include "model/tokenizer/tokenizer.h"
#include "store/records.h"
#include "support/pdf_writer.h"
#include "support/test_files.h" // writeFile

#include <QDir>
#include <QFile>
#include <QImage>
#include <QPainter>
#include <QTemporaryDir>
#include <QTest>

#include <functional>
#include <map>

namespace cortex::testing {

inline model::EngineOptions tinyOptions()
{
    model::EngineOptions o;
    o.device = model::DevicePreference::Cpu;
    o.maxPixels = 65536; // the tiny model's fixture limit: keeps the tests fast
    o.batchSize = 4;
    return o;
}

inline std::unique_ptr<embedding::QwenEncoder> loadTinyEncoder(const char *dir = CORTEX_TINY_A_DIR)
{
    auto e = embedding::QwenEncoder::load(dir, tinyOptions());
    if (!e)
        qFatal("cannot load %s: %s", dir, e.error().message.c_str());
    return std::move(e).value();
}

inline std::shared_ptr<const model::Tokenizer> loadTinyTokenizer()
{
    auto t = model::Tokenizer::loadFromFile(std::string(CORTEX_TINY_A_DIR) + "/tokenizer.json");
    if (!t)
        qFatal("%s", t.error().message.c_str());
    return *t;
}

inline QImage patternImage(int w, int h, QColor a, QColor b, int stripes)
{
    QImage img(w, h, QImage::Format_RGB888);
    QPainter p(&img);
    for (int i = 0; i < stripes; ++i)
        p.fillRect(QRect(i * w / stripes, 0, w / stripes + 1, h), i % 2 ? a : b);
    p.setPen(Qt::black);
    p.drawEllipse(QRect(w / 4, h / 4, w / 2, h / 2));
    return img;
}

// One page a string, wrapped into a 500 x 700 points box at the page's top left.
inline void writePdf(const QString &path, const QStringList &pages)
{
    writePdfPages(path, pages.size(), [&](QPainter &p, qsizetype page) {
        p.drawText(QRect(40, 40, 500, 700), Qt::TextWordWrap, pages[page]);
    });
}

// The test corpus: texts with distinct words, two images, a two-page PDF, a duplicate, bad files.
struct Corpus {
    QString root;
    QString alpha, beta, gamma, duplicate, red, blue, pdf, empty, corrupt;
    explicit Corpus(const QString &dir)
    {
        root = dir + QStringLiteral("/corpus");
        alpha = root + QStringLiteral("/alpha.txt");
        beta = root + QStringLiteral("/notes/beta.md");
        gamma = root + QStringLiteral("/gamma.txt");
        duplicate = root + QStringLiteral("/notes/copy-of-alpha.txt");
        red = root + QStringLiteral("/images/red.png");
        blue = root + QStringLiteral("/images/blue.png");
        pdf = root + QStringLiteral("/report.pdf");
        empty = root + QStringLiteral("/empty.txt");
        corrupt = root + QStringLiteral("/broken.pdf");
        writeFile(alpha, "Quarterly revenue of the northern division grew by twelve percent.");
        writeFile(beta, "# Travel notes\n\nThe harbour at dawn was full of fishing boats and seagulls.");
        writeFile(gamma, "A rare zebrafinch was observed near the old mill.");
        writeFile(duplicate, "Quarterly revenue of the northern division grew by twelve percent.");
        writeFile(empty, QByteArray());
        writeFile(corrupt, "%PDF-1.7\nthis is not really a PDF\n");
        QDir().mkpath(root + QStringLiteral("/images"));
        patternImage(96, 64, Qt::red, Qt::white, 6).save(red);
        patternImage(64, 96, Qt::blue, Qt::yellow, 3).save(blue);
        writePdf(pdf, {QStringLiteral("Annual report: the lighthouse project."),
                       QStringLiteral("Appendix: budget tables for the lighthouse.")});
    }
};

// A reranker whose score for a text or image item is chosen by the test (by text, else by image width).
class ScriptedScorer final : public embedding::Scorer {
public:
    std::function<double(const embedding::EncodeInput &)> rule;
    std::string name() const override { return "scripted"; }
    Result<std::vector<double>> score(const embedding::EncodeInput &,
                                      std::span<const embedding::EncodeInput> docs) override
    {
        std::vector<double> out;
        for (const auto &d : docs)
            out.push_back(rule(d));
        return out;
    }
};

} // namespace cortex::testing
