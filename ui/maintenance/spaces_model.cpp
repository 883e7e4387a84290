#include "ui/maintenance/spaces_model.h"

#include "ui/common/icons.h"

#include <QLocale>

namespace cortex::ui {

SpacesModel::SpacesModel(QObject *parent)
    : RecordTableModel({tr("Space"), tr("Model"), tr("Dimension"), tr("Dtype"), tr("Stored as"),
                        tr("Vectors"), tr("State"), tr("Configured model")},
                       parent)
{
}

void SpacesModel::setSpaces(std::vector<store::SpaceInfo> spaces)
{
    resetRecords([&] { spaces_ = std::move(spaces); });
}

void SpacesModel::setConfigured(std::optional<store::SpaceIdentity> configured)
{
    configured_ = std::move(configured);
    if (!spaces_.empty())
        emit dataChanged(index(0, CompatibilityColumn), index(rowCount() - 1, CompatibilityColumn));
}

SpacesModel::Compatibility SpacesModel::compatibility(const store::SpaceIdentity &space,
                                                      const std::optional<store::SpaceIdentity> &configured)
{
    if (!configured)
        return NoModel;
    return space.isOfModel(configured->modelName, configured->modelHash) ? Compatible : Incompatible;
}

QString SpacesModel::compatibilityText(Compatibility c) const
{
    switch (c) {
    case Compatible:
        return tr("compatible");
    case Incompatible:
        return tr("incompatible — made with another model");
    case NoModel:
        return tr("no model loaded");
    }
    return {};
}

QString SpacesModel::stateText(store::SpaceState s) const
{
    switch (s) {
    case store::SpaceState::Active:
        return tr("active");
    case store::SpaceState::Building:
        return tr("building (migration not finished)");
    case store::SpaceState::Retired:
        return tr("retired");
    }
    return {};
}

QVariant SpacesModel::cell(int row, int column, int role) const
{
    const auto &s = spaces_[size_t(row)];
    const auto &id = s.identity;
    const Compatibility compat = compatibility(id, configured_);
    switch (role) {
    case IdRole:
        return QVariant::fromValue<qint64>(s.id);
    case CompatibilityRole:
        return int(compat);
    case RawValueRole:
        switch (column) {
        case IdColumn:
            return QVariant::fromValue<qint64>(s.id);
        case ModelColumn:
            return QString::fromStdString(id.modelName);
        case DimensionColumn:
            return id.storedDim();
        case DtypeColumn:
            return QString::fromStdString(id.dtype);
        case EncodingColumn:
            return int(s.encoding);
        case VectorsColumn:
            return QVariant::fromValue<qint64>(s.vectorCount);
        case StateColumn:
            return int(s.state);
        case CompatibilityColumn:
            return int(compat);
        }
        return {};
    case Qt::DisplayRole:
        switch (column) {
        case IdColumn:
            return QVariant::fromValue<qint64>(s.id);
        case ModelColumn:
            return QString::fromStdString(id.modelName);
        case DimensionColumn:
            return id.storedDim();
        case DtypeColumn:
            return QString::fromStdString(id.dtype);
        case EncodingColumn:
            return QString::fromStdString(std::string(store::toString(s.encoding)));
        case VectorsColumn:
            return QLocale().toString(qint64(s.vectorCount));
        case StateColumn:
            return stateText(s.state);
        case CompatibilityColumn:
            return compatibilityText(compat);
        }
        return {};
    case Qt::ToolTipRole:
        switch (column) {
        case ModelColumn:
            return tr("%1\nhash %2\ninstruction: %3")
                .arg(QString::fromStdString(id.modelName), QString::fromStdString(id.modelHash),
                     QString::fromStdString(id.instruction));
        case DimensionColumn:
            return id.mrlDim > 0 ? tr("%1 of the model's %2 dimensions (Matryoshka prefix)")
                                       .arg(id.storedDim())
                                       .arg(id.outputDim)
                                 : tr("the model's full %1 dimensions").arg(id.outputDim);
        case CompatibilityColumn:
            if (compat == Incompatible && configured_)
                return tr("The loaded model is %1; these vectors were made with %2. Migrate the library to "
                          "search it with the loaded model.")
                    .arg(QString::fromStdString(configured_->modelName),
                         QString::fromStdString(id.modelName));
            return compatibilityText(compat);
        }
        return {};
    case Qt::DecorationRole:
        if (column == CompatibilityColumn) {
            if (compat == Compatible)
                return themedIcon(QStringLiteral("dialog-ok"));
            if (compat == Incompatible)
                return themedIcon(QStringLiteral("dialog-warning"));
        }
        return {};
    case Qt::TextAlignmentRole:
        if (column == IdColumn || column == DimensionColumn || column == VectorsColumn)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    }
    return {};
}

} // namespace cortex::ui
