#include "ui/common/format.h"

#include "application/records.h"

#include <QCoreApplication>
#include <QLocale>

namespace cortex::ui {

QString formatBytes(int64_t bytes)
{
    return QLocale().formattedDataSize(bytes, 1, QLocale::DataSizeSIFormat);
}

QString formatDuration(double seconds)
{
    if (seconds < 0)
        return QCoreApplication::translate("Format", "unknown");
    const auto total = qint64(seconds + 0.5);
    if (total < 60)
        return QCoreApplication::translate("Format", "%1 s").arg(total);
    if (total < 3600)
        return QCoreApplication::translate("Format", "%1 min %2 s").arg(total / 60).arg(total % 60);
    return QCoreApplication::translate("Format", "%1 h %2 min").arg(total / 3600).arg((total % 3600) / 60);
}

QString formatScore(double score)
{
    return QLocale().toString(score, 'f', 3);
}

QString formatCompute(const embedding::ComputeInfo &compute)
{
    if (compute.device.empty())
        return {};
    const QString dtype = QString::fromStdString(compute.dtype);
    if (compute.device == "cpu")
        return QCoreApplication::translate("Format", "CPU, %1").arg(dtype);
    return QCoreApplication::translate("Format", "GPU %1, %2")
        .arg(QString::fromStdString(compute.device), dtype);
}

} // namespace cortex::ui
