#!/usr/bin/env bash
# Configures and builds into BUILD_DIR (default: build) with the given build type.
# Usage: scripts/build.sh [Release|RelWithDebInfo|Debug] [extra cmake args...]
set -euo pipefail
cd "$(dirname "$0")/.."
type="${1:-RelWithDebInfo}"
shift || true
build_dir="${BUILD_DIR:-build}"
generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
cmake -S . -B "$build_dir" "${generator[@]}" -DCMAKE_BUILD_TYPE="$type" "$@" >/dev/null
cmake --build "$build_dir" --parallel "$(nproc)"
