#include "ui/collections/documents_model.h"

#include "ui/collections/record_text.h"
#include "ui/common/format.h"
#include "ui/common/icons.h"

namespace cortex::ui {

DocumentsModel::DocumentsModel(QObject *parent) : QAbstractTableModel(parent) {}

void DocumentsModel::setDocuments(std::vector<store::DocumentRecord> documents)
{
    beginResetModel();
    documents_ = std::move(documents);
    endResetModel();
}

int DocumentsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(documents_.size());
}

int DocumentsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant DocumentsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const auto &d = documents_[size_t(index.row())];
    const bool failed = d.status == store::DocumentStatus::Failed;
    switch (role) {
    case IdRole:
        return QVariant::fromValue<qint64>(d.id);
    case RawValueRole:
        switch (index.column()) {
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
        switch (index.column()) {
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
        if (index.column() == StatusColumn)
            return themedIcon(failed ? QStringLiteral("dialog-error") : QStringLiteral("dialog-ok"));
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == SizeColumn)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    }
    return {};
}

QVariant DocumentsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case PathColumn:
        return tr("Path");
    case TypeColumn:
        return tr("Type");
    case SizeColumn:
        return tr("Size");
    case StatusColumn:
        return tr("Status");
    case ErrorColumn:
        return tr("Error");
    case UpdatedColumn:
        return tr("Updated");
    }
    return {};
}

} // namespace cortex::ui
