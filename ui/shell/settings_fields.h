#pragma once
// Which QWEN3_VL_* variable overrides which member of settings::Settings. The Settings page and the
// sidebar name their editors after the members, and disable those whose variable is set.

#include <QString>
#include <QStringList>

namespace cortex::ui {

// "QWEN3_VL_RERANKER_TOP_K" -> "rerankerTopK"; empty for an unknown variable.
QString settingsFieldForVariable(const QString &variable);

// "rerankerTopK" -> "QWEN3_VL_RERANKER_TOP_K"; empty when no variable overrides the member.
QString variableForSettingsField(const QString &field);

// The members overridden by `variables` (as AppController::overriddenKeys() lists them).
QStringList overriddenFields(const QStringList &variables);

} // namespace cortex::ui
