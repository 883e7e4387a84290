#pragma once
// Which models to load, from the free memory of the GPU (the design card's table):
//   free VRAM >= 40 GB: 8B embedding, 8B reranker
//             >= 24 GB: 8B, 2B reranker
//             >= 16 GB: 8B, 2B reranker loaded on demand (when a search asks for reranking)
//             >= 10 GB: 2B, 2B reranker
//             >=  6 GB: 2B, no reranker
//   less, or no GPU:    2B on the CPU, no reranker

#include <QString>

#include <cstdint>
#include <optional>

namespace cortex::session {

struct GpuInfo {
    bool available = false;
    QString name; // "NVIDIA H100 80GB HBM3", or empty
    int64_t freeBytes = 0;
    int64_t totalBytes = 0;
};

// The first CUDA device as libtorch sees it; available = false on a CPU-only build or machine.
GpuInfo detectGpu();

struct ModelChoice {
    QString embeddingSize;         // "2B" or "8B"
    QString rerankerSize;          // "2B", "8B", or empty (none)
    bool rerankerOnDemand = false; // loaded when first needed, released after
    bool onGpu = false;
    QString reason; // the advice for the sidebar: "Recommended for this computer (24.0 GB free on ...): ..."
};

ModelChoice chooseModels(const GpuInfo &gpu);

} // namespace cortex::session
