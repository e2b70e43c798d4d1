#!/usr/bin/env bash
# What a newcomer pays to compile, measured from a cold target directory (crates already
# downloaded): the README's first command, misp-client as a dependency of a new crate,
# `cargo build -p misp-client` in the workspace, a release build of the `misp` binary and its
# size. Each step gets a fresh CARGO_TARGET_DIR; wall time, CPU time (user + sys) and the load
# average before and after are printed as a Markdown table.
#
# Usage: bash xtask/bench/build-cost.sh [--before REV] [--only STEP...] [--ci]
#   --before REV   also measure the same steps on the tree at REV (git archive into a temporary
#                  directory), in the same run, so the two columns share the machine's load
#   --only STEP    readme | client-dep | client | release | ci (default: all but ci)
#   --ci           also time `bash .ci/run` (several minutes)
# Also: `cargo xtask bench --build-cost [...]`.
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
before=""
steps=()
while [ $# -gt 0 ]; do
  case "$1" in
    --before) before="$2"; shift 2 ;;
    --only) shift; while [ $# -gt 0 ] && [ "${1#--}" = "$1" ]; do steps+=("$1"); shift; done ;;
    --ci) steps+=(ci); shift ;;
    -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "build-cost: unknown argument \`$1\` (see --help)" >&2; exit 2 ;;
  esac
done
[ ${#steps[@]} -eq 0 ] && steps=(readme client-dep client release)
if [ ${#steps[@]} -eq 1 ] && [ "${steps[0]}" = ci ]; then steps=(readme client-dep client release ci); fi

scratch="$(mktemp -d "${TMPDIR:-/tmp}/misp-build-cost.XXXXXX")"
trap 'rm -rf "$scratch"' EXIT

# measure LABEL TREE COMMAND...: runs COMMAND in TREE with a fresh target directory.
measure() {
  local label="$1" tree="$2"; shift 2
  local target="$scratch/target-$RANDOM$RANDOM"
  local load_before load_after wall user sys
  load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
  if ! (cd "$tree" && CARGO_TARGET_DIR="$target" /usr/bin/time -f '%e %U %S' -o "$scratch/time" \
        bash -c "$*" >"$scratch/out" 2>&1); then
    echo "build-cost: \`$label\` failed:" >&2; tail -20 "$scratch/out" >&2; exit 1
  fi
  load_after="$(cut -d' ' -f1-3 /proc/loadavg)"
  read -r wall user sys <"$scratch/time"
  local cpu; cpu="$(awk "BEGIN { print $user + $sys }")"
  local extra=""
  if [ -f "$target/release/misp" ]; then
    extra="binary $(stat -c %s "$target/release/misp") bytes"
  fi
  printf '| %s | %s | %.1f s | %.1f s | %s -> %s | %s |\n' \
    "$label" "$(basename "$tree")" "$wall" "$cpu" "$load_before" "$load_after" "$extra"
  rm -rf "$target"
}

run_steps() {
  local tree="$1"
  # A new crate that depends on misp-client by path, as a library user would.
  local consumer="$scratch/consumer-$(basename "$tree")"
  mkdir -p "$consumer/src"
  printf '[package]\nname = "uses-misp-client"\nversion = "0.0.0"\nedition = "2021"\n\n[dependencies]\nmisp-client = { path = "%s/crates/misp-client" }\n\n[workspace]\n' "$tree" >"$consumer/Cargo.toml"
  echo 'fn main() { let _ = misp_client::Client::builder(); }' >"$consumer/src/main.rs"
  # The versions the workspace is tested with.
  cp "$tree/Cargo.lock" "$consumer/Cargo.lock"
  for step in "${steps[@]}"; do
    case "$step" in
      readme) measure "README's first command" "$tree" \
        "cargo run -q -p misp-cli -- event validate fixtures/events/*.json >/dev/null && cargo run -q -p misp-cli -- event summary fixtures/events/feed-6c1c6c4f-5cde-474f-bb69-8e5b8b041f81.json >/dev/null" ;;
      client-dep) measure "misp-client as a dependency (cargo build, new crate)" "$consumer" "cargo build -q --offline || cargo build -q" ;;
      client) measure "cargo build -p misp-client" "$tree" "cargo build -q -p misp-client" ;;
      release) measure "cargo build --release -p misp-cli" "$tree" "cargo build -q --release -p misp-cli" ;;
      ci) measure "bash .ci/run" "$tree" "bash .ci/run" ;;
      *) echo "build-cost: unknown step \`$step\`" >&2; exit 2 ;;
    esac
  done
}

echo "build cost on $(uname -n), $(nproc) cores, $(rustc --version), $(date -u '+%Y-%m-%d %H:%M UTC')"
echo
echo "| step | tree | wall | CPU (user+sys) | load avg before -> after | |"
echo "|---|---|---|---|---|---|"
if [ -n "$before" ]; then
  old="$scratch/$(git -C "$root" rev-parse --short "$before")"
  mkdir -p "$old"
  git -C "$root" archive "$before" | tar -x -C "$old"
  # The shared data the README's commands and CI read sits beside the repository.
  [ -e "$root/../shared" ] && ln -s "$root/../shared" "$scratch/shared"
  run_steps "$old"
fi
run_steps "$root"
