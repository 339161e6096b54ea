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

echo "### ODR requests and wall time per WHMCS action\n\n";
echo "Cold: no token stored (the login is the first request). Warm: a token from an earlier call is "
    . "in the module's state table. Floor: one request per action. Baseline time: right after each run, "
    . "the same number of plain PHP cURL requests to the same loopback server (no module, no component), "
    . "median over the runs; one such request alone took " . $ms($floor) . " ms (median of "
    . max(30, (int) $actions['iterations']) . "). Wall time covers everything WHMCS waits for: the module, "
    . "the extension and component, the emulated WHMCS's database (SQLite in memory, module log on) and "
    . "the loopback HTTP.\n\n";
echo "| WHMCS action | requests cold | requests warm | floor | ms cold | baseline cold | ms warm | baseline warm | notes |\n";
echo "|---|---:|---:|---:|---:|---:|---:|---:|---|\n";
foreach ($actions['actions'] as $label => $row) {
    $warm = (int) $row['warm']['requests'];
    printf(
        "| %s | %d | %d | %d | %s | %s | %s | %s | %s |\n",
        $label,
        $row['cold']['requests'],
        $warm,
        $warm === 0 ? 0 : 1,
        $ms((float) $row['cold']['ms']),
        $ms((float) $row['cold']['baseline_ms']),
        $ms((float) $row['warm']['ms']),
        $ms((float) $row['warm']['baseline_ms']),
        $row['note'],
    );
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
