#include "ui/maintenance/failed_files_model.h"

#include "ui/collections/record_text.h"
#include "ui/common/icons.h"

namespace cortex::ui {

FailedFilesModel::FailedFilesModel(QObject *parent)
    : DocumentTableModel({tr("File"), tr("Reason"), tr("Time")}, parent)
{
    Q_ASSERT(columnCount() == ColumnCount);
}

QVariant FailedFilesModel::documentCell(const store::DocumentRecord &d, int column, int role) const
{
    switch (role) {
    case RawValueRole:
        switch (column) {
        case PathColumn:
            return QString::fromStdString(d.path);
        case ReasonColumn:
            return QString::fromStdString(d.error);
        case TimeColumn:
            return QVariant::fromValue<qint64>(d.updatedAt);
        }
        return {};
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
        switch (column) {
        case PathColumn:
            return QString::fromStdString(d.path);
        case ReasonColumn:
            return QString::fromStdString(d.error);
        case TimeColumn:
            return formatTime(d.updatedAt);
        }
        return {};
    case Qt::DecorationRole:
        if (column == PathColumn)
            return themedIcon(QStringLiteral("dialog-error"));
        return {};
    }
    return {};
}

} // namespace cortex::ui
