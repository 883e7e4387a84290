#include "ui/common/document_table_model.h"

namespace cortex::ui {

DocumentTableModel::DocumentTableModel(QStringList columnTitles, QObject *parent)
    : QAbstractTableModel(parent), titles_(std::move(columnTitles))
{
}

void DocumentTableModel::setDocuments(std::vector<store::DocumentRecord> documents)
{
    beginResetModel();
    documents_ = std::move(documents);
    endResetModel();
}

int DocumentTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(documents_.size());
}

int DocumentTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(titles_.size());
}

QVariant DocumentTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const auto &document = documents_[size_t(index.row())];
    if (role == IdRole)
        return QVariant::fromValue<qint64>(document.id);
    return cell(document, index.column(), role);
}

QVariant DocumentTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole || section < 0 || section >= titles_.size())
        return QAbstractTableModel::headerData(section, orientation, role);
    return titles_[section];
}

} // namespace cortex::ui
