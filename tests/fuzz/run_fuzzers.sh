#!/usr/bin/env bash
# Runs every fuzz target of a -DCORTEX_FUZZ=ON build over its corpus (tests/fuzz/corpus/<target>: the
# seeds and every input that once failed, so this is also a regression test) and then fuzzes each for
# SECONDS more. New inputs go to a scratch folder, never into the checked-in corpus; a failing input
# is left in ARTIFACTS (default: <build>/fuzz-artifacts) and the script exits non-zero. NEW_INPUTS=DIR
# keeps the new inputs in DIR/<target> (to merge the useful ones into the corpus with -merge=1).
#   usage: [FUZZ_RUNS=N [FUZZ_SEED=S]] tests/fuzz/run_fuzzers.sh BUILD_DIR [SECONDS=30] [PARALLEL=2] [TARGET...]
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
build="$(cd "${1:?usage: run_fuzzers.sh BUILD_DIR [SECONDS] [PARALLEL] [TARGET...]}" && pwd)"
seconds="${2:-30}"
parallel="${3:-2}"
shift $(( $# < 3 ? $# : 3 ))
artifacts="${ARTIFACTS:-$build/fuzz-artifacts}"
mkdir -p "$artifacts"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
inputs="${NEW_INPUTS:-$scratch}"

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    for bin in "$build"/fuzz/fuzz_*; do targets+=("$(basename "$bin")"); done
fi

dictionary_of() {
    case "$1" in
    fuzz_office_xml | fuzz_html | fuzz_svg) echo "-dict=$here/dict/xml.dict" ;;
    fuzz_safetensors | fuzz_checkpoint_index | fuzz_tokenizer_json | fuzz_model_config | fuzz_collection_manifest)
        echo "-dict=$here/dict/json.dict" ;;
    fuzz_http_request) echo "-dict=$here/dict/http.dict" ;;
    esac
}

run_one() {
    local name="$1" log="$scratch/$1.log"
    mkdir -p "$inputs/$name"
    # -rss_limit_mb: the issue's 1.5 GB per input; -timeout: a single input running 10 s is a hang
    # (the parsers are linear; a few KB take milliseconds even under AddressSanitizer).
    # FUZZ_RUNS=N (CI): at most N inputs from the fixed seed FUZZ_SEED (default 1), so that a run is
    # reproducible: the same corpus gives the same inputs, and a red CI run is red again here.
    local repeatable=()
    if [ -n "${FUZZ_RUNS:-}" ]; then repeatable=(-runs="$FUZZ_RUNS" -seed="${FUZZ_SEED:-1}"); fi
    "$build/fuzz/$name" "${repeatable[@]}" -max_total_time="$seconds" -rss_limit_mb=1536 -malloc_limit_mb=1536 -timeout=10 \
        -print_final_stats=1 -artifact_prefix="$artifacts/$name-" $(dictionary_of "$name") \
        "$inputs/$name" "$here/corpus/$name" >"$log" 2>&1
    local rc=$?
    local runs
    runs="$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$')"
    if [ $rc -eq 0 ]; then
        echo "$name: ok, ${runs:-?} executions, corpus $(ls "$here/corpus/$name" | wc -l) seeds + $(ls "$inputs/$name" | wc -l) new inputs"
    else
        echo "$name: FAILED (exit $rc); the input is in $artifacts; the end of its log:"
        tail -40 "$log"
    fi
    return $rc
}

failed=0
pids=()
for name in "${targets[@]}"; do
    run_one "$name" &
    pids+=($!)
    if [ ${#pids[@]} -ge "$parallel" ]; then
        wait "${pids[0]}" || failed=1
        pids=("${pids[@]:1}")
    fi
done
for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
exit $failed
