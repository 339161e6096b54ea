<?php

/*
 * Renders the benchmark results of scripts/bench.sh as Markdown (stdout).
 * Usage: php scripts/bench/report.php <results dir>
 */

declare(strict_types=1);

$dir = $argv[1] ?? 'target/bench';
$read = static fn (string $file): array => json_decode((string) file_get_contents("$dir/$file"), true, 512, JSON_THROW_ON_ERROR);
$actions = $read('actions.json');
$bulk = $read('bulk.json');
$meta = $read('meta.json');
$process = is_file("$dir/php-process.txt") ? (string) file_get_contents("$dir/php-process.txt") : '';
$ms = static fn (float $v): string => $v >= 100 ? number_format($v, 0, '.', ',') : number_format($v, $v >= 10 ? 1 : 2);
$s = static fn (float $v): string => number_format($v / 1000, 1) . ' s';
$n = static fn (int|float $v): string => number_format($v, 0, '.', ',');

$floor = (float) $actions['request_floor_ms'];
echo "Measured {$meta['date']} on {$meta['machine']}; {$meta['php']}; load average at the start: {$meta['load']}.\n";
echo "Wall times are medians of {$actions['iterations']} runs unless said otherwise; the machine is shared, "
    . "so single figures can be noisy. Baselines come from the same run.\n\n";

$slow = is_file("$dir/actions-latency.json") ? $read('actions-latency.json') : null;
echo "### ODR requests per WHMCS action: floor and actual\n\n";
echo "Floor: the fewest requests the action can be done with (docs/requests.md, \"Floor and actual\"); "
    . "warm: a token from an earlier call is in the module's state table; cold: none (the login first). "
    . "Counted as the replay server answered them.\n\n";
echo "| WHMCS action | floor warm | actual warm | floor cold | actual cold | at floor | notes |\n";
echo "|---|---:|---:|---:|---:|---|---|\n";
foreach ($actions['actions'] as $label => $row) {
    $warm = (int) $row['warm']['requests'];
    $cold = (int) $row['cold']['requests'];
    $floorWarm = $row['floor'] ?? null;
    $floorCold = $floorWarm === null ? null : ($floorWarm === 0 ? 0 : (str_starts_with($label, 'config_validate') ? $floorWarm : $floorWarm + 1));
    printf(
        "| %s | %s | %d | %s | %d | %s | %s |\n",
        $label,
        $floorWarm ?? '?',
        $warm,
        $floorCold ?? '?',
        $cold,
        $floorWarm === null ? '?' : ($warm === $floorWarm && $cold === $floorCold ? 'yes' : '**no**'),
        $row['note'],
    );
}

echo "\n### Wall time per WHMCS action, with and without a simulated round trip\n\n";
echo "Wall time covers everything WHMCS waits for: the module, the extension and component, the emulated "
    . "WHMCS's database (SQLite in memory, module log on) and the HTTP to `odr replay-server` on loopback. "
    . "Baseline: right after each run, the same number of plain PHP cURL requests to the same server (no "
    . "module, no component), median over the runs. At 0 ms one plain request alone took " . $ms($floor) . " ms";
if ($slow !== null) {
    echo "; with {$slow['latency_ms']} ms added to every exchange (the replay server's `--latency-ms`, a round "
        . "trip to ODR) " . $ms((float) $slow['request_floor_ms']) . " ms. The 0 ms columns are medians of "
        . "{$actions['iterations']} runs, the {$slow['latency_ms']} ms columns of {$slow['iterations']}";
}
echo ".\n\n";
$latency = $slow === null ? '' : " | ms cold +{$slow['latency_ms']} | baseline | ms warm +{$slow['latency_ms']} | baseline";
echo "| WHMCS action | ms cold | baseline | ms warm | baseline$latency |\n";
echo "|---|---:|---:|---:|---:" . ($slow === null ? '' : '|---:|---:|---:|---:') . "|\n";
foreach ($actions['actions'] as $label => $row) {
    $cells = [$row['cold']['ms'], $row['cold']['baseline_ms'], $row['warm']['ms'], $row['warm']['baseline_ms']];
    if ($slow !== null) {
        $other = $slow['actions'][$label];
        array_push($cells, $other['cold']['ms'], $other['cold']['baseline_ms'], $other['warm']['ms'], $other['warm']['baseline_ms']);
    }
    echo "| $label | " . implode(' | ', array_map(static fn ($v): string => $ms((float) $v), $cells)) . " |\n";
}

