#!/usr/bin/env bash
# Run HERE (a Debian machine with network): downloads the header-only / small C build dependencies
# of the engine as Debian packages and unpacks them into .carry/root, which the device tool carries
# to the GPU machine (it has CUDA libtorch but no network and none of these packages).
set -euo pipefail
cd "$(git rev-parse --show-toplevel)"
grep -qx '/.carry/' .gitignore || echo '/.carry/' >> .gitignore
rm -rf .carry && mkdir -p .carry/debs .carry/root
(cd .carry/debs && apt-get download nlohmann-json3-dev libutf8proc-dev libutf8proc2 libstb-dev doctest-dev)
for deb in .carry/debs/*.deb; do dpkg -x "$deb" .carry/root; done
rm -rf .carry/debs
du -sh .carry
