#pragma once
// The database embedding inspector's table: one row per embedding space (who made its vectors, their
// size and count, its state) and whether it fits the configured model. Compatibility is decided by the
// recorded identity (model name and hash), never by the dimension.

#include "application/records.h"

#include "ui/common/record_table_model.h"

#include <optional>
#include <vector>

namespace cortex::ui {

class SpacesModel : public RecordTableModel {
    Q_OBJECT
public:
    enum Column {
        IdColumn,
        ModelColumn,
        DimensionColumn,
        DtypeColumn,
        EncodingColumn,
        VectorsColumn,
        StateColumn,
        CompatibilityColumn,
        ColumnCount
    };
    enum Role {
        RawValueRole = Qt::UserRole + 1, // the number or text to sort by
        IdRole,                          // the space's id (qint64)
        CompatibilityRole,               // a Compatibility value (int)
        RoleCount
    };
    enum Compatibility { Compatible, Incompatible, NoModel };

    explicit SpacesModel(QObject *parent = nullptr);

    // `configured`: the loaded embedding model's identity; nullopt when none is loaded.
    void setSpaces(std::vector<store::SpaceInfo> spaces);
    void setConfigured(std::optional<store::SpaceIdentity> configured);
    const std::vector<store::SpaceInfo> &spaces() const { return spaces_; }
    static Compatibility compatibility(const store::SpaceIdentity &space,
                                       const std::optional<store::SpaceIdentity> &configured);

private:
    int recordCount() const override { return int(spaces_.size()); }
    QVariant cell(int row, int column, int role) const override;
    QString compatibilityText(Compatibility c) const;
    QString stateText(store::SpaceState s) const;

    std::vector<store::SpaceInfo> spaces_;
    std::optional<store::SpaceIdentity> configured_;
};

} // namespace cortex::ui
