#include "ui/shell/found_models_model.h"

#include "ui/common/format.h"

namespace cortex::ui {

FoundModelsModel::FoundModelsModel(QObject *parent)
    : RecordTableModel(
          {tr("Model"), tr("Kind"), tr("Revision"), tr("Size on disk"), tr("Status"), tr("Folder")}, parent)
{
}

void FoundModelsModel::setModels(std::vector<hub::FoundModel> models)
{
    resetRecords([&] { models_ = std::move(models); });
}

const hub::FoundModel *FoundModelsModel::at(int row) const
{
    return row >= 0 && row < int(models_.size()) ? &models_[size_t(row)] : nullptr;
}

QVariant FoundModelsModel::cell(int row, int column, int role) const
{
    const hub::FoundModel *model = at(row);
    if (role == PathRole)
        return model->path;
    if (role == RoleRole)
        return int(model->role);
    if (role == CompleteRole)
        return model->complete;
    if (role == Qt::ToolTipRole && column == StatusColumn && !model->complete)
        return tr("Missing: %1").arg(model->missingFiles.join(QStringLiteral(", ")));
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    switch (Column(column)) {
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

} // namespace cortex::ui
