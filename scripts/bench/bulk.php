<?php

/*
 * Bulk benchmarks on the emulated WHMCS against `odr replay-server`:
 *   expiry sync of N domains (WHMCS's cron, 50 domains per run, until every domain was synced once),
 *   one cron run when the snapshot has expired (the list re-read for 50 domains),
 *   the domain report over N domains ("Send domain report now").
 * Prints one JSON object. Usage: php -d extension=... scripts/bench/bulk.php [N]
 */

declare(strict_types=1);

use OdrTests\Whmcs\Support\Odr;

require __DIR__ . '/lib.php';

$total = max(100, (int) ($argv[1] ?? 10000));
$perPage = 100;
$pages = (int) ceil($total / $perPage);

/** @return list<array<string, mixed>> the domain list, one exchange per page */
$listPages = static function () use ($total, $perPage, $pages): array {
    $exchanges = [];
    for ($page = 1; $page <= $pages; $page++) {
        $items = [];
        for ($i = ($page - 1) * $perPage + 1; $i <= min($total, $page * $perPage); $i++) {
            // Every 1000th domain expires elsewhere: the report has something to say.
            $items[] = Odr::listedDomain(sprintf('domain%05d.nl', $i), 'REGISTERED', $i % 1000 === 0 ? '2027-06-01' : '2026-06-01');
        }
        $exchanges[] = Odr::domainListPage($page, $pages, $items);
    }

    return $exchanges;
};
$insertDomains = static function ($whmcs, string $expiry) use ($total): void {
    $client = $whmcs->fixtures()->client();
    $rows = [];
    for ($i = 1; $i <= $total; $i++) {
        $rows[] = [
            'userid' => $client, 'orderid' => 0, 'type' => 'Register', 'registrationdate' => '2025-06-01',
            'domain' => sprintf('domain%05d.nl', $i), 'firstpaymentamount' => '9.95', 'recurringamount' => '9.95',
            'registrar' => 'odr', 'registrationperiod' => 1, 'expirydate' => $expiry, 'subscriptionid' => '',
            'status' => 'Active', 'nextduedate' => $expiry, 'nextinvoicedate' => $expiry,
            'additionalnotes' => '', 'paymentmethod' => 'banktransfer', 'reminders' => '',
        ];
    }
    foreach (array_chunk($rows, 500) as $chunk) {
        $whmcs->capsule->table('tbldomains')->insert($chunk);
    }
};

$result = ['domains' => $total, 'pages' => $pages];

// 1. Expiry sync: WHMCS's cron runs back to back until every domain was synced once. The module
//    keeps the snapshot 300 s (real time in its state table): a pass longer than that reads the
//    list again, so the replay offers the list eight times and only whole unused passes may remain.
$server = bench_serve("expiry sync of $total domains", array_merge([Odr::login()], ...array_fill(0, 8, $listPages())));
$whmcs = bench_whmcs($server->url());
$insertDomains($whmcs, '2026-01-01');
$runs = (int) ceil($total / \OdrTests\Whmcs\Emulation\CronRunner::BATCH);
$runTimes = [];
$start = hrtime(true);
for ($run = 1; $run <= $runs; $run++) {
    $runStart = hrtime(true);
    $whmcs->cron()->domainStatusSync();
    $runTimes[] = bench_ms(hrtime(true) - $runStart);
}
$elapsed = bench_ms(hrtime(true) - $start);
$synced = $whmcs->capsule->table('tbldomains')->where('expirydate', '2026-06-01')->count()
    + $whmcs->capsule->table('tbldomains')->where('expirydate', '2027-06-01')->count();
[$status, $verdict] = $server->verify();
$unused = preg_match_all('/^\s*#\d+ /m', $verdict);
$unusedPages = preg_match_all('/^\s*#\d+ GET \/domain\/\?page=\d+$/m', $verdict);
if (
    $status !== 200 && ($unused === 0 || $unused !== $unusedPages || $unused % $pages !== 0
    || !str_contains($verdict, 'never requested'))
) {
    fwrite(STDERR, "expiry sync: the replay server reports:\n$verdict\n");
    exit(1);
}
$result['sync'] = [
    'cron_runs' => $runs, 'requests' => bench_served($server), 'ms' => $elapsed, 'first_run_ms' => $runTimes[0],
    'median_run_ms' => bench_median($runTimes), 'synced' => $synced,
];
$server->stop();

// 2. One cron run whose snapshot has expired (token warm): the whole list again for 50 domains.
$server = bench_serve('one cron run, snapshot expired', array_merge([Odr::login()], $listPages(), $listPages()));
$whmcs = bench_whmcs($server->url());
$insertDomains($whmcs, '2026-01-01');
$whmcs->cron()->domainStatusSync();
$whmcs->capsule->table('mod_odr_state')->where('key', 'like', 'odr:snapshot:%')->delete();
$before = bench_served($server);
$start = hrtime(true);
$whmcs->cron()->domainStatusSync();
$result['sync_run_expired_snapshot'] = ['requests' => bench_served($server) - $before, 'ms' => bench_ms(hrtime(true) - $start)];
bench_verify($server, 'cron run with an expired snapshot');
$server->stop();

// 3. The domain report over every domain ("Send domain report now").
$server = bench_serve("domain report over $total domains", array_merge([Odr::login()], $listPages()));
$whmcs = bench_whmcs($server->url());
$insertDomains($whmcs, '2026-06-01');
$id = (int) $whmcs->capsule->table('tbldomains')->value('id');
$start = hrtime(true);
$answer = $whmcs->registrar()->customFunction($id, 'Send domain report now');
$elapsed = bench_ms(hrtime(true) - $start);
bench_verify($server, 'domain report');
$result['report'] = [
    'requests' => bench_served($server), 'ms' => $elapsed, 'answer' => $answer,
    'subject' => $whmcs->outbox->toAdmins()[0]['subject'] ?? null,
];
$server->stop();

// Baselines from the same run: the same list pages fetched by plain PHP cURL; one request.
$result['raw_fetch_pages_ms'] = bench_raw_fetch($listPages());
$result['request_floor_ms'] = bench_request_floor(30);
$result['peak_memory_mib'] = memory_get_peak_usage(true) / 1048576;

echo json_encode($result, JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES), "\n";
