#pragma once
// The log of failed files: every document the library could not ingest, with the reason and when.

#include "store/records.h"

#include <QAbstractTableModel>

#include <vector>

namespace cortex::ui {

class FailedFilesModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { PathColumn, ReasonColumn, TimeColumn, ColumnCount };
    enum Role {
        RawValueRole = Qt::UserRole + 1, // the text or time (seconds) to sort by
        RoleCount
    };

    explicit FailedFilesModel(QObject *parent = nullptr);

    void setDocuments(std::vector<store::DocumentRecord> failed);
    const std::vector<store::DocumentRecord> &documents() const { return documents_; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::vector<store::DocumentRecord> documents_;
};

} // namespace cortex::ui
