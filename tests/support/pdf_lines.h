#pragma once
// A PDF whose lines of text stand where a test says: A4 pages (595 x 842 points), each line drawn from
// its baseline in points at 14 pt, so that a test knows where a word is on the page.

#include <QList>
#include <QPainter>
#include <QPdfWriter>
#include <QPointF>
#include <QString>

namespace cortex::testing {

struct PdfLine {
    QPointF baseline; // points from the page's top left
    QString text;
};

inline void writePdfLines(const QString &path, const QList<QList<PdfLine>> &pages)
{
    QPdfWriter writer(path);
    writer.setResolution(72); // painter units are points
    QPainter painter(&writer);
    QFont font = painter.font();
    font.setPointSize(14);
    painter.setFont(font);
    for (qsizetype i = 0; i < pages.size(); ++i) {
        if (i)
            writer.newPage();
        for (const PdfLine &line : pages[i])
            painter.drawText(line.baseline, line.text);
    }
}

} // namespace cortex::testing
