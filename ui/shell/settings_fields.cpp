#include "ui/shell/settings_fields.h"

#include <array>
#include <utility>

namespace cortex::ui {
namespace {

// The variables that settings::applyEnvironment() reads, and the member each one sets.
constexpr std::array<std::pair<const char *, const char *>, 9> kOverrides{{
    {"QWEN3_VL_ENABLED", "modelsEnabled"},
    {"QWEN3_VL_MODEL_SIZE", "modelSize"},
    {"QWEN3_VL_MRL_DIM", "mrlDim"},
    {"QWEN3_VL_RERANKER_ENABLED", "rerankerEnabled"},
    {"QWEN3_VL_RERANKER_SIZE", "rerankerSize"},
    {"QWEN3_VL_RERANKER_TOP_K", "rerankerTopK"},
    {"QWEN3_VL_RERANKER_CANDIDATES", "rerankerCandidates"},
    {"QWEN3_VL_EMBED_BATCH_SIZE", "embedBatchSize"},
    {"QWEN3_VL_RERANK_BATCH_SIZE", "rerankBatchSize"},
}};

} // namespace

QString settingsFieldForVariable(const QString &variable)
{
    for (const auto &[var, field] : kOverrides)
        if (variable == QLatin1String(var))
            return QLatin1String(field);
    return {};
}

QString variableForSettingsField(const QString &field)
{
    for (const auto &[var, member] : kOverrides)
        if (field == QLatin1String(member))
            return QLatin1String(var);
    return {};
}

QStringList overriddenFields(const QStringList &variables)
{
    QStringList fields;
    for (const auto &v : variables)
        if (const QString f = settingsFieldForVariable(v); !f.isEmpty())
            fields << f;
    return fields;
}

} // namespace cortex::ui
