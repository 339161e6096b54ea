<?php

/*
 * ODR requests and wall time per WHMCS action, cold and warm token, for every module function,
 * its admin buttons and its hook, on the emulated WHMCS against `odr replay-server` (loopback).
 *
 * Each action runs its success recording (php-host/tests/recordings/ or a fault template, or
 * exchanges built here). Cold: a fresh WHMCS, no token stored. Warm: a fresh WHMCS whose token
 * was stored by a settings save first (config_validate: login + GET /user/, not timed). Requests
 * are counted as the replay server answered them; the replay must end clean. Every iteration is
 * a fresh emulated WHMCS (boot not timed) in one PHP process (component loaded once).
 * Every exchange is answered LATENCY ms late by the replay server (a simulated round trip to ODR;
 * the plain cURL baseline waits the same). Floor: the fewest requests the action can be done
 * with (docs/requests.md, "Floor and actual"), warm; cold adds the login.
 * Prints one JSON object. Usage: php -d extension=... scripts/bench/actions.php [N] [LATENCY]
 */

declare(strict_types=1);

use OdrTests\Whmcs\Emulation\Whmcs;
use OdrTests\Whmcs\Support\Faults\FaultScenario;
use OdrTests\Whmcs\Support\Odr;

require __DIR__ . '/lib.php';

$iterations = max(1, (int) ($argv[1] ?? 15));
$latencyMs = max(0, (int) ($argv[2] ?? 0));
$recordings = dirname(__DIR__, 2) . '/php-host/tests/recordings';
$load = static fn (string $name): array => json_decode(
    (string) file_get_contents(str_contains($name, '/') ? $name : $recordings . '/' . $name . '.json'),
    true,
    512,
    JSON_THROW_ON_ERROR,
)['exchanges'];
$template = static fn (string $name): array => $load(FaultScenario::TEMPLATES . '/' . $name . '.json');
$nameservers = ['ns1.example.net', 'ns2.example.net'];
$domain = static fn (Whmcs $w, array $fields = []): int => $w->fixtures()->domain($w->fixtures()->client(), 'example.nl', $fields);
$listOne = [Odr::login(), Odr::domainListPage(1, 1, [Odr::listedDomain('example.nl', 'REGISTERED', '2026-03-01')])];
$whois = [
    'First Name' => 'Jan', 'Last Name' => 'Jansen', 'Company Name' => '', 'Email Address' => 'jan@new.example',
    'Address 1' => 'Dorpstraat 14', 'Address 2' => '', 'City' => 'Amsterdam', 'State' => 'Noord-Holland',
    'Postcode' => '1234AB', 'Country' => 'NL', 'Phone Number' => '+31.201234567', 'Fax Number' => '', 'VAT Number' => '',
];

