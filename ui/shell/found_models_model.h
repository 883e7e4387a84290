#pragma once
// The models found on this computer (hub::findModels) as a read-only table: model, role and size,
// revision, size on disk, completeness, folder. Qt::UserRole on any column gives the folder.

#include "application/models.h"

#include "ui/common/record_table_model.h"

#include <vector>

namespace cortex::ui {

class FoundModelsModel : public RecordTableModel {
    Q_OBJECT
public:
    enum Column {
        ModelColumn,
        KindColumn,
        RevisionColumn,
        SizeColumn,
        StatusColumn,
        FolderColumn,
        ColumnCount
    };
    static constexpr int PathRole = Qt::UserRole;
    static constexpr int RoleRole = Qt::UserRole + 1; // hub::ModelRole as int
    static constexpr int CompleteRole = Qt::UserRole + 2;

    explicit FoundModelsModel(QObject *parent = nullptr);

    void setModels(std::vector<hub::FoundModel> models);
    const hub::FoundModel *at(int row) const;

private:
    int recordCount() const override { return int(models_.size()); }
    QVariant cell(int row, int column, int role) const override;

    std::vector<hub::FoundModel> models_;
};

} // namespace cortex::ui
