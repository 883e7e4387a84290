#pragma once
// PDFs made by the tests: A4 pages (595 x 842 points) drawn with QPdfWriter in points at 14 pt, either
// page by page by the test, or as lines of text that stand where the test says (so that it knows where
// a word is on the page).

#include <QList>
#include <QPainter>
#include <QPdfWriter>
#include <QPointF>
#include <QString>

#include <functional>

namespace cortex::testing {

inline void writePdfPages(const QString &path, qsizetype pages,
                          const std::function<void(QPainter &painter, qsizetype page)> &draw)
{
    QPdfWriter writer(path);
    writer.setResolution(72); // painter units are points
    QPainter painter(&writer);
    QFont font = painter.font();
    font.setPointSize(14);
    painter.setFont(font);
    for (qsizetype i = 0; i < pages; ++i) {
        if (i)
            writer.newPage();
        draw(painter, i);
    }
}

struct PdfLine {
    QPointF baseline; // points from the page's top left
    QString text;
};

inline void writePdfLines(const QString &path, const QList<QList<PdfLine>> &pages)
{
    writePdfPages(path, pages.size(), [&](QPainter &painter, qsizetype page) {
        for (const PdfLine &line : pages[page])
            painter.drawText(line.baseline, line.text);
    });
}

} // namespace cortex::testing
