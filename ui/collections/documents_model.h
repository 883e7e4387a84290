#pragma once
// The documents of one collection as a table: path, type, size, status, error, last update.

#include "ui/common/document_table_model.h"

namespace cortex::ui {

class DocumentsModel : public DocumentTableModel {
    Q_OBJECT
public:
    enum Column { PathColumn, TypeColumn, SizeColumn, StatusColumn, ErrorColumn, UpdatedColumn, ColumnCount };

    explicit DocumentsModel(QObject *parent = nullptr);

protected:
    QVariant documentCell(const store::DocumentRecord &d, int column, int role) const override;
};

} // namespace cortex::ui
