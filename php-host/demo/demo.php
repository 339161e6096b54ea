<?php

/**
 * `make demo`: the ODR registrar module on an emulated WHMCS (SQLite in memory), talking to
 * the bundled ODR recording through `odr replay-server` on 127.0.0.1. No credentials needed.
 *
 * Runs: php -d extension=target/host/libodr_php.so php-host/demo/demo.php
 * Paths: ODR_CWASM (component), ODR_CLI (replay server), defaults under target/.
 */

declare(strict_types=1);

use OdrTests\Whmcs\Emulation\DomainTable;
use OdrTests\Whmcs\Emulation\ReplayServer;
use OdrTests\Whmcs\Emulation\Whmcs;

$repository = dirname(__DIR__, 2);
putenv('DB_DRIVER=sqlite');
require $repository . '/php-host/tests/whmcs/bootstrap.php';

if (!ODR_TESTS_REAL_EXTENSION) {
    fwrite(STDERR, "The odr extension is not loaded: run make demo (php -d extension=target/host/libodr_php.so ...).\n");
    exit(1);
}
foreach (['component' => ODR_COMPONENT_PATH, 'replay server' => ReplayServer::cli()] as $what => $path) {
    if (!is_file($path)) {
        fwrite(STDERR, "No $what at $path: run make demo (it builds everything first).\n");
        exit(1);
    }
}

/**
 * Prints what WHMCS would show after each step.
 */
final class Walkthrough
{
    private int $loggedCalls = 0;
    private int $activityShown = 0;
    private readonly \OdrTests\Whmcs\Emulation\RegistrarRunner $registrar;

    public function __construct(private readonly Whmcs $whmcs)
    {
        $this->registrar = $whmcs->registrar();
    }

    public function step(string $title, callable $action): mixed
    {
        echo "\n== $title\n";
        $result = $action($this->registrar);
        echo '   module returned: ' . self::describe($result) . "\n";
        $this->newRequests();
        $this->newActivity();

        return $result;
    }

    public function showDomain(int $id): void
    {
        $domain = $this->whmcs->domains->get($id);
        printf(
            "   WHMCS domain %s: status %s, expiry %s, next due %s\n",
            $domain->domain,
            $domain->status,
            self::date($domain->expirydate),
            self::date($domain->nextduedate),
        );
    }

    public static function describe(mixed $value): string
    {
        if ($value instanceof \WHMCS\Domain\Registrar\Domain) {
            return sprintf(
                'Domain object: %s, status %s, expiry %s, nameservers %s',
                $value->getDomain(),
                $value->getRegistrationStatus(),
                $value->getExpiryDate()?->toDateString() ?? 'none',
                implode(', ', $value->getNameservers()),
            );
        }

        return (string) json_encode($value, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE);
    }

    private function newRequests(): void
    {
        $rows = $this->whmcs->capsule->table('tblmodulelog')->orderBy('id')->skip($this->loggedCalls)->take(PHP_INT_MAX)->get()->all();
        $this->loggedCalls += count($rows);
        $requests = [];
        foreach ($rows as $row) {
            if (preg_match('#^(GET|POST|PUT|DELETE) https?://[^/]+(/\S*)#', (string) $row->request, $m) === 1) {
                $requests[] = $m[1] . ' ' . $m[2];
            }
        }
        echo '   ODR requests: ' . ($requests === [] ? 'none' : implode(', ', $requests)) . "\n";
    }

    private function newActivity(): void
    {
        $rows = $this->whmcs->capsule->table('tblactivitylog')->orderBy('id')->skip($this->activityShown)->take(PHP_INT_MAX)->get()->all();
        $this->activityShown += count($rows);
        foreach ($rows as $row) {
            echo '   activity log: ' . $row->description . "\n";
        }
    }

    private static function date(mixed $value): string
    {
        $date = DomainTable::dateOf($value);

        return $date === '0000-00-00' ? '-' : $date;
    }
}

$whmcs = Whmcs::boot();
include Whmcs::rootDir() . '/modules/registrars/odr/hooks.php';
$server = ReplayServer::start(__DIR__ . '/recordings/walkthrough.json');

echo "ODR registrar module for WHMCS: demo\n";
echo "WHMCS " . Whmcs::VERSION . " (emulated, SQLite in memory), today " . $whmcs->clock->today() . "\n";
echo "ODR: the recording php-host/demo/recordings/walkthrough.json, replayed at " . $server->url() . "\n";

$whmcs->saveRegistrarSettings('odr', [
    'APIKey' => 'public$testkey', 'APISecret' => 'secret$testsecret', 'ApiUrl' => $server->url(),
    'Adminuser' => Whmcs::ADMIN_USER, 'RequestTimeout' => '10', 'OnsiteContact' => 'registrant', 'TechContact' => 'registrant',
]);
$client = $whmcs->fixtures()->client();
$example = $whmcs->fixtures()->order($client, 'example.nl');
$transfer = $whmcs->fixtures()->order($client, 'transfer.nl', 'Transfer');
echo "Client #$client Jan Jansen ordered example.nl (registration) and transfer.nl (transfer).\n";

$demo = new Walkthrough($whmcs);
$demo->step('1. Register example.nl (admin: Domains > example.nl > Register)', fn ($r) => $r->register($example, ['ns1.example.net', 'ns2.example.net']));
$demo->showDomain($example);
$demo->step('2. Domain page: nameservers', fn ($r) => $r->getNameservers($example));
$demo->step('3. Change the nameservers to ns1/ns2.hosting.example', fn ($r) => $r->saveNameservers($example, ['ns1.hosting.example', 'ns2.hosting.example']));
$demo->step('4. Get EPP code', fn ($r) => $r->getEppCode($example));
$demo->step('5. Cron: domain sync', fn () => trim($whmcs->cron()->domainStatusSync()));
$demo->showDomain($example);
$demo->step('6. Transfer transfer.nl in with its EPP code', fn ($r) => $r->transfer($transfer, 'TrAnSfEr-2025', ['ns1.example.net', 'ns2.example.net']));
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
