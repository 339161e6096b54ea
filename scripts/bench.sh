#!/usr/bin/env bash
# Benchmarks of the WHMCS module, end to end. A script, never timed assertions in tests.
#
#   scripts/bench.sh                                (make bench; after make build cli)
#   BENCH_DOC=docs/benchmarks.md scripts/bench.sh   also rewrites the generated section of that file
#
# What it measures (every figure next to a baseline from the same run):
#   1. ODR requests and wall time per WHMCS action, cold and warm token, for every module function,
#      button and hook (scripts/bench/actions.php: emulated WHMCS -> module -> extension -> component
#      -> cURL -> `odr replay-server` on loopback; requests counted by the replay server);
#      floor: one request per action, timed through plain PHP cURL.
#      A domain search over 1, 5, 10 and 20 TLDs with LATENCY_MS per exchange: the checks in flight
#      together (the module's curl_multi transport) against one after another (the same component and
#      transport without sendMany), next to plain cURL both ways (scripts/bench/search.php).
#   2. Expiry sync of DOMAINS domains (every domain once, WHMCS's 50-domain cron runs), one cron run
#      with an expired snapshot, and the domain report over DOMAINS domains (scripts/bench/bulk.php);
#      baselines: one request per domain, and the list pages fetched by plain cURL.
#      The same again with LATENCY_MS added to every exchange by the replay server (a simulated
#      round trip to ODR; the baseline waits the same), LATENCY_ITERATIONS runs each.
#   3. The module's local overhead in a cold PHP process against plain cURL in one
#      (scripts/bench/process.php, PROCESS_RUNS processes each), and where loading the component
#      goes (host/examples/load_cost.rs).
#   4. PHP per-process overhead: the extension's own benchmark (php-host/bench/bench.sh; bare php
#      vs php + extension + .cwasm + one call).
# Environment: ITERATIONS (15), LATENCY_MS (50), LATENCY_ITERATIONS (5), PROCESS_RUNS (30),
# DOMAINS (10000), EXT_PROCESS_RUNS (20) and PROCESS_CALLS (300) for php-host/bench/bench.sh;
# ODR_PHP_EXT, ODR_CWASM, ODR_CLI as for the tests. Results: target/bench/.
set -euo pipefail
cd "$(dirname "$0")/.."

PHP=${PHP:-php}
export ODR_PHP_EXT=${ODR_PHP_EXT:-$PWD/target/host/libodr_php.so}
export ODR_CWASM=${ODR_CWASM:-$PWD/target/odr_registrar.cwasm}
export ODR_CLI=${ODR_CLI:-$PWD/target/host/odr}
ITERATIONS=${ITERATIONS:-15}
DOMAINS=${DOMAINS:-10000}
LATENCY_MS=${LATENCY_MS:-50}
LATENCY_ITERATIONS=${LATENCY_ITERATIONS:-5}
PROCESS_RUNS=${PROCESS_RUNS:-30}
OUT=target/bench
for needed in "$ODR_PHP_EXT" "$ODR_CWASM" "$ODR_CLI"; do
  [[ -e $needed ]] || { echo "bench: missing $needed (make build cli)" >&2; exit 1; }
done
mkdir -p "$OUT"

model=$(sed -n 's/^model name\s*:\s*//p' /proc/cpuinfo | head -1)
"$PHP" -r 'echo json_encode([
  "date" => gmdate("Y-m-d H:i") . " UTC",
  "machine" => sprintf("%s cores (%s), %s", $argv[1], $argv[2], php_uname("s") . " " . php_uname("r")),
  "php" => "PHP " . PHP_VERSION,
  "load" => trim((string) file_get_contents("/proc/loadavg")),
], JSON_UNESCAPED_SLASHES);' "$(nproc)" "${model:-unknown CPU}" >"$OUT/meta.json"

echo "== 1/4 requests and wall time per WHMCS action ($ITERATIONS runs each)" >&2
"$PHP" -d "extension=$ODR_PHP_EXT" scripts/bench/actions.php "$ITERATIONS" >"$OUT/actions.json"
echo "== 1/4 the same with $LATENCY_MS ms added per exchange ($LATENCY_ITERATIONS runs each)" >&2
"$PHP" -d "extension=$ODR_PHP_EXT" scripts/bench/actions.php "$LATENCY_ITERATIONS" "$LATENCY_MS" >"$OUT/actions-latency.json"
echo "== 1/4 a domain search over 1-20 TLDs, together and one by one, $LATENCY_MS ms per exchange" >&2
"$PHP" -d "extension=$ODR_PHP_EXT" scripts/bench/search.php "$ITERATIONS" "$LATENCY_MS" >"$OUT/search.json"
echo "== 2/4 the module's overhead in a cold PHP process ($PROCESS_RUNS processes each)" >&2
"$PHP" -d "extension=$ODR_PHP_EXT" scripts/bench/process.php "$PROCESS_RUNS" >"$OUT/process.json"
# The same as PHP-FPM runs it: compiled scripts kept by opcache (a file cache stands in for its
# shared memory, which a CLI process does not keep).
opcache_dir=$(mktemp -d)
BENCH_PHP_FLAGS="-d opcache.enable_cli=1 -d opcache.file_cache=$opcache_dir -d opcache.file_cache_only=1" \
  "$PHP" -d "extension=$ODR_PHP_EXT" scripts/bench/process.php "$PROCESS_RUNS" >"$OUT/process-opcache.json"
rm -rf "$opcache_dir"
if command -v cargo >/dev/null; then
  cargo build -q --profile host -p odr-host --example load_cost
  {
    target/host/examples/load_cost "$ODR_CWASM"
    echo "in a fresh process each (median of 15 processes):"
    for way in copy map load; do
      printf '  %-6s %s ms\n' "$way" "$(for _ in $(seq 15); do target/host/examples/load_cost "$ODR_CWASM" "$way"; done |
        sort -n | sed -n 8p)"
    done
  } >"$OUT/load-cost.txt"
fi
echo "== 3/4 expiry sync and domain report over $DOMAINS domains (takes minutes)" >&2
"$PHP" -d "extension=$ODR_PHP_EXT" -d memory_limit=2G scripts/bench/bulk.php "$DOMAINS" >"$OUT/bulk.json"
echo "== 4/4 PHP per-process overhead (php-host/bench/bench.sh)" >&2
if [[ -x php-host/bench/bench.sh ]]; then
  RUNS=${EXT_PROCESS_RUNS:-20} CALLS=${PROCESS_CALLS:-300} php-host/bench/bench.sh >"$OUT/php-process.txt"
else
  rm -f "$OUT/php-process.txt"
fi

"$PHP" scripts/bench/report.php "$OUT" >"$OUT/benchmarks.md"
cat "$OUT/benchmarks.md"

if [[ -n ${BENCH_DOC:-} ]]; then
  "$PHP" -r '
    [$file, $section] = [$argv[1], file_get_contents($argv[2])];
    $start = "<!-- benchmarks:start (generated by scripts/bench.sh; do not edit) -->";
    $end = "<!-- benchmarks:end -->";
    $text = file_get_contents($file);
    $a = strpos($text, $start); $b = strpos($text, $end);
    if ($a === false || $b === false || $b < $a) { fwrite(STDERR, "$file has no benchmarks markers\n"); exit(1); }
    file_put_contents($file, substr($text, 0, $a) . $start . "\n" . $section . $end . substr($text, $b + strlen($end)));
  ' "$BENCH_DOC" "$OUT/benchmarks.md"
  echo "bench: wrote $BENCH_DOC" >&2
fi
