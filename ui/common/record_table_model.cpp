#include "ui/common/record_table_model.h"

namespace cortex::ui {

RecordTableModel::RecordTableModel(QStringList columnTitles, QObject *parent)
    : QAbstractTableModel(parent), titles_(std::move(columnTitles))
{
}

int RecordTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : recordCount();
}

int RecordTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(titles_.size());
}

QVariant RecordTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    return cell(index.row(), index.column(), role);
}

QVariant RecordTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole || section < 0 || section >= titles_.size())
        return QAbstractTableModel::headerData(section, orientation, role);
    return titles_[section];
}

} // namespace cortex::ui
