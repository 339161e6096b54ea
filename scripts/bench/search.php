<?php

/*
 * Concurrent availability: a domain search over N TLDs with the checks in flight together (the
 * module's CurlTransport: curl_multi) against the same component sending them one after another
 * (a transport without sendMany()), against `odr replay-server` with LATENCY ms added to every
 * exchange (a simulated round trip to ODR). Warm token (the login before the timed runs).
 * Baselines of the same moment: N plain PHP cURL requests one after another, and N through
 * curl_multi. Each search's checks are one concurrent batch in the served recording; the replay
 * must end clean. Alternating, so background load affects every way alike.
 * Prints one JSON object. Usage: php -d extension=... scripts/bench/search.php [N] [LATENCY]
 */

declare(strict_types=1);

use Odr\Panel\Capability\CurlTransport;
use OdrTests\Whmcs\Emulation\Clock;
use OdrTests\Whmcs\Support\Odr;

require __DIR__ . '/lib.php';
require dirname(__DIR__, 2) . '/php-host/bench/fixtures.php';

$iterations = max(1, (int) ($argv[1] ?? 10));
$latencyMs = max(0, (int) ($argv[2] ?? 50));
$component = (string) getenv('ODR_CWASM');

// The state and log capabilities: in memory, nothing logged (the same for every way).
$state = bench_state();
$log = bench_log();

/** @return list<array<string, mixed>> the N checks of one search, as one concurrent batch */
$batch = static function (array $tlds, int $group): array {
    return array_map(
        static fn (string $tld): array => ['concurrent' => $group]
            + Odr::exchange('GET', "/domain/example.$tld/available/", '', null, ['is_available' => true]),
        $tlds,
    );
};

/** N plain cURL requests through curl_multi, all in flight together; ms. */
$plainMulti = static function (string $url, int $count): float {
    $start = hrtime(true);
    $multi = curl_multi_init();
    $handles = [];
    for ($i = 0; $i < $count; $i++) {
        $curl = curl_init($url . 'floor/');
        curl_setopt_array($curl, [CURLOPT_RETURNTRANSFER => true, CURLOPT_NOPROXY => '*',
            CURLOPT_HTTPHEADER => ['Accept: application/json', 'Expect:']]);
        curl_multi_add_handle($multi, $curl);
        $handles[] = $curl;
    }
    do {
        $status = curl_multi_exec($multi, $active);
        if ($active > 0 && curl_multi_select($multi, 1.0) === -1) {
            usleep(1000);
        }
    } while ($active > 0 && $status === CURLM_OK);
    foreach ($handles as $curl) {
        curl_multi_remove_handle($multi, $curl);
    }
    curl_multi_close($multi);

    return bench_ms(hrtime(true) - $start);
};

$results = [];
foreach ([1, 5, 10, 20] as $n) {
    $tlds = array_map(static fn (int $i): string => 't' . $i, range(1, $n));
    $exchanges = [Odr::login(), ...$batch($tlds, 1)];
    $floor = array_fill(0, $n, bench_floor_exchange());
    for ($i = 0; $i < $iterations; $i++) {
        array_push($exchanges, ...$batch($tlds, 2 * $i + 2), ...$batch($tlds, 2 * $i + 3), ...$floor, ...$floor);
    }
    $server = bench_serve("search over $n TLDs", $exchanges, $latencyMs);
    $settings = [
        'api-key' => BENCH_API_KEY, 'api-secret' => BENCH_API_SECRET, 'api-url' => $server->url(),
        'test-mode' => false, 'onsite-contact' => 'same-as-registrant', 'tech-contact' => 'same-as-registrant',
        'request-timeout-ms' => 30000, 'max-requests-per-second' => 0,
    ];
    $curl = new CurlTransport();
    $options = ['now' => Clock::RECORDING_NOW];
    $together = new \Odr\Registrar($component, $curl, $state, $log, $options);
    // The same transport as a plain callable: no sendMany(), so one request after another.
    $oneByOne = new \Odr\Registrar($component, static fn (array $r): array => $curl($r), $state, $log, $options);
    $search = static function (object $registrar) use ($settings, $tlds): float {
        $start = hrtime(true);
        $answers = $registrar->call('check-availability', ['settings' => $settings, 'label' => 'example', 'tlds' => $tlds]);
        $ms = bench_ms(hrtime(true) - $start);
        if (count($answers) !== count($tlds) || array_column($answers, 'status') !== array_fill(0, count($tlds), 'available')) {
            fwrite(STDERR, 'search: unexpected answers ' . json_encode($answers) . "\n");
            exit(1);
        }

        return $ms;
    };
    $search($together); // the login, not timed
    $times = ['together' => [], 'one_by_one' => [], 'plain_sequential' => [], 'plain_multi' => []];
    for ($i = 0; $i < $iterations; $i++) {
        $times['together'][] = $search($together);
        $times['one_by_one'][] = $search($oneByOne);
        $times['plain_sequential'][] = bench_plain_requests($server, $n);
        $times['plain_multi'][] = $plainMulti($server->url(), $n);
    }
    bench_verify($server, "search over $n TLDs");
    $stats = $server->stats();
    $server->stop();
    $results[] = ['tlds' => $n, 'requests_per_search' => $n, 'peak_in_flight' => $stats['peak_in_flight']]
        + array_map('bench_median', $times);
}

echo json_encode([
    'iterations' => $iterations,
    'latency_ms' => $latencyMs,
    'searches' => $results,
], JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES), "\n";
