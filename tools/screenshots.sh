#!/usr/bin/env bash
# Regenerates the README's screenshots: docs/screenshots/<tab>-<light|dark>.png, every tab of the desktop
# application at 1280x800 in a light and a dark palette, showing a small demo library.
#
#   tools/screenshots.sh [BUILD_DIR]        (default: build; needs bin/cortex, bin/cortex-cli and
#                                            testmodels/tiny-a from a finished build)
#
# Layout checks use the same demo at other sizes and scale factors, written elsewhere:
#   SCREENSHOTS_OUT=/tmp/shots SCREENSHOTS_SIZE=1024x640 SCREENSHOTS_SCALE=2 tools/screenshots.sh
# (SIZE is in logical pixels; the images are SCALE times larger.)
#
# Nothing of the user's is read or written: the demo corpus, the library and the settings live in a
# temporary folder (XDG_CONFIG_HOME / XDG_DATA_HOME point there). The tiny test model stands in for
# Qwen3-VL-Embedding and the reranker, so scores and the model names in the sidebar are the test model's.
# Under Xvfb (xvfb-run, package xvfb) when it is installed, else Qt's offscreen platform. PNGs are
# optimised with optipng when it is installed.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=$(cd "${1:-$ROOT/build}" && pwd)
OUT=${SCREENSHOTS_OUT:-$ROOT/docs/screenshots}
CLI=$BUILD/bin/cortex-cli
GUI=$BUILD/bin/cortex
MODEL=$BUILD/testmodels/tiny-a
for f in "$CLI" "$GUI" "$MODEL/model.safetensors"; do
    [[ -e $f ]] || { echo "screenshots.sh: $f is missing (build first)" >&2; exit 1; }
done

# A fixed folder rather than mktemp's random name: the paths show in the screenshots (one run at a time).
WORK=${TMPDIR:-/tmp}/cortex-demo
rm -rf "$WORK"
# The model under the demo folder too, so no build path shows in the Settings tab; in Cortex's own models
# folder ($XDG_DATA_HOME/Cortex/Cortex/models), so that the Settings tab lists it among the found models.
MODELS_DIR=$WORK/data/Cortex/Cortex/models
mkdir -p "$MODELS_DIR"
trap 'rm -rf "$WORK"' EXIT
cp -r "$MODEL" "$MODELS_DIR/tiny-a"
MODEL=$MODELS_DIR/tiny-a
export XDG_CONFIG_HOME=$WORK/config XDG_DATA_HOME=$WORK/data XDG_CACHE_HOME=$WORK/cache
export XDG_RUNTIME_DIR=$WORK/runtime
mkdir -p "$XDG_CONFIG_HOME/Cortex" "$XDG_DATA_HOME" "$XDG_CACHE_HOME" "$OUT"
mkdir -m 700 "$XDG_RUNTIME_DIR"
export LC_ALL=C.UTF-8 LANG=C.UTF-8 LANGUAGE=en # English strings whatever the caller's locale
unset HF_HUB_CACHE HUGGINGFACE_HUB_CACHE HF_HOME HF_TOKEN # the demo sees only its own models
unset QWEN3_VL_ENABLED QWEN3_VL_MODEL_SIZE QWEN3_VL_MRL_DIM QWEN3_VL_RERANKER_ENABLED \
      QWEN3_VL_RERANKER_SIZE QWEN3_VL_RERANKER_TOP_K QWEN3_VL_RERANKER_CANDIDATES \
      QWEN3_VL_EMBED_BATCH_SIZE QWEN3_VL_RERANK_BATCH_SIZE

# --- (a) the demo corpus: text notes on different topics, a few images, a PDF ---------------------------
CORPUS=$WORK/Demo
LIBRARY=$WORK/library
mkdir -p "$CORPUS/notes" "$CORPUS/images" "$CORPUS/papers"

cat > "$CORPUS/notes/quarterly-report.md" <<'EOF'
# Quarterly report Q3

Revenue grew 14% over the previous quarter, driven by the new subscription plans in Europe.
Operating costs stayed flat; the hiring freeze ends in October. The revenue chart is attached as
images/revenue-chart.png. Next steps: renegotiate the cloud contract and expand the sales team in Spain.
EOF
cat > "$CORPUS/notes/sourdough.txt" <<'EOF'
Sourdough bread