// label => [exchanges (cold, starting with the login; [] for none), arrange, act, note]
$actions = [
    'MetaData' => [[], static fn () => null, static fn (Whmcs $w) => $w->registrar()->metaData(), ''],
    'getConfigArray' => [[], static fn () => null, static fn (Whmcs $w) => $w->registrar()->configArray(), ''],
    'AdminCustomButtonArray' => [[], static fn () => null, static fn (Whmcs $w) => $w->registrar()->adminButtons(), ''],
    'config_validate (settings saved)' => [
        $load('settings_accept_valid_credentials'),
        static fn () => null,
        static fn (Whmcs $w) => $w->registrar()->saveSettings($w->registrarSettings('odr')) ?? ['success' => true],
        'always a fresh login',
    ],
    'RegisterDomain' => [
        $load('register_reuses_existing_contact'),
        static fn (Whmcs $w) => $w->fixtures()->order($w->fixtures()->client(), 'example.nl'),
        static fn (Whmcs $w, int $id) => $w->registrar()->register($id, $nameservers),
        'existing ODR contact found in the contact list',
    ],
    'TransferDomain' => [
        $load('transfer_pending_with_auth_code'),
        static fn (Whmcs $w) => $w->fixtures()->order($w->fixtures()->client(), 'example.nl', 'Transfer'),
        static fn (Whmcs $w, int $id) => $w->registrar()->transfer($id, 'Xk29-Pq&Lm7A', $nameservers),
        'existing ODR contact found in the contact list',
    ],
    'RenewDomain' => [
        $load('renew_switches_auto_renew_on'),
        static fn (Whmcs $w) => $domain($w, ['expirydate' => '2026-03-01']),
        static fn (Whmcs $w, int $id) => $w->registrar()->renew($id),
        'auto-renew was off',
    ],
    'GetNameservers' => [
        $template('get_nameservers'),
        $domain,
        static fn (Whmcs $w, int $id) => $w->registrar()->getNameservers($id),
        '',
    ],
    'SaveNameservers' => [
        $load('nameservers_saved_keeping_contacts'),
        $domain,
        static fn (Whmcs $w, int $id) => $w->registrar()->saveNameservers($id, ['ns1.new.example', 'ns2.new.example']),
        '',
    ],
    'GetEPPCode' => [
        $load('epp_code_shown'),
        $domain,
        static fn (Whmcs $w, int $id) => $w->registrar()->getEppCode($id),
        '',
    ],
    'RequestDelete' => [
        $load('delete_switches_auto_renew_off'),
        $domain,
        static fn (Whmcs $w, int $id) => $w->registrar()->requestDelete($id),
        '',
    ],
    'GetContactDetails' => [
        $load('contacts_read_for_whois'),
        $domain,
        static fn (Whmcs $w, int $id) => $w->registrar()->getContactDetails($id),
        'one contact for all roles',
    ],
    'SaveContactDetails' => [
        $load('contacts_saved_update_in_place'),
        $domain,
        static fn (Whmcs $w, int $id) => $w->registrar()->saveContactDetails($id, ['Registrant' => $whois]),
        'details changed: updated in place',
    ],
    'GetDomainInformation' => [
        $load('domain_information'),
        $domain,
        static fn (Whmcs $w, int $id) => $w->registrar()->getDomainInformation($id),
        '',
    ],
    'CheckAvailability' => [
        $load('availability_across_tlds'),
        static fn () => null,
        static fn (Whmcs $w) => $w->registrar()->checkAvailability('example', ['.nl', '.eu', '.xyz']),
        '3 TLDs, .xyz not sold: its failure reads the price list (2 requests, kept a day); read first, 1 fewer, '
            . 'but every search without a failure would pay 2 more once a day',
    ],
    'GetDomainSuggestions' => [
        $load('availability_across_tlds'),
        static fn () => null,
        static fn (Whmcs $w) => $w->registrar()->getDomainSuggestions('example', ['.nl', '.eu', '.xyz']),
        'as CheckAvailability',
    ],
    'Sync (admin Sync button)' => [
        $listOne,
        // WHMCS's expiry as ODR's (a later one is a paid renewal ODR has not made yet: its record is read).
        static fn (Whmcs $w) => $domain($w, ['expirydate' => '2026-03-01']),
        static fn (Whmcs $w, int $id) => $w->registrar()->sync($id)['response'],
        'no fresh snapshot: the domain list (1 page); 0 requests while the snapshot is fresh',
    ],
    'TransferSync (cron)' => [
        $load('transfer_sync_completed'),
        static fn (Whmcs $w) => $w->fixtures()->order($w->fixtures()->client(), 'example.nl', 'Transfer', ['status' => 'Pending Transfer']),
        static function (Whmcs $w): array {
            $report = $w->cron()->domainTransferSync();

            return str_contains($report, 'Error') ? ['error' => $report] : ['report' => $report];
        },
        'completed, with expiry',
    ],
    'PreviewExpirySync (button)' => [
        $listOne,
        static fn (Whmcs $w) => $domain($w, ['expirydate' => '2026-01-01']),
        static fn (Whmcs $w, int $id) => $w->registrar()->customFunction($id, 'Preview expiry sync'),
        'the domain list (1 page)',
    ],
    'SendDomainReport (button)' => [
        $template('domain_report'),
        $domain,
        static fn (Whmcs $w, int $id) => $w->registrar()->customFunction($id, 'Send domain report now'),
        'the domain list (2 pages)',
    ],
    'hook DailyCronJob (domain report)' => [
        $template('domain_report'),
        static function (Whmcs $w) use ($domain) {
            $w->setConfig('DomainSyncEnabled', '');
            $w->saveRegistrarSettings('odr', ['Syncdomain' => 'on'] + $w->registrarSettings('odr'));

            return $domain($w, ['expirydate' => '2026-03-01']);
        },
        static function (Whmcs $w): array {
            $w->cron()->run(true);

            return $w->outbox->all() === [] ? ['error' => 'no report mailed'] : ['success' => true];
        },
        'the domain list (2 pages)',
    ],
];

