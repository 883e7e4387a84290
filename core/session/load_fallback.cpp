#include "session/load_fallback.h"

namespace cortex::session {

std::vector<LoadAttempt> loadAttempts(const model::EngineOptions &requested)
{
    std::vector<LoadAttempt> attempts{{requested, {}}};
    if (requested.device != model::DevicePreference::Cpu) {
        LoadAttempt cpu{requested, {}};
        cpu.options.device = model::DevicePreference::Cpu;
        // The CPU's own choice (bfloat16 where it computes it natively): a space does not depend on the
        // dtype, so the library embedded on the GPU is searched and extended as it is.
        cpu.options.dtype = model::DTypePreference::Auto;
        cpu.notice = "The model could not be loaded on the GPU (%1); it runs on the CPU instead (slower).";
        attempts.push_back(cpu);
    }
    return attempts;
}

bool isResourceError(const Error &error)
{
    return error.kind == ErrorKind::OutOfMemory || error.kind == ErrorKind::Device;
}

} // namespace cortex::session