Feed the starter the evening before: 50 g starter, 50 g flour, 50 g water. In the morning mix 500 g
bread flour with 350 g water and rest for an hour (autolyse). Add 100 g active starter and 10 g salt.
Stretch and fold every 30 minutes for two hours, shape, proof overnight in the fridge and bake at
250 degrees in a Dutch oven, 20 minutes covered and 25 minutes uncovered.
EOF
cat > "$CORPUS/notes/hiking-trip.txt" <<'EOF'
Alps hiking trip, August

Day 1: Grindelwald to the Bachalpsee, 3 hours, clear sky and a view of the Eiger north face.
Day 2: Faulhorn summit at sunrise, then down to Schynige Platte. Day 3: rain, museum in Interlaken.
Packing list: rain jacket, two litres of water, sunscreen, map, first-aid kit, headlamp.
EOF
cat > "$CORPUS/notes/gpu-setup.md" <<'EOF'
# Setting up the workstation GPU

Install the NVIDIA driver from the Debian non-free repository, reboot, and check `nvidia-smi`.
The 24 GB card runs the 8B embedding model with the 2B reranker; with less than 6 GB free the
application falls back to the 2B model without a reranker. CUDA out-of-memory errors during batch
ingestion go away with a smaller batch size.
EOF
cat > "$CORPUS/notes/meeting-minutes.txt" <<'EOF'
Team meeting, 12 March

Present: Anna, Ben, Chloe, David. Decisions: the product launch moves to May; the design review is on
Thursday; Ben owns the customer survey. Open questions: budget for the trade fair in Hanover, and who
covers support during the Easter holidays.
EOF

# Four PNGs with distinct content, drawn with the Python standard library only.
python3 - "$CORPUS/images" <<'EOF'
import math, struct, sys, zlib

def write_png(path, w, h, pixel):
    rows = bytearray()
    for y in range(h):
        rows.append(0)
        for x in range(w):
            rows.extend(pixel(x, y))
    def chunk(tag, data):
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
                + chunk(b"IDAT", zlib.compress(bytes(rows), 9)) + chunk(b"IEND", b""))

out = sys.argv[1]
W, H = 320, 240

def bar_chart(x, y):  # a revenue bar chart: axes and four rising bars
    if 30 <= x <= 32 and 20 <= y <= 210 or 30 <= x <= 300 and 208 <= y <= 210:
        return (40, 40, 40)
    for i, top in enumerate((150, 120, 80, 40)):
        left = 50 + i * 62
        if left <= x < left + 44 and top <= y < 208:
            return ((52, 101, 164), (78, 154, 6), (245, 121, 0), (204, 0, 0))[i]
    return (255, 255, 255) if (y - 20) % 40 else (225, 225, 225)

