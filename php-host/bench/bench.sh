#!/usr/bin/env bash
# Benchmark of the PHP extension: what a PHP process pays for the component, and
# what each call costs in a warm process. A script, not a test: it prints figures
# (medians over repeated runs) for docs/php-extension.md.
#
#   php-host/bench/bench.sh            (after make cwasm ext)
#   RUNS=50 CALLS=2000 php-host/bench/bench.sh
#
# ODR_PHP_EXT and ODR_CWASM name the extension and the component (defaults: the
# build's target/host/libodr_php.so and target/odr_registrar.cwasm).
set -euo pipefail
cd "$(dirname "$0")/../.."

PHP=${PHP:-php}
EXT=${ODR_PHP_EXT:-$PWD/target/host/libodr_php.so}
CWASM=${ODR_CWASM:-$PWD/target/odr_registrar.cwasm}
RUNS=${RUNS:-30}
CALLS=${CALLS:-1000}
HERE=php-host/bench

for file in "$EXT" "$CWASM"; do
  [[ -f $file ]] || { echo "missing $file: run make cwasm ext" >&2; exit 1; }
done
export ODR_CWASM=$CWASM

# The per-process commands, measured round-robin (one run of each in turn) so that
# background load on the machine affects them alike.
LABELS=(
  "php -r 'echo 1;' (bare)"
  "php with the extension"
  "+ load the .cwasm (new Odr\\Registrar)"
  "+ load + one pure call (normalize-contact)"
  "+ load + one call with 2 HTTP exchanges (get-nameservers)"
)
COMMANDS=(
  "$PHP -r 'echo 1;'"
  "$PHP -d extension=$EXT -r 'echo 1;'"
  "$PHP -d extension=$EXT $HERE/process.php load"
  "$PHP -d extension=$EXT $HERE/process.php pure"
  "$PHP -d extension=$EXT $HERE/process.php http"
)

# Median of the numbers on stdin (nanoseconds) in milliseconds, one decimal.
median_ms() {
  sort -n | awk '{a[NR]=$1} END {m = (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2; printf "%.1f", m / 1e6}'
}

echo "odr PHP extension benchmark: $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $($PHP -r 'echo PHP_VERSION;'), $RUNS runs each (medians)"
echo "extension: $EXT ($(du -k "$EXT" | cut -f1) KiB), component: $CWASM ($(du -k "$CWASM" | cut -f1) KiB)"
echo
echo "per process (wall time of one php process):"
samples=$(mktemp -d)
trap 'rm -rf "$samples"' EXIT
for i in "${!COMMANDS[@]}"; do eval "${COMMANDS[$i]}" >/dev/null; done   # warm the page cache
for _ in $(seq "$RUNS"); do
  for i in "${!COMMANDS[@]}"; do
    start=$(date +%s%N)
    eval "${COMMANDS[$i]}" >/dev/null
    end=$(date +%s%N)
    echo $((end - start)) >>"$samples/$i"
  done
done
for i in "${!COMMANDS[@]}"; do
  printf '  %-58s %8s ms\n' "${LABELS[$i]}" "$(median_ms <"$samples/$i")"
done
echo
echo "per call in a warm process ($CALLS calls, median of 5 batches):"
"$PHP" -d "extension=$EXT" "$HERE/warm.php" "$CALLS"
