<?php

/**
 * `make demo-fossbilling`: the ODR registrar adapter on an emulated FOSSBilling (SQLite in
 * memory), on the same extension and component as the WHMCS demo, each step against one of the
 * recordings the WHMCS module's tests use (php-host/tests/recordings), replayed by
 * `odr replay-server` on 127.0.0.1. No credentials needed.
 *
 * Runs: php -d extension=target/host/libodr_php.so php-host/demo/fossbilling.php
 * Paths: ODR_CWASM (component), ODR_CLI (replay server), defaults under target/.
 */

// phpcs:disable PSR1.Files.SideEffects

declare(strict_types=1);

namespace OdrDemo;

use OdrTests\Fossbilling\Emulation\Fossbilling;
use OdrTests\Whmcs\Emulation\ReplayServer;

$repository = dirname(__DIR__, 2);
require $repository . '/php-host/tests/fossbilling/bootstrap.php';

if (!class_exists('Odr\\Registrar')) {
    fwrite(STDERR, "The odr extension is not loaded: run make demo-fossbilling.\n");
    exit(1);
}
foreach (['component' => ODR_COMPONENT_PATH, 'replay server' => ReplayServer::cli()] as $what => $path) {
    if (!is_file($path)) {
        fwrite(STDERR, "No $what at $path: run make demo-fossbilling (it builds everything first).\n");
        exit(1);
    }
}

echo "ODR registrar adapter for FOSSBilling: demo\n";
echo "FOSSBilling emulated (SQLite in memory); component " . ODR_COMPONENT_PATH . "\n";

$fossbilling = new Fossbilling();
$nameservers = ['ns1.example.net', 'ns2.example.net'];
$steps = [
    ['Is example.eu available?', 'availability_across_tlds', [0, 2],
        fn ($a) => $a->isDomainAvailable($fossbilling->domain('example.eu'))],
    ['Register example.nl for Jan Jansen', 'register_creates_registrant_contact', null,
        fn ($a) => $a->registerDomain($fossbilling->domain('example.nl', $nameservers))],
    ['Domain details of example.nl', 'domain_information', null,
        function ($a) use ($fossbilling): string {
            $domain = $a->getDomainDetails($fossbilling->domain('example.nl'));

            return 'ns1 ' . $domain->getNs1() . ', expires ' . gmdate('Y-m-d', (int) $domain->getExpirationTime());
        }],
    ['Change the nameservers', 'nameservers_saved_keeping_contacts', null,
        fn ($a) => $a->modifyNs($fossbilling->domain('example.nl', ['ns1.new.example', 'ns2.new.example']))],
    ['Transfer example.nl in with its EPP code', 'transfer_pending_with_auth_code', null,
        fn ($a) => $a->transferDomain($fossbilling->domain('example.nl', $nameservers)->setEpp('Xk29-Pq&Lm7A'))],
    ['Renew example.nl', 'renew_switches_auto_renew_on', null,
        fn ($a) => $a->renewDomain($fossbilling->domain('example.nl'))],
    ['Lock example.nl', null, null, fn ($a) => $a->lock($fossbilling->domain('example.nl'))],
    ['Delete example.nl', 'delete_switches_auto_renew_off', null,
        fn ($a) => $a->deleteDomain($fossbilling->domain('example.nl'))],
];
$failed = 0;
foreach ($steps as $n => [$title, $recording, $only, $step]) {
    $file = $repository . '/php-host/tests/recordings/' . $recording . '.json';
    $temporary = null;
    if ($recording !== null && $only !== null) {
        $data = json_decode((string) file_get_contents($file), true, 512, JSON_THROW_ON_ERROR);
        $data['exchanges'] = array_map(static fn (int $i): array => $data['exchanges'][$i], $only);
        $file = $temporary = (string) tempnam(sys_get_temp_dir(), 'odr-demo-');
        file_put_contents($file, json_encode($data, JSON_THROW_ON_ERROR | JSON_UNESCAPED_SLASHES));
    }
    $server = $recording === null ? null : ReplayServer::start($file);
    $adapter = $fossbilling->adapter([
        'api_key' => 'public$testkey',
        'api_secret' => 'secret$testsecret',
        'api_url' => $server?->url() ?? 'http://127.0.0.1:9/',
    ]);
    printf("\n%d. %s\n", $n + 1, $title);
    try {
        $result = $step($adapter);
        echo '   => ' . (is_bool($result) ? ($result ? 'true' : 'false') : (string) $result) . "\n";
    } catch (\Registrar_Exception $e) {
        echo '   => Registrar_Exception: ' . $e->getMessage() . "\n";
    }
    if ($server !== null) {
        [$status] = $server->verify();
        $server->stop();
        echo '   replay (' . $recording . '): ' . ($status === 200 ? 'every exchange used' : 'MISMATCH') . "\n";
        $failed += $status === 200 ? 0 : 1;
    }
    if ($temporary !== null) {
        unlink($temporary);
    }
}
echo "\nFOSSBilling's log (info): \n  " . implode("\n  ", $fossbilling->log->messages('info')) . "\n";
exit($failed === 0 ? 0 : 1);
