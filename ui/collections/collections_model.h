#pragma once
// The library's collections as a table: name, document count, size, tags, creation date.

#include "store/records.h"

#include <QAbstractTableModel>

#include <vector>

namespace cortex::ui {

class CollectionsModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { NameColumn, DocumentsColumn, SizeColumn, TagsColumn, CreatedColumn, ColumnCount };
    enum Role {
        RawValueRole = Qt::UserRole + 1, // the number or text to sort by
        IdRole,                          // the collection's id (qint64)
        RoleCount
    };

    explicit CollectionsModel(QObject *parent = nullptr);

    void setCollections(std::vector<store::CollectionInfo> collections);
    const std::vector<store::CollectionInfo> &collections() const { return collections_; }
    int rowOfId(int64_t id) const; // -1 when absent

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::vector<store::CollectionInfo> collections_;
};

} // namespace cortex::ui
