#include "session/load_fallback.h"

#include <QCoreApplication>

#include <algorithm>
#include <cctype>

namespace cortex::session {

std::vector<LoadAttempt> loadAttempts(const model::EngineOptions &requested)
{
    std::vector<LoadAttempt> attempts{{requested, {}}};
    if (requested.device != model::DevicePreference::Cpu) {
        LoadAttempt cpu{requested, {}};
        cpu.options.device = model::DevicePreference::Cpu;
        cpu.options.dtype = model::DTypePreference::Float32;
        cpu.notice = QCoreApplication::translate(
                         "LoadFallback", "The model could not be loaded on the GPU (%1); it runs on the CPU "
                                         "instead (slower).")
                         .toStdString();
        attempts.push_back(cpu);
    }
    return attempts;
}

bool isResourceError(const std::string &message)
{
    std::string lower = message;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return char(std::tolower(c)); });
    for (const char *needle : {"out of memory", "cuda", "cublas", "cudnn", "not enough memory", "bad_alloc"})
        if (lower.find(needle) != std::string::npos)
            return true;
    return false;
}

} // namespace cortex::session
