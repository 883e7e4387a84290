#pragma once
// The documents of one collection as a table: path, type, size, status, error, last update.

#include "store/records.h"

#include <QAbstractTableModel>

#include <vector>

namespace cortex::ui {

class DocumentsModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { PathColumn, TypeColumn, SizeColumn, StatusColumn, ErrorColumn, UpdatedColumn, ColumnCount };
    enum Role {
        RawValueRole = Qt::UserRole + 1, // the number or text to sort by
        IdRole,                          // the document's id (qint64)
        RoleCount
    };

    explicit DocumentsModel(QObject *parent = nullptr);

    void setDocuments(std::vector<store::DocumentRecord> documents);
    const std::vector<store::DocumentRecord> &documents() const { return documents_; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::vector<store::DocumentRecord> documents_;
};

} // namespace cortex::ui
