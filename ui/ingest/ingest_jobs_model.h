#pragma once
// The ingestion jobs of a session as a table: one row per IngestJob (queued, running or done), kept
// current from the job's own signals so the view never polls.

#include "ui/common/record_table_model.h"

#include <QList>
#include <QPointer>

namespace cortex::session {
class IngestJob;
class LibrarySession;
} // namespace cortex::session

namespace cortex::ui {

class IngestJobsModel : public RecordTableModel {
    Q_OBJECT
public:
    enum Column {
        PathsColumn,
        CollectionColumn,
        StateColumn,
        ProgressColumn,
        RateColumn,
        EtaColumn,
        PageImagesColumn, // the second pass: "120 / 900, about 2 h left"
        FailedColumn,
        ColumnCount
    };
    enum Role {
        RawValueRole = Qt::UserRole + 1, // sortable value of the cell (numbers, the state as int)
        ProgressFractionRole,            // 0..1, or -1 when the total is unknown
        JobRole,                         // the IngestJob* (QVariant::fromValue<QObject*>)
        RoleCount
    };

    explicit IngestJobsModel(session::LibrarySession *session, QObject *parent = nullptr);

    session::IngestJob *jobAt(int row) const;
    int rowOf(const session::IngestJob *job) const;

    // The library's id of the job once known (after it finished or was cancelled); 0 before.
    static int64_t libraryJobId(const session::IngestJob *job);
    static QString stateText(const session::IngestJob *job);

private:
    int recordCount() const override { return int(jobs_.size()); }
    QVariant cell(int row, int column, int role) const override;
    void addJob(session::IngestJob *job);
    void jobChanged(session::IngestJob *job);

    QList<QPointer<session::IngestJob>> jobs_;
};

} // namespace cortex::ui
