<?php

/*
 * The module's local overhead in a cold PHP process: what a fresh PHP process (a WHMCS cron run, or
 * the first request of a PHP-FPM worker) spends in one two-request module action (GetNameservers
 * with no token stored: login + domain info), against the same two requests made by plain PHP cURL
 * in a fresh process of its own (the baseline). Both against `odr replay-server` on loopback with no
 * added latency, alternating, so background load affects both alike.
 *
 * Each child process boots the emulated WHMCS, creates the module's state table and builds the
 * module parameters first (WHMCS has done all of that before it calls a module); only the module
 * function (component load, instantiation, the calls, state, log) or the plain requests are
 * measured: wall time (hrtime) and CPU time of the process (getrusage, user + system), which
 * background load on a shared machine disturbs much less.
 * BENCH_PHP_FLAGS: extra php flags for the children (e.g. an opcache file cache, as PHP-FPM has).
 * Prints one JSON object. Usage: php -d extension=... scripts/bench/process.php [RUNS]
 *
 * With --phases: where the module's time goes instead (docs/benchmarks.md, finding 5): the same
 * cold processes, the module function's steps taken one by one with a clock between them (the
 * settings and carry-over check, the capabilities, loading the component, the call) and every
 * capability the component uses timed on its way through PHP (state rows, HTTP, module log);
 * medians. Usage: php -d extension=... scripts/bench/process.php --phases [RUNS]
 */

declare(strict_types=1);

use OdrTests\Whmcs\Support\Faults\FaultScenario;

if (($argv[1] ?? '') === '--child') {
    require __DIR__ . '/lib.php';
    [, , $url, $mode] = $argv;
    if ($mode === 'phases') {
        require __DIR__ . '/process-phases.php';
        exit(0);
    }
    $whmcs = bench_whmcs($url);
    (new \WHMCS\Module\Registrar\Odr\Capability\StateStore())->get('bench:no-such-key');
    $params = $whmcs->registrar()->domainParams($whmcs->fixtures()->domain($whmcs->fixtures()->client(), 'example.nl'));
    $cpu = static function (): float {
        $usage = getrusage();

        return ($usage['ru_utime.tv_sec'] + $usage['ru_stime.tv_sec']) * 1e3
            + ($usage['ru_utime.tv_usec'] + $usage['ru_stime.tv_usec']) / 1e3;
    };
    $cpuStart = $cpu();
    $start = hrtime(true);
    if ($mode === 'module') {
        $answer = odr_GetNameservers($params);
        if (isset($answer['error'])) {
            fwrite(STDERR, 'GetNameservers: ' . $answer['error'] . "\n");
            exit(1);
        }
    } else {
        bench_plain_requests_to($url, 2);
    }
    echo json_encode(['ms' => bench_ms(hrtime(true) - $start), 'cpu_ms' => $cpu() - $cpuStart]), "\n";
    exit(0);
}

require __DIR__ . '/lib.php';
$phases = ($argv[1] ?? '') === '--phases';
$runs = max(3, (int) ($argv[$phases ? 2 : 1] ?? 30));
$action = json_decode((string) file_get_contents(FaultScenario::TEMPLATES . '/get_nameservers.json'), true, 512, JSON_THROW_ON_ERROR)['exchanges'];
$server = bench_serve('cold processes', array_merge(...array_fill(0, $runs, array_merge($action, [bench_floor_exchange(), bench_floor_exchange()]))));
$child = static function (string $mode) use ($server): array {
    $command = sprintf(
        '%s %s -d extension=%s %s --child %s %s',
        escapeshellarg(PHP_BINARY),
        (string) getenv('BENCH_PHP_FLAGS'),
        escapeshellarg((string) getenv('ODR_PHP_EXT')),
        escapeshellarg(__FILE__),
        escapeshellarg($server->url()),
        $mode,
    );
    $output = shell_exec($command);
    $result = is_string($output) ? json_decode(trim($output), true) : null;
    if (!is_array($result)) {
        fwrite(STDERR, "process bench: the $mode child failed: " . var_export($output, true) . "\n");
        exit(1);
    }

    return $result;
};
$samples = $phases ? ['phases' => [], 'plain' => []] : ['module' => [], 'plain' => []];
for ($i = 0; $i < $runs; $i++) {
    foreach (array_keys($samples) as $mode) {
        $samples[$mode][] = $child($mode);
    }
}
bench_verify($server, 'process bench');
$server->stop();
if ($phases) {
    $steps = [];
    foreach ($samples['phases'] as $sample) {
        foreach ($sample['steps'] as [$step, $ms]) {
            $steps[$step][] = $ms;
        }
    }
    foreach ($steps as $step => $list) {
        printf("%-62s %6.3f ms\n", $step, bench_median($list));
    }
    printf("%-62s %6.3f ms\n", 'plain PHP cURL, the same 2 requests (baseline)', bench_median(array_column($samples['plain'], 'ms')));
    exit(0);
}
$summary = [];
foreach ($samples as $mode => $list) {
    $summary[$mode] = [
        'ms' => bench_median(array_column($list, 'ms')),
        'cpu_ms' => bench_median(array_column($list, 'cpu_ms')),
        'min_ms' => min(array_column($list, 'ms')),
    ];
}
echo json_encode(['runs' => $runs, 'requests' => 2, 'php_flags' => trim((string) getenv('BENCH_PHP_FLAGS'))] + $summary, JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES), "\n";