$search = is_file("$dir/search.json") ? $read('search.json') : null;
if ($search !== null) {
    echo "\n### A domain search over N TLDs: checks in flight together against one after another\n\n";
    echo "`scripts/bench/search.php`: `check-availability` through the extension and component against "
        . "`odr replay-server` with {$search['latency_ms']} ms added to every exchange (a simulated round trip), "
        . "warm token, medians of {$search['iterations']} runs, alternating. Together: the module's transport "
        . "(`CurlTransport::sendMany`, curl_multi). One by one: the same component and transport as a plain "
        . "callable without `sendMany`, so the host sends the batch one request after another (how every search "
        . "went before). Baselines of the same moment: N plain PHP cURL requests one after another, and N through "
        . "curl_multi. Peak: the most requests the replay server was answering at once during the run.\n\n";
    echo "| TLDs | requests | together ms | one by one ms | speed-up | plain cURL, one by one | plain curl_multi | peak in flight |\n";
    echo "|---:|---:|---:|---:|---:|---:|---:|---:|\n";
    foreach ($search['searches'] as $row) {
        echo "| {$row['tlds']} | {$row['requests_per_search']} | " . $ms((float) $row['together']) . ' | '
            . $ms((float) $row['one_by_one']) . ' | ' . number_format((float) $row['one_by_one'] / (float) $row['together'], 1)
            . 'x | ' . $ms((float) $row['plain_sequential']) . ' | ' . $ms((float) $row['plain_multi'])
            . " | {$row['peak_in_flight']} |\n";
    }
}

$cold = is_file("$dir/process.json") ? $read('process.json') : null;
$warmOpcache = is_file("$dir/process-opcache.json") ? $read('process-opcache.json') : null;
if ($cold !== null) {
    $over = static fn (string $key, ?array $run = null): string
        => '+' . $ms((float) ($run ?? $cold)['module'][$key] - (float) ($run ?? $cold)['plain'][$key]);
    echo "\n### The module's local overhead in a cold PHP process\n\n";
    echo "`scripts/bench/process.php`: {$cold['runs']} fresh PHP processes each (alternating), against "
        . "`odr replay-server` on loopback with no added latency. Module: GetNameservers with no token "
        . "stored ({$cold['requests']} requests: login, domain info), everything from the module function's "
        . "call to its return (loading the component, instantiating it, the calls, state and module log in "
        . "the database). Baseline: the same number of requests by plain PHP cURL in a fresh process. "
        . "Not measured in either: PHP's own start-up and WHMCS's boot (the same for both). CPU: the "
        . "process's user + system time over the same span (getrusage), which background load disturbs "
        . "less than wall time. PHP flags of the children: " . ($cold['php_flags'] === '' ? 'none (CLI, no opcache, as a WHMCS cron run)' : '`' . $cold['php_flags'] . '`') . ".\n\n";
    echo "| cold process | wall ms (median) | wall ms (min) | CPU ms (median) |\n|---|---:|---:|---:|\n";
    foreach (['module' => 'the module (GetNameservers, cold token)', 'plain' => 'plain PHP cURL, same requests'] as $key => $label) {
        printf("| %s | %s | %s | %s |\n", $label, $ms((float) $cold[$key]['ms']), $ms((float) $cold[$key]['min_ms']), $ms((float) $cold[$key]['cpu_ms']));
    }
    printf("| **overhead** | **%s** | **%s** | **%s** |\n", $over('ms'), $over('min_ms'), $over('cpu_ms'));
    if ($warmOpcache !== null) {
        echo "\nThe same with the module's PHP compiled once and kept (opcache, as PHP-FPM runs WHMCS's web "
            . "requests; flags `" . $warmOpcache['php_flags'] . "`):\n\n";
        echo "| cold process, opcache | wall ms (median) | wall ms (min) | CPU ms (median) |\n|---|---:|---:|---:|\n";
        foreach (['module' => 'the module (GetNameservers, cold token)', 'plain' => 'plain PHP cURL, same requests'] as $key => $label) {
            printf(
                "| %s | %s | %s | %s |\n",
                $label,
                $ms((float) $warmOpcache[$key]['ms']),
                $ms((float) $warmOpcache[$key]['min_ms']),
                $ms((float) $warmOpcache[$key]['cpu_ms']),
            );
        }
        printf(
            "| **overhead** | **%s** | **%s** | **%s** |\n",
            $over('ms', $warmOpcache),
            $over('min_ms', $warmOpcache),
            $over('cpu_ms', $warmOpcache),
        );
    }
    if (is_file("$dir/load-cost.txt")) {
        echo "\nWhere loading the component goes (`host/examples/load_cost.rs`: each phase, medians in one "
            . "process; then one load per fresh process: `copy` read and copied, `map` the installed file mapped, "
            . "`load` what the runtime does: a private copy in anonymous memory (huge pages advised) used in "
            . "place, then linked):\n\n```\n" . trim((string) file_get_contents("$dir/load-cost.txt")) . "\n```\n";
    }
}

