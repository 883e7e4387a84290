#pragma once
// The models found on this computer (hub::findModels) as a read-only table: model, role and size,
// revision, size on disk, completeness, folder. Qt::UserRole on any column gives the folder.

#include "hub/hub_cache.h"

#include <QAbstractTableModel>

#include <vector>

namespace cortex::ui {

class FoundModelsModel : public QAbstractTableModel {
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

    using QAbstractTableModel::QAbstractTableModel;

    void setModels(std::vector<hub::FoundModel> models);
    const hub::FoundModel *at(int row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::vector<hub::FoundModel> models_;
};

} // namespace cortex::ui
