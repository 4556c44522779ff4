#!/bin/sh
# Installs the Debian/Ubuntu packages spotcheck builds with, if any is missing.
# Run by `make`; safe to run again; --bench and --fuzz add what those builds need.
# Without root (or sudo) it only says what is missing, and CMake then fetches the
# libraries itself (FetchContent, needs network).
set -eu
packages="cmake make g++ libcli11-dev nlohmann-json3-dev libfmt-dev catch2 parallel python3 python3-jsonschema tmux"
[ "${1:-}" = "--bench" ] && packages="$packages libbenchmark-dev hyperfine jq parallel"
# Sanitizer and fuzz builds (docs/robustness.md): clang, and its runtimes with libFuzzer
# (GCC's sanitizer runtimes come with g++).
[ "${1:-}" = "--fuzz" ] && packages="$packages clang libclang-rt-dev"
# The report test prints a page with headless Chromium: too big to install for every make.
[ "${1:-}" = "--report" ] && packages="$packages chromium poppler-utils"

command -v dpkg-query >/dev/null 2>&1 || { echo "install-deps: not a Debian system; skipping (CMake fetches what is missing)"; exit 0; }
missing=""
for p in $packages; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -eq 0 ]; then sudo=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo="sudo -n"
else
  echo "install-deps: missing:$missing (run as root or install them; continuing, CMake will try to fetch them)"
  exit 0
fi
echo "install-deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# shellcheck disable=SC2086
$sudo apt-get install -y -qq --no-install-recommends $missing
