#include "ui/common/document_table_model.h"

namespace cortex::ui {

DocumentTableModel::DocumentTableModel(QStringList columnTitles, QObject *parent)
    : RecordTableModel(std::move(columnTitles), parent)
{
}

void DocumentTableModel::setDocuments(std::vector<store::DocumentRecord> documents)
{
    resetRecords([&] { documents_ = std::move(documents); });
}

QVariant DocumentTableModel::cell(int row, int column, int role) const
{
    const auto &document = documents_[size_t(row)];
    if (role == IdRole)
        return QVariant::fromValue<qint64>(document.id);
    return documentCell(document, column, role);
}

} // namespace cortex::ui
