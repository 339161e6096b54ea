<?php

/*
 * Shared by the WHMCS benchmarks: the test suite's emulated WHMCS (php-host/tests/whmcs), its
 * replay-server starter and ODR exchange builders, so the benchmarks run exactly what the
 * end-to-end tests run. Run with the odr extension loaded (scripts/bench.sh does).
 */

declare(strict_types=1);

use OdrTests\Whmcs\Emulation\ReplayServer;
use OdrTests\Whmcs\Emulation\Whmcs;

require dirname(__DIR__, 2) . '/php-host/tests/whmcs/bootstrap.php';

if (!ODR_TESTS_REAL_EXTENSION) {
    fwrite(STDERR, "the odr extension is not loaded (php -d extension=...)\n");
    exit(1);
}

const BENCH_API_KEY = 'public$testkey';
const BENCH_API_SECRET = 'secret$testsecret';

/** A fresh emulated WHMCS with the module configured for $apiUrl. */
function bench_whmcs(string $apiUrl, array $settings = []): Whmcs
{
    $whmcs = Whmcs::boot();
    include Whmcs::rootDir() . '/modules/registrars/odr/hooks.php';
    $whmcs->saveRegistrarSettings('odr', $settings + [
        'APIKey' => BENCH_API_KEY, 'APISecret' => BENCH_API_SECRET, 'TestMode' => '', 'ApiUrl' => $apiUrl,
        'Adminuser' => Whmcs::ADMIN_USER, 'OnsiteContact' => 'registrant', 'TechContact' => 'registrant',
        'RequestTimeout' => '30', 'Synccontact' => '', 'Syncdomain' => '', 'Primairydomain' => '',
        'SyncPreview' => '',
    ]);

    return $whmcs;
}

/** `odr replay-server` serving these exchanges strictly, each answer $latencyMs late. */
function bench_serve(string $description, array $exchanges, int $latencyMs = 0): ReplayServer
{
    $file = tempnam(sys_get_temp_dir(), 'odr-bench-');
    file_put_contents($file, json_encode([
        'description' => $description,
        'now' => \OdrTests\Whmcs\Emulation\Clock::RECORDING_NOW,
        'calls' => [],
        'exchanges' => $exchanges,
    ], JSON_THROW_ON_ERROR | JSON_UNESCAPED_SLASHES));
    $server = ReplayServer::start($file, $latencyMs);
    register_shutdown_function(static fn () => is_file($file) && unlink($file));

    return $server;
}

/** The requests the replay server answered so far (its log has one line per request). */
function bench_served(ReplayServer $server): int
{
    return preg_match_all('/^replay-server: (GET|POST|PUT|DELETE|PATCH) /m', $server->log());
}

/** Every exchange used, none mismatched; exits otherwise. */
function bench_verify(ReplayServer $server, string $what): void
{
    [$status, $body] = $server->verify();
    if ($status !== 200) {
        fwrite(STDERR, "$what: the replay server reports:\n$body\n");
        exit(1);
    }
}

/** @param list<float> $values */
function bench_median(array $values): float
{
    sort($values);
    $n = count($values);

    return $n === 0 ? 0.0 : ($n % 2 ? $values[intdiv($n, 2)] : ($values[$n / 2 - 1] + $values[$n / 2]) / 2);
}

function bench_ms(int $nanoseconds): float
{
    return $nanoseconds / 1e6;
}

/** @return array<string, mixed> the exchange plain-cURL baseline requests get */
function bench_floor_exchange(): array
{
    return \OdrTests\Whmcs\Support\Odr::exchange('GET', '/floor/', '', null, ['ok' => true]);
}

/** $count plain PHP cURL requests (no module, no component) to the server's floor exchanges; ms. */
function bench_plain_requests(ReplayServer $server, int $count): float
{
    return bench_plain_requests_to($server->url(), $count);
}

/** $count plain PHP cURL requests to the floor exchanges of the replay server at $url; ms. */
function bench_plain_requests_to(string $url, int $count): float
{
    $start = hrtime(true);
    for ($i = 0; $i < $count; $i++) {
        $curl = curl_init($url . 'floor/');
        curl_setopt_array($curl, [CURLOPT_RETURNTRANSFER => true, CURLOPT_NOPROXY => '*',
            CURLOPT_HTTPHEADER => ['Accept: application/json', 'Expect:']]);
        curl_exec($curl);
        curl_close($curl);
    }

    return bench_ms(hrtime(true) - $start);
}

/**
 * The floor: one plain PHP cURL request to a replay server on loopback, no module, no component.
 * Median over $runs requests, in ms.
 */
function bench_request_floor(int $runs, int $latencyMs = 0): float
{
    $server = bench_serve('floor: one request', array_fill(0, $runs, bench_floor_exchange()), $latencyMs);
    $times = [];
    for ($i = 0; $i < $runs; $i++) {
        $times[] = bench_plain_requests($server, 1);
    }
    bench_verify($server, 'floor');
    $server->stop();

    return bench_median($times);
}

/**
 * Plain PHP cURL fetching these exchanges' requests in order (no module, no component): the
 * transport baseline of a bulk action. Returns ms.
 *
 * @param list<array<string, mixed>> $exchanges GET exchanges only
 */
function bench_raw_fetch(array $exchanges): float
{
    $server = bench_serve('raw fetch', $exchanges);
    $curl = curl_init();
    $start = hrtime(true);
    foreach ($exchanges as $exchange) {
        $query = $exchange['request']['query'] === '' ? '' : '?' . $exchange['request']['query'];
        curl_setopt_array($curl, [CURLOPT_URL => rtrim($server->url(), '/') . $exchange['request']['path'] . $query,
            CURLOPT_RETURNTRANSFER => true, CURLOPT_NOPROXY => '*']);
        $body = curl_exec($curl);
        json_decode((string) $body, true);
    }
    $elapsed = bench_ms(hrtime(true) - $start);
    curl_close($curl);
    $server->stop();

    return $elapsed;
}
