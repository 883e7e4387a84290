#include "ui/collections/collections_model.h"

#include "ui/collections/record_text.h"
#include "ui/common/format.h"

#include <QLocale>

namespace cortex::ui {

CollectionsModel::CollectionsModel(QObject *parent)
    : RecordTableModel({tr("Name"), tr("Documents"), tr("Size"), tr("Tags"), tr("Created")}, parent)
{
}

void CollectionsModel::setCollections(std::vector<store::CollectionInfo> collections)
{
    resetRecords([&] { collections_ = std::move(collections); });
}

int CollectionsModel::rowOfId(int64_t id) const
{
    for (size_t i = 0; i < collections_.size(); ++i)
        if (collections_[i].id == id)
            return int(i);
    return -1;
}

QVariant CollectionsModel::cell(int row, int column, int role) const
{
    const auto &c = collections_[size_t(row)];
    if (role == IdRole)
        return QVariant::fromValue<qint64>(c.id);
    const QString tags = joinTags(c.tags);
    if (role == RawValueRole) {
        switch (column) {
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
        switch (column) {
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
    if (role == Qt::TextAlignmentRole && (column == DocumentsColumn || column == SizeColumn))
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

} // namespace cortex::ui
