#pragma once
// A read-only table of document records, the part the Collections and Maintenance tables share: the rows,
// their reset and the id role. A subclass says what its cells show.

#include "application/records.h"
#include "ui/common/record_table_model.h"

#include <vector>

namespace cortex::ui {

class DocumentTableModel : public RecordTableModel {
    Q_OBJECT
public:
    enum Role {
        RawValueRole = Qt::UserRole + 1, // the number or text to sort by
        IdRole,                          // the document's id (qint64)
        RoleCount
    };

    void setDocuments(std::vector<store::DocumentRecord> documents);
    const std::vector<store::DocumentRecord> &documents() const { return documents_; }

protected:
    // One title per column, in the order of the subclass's Column enum.
    DocumentTableModel(QStringList columnTitles, QObject *parent);
    // What `column` of `document` shows for `role` (any role but IdRole), or an invalid QVariant.
    virtual QVariant documentCell(const store::DocumentRecord &document, int column, int role) const = 0;

private:
    int recordCount() const final { return int(documents_.size()); }
    QVariant cell(int row, int column, int role) const final;

    std::vector<store::DocumentRecord> documents_;
};

} // namespace cortex::ui
