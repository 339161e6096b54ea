#!/usr/bin/env bash
# Fuzz every cargo-fuzz target in fuzz/ for a fixed budget, one after the other,
# then minimise each corpus. See docs/fuzzing.md.
#
#   scripts/fuzz.sh                     every target, 60 s each
#   scripts/fuzz.sh dates envelope      only those targets
#   FUZZ_SECONDS=600 scripts/fuzz.sh    another budget per target
#
# Environment:
#   FUZZ_SECONDS    seconds per target (default 60)
#   FUZZ_SANITIZER  none (default) or address. Both build on the stable
#                   toolchain: `none` needs no unstable flag at all; `address`
#                   passes -Zsanitizer=address, so the script sets
#                   RUSTC_BOOTSTRAP=1 for it.
#   FUZZ_MINIMIZE   1 (default): after a run without a crash, merge the corpus
#                   down to the inputs that add edge coverage (seed-* files are
#                   always kept); 0: keep everything the run added.
#   FUZZ_ARGS       extra libFuzzer flags, e.g. "-seed=1 -only_ascii=1".
#
# Corpora: fuzz/corpus/<target>/ (committed). Crash inputs: fuzz/artifacts/<target>/.
# Prints executions, exec/s and crashes per target; exits 1 when any target
# crashed (panic, failed invariant, timeout or out-of-memory), 2 on a setup error.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
fuzz="$root/fuzz"
seconds="${FUZZ_SECONDS:-60}"
sanitizer="${FUZZ_SANITIZER:-none}"
minimize="${FUZZ_MINIMIZE:-1}"
triple="$(rustc -vV | sed -n 's/^host: //p')"
all_targets=(envelope domain_info domain_list contact_parse contact_normalize dates answers)

case "$sanitizer" in
  none) ;;
  address)
    # cargo-fuzz passes -Zsanitizer=address; RUSTC_BOOTSTRAP lets stable rustc take it.
    export RUSTC_BOOTSTRAP=1
    # Cargo caches rustc's target probe without keying it on RUSTC_BOOTSTRAP:
    # a probe that failed without it must not be reused.
    export CARGO_CACHE_RUSTC_INFO=0
    ;;
  *) echo "fuzz: FUZZ_SANITIZER must be none or address, not $sanitizer" >&2; exit 2 ;;
esac
if ! [[ "$seconds" =~ ^[1-9][0-9]*$ ]]; then
  echo "fuzz: FUZZ_SECONDS must be a positive number of seconds" >&2
  exit 2
fi

if [ "$#" -gt 0 ]; then
  targets=("$@")
  for t in "${targets[@]}"; do
    if [[ ! " ${all_targets[*]} " == *" $t "* ]]; then
      echo "fuzz: unknown target $t (targets: ${all_targets[*]})" >&2
      exit 2
    fi
  done
else
  targets=("${all_targets[@]}")
fi

if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "fuzz: installing cargo-fuzz"
  cargo install cargo-fuzz --locked
fi

# One target directory per sanitizer, so switching does not rebuild everything.
# cargo-fuzz's default build: release, debug assertions and overflow checks on.
target_dir="$fuzz/target/$sanitizer"
echo "fuzz: building ${#targets[@]} target(s), sanitizer $sanitizer ($(rustc -V))"
build() {
  (cd "$fuzz" && cargo fuzz build -s "$sanitizer" --target-dir "$target_dir" "$@" >/dev/null) ||
    { echo "fuzz: the build failed" >&2; exit 2; }
}
if [ "$#" -eq 0 ]; then
  build
else
  for t in "${targets[@]}"; do build "$t"; done
fi
bin_dir="$target_dir/$triple/release"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

failed=0
summary=()
for t in "${targets[@]}"; do
  corpus="$fuzz/corpus/$t"
  artifacts="$fuzz/artifacts/$t"
  mkdir -p "$corpus" "$artifacts"
  before=$(find "$artifacts" -type f | wc -l)
  log="$work/$t.log"
  echo "fuzz: $t for ${seconds}s ($(find "$corpus" -type f | wc -l) corpus inputs)"
  status=0
  # -timeout: an input that takes 10 s is a hang; -rss_limit_mb: 2 GB is a leak.
  # shellcheck disable=SC2086
  "$bin_dir/$t" "$corpus" \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -dict="$fuzz/dict/odr.dict" -print_final_stats=1 \
    -artifact_prefix="$artifacts/" ${FUZZ_ARGS:-} >"$log" 2>&1 || status=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  ran=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$log" | tail -1)
  execs=${execs:-0}
  if [ -z "$ran" ]; then
    # No "Done" line (it crashed): the time it ran, from its average speed.
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
    rate=${rate:-0}
    ran=$((rate > 0 ? execs / rate : 0))
  fi
  [ "$ran" -gt 0 ] || ran=1
  after=$(find "$artifacts" -type f | wc -l)
  crashes=$((after - before))
  if [ "$status" -ne 0 ] && [ "$crashes" -eq 0 ]; then crashes=1; fi
  if [ "$crashes" -gt 0 ]; then
    failed=1
    echo "fuzz: $t CRASHED (exit $status); the input is in $artifacts/, the log follows:"
    # The panic message and what libFuzzer says about the input; no backtrace.
    grep -v -e '^#[0-9]' -e '^ *[0-9]*: ' -e '^ *at ' -e '^WARNING: Failed to find' "$log" | tail -25
  elif [ "$minimize" = 1 ]; then
    # Keep the seeds as they are; replace the rest with what a merge keeps: the
    # fewest inputs that still reach every edge and comparison the corpus
    # reaches (-use_counters=0: hit counts are not kept apart, which keeps the
    # committed corpora to a few tens of KB a target).
    merged="$work/$t.merged"
    mkdir -p "$merged"
    "$bin_dir/$t" -merge=1 -use_counters=0 "$merged" "$corpus" >"$work/$t.merge.log" 2>&1
    declare -A seed_sums=()
    for f in "$corpus"/seed-*; do
      [ -e "$f" ] && seed_sums[$(sha1sum <"$f" | cut -c1-40)]=1
    done
    find "$corpus" -type f ! -name 'seed-*' -delete
    for f in "$merged"/*; do
      [ -e "$f" ] || continue
      [ -n "${seed_sums[$(basename "$f")]:-}" ] || cp "$f" "$corpus/"
    done
    unset seed_sums
  fi
  kept=$(find "$corpus" -type f | wc -l)
  cov=$( (grep -o 'cov: [0-9]*' "$log" || true) | tail -1 | cut -d' ' -f2)
  line=$(printf '%-18s %6ss %12s execs %9s exec/s %8s cov %6s corpus %3s crashes' \
    "$t" "$ran" "$execs" "$((execs / ran))" "${cov:-?}" "$kept" "$crashes")
  echo "fuzz: $line"
  summary+=("$line")
done

echo
echo "fuzz: summary ($(date -u +%Y-%m-%d), sanitizer $sanitizer, ${seconds}s per target)"
printf '  %s\n' "${summary[@]}"
exit "$failed"