$domains = (int) $bulk['domains'];
$sync = $bulk['sync'];
$expired = $bulk['sync_run_expired_snapshot'];
$report = $bulk['report'];
$raw = (float) $bulk['raw_fetch_pages_ms'];
echo "\n### " . $n($domains) . " domains: expiry sync and domain report\n\n";
echo "The account: " . $n($domains) . " domains at ODR, " . $n((int) $bulk['pages']) . " list pages of 100; the same "
    . "domains active in WHMCS. Baselines: one `GET /domain/{name}/info/` per domain (what a sync without the "
    . "snapshot needs), and the same list pages fetched by plain PHP cURL (" . $ms($raw) . " ms for "
    . $n((int) $bulk['pages']) . " pages).\n\n";
echo "| figure | ODR requests | floor (requests) | wall time | baseline time |\n|---|---:|---:|---:|---:|\n";
printf(
    "| expiry sync of every domain: %s WHMCS cron runs of 50 back to back (%s synced) | %s | %s | %s (first run %s ms, median run %s ms: %s ms per Sync call) | list pages by cURL: %s ms |\n",
    $n((int) $sync['cron_runs']),
    $n((int) $sync['synced']),
    $n((int) $sync['requests']),
    $n($domains),
    $s((float) $sync['ms']),
    $ms((float) $sync['first_run_ms']),
    $ms((float) $sync['median_run_ms']),
    $ms((float) $sync['median_run_ms'] / 50),
    $ms($raw),
);
printf(
    "| one cron run of 50 domains whose snapshot expired (token warm) | %s | 50 | %s ms | list pages by cURL: %s ms |\n",
    $n((int) $expired['requests']),
    $ms((float) $expired['ms']),
    $ms($raw),
);
printf(
    "| domain report over every domain (\"Send domain report now\", cold token) | %s | 1 | %s ms | list pages by cURL: %s ms |\n",
    $n((int) $report['requests']),
    $ms((float) $report['ms']),
    $ms($raw),
);
echo "\nReport e-mail subject: " . ($report['subject'] ?? '(none)') . ". Peak PHP memory of the bulk run: "
    . $ms((float) $bulk['peak_memory_mib']) . " MiB.\n";

echo "\n### PHP per-process overhead\n\n";
if ($process === '') {
    echo "(php-host/bench/bench.sh was not run.)\n";
} else {
    $lines = [];
    $bare = null;
    foreach (explode("\n", $process) as $line) {
        if (preg_match('/^\s{2}(.+?)\s+([\d.]+) ms$/', $line, $m) === 1 && str_contains($process, 'per process')) {
            $lines[] = [trim($m[1]), (float) $m[2]];
            if (str_contains($m[1], 'bare')) {
                $bare = (float) $m[2];
            }
        }
        if (str_starts_with($line, 'per call')) {
            break;
        }
    }
    echo "From the extension's own benchmark (`php-host/bench/bench.sh`, run by scripts/bench.sh): wall time of "
        . "one PHP process, medians; baseline: bare `php -r 'echo 1;'` in the same run.\n\n";
    if ($lines !== [] && $bare !== null) {
        echo "| PHP process | ms | over bare php |\n|---|---:|---:|\n";
        foreach ($lines as [$label, $value]) {
            printf("| %s | %s | %s |\n", str_replace('|', '\\|', $label), $ms($value), $label === $lines[0][0] ? '—' : '+' . $ms($value - $bare));
        }
        echo "\n";
    }
    echo "Its full output:\n\n```\n" . trim($process) . "\n```\n";
}
