#include "ui/shell/found_models_model.h"

#include "ui/common/format.h"

namespace cortex::ui {

void FoundModelsModel::setModels(std::vector<hub::FoundModel> models)
{
    beginResetModel();
    models_ = std::move(models);
    endResetModel();
}

const hub::FoundModel *FoundModelsModel::at(int row) const
{
    return row >= 0 && row < int(models_.size()) ? &models_[size_t(row)] : nullptr;
}

int FoundModelsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(models_.size());
}

int FoundModelsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant FoundModelsModel::data(const QModelIndex &index, int role) const
{
    const hub::FoundModel *model = index.isValid() ? at(index.row()) : nullptr;
    if (!model)
        return {};
    if (role == PathRole)
        return model->path;
    if (role == RoleRole)
        return int(model->role);
    if (role == CompleteRole)
        return model->complete;
    if (role == Qt::ToolTipRole && index.column() == StatusColumn && !model->complete)
        return tr("Missing: %1").arg(model->missingFiles.join(QStringLiteral(", ")));
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    switch (Column(index.column())) {
    case ModelColumn:
        return model->repoId;
    case KindColumn: {
        const QString kind = model->role == hub::ModelRole::Embedding  ? tr("Embedding")
                             : model->role == hub::ModelRole::Reranker ? tr("Reranker")
                                                                       : tr("Other");
        return model->size.isEmpty() ? kind : tr("%1, %2").arg(kind, model->size);
    }
    case RevisionColumn:
        if (model->revision.isEmpty())
            return tr("(folder)");
        return model->refs.isEmpty()
                   ? model->revision.left(12)
                   : tr("%1 (%2)").arg(model->revision.left(12), model->refs.join(QStringLiteral(", ")));
    case SizeColumn:
        return formatBytes(model->sizeOnDisk);
    case StatusColumn:
        return model->complete
                   ? tr("Complete")
                   : tr("Incomplete: %n file(s) missing", nullptr, int(model->missingFiles.size()));
    case FolderColumn:
        return model->path;
    case ColumnCount:
        break;
    }
    return {};
}

QVariant FoundModelsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case ModelColumn:
        return tr("Model");
    case KindColumn:
        return tr("Kind");
    case RevisionColumn:
        return tr("Revision");
    case SizeColumn:
        return tr("Size on disk");
    case StatusColumn:
        return tr("Status");
    case FolderColumn:
        return tr("Folder");
    case ColumnCount:
        break;
    }
    return {};
}

} // namespace cortex::ui
