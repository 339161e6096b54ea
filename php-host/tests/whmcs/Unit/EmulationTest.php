<?php

declare(strict_types=1);

namespace OdrTests\Whmcs\Unit;

use OdrTests\Whmcs\Emulation\InvalidDateWritten;
use OdrTests\Whmcs\Support\WhmcsTestCase;
use WHMCS\Domains\Domain;
use WHMCS\Module\Registrar\Odr\Capability\PanelLog;

/**
 * The emulated WHMCS itself: the functions and commands the module relies on behave as WHMCS's.
 */
final class EmulationTest extends WhmcsTestCase
{
    public function testModuleLogMasksReplaceVarsAndIsOffWhenLoggingIsOff(): void
    {
        $log = new PanelLog([self::API_SECRET], 'admin');
        $log->moduleCall('POST /user/login/', '{"secret":"' . self::API_SECRET . '"}', '{"status":"success"}');
        $this->whmcs->setConfig('ModuleDebugMode', '');
        $log->moduleCall('GET /user/', '', '');

        $rows = $this->moduleLog();
        $this->assertCount(1, $rows);
        $this->assertSame('odr', $rows[0]->module);
        $this->assertSame('POST /user/login/', $rows[0]->action);
        $this->assertSame('{"secret":"*****************"}', $rows[0]->request);
    }

    public function testLoggingNeverFailsTheOperation(): void
    {
        $this->whmcs->capsule->schema()->drop('tblmodulelog');
        $this->whmcs->capsule->schema()->drop('tblactivitylog');
        $log = new PanelLog([self::API_SECRET], 'admin');

        $log->moduleCall('GET /user/', '', '');
        $log->activity('updated contact 1234', 'example.nl');

        $this->assertFalse($this->whmcs->capsule->schema()->hasTable('tblmodulelog'));
    }

    public function testActivityLinesNameTheDomainAndItsClient(): void
    {
        $client = $this->whmcs->fixtures()->client();
        $this->whmcs->fixtures()->domain($client, 'example.nl');
        $log = new PanelLog([], 'admin');

        $log->activity(
            'new registrant contact 1240 for example.nl; some registries e-mail the previous holder',
            'example.nl',
        );
        $log->activity('updated contact 1234', 'example.nl');
        $log->activity('token renewed', null);

        $this->assertSame([
            'ODR: new registrant contact 1240 for example.nl; some registries e-mail the previous holder',
            'ODR: updated contact 1234 (example.nl)',
            'ODR: token renewed',
        ], $this->activity());
        $rows = $this->whmcs->capsule->table('tblactivitylog')->orderBy('id')->get()->all();
        $this->assertSame([$client, $client, 0], array_map(static fn (object $row): int => (int) $row->userid, $rows));
        $this->assertSame('admin', $this->whmcs->localApi->callsOf('LogActivity')[0]['admin']);
    }

    public function testLocalApiRefusesAnUnknownAdminUser(): void
    {
        $this->assertSame(
            ['result' => 'error', 'message' => 'No matching admin user found'],
            localAPI('LogActivity', ['description' => 'x'], 'nobody'),
        );
        $this->assertSame(['result' => 'success'], localAPI('LogActivity', ['description' => 'x']));
    }

    public function testClientDetailsCarryTheFormattedPhone(): void
    {
        $client = $this->whmcs->fixtures()->client(['phonenumber' => '+32.2 123 45 67', 'country' => 'BE']);

        $details = localAPI('GetClientsDetails', ['clientid' => $client, 'stats' => false]);

        $this->assertSame('success', $details['result']);
        $this->assertSame('+32.21234567', $details['client']['phonenumberformatted']);
        $this->assertSame('Belgium', $details['client']['countryname']);
        $this->assertSame($details['client']['email'], $details['email']);
    }

    public function testUpdateClientDomainRefusesImpossibleDates(): void
    {
        $id = $this->whmcs->fixtures()->domain($this->whmcs->fixtures()->client(), 'example.nl');

        $this->assertSame(
            ['result' => 'error', 'message' => 'Domain ID Not Found'],
            localAPI('UpdateClientDomain', ['domainid' => 999]),
        );
        $this->expectException(InvalidDateWritten::class);
        localAPI('UpdateClientDomain', ['domainid' => $id, 'expirydate' => '2026-02-30']);
    }

    public function testHooksRunByPriority(): void
    {
        $order = [];
        add_hook('AfterCronJob', 5, static function () use (&$order): void {
            $order[] = 'late';
        });
        add_hook('AfterCronJob', 1, static function () use (&$order): void {
            $order[] = 'early';
        });

        run_hook('AfterCronJob', []);

        $this->assertSame(['early', 'late'], $order);
    }

    public function testDomainObject(): void
    {
        $domain = new Domain('bücher.co.uk');

        $this->assertSame('bücher', $domain->getSecondLevel());
        $this->assertSame('co.uk', $domain->getTopLevel());
        $this->assertTrue($domain->isIdn());
        $this->assertSame('xn--bcher-kva.co.uk', $domain->toPunycode());
    }

    public function testRegistrarSettingsAreStoredEncrypted(): void
    {
        $this->assertSame(self::API_SECRET, getRegistrarConfigOptions('odr')['APISecret']);
        $this->assertSame('', decrypt('plain'));
    }
}
