#pragma once

#include <string>

namespace cortex::embedding {

// Where a local model runs and in which precision, and why (model::ComputeTarget), for the window
// and the command line: device "cpu" or "cuda:0", dtype "bfloat16" or "float32", reason "bfloat16: the
// CPU computes it natively (AVX512_BF16)". Empty for encoders that do not run here (test fakes).
struct ComputeInfo {
    std::string device;
    std::string dtype;
    std::string reason;
};

} // namespace cortex::embedding
