#!/usr/bin/env bash
# Run ON THE GPU MACHINE from the repository root (device tool: carry [".carry"]): configures the
# engine against the PyTorch wheel's CUDA libtorch and the carried packages, builds it and the tests.
set -euo pipefail
root=$PWD/.carry/root
export LD_LIBRARY_PATH=$root/usr/lib/x86_64-linux-gnu:${LD_LIBRARY_PATH:-}
# TORCH_PREFIX overrides the wheel's libtorch (a dry run here: TORCH_PREFIX=/usr/lib/x86_64-linux-gnu/cmake).
torch_prefix=${TORCH_PREFIX:-$(python3 -c 'import torch;print(torch.utils.cmake_prefix_path)')}
cmake -S . -B build-cuda -G Ninja -DCMAKE_BUILD_TYPE=Release -DCORTEX_ENGINE_ONLY=ON \
      -DCMAKE_PREFIX_PATH="$torch_prefix;$root/usr" -DCMAKE_INCLUDE_PATH="$root/usr/include" \
      -DCMAKE_LIBRARY_PATH="$root/usr/lib/x86_64-linux-gnu"
cmake --build build-cuda -j"$(nproc)"
