#include "ui/maintenance/failed_files_model.h"

#include "ui/collections/record_text.h"
#include "ui/common/icons.h"

namespace cortex::ui {

FailedFilesModel::FailedFilesModel(QObject *parent) : QAbstractTableModel(parent) {}

void FailedFilesModel::setDocuments(std::vector<store::DocumentRecord> failed)
{
    beginResetModel();
    documents_ = std::move(failed);
    endResetModel();
}

int FailedFilesModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(documents_.size());
}

int FailedFilesModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant FailedFilesModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const auto &d = documents_[size_t(index.row())];
    switch (role) {
    case RawValueRole:
        switch (index.column()) {
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
        switch (index.column()) {
        case PathColumn:
            return QString::fromStdString(d.path);
        case ReasonColumn:
            return QString::fromStdString(d.error);
        case TimeColumn:
            return formatTime(d.updatedAt);
        }
        return {};
    case Qt::DecorationRole:
        if (index.column() == PathColumn)
            return themedIcon(QStringLiteral("dialog-error"));
        return {};
    }
    return {};
}

QVariant FailedFilesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case PathColumn:
        return tr("File");
    case ReasonColumn:
        return tr("Reason");
    case TimeColumn:
        return tr("Time");
    }
    return {};
}

} // namespace cortex::ui
