#include "ui/collections/collections_model.h"

#include "ui/collections/record_text.h"
#include "ui/common/format.h"

#include <QLocale>

namespace cortex::ui {

CollectionsModel::CollectionsModel(QObject *parent) : QAbstractTableModel(parent) {}

void CollectionsModel::setCollections(std::vector<store::CollectionInfo> collections)
{
    beginResetModel();
    collections_ = std::move(collections);
    endResetModel();
}

int CollectionsModel::rowOfId(int64_t id) const
{
    for (size_t i = 0; i < collections_.size(); ++i)
        if (collections_[i].id == id)
            return int(i);
    return -1;
}

int CollectionsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(collections_.size());
}

int CollectionsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant CollectionsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const auto &c = collections_[size_t(index.row())];
    if (role == IdRole)
        return QVariant::fromValue<qint64>(c.id);
    const QString tags = joinTags(c.tags);
    if (role == RawValueRole) {
        switch (index.column()) {
        case NameColumn:
            return QString::fromStdString(c.name);
        case DocumentsColumn:
            return QVariant::fromValue<qint64>(c.documentCount);
        case SizeColumn:
            return QVariant::fromValue<qint64>(c.totalBytes);
        case TagsColumn:
            return tags;
        case CreatedColumn:
            return QVariant::fromValue<qint64>(c.createdAt);
        }
        return {};
    }
    if (role == Qt::DisplayRole || role == Qt::ToolTipRole) {
        switch (index.column()) {
        case NameColumn:
            return QString::fromStdString(c.name);
        case DocumentsColumn:
            return QLocale().toString(qint64(c.documentCount));
        case SizeColumn:
            return formatBytes(c.totalBytes);
        case TagsColumn:
            return tags;
        case CreatedColumn:
            return formatTime(c.createdAt);
        }
        return {};
    }
    if (role == Qt::TextAlignmentRole && (index.column() == DocumentsColumn || index.column() == SizeColumn))
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

QVariant CollectionsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case NameColumn:
        return tr("Name");
    case DocumentsColumn:
        return tr("Documents");
    case SizeColumn:
        return tr("Size");
    case TagsColumn:
        return tr("Tags");
    case CreatedColumn:
        return tr("Created");
    }
    return {};
}

} // namespace cortex::ui
