#!/usr/bin/env bash
# Run ON THE GPU MACHINE after build.sh: the fixture tests on CUDA in bfloat16 (CORTEX_TEST_DEVICE),
# then the full-size comparison against transformers and the benchmark. Results go to $OUT.
set -uo pipefail
root=$PWD/.carry/root
export LD_LIBRARY_PATH=$root/usr/lib/x86_64-linux-gnu:${LD_LIBRARY_PATH:-}
out=${OUT:-/tmp/cortex-gpu}; mkdir -p "$out"
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv | tee "$out/gpu.txt"
CORTEX_TEST_DEVICE=cuda ctest --test-dir build-cuda --output-on-failure 2>&1 | tee "$out/ctest-cuda-bf16.txt"
build-cuda/bin/cortex-testmodel --config tools/configs/qwen3vl-2b --seed 1 \
    --tokenizer tests/data/qwen3vl/tokenizer.json --out /tmp/qwen3vl-2b-formula
python3 tools/gpu/compare_transformers.py --model /tmp/qwen3vl-2b-formula --cli build-cuda/bin/cortex-cli \
    2>&1 | tee "$out/compare-2b.txt"
build-cuda/bin/cortex-cli bench --model /tmp/qwen3vl-2b-formula --device cuda --json 2>&1 | tee "$out/bench-2b-cuda.json"
