#pragma once
// What every read-only table of records in the window shares (collections, documents, embedding spaces,
// found models, ingestion jobs): rows counted by the subclass, one title per column, the index checks
// and the header. A subclass says how many records it has and what a cell shows; its column titles are
// given once, translated in its own context.

#include <QAbstractTableModel>
#include <QStringList>

namespace cortex::ui {

class RecordTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    int rowCount(const QModelIndex &parent = {}) const final;
    int columnCount(const QModelIndex &parent = {}) const final;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const final;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const final;

protected:
    // One title per column, in the order of the subclass's Column enum.
    RecordTableModel(QStringList columnTitles, QObject *parent);
    virtual int recordCount() const = 0;
    // What `column` of record `row` (a valid index) shows for `role`, or an invalid QVariant.
    virtual QVariant cell(int row, int column, int role) const = 0;
    // Replaces every row: `assign` changes the subclass's records inside a model reset.
    template <typename Assign> void resetRecords(Assign &&assign)
    {
        beginResetModel();
        assign();
        endResetModel();
    }

private:
    QStringList titles_;
};

} // namespace cortex::ui
