#include "ui/collections/documents_model.h"

#include "ui/collections/record_text.h"
#include "ui/common/format.h"
#include "ui/common/icons.h"

namespace cortex::ui {

DocumentsModel::DocumentsModel(QObject *parent)
    : DocumentTableModel({tr("Path"), tr("Type"), tr("Size"), tr("Status"), tr("Error"), tr("Updated")},
                         parent)
{
    Q_ASSERT(columnCount() == ColumnCount);
}

QVariant DocumentsModel::documentCell(const store::DocumentRecord &d, int column, int role) const
{
    const bool failed = d.status == store::DocumentStatus::Failed;
    switch (role) {
    case RawValueRole:
        switch (column) {
        case PathColumn:
            return QString::fromStdString(d.path);
        case TypeColumn:
            return QString::fromStdString(d.type);
        case SizeColumn:
            return QVariant::fromValue<qint64>(d.size);
        case StatusColumn:
            return int(d.status);
        case ErrorColumn:
            return QString::fromStdString(d.error);
        case UpdatedColumn:
            return QVariant::fromValue<qint64>(d.updatedAt);
        }
        return {};
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
        switch (column) {
        case PathColumn:
            return QString::fromStdString(d.path);
        case TypeColumn:
            return QString::fromStdString(d.type);
        case SizeColumn:
            return formatBytes(d.size);
        case StatusColumn:
            return failed ? tr("Failed") : tr("Indexed");
        case ErrorColumn:
            return QString::fromStdString(d.error);
        case UpdatedColumn:
            return formatTime(d.updatedAt);
        }
        return {};
    case Qt::DecorationRole:
        if (column == StatusColumn)
            return themedIcon(failed ? QStringLiteral("dialog-error") : QStringLiteral("dialog-ok"));
        return {};
    case Qt::TextAlignmentRole:
        if (column == SizeColumn)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    }
    return {};
}

} // namespace cortex::ui
