<?php

/**
 * `make demo`: the ODR registrar module on an emulated WHMCS (SQLite in memory), talking to
 * the bundled ODR recording through `odr replay-server` on 127.0.0.1. No credentials needed.
 *
 * Runs: php -d extension=target/host/libodr_php.so php-host/demo/demo.php
 * Paths: ODR_CWASM (component), ODR_CLI (replay server), defaults under target/.
 */

declare(strict_types=1);

namespace OdrDemo;

use OdrTests\Whmcs\Emulation\ReplayServer;
use OdrTests\Whmcs\Emulation\Whmcs;

$repository = dirname(__DIR__, 2);
putenv('DB_DRIVER=sqlite');
require $repository . '/php-host/tests/whmcs/bootstrap.php';
require __DIR__ . '/Walkthrough.php';

if (!\ODR_TESTS_REAL_EXTENSION) {
    fwrite(STDERR, "The odr extension is not loaded: run make demo (php -d extension=... php-host/demo/demo.php).\n");
    exit(1);
}
foreach (['component' => ODR_COMPONENT_PATH, 'replay server' => ReplayServer::cli()] as $what => $path) {
    if (!is_file($path)) {
        fwrite(STDERR, "No $what at $path: run make demo (it builds everything first).\n");
        exit(1);
    }
}

$whmcs = Whmcs::boot();
include Whmcs::rootDir() . '/modules/registrars/odr/hooks.php';
$server = ReplayServer::start(__DIR__ . '/recordings/walkthrough.json');

echo "ODR registrar module for WHMCS: demo\n";
echo "WHMCS " . Whmcs::VERSION . " (emulated, SQLite in memory), today " . $whmcs->clock->today() . "\n";
echo "ODR: the recording php-host/demo/recordings/walkthrough.json, replayed at " . $server->url() . "\n";

$whmcs->saveRegistrarSettings('odr', [
    'APIKey' => 'public$testkey',
    'APISecret' => 'secret$testsecret',
    'ApiUrl' => $server->url(),
    'Adminuser' => Whmcs::ADMIN_USER,
    'RequestTimeout' => '10',
    'OnsiteContact' => 'registrant',
    'TechContact' => 'registrant',
]);
$client = $whmcs->fixtures()->client();
$example = $whmcs->fixtures()->order($client, 'example.nl');
$transfer = $whmcs->fixtures()->order($client, 'transfer.nl', 'Transfer');
echo "Client #$client Jan Jansen ordered example.nl (registration) and transfer.nl (transfer).\n";

$orderNameservers = ['ns1.example.net', 'ns2.example.net'];
$demo = new Walkthrough($whmcs);
$demo->step('1. Register example.nl (admin: Domains > Register)', fn ($r) => $r->register($example, $orderNameservers));
$demo->showDomain($example);
$demo->step('2. Domain page: nameservers', fn ($r) => $r->getNameservers($example));
$newNameservers = ['ns1.hosting.example', 'ns2.hosting.example'];
$demo->step('3. Change the nameservers', fn ($r) => $r->saveNameservers($example, $newNameservers));
$demo->step('4. Get EPP code', fn ($r) => $r->getEppCode($example));
$demo->step('5. Cron: domain sync', fn () => trim($whmcs->cron()->domainStatusSync()));
$demo->showDomain($example);
$eppCode = 'TrAnSfEr-2025';
$demo->step('6. Transfer transfer.nl', fn ($r) => $r->transfer($transfer, $eppCode, $orderNameservers));
$demo->showDomain($transfer);
$demo->step('7. Cron: transfer sync', fn () => trim($whmcs->cron()->run()));
$demo->showDomain($transfer);
$demo->step('8. Request delete example.nl', fn ($r) => $r->requestDelete($example));
$demo->showDomain($example);

[$status, $body] = $server->verify();
$server->stop();
echo "\nReplay check: " . ($status === 200 ? 'every recorded exchange used, in order' : "FAILED\n" . $body) . "\n";
$mails = array_column($whmcs->outbox->all(), 'subject');
echo 'E-mails WHMCS would have sent: ' . implode('; ', $mails) . "\n";
exit($status === 200 ? 0 : 1);
