#pragma once
// The library's collections as a table: name, document count, size, tags, creation date.

#include "application/records.h"

#include "ui/common/record_table_model.h"

#include <vector>

namespace cortex::ui {

class CollectionsModel : public RecordTableModel {
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

private:
    int recordCount() const override { return int(collections_.size()); }
    QVariant cell(int row, int column, int role) const override;

    std::vector<store::CollectionInfo> collections_;
};

} // namespace cortex::ui
