#pragma once
// The log of failed files: every document the library could not ingest, with the reason and when.

#include "ui/common/document_table_model.h"

namespace cortex::ui {

class FailedFilesModel : public DocumentTableModel {
    Q_OBJECT
public:
    enum Column { PathColumn, ReasonColumn, TimeColumn, ColumnCount };

    explicit FailedFilesModel(QObject *parent = nullptr);

protected:
    QVariant documentCell(const store::DocumentRecord &d, int column, int role) const override;
};

} // namespace cortex::ui