def sunset(x, y):  # a sunset over the sea: sky gradient, a sun, dark water
    if y > 160:
        return (10, 30 + (y - 160) // 4, 70 + (y - 160) // 2)
    if (x - 160) ** 2 + (y - 150) ** 2 < 45 ** 2:
        return (255, 220, 80)
    t = y / 160
    return (255, int(90 + 100 * t), int(40 + 60 * (1 - t)))

def checkerboard(x, y):  # a blue and white chess board
    return (255, 255, 255) if (x // 40 + y // 40) % 2 else (32, 74, 135)

def pie(x, y):  # a pie chart with three slices
    dx, dy = x - 160, y - 120
    if dx * dx + dy * dy > 100 ** 2:
        return (250, 250, 250)
    a = (math.degrees(math.atan2(dy, dx)) + 360) % 360
    return (115, 210, 22) if a < 200 else (193, 125, 17) if a < 290 else (117, 80, 123)

for name, fn in (("revenue-chart", bar_chart), ("sunset", sunset), ("chess-board", checkerboard),
                 ("market-share-pie", pie)):
    write_png(f"{out}/{name}.png", W, H, fn)
EOF

# A two-page PDF, written by hand (a real manual such as bash.pdf has hundreds of pages: too slow here).
python3 - "$CORPUS/papers/solar-energy.pdf" <<'EOF'
import sys
pages = [["Solar energy in northern Europe", "",
          "Photovoltaic output in winter is a fifth of the summer peak.",
          "Battery storage shifts midday production to the evening.",
          "Heat pumps double the household demand in January."],
         ["Costs and payback", "",
          "A 10 kWp roof system costs about 15,000 euros installed.",
          "With 30% self-consumption it pays for itself in eleven years."]]
objs = ["<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [%s] /Count %d >>" % (" ".join(f"{4 + 2 * i} 0 R" for i in range(len(pages))),
                                                    len(pages)),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
for i, lines in enumerate(pages):
    text = "BT /F1 16 Tf 60 760 Td 22 TL " + " ".join(f"({l}) '" for l in lines) + " ET"
    objs.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents {5 + 2 * i} 0 R "
                "/Resources << /Font << /F1 3 0 R >> >> >>")
    objs.append(f"<< /Length {len(text)} >>\nstream\n{text}\nendstream")
pdf, offsets = "%PDF-1.4\n", []
for i, o in enumerate(objs, 1):
    offsets.append(len(pdf))
    pdf += f"{i} 0 obj\n{o}\nendobj\n"
xref = len(pdf)
pdf += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n" + "".join(f"{o:010d} 00000 n \n" for o in offsets)
pdf += f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
open(sys.argv[1], "w").write(pdf)
EOF

echo "screenshots.sh: ingesting the demo corpus into $LIBRARY"
"$CLI" ingest "$CORPUS" --library "$LIBRARY" --model "$MODEL" --reranker "$MODEL" --max-pixels 65536 \
    --collection Demo >/dev/null

# --- (b) the settings the GUI reads ($XDG_CONFIG_HOME/Cortex/Cortex.conf, see core/settings) ---------------
cat > "$XDG_CONFIG_HOME/Cortex/Cortex.conf" <<EOF
[images]
maxPixels=65536

[library]
dir=$LIBRARY

[models]
device=cpu
embeddingDir=$MODEL
rerankerDir=$MODEL

[reranker]
enabled=true
EOF
cp "$XDG_CONFIG_HOME/Cortex/Cortex.conf" "$WORK/Cortex.conf.pristine"

if command -v xvfb-run >/dev/null && [[ ${SCREENSHOTS_PLATFORM:-xvfb} == xvfb ]]; then
    # Room for the window at any scale factor (a window larger than the screen can be cut off).
    SCREEN=$([[ -n ${SCREENSHOTS_SCALE:-} ]] && echo 3200x2000 || echo 1600x1000)
    run_gui() { xvfb-run -a -s "-screen 0 ${SCREEN}x24 -dpi 96" "$GUI" "$@"; }
else
    export QT_QPA_PLATFORM=offscreen
    run_gui() { "$GUI" "$@"; }
fi
unset QT_STYLE_OVERRIDE QT_QPA_PLATFORMTHEME QT_SCALE_FACTOR QT_SCREEN_SCALE_FACTORS
[[ -n ${SCREENSHOTS_SCALE:-} ]] && export QT_SCALE_FACTOR=$SCREENSHOTS_SCALE
SIZE=${SCREENSHOTS_SIZE:-1280x800}

tabs=(ingest search collections settings maintenance)
for i in "${!tabs[@]}"; do
    for theme in light dark; do
        file=$OUT/${tabs[$i]}-$theme.png
        extra=()
        [[ $theme == dark ]] && extra+=(--dark)
        # The Ingest tab shows the files waiting to be added: two of the demo folders.
        [[ $i == 0 ]] && extra+=("$CORPUS/notes" "$CORPUS/images")
        # The Search tab shows the answer to a query (text hits with snippets, image hits with thumbnails).
        [[ $i == 1 ]] && extra+=(--query "quarterly revenue chart")
        cp "$WORK/Cortex.conf.pristine" "$XDG_CONFIG_HOME/Cortex/Cortex.conf" # no state between shots
        run_gui --size "$SIZE" --tab "$i" --screenshot "$file" "${extra[@]}" 2>"$WORK/gui.log" ||
            { cat "$WORK/gui.log" >&2; exit 1; }
        command -v optipng >/dev/null && optipng -quiet -o2 -strip all "$file"
        echo "screenshots.sh: wrote $file ($(stat -c %s "$file") bytes)"
    done
done