// label => the fewest requests it can be done with, warm (docs/requests.md, "Floor and actual").
$floors = [
    'MetaData' => 0, 'getConfigArray' => 0, 'AdminCustomButtonArray' => 0,
    // The settings check proves the token is accepted for a call and shows the account.
    'config_validate (settings saved)' => 2,
    // Find the customer's contact by name (list), compare its details (read), order.
    'RegisterDomain' => 3, 'TransferDomain' => 3,
    // The domain's state decides the one write (renew-on, reactivate, or none).
    'RenewDomain' => 2,
    'GetNameservers' => 1,
    // ODR's update takes the contacts with the nameservers: they come from the domain's record.
    'SaveNameservers' => 2,
    'GetEPPCode' => 1, 'RequestDelete' => 1, 'GetDomainInformation' => 1,
    // The domain's record names the contacts; one read per distinct contact.
    'GetContactDetails' => 2,
    // Which contacts (record), what they hold now (read: update in place or a new holder), the write.
    'SaveContactDetails' => 3,
    // One check per TLD, and the account's price list to tell "not sold" from a failure for .xyz.
    'CheckAvailability' => 4, 'GetDomainSuggestions' => 4,
    'Sync (admin Sync button)' => 1, 'TransferSync (cron)' => 1, 'PreviewExpirySync (button)' => 1,
    'SendDomainReport (button)' => 2, 'hook DailyCronJob (domain report)' => 2,
];
$warmUp = $load('settings_accept_valid_credentials');
$results = [];
foreach ($actions as $label => [$exchanges, $arrange, $act, $note]) {
    $needsServer = $exchanges !== [];
    $freshLogin = str_starts_with($label, 'config_validate');
    if ($needsServer && $exchanges[0]['request']['path'] !== '/user/login/') {
        fwrite(STDERR, "$label: the recording does not start with the login\n");
        exit(1);
    }
    $warm = $needsServer ? array_merge($warmUp, $freshLogin ? $exchanges : array_slice($exchanges, 1)) : [];
    // Cold and warm alternate, so background load on the machine affects both alike; right after
    // each action, as many plain cURL requests as it made: the baseline of that very moment.
    $warmRequests = count($warm) - count($warmUp);
    $floor = static fn (int $count): array => array_fill(0, $count, bench_floor_exchange());
    $server = $needsServer
        ? bench_serve($label, array_merge(...array_fill(0, $iterations, array_merge(
            $exchanges,
            $floor(count($exchanges)),
            $warm,
            $floor($warmRequests),
        ))), $latencyMs)
        : null;
    $url = $server?->url() ?? 'http://127.0.0.1:9/';
    $samples = [
        'cold' => ['ms' => [], 'requests' => [], 'baseline' => []],
        'warm' => ['ms' => [], 'requests' => [], 'baseline' => []],
    ];
    for ($i = 0; $i < $iterations; $i++) {
        foreach (['cold', 'warm'] as $mode) {
            $whmcs = bench_whmcs($url);
            // The module's state table exists (WHMCS has run the module before): cold means no token only.
            (new \WHMCS\Module\Registrar\Odr\Capability\StateStore())->get('bench:no-such-key');
            $context = $arrange($whmcs);
            if ($mode === 'warm' && $needsServer && $whmcs->registrar()->saveSettings($whmcs->registrarSettings('odr')) !== null) {
                fwrite(STDERR, "$label: the warm-up failed\n");
                exit(1);
            }
            $before = $server === null ? 0 : bench_served($server);
            $start = hrtime(true);
            $answer = $act($whmcs, $context);
            $samples[$mode]['ms'][] = bench_ms(hrtime(true) - $start);
            $made = ($server === null ? 0 : bench_served($server)) - $before;
            $samples[$mode]['requests'][] = $made;
            $samples[$mode]['baseline'][] = $server === null ? 0.0 : bench_plain_requests($server, $made);
            if (is_array($answer) && isset($answer['error'])) {
                fwrite(STDERR, "$label ($mode): " . print_r($answer['error'], true) . "\n");
                exit(1);
            }
        }
    }
    $row = ['note' => $note, 'floor' => $floors[$label] ?? null];
    foreach ($samples as $mode => $sample) {
        if (min($sample['requests']) !== max($sample['requests'])) {
            fwrite(STDERR, "$label ($mode): the request count varied\n");
            exit(1);
        }
        $row[$mode] = [
            'requests' => max($sample['requests']),
            'ms' => bench_median($sample['ms']),
            'baseline_ms' => bench_median($sample['baseline']),
        ];
    }
    if ($server !== null) {
        bench_verify($server, $label);
        $server->stop();
    }
    $results[$label] = $row;
}

echo json_encode([
    'iterations' => $iterations,
    'latency_ms' => $latencyMs,
    'request_floor_ms' => bench_request_floor(max(30, $iterations), $latencyMs),
    'actions' => $results,
], JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES), "\n";
