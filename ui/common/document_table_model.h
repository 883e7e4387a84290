#pragma once
// A read-only table of document records, the part the Collections and Maintenance tables share: the rows,
// their reset, the index checks, the id role and the header titles. A subclass says what its cells show.

#include "store/records.h"

#include <QAbstractTableModel>
#include <QStringList>

#include <vector>

namespace cortex::ui {

class DocumentTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Role {
        RawValueRole = Qt::UserRole + 1, // the number or text to sort by
        IdRole,                          // the document's id (qint64)
        RoleCount
    };

    void setDocuments(std::vector<store::DocumentRecord> documents);
    const std::vector<store::DocumentRecord> &documents() const { return documents_; }

    int rowCount(const QModelIndex &parent = {}) const final;
    int columnCount(const QModelIndex &parent = {}) const final;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const final;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const final;

protected:
    // One title per column, in the order of the subclass's Column enum.
    DocumentTableModel(QStringList columnTitles, QObject *parent);
    // What `column` of `document` shows for `role` (any role but IdRole), or an invalid QVariant.
    virtual QVariant cell(const store::DocumentRecord &document, int column, int role) const = 0;

private:
    std::vector<store::DocumentRecord> documents_;
    QStringList titles_;
};

} // namespace cortex::ui
