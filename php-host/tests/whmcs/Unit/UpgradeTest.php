<?php

declare(strict_types=1);

namespace OdrTests\Whmcs\Unit;

use OdrTests\Whmcs\Emulation\Whmcs;
use OdrTests\Whmcs\Support\FakeComponentTestCase;
use WHMCS\Module\Registrar\Odr\Whmcs\DomainMoveCommand;

/**
 * The drop-in upgrade from ODR's own module (registrar `odr`, keys OdrApiKey, ...) and
 * from the community module (registrar `ODR`, our keys): settings carried over, domains moved,
 * the expiry sync held in preview, and a second run changes nothing.
 *
 * Settings are seeded and read per exact registrar name (MySQL's collation takes `ODR` and
 * `odr` as equal, so the emulation's delete-and-insert would mix them up).
 */
final class UpgradeTest extends FakeComponentTestCase
{
    private const OFFICIAL = [
        'Username' => '',
        'OdrApiKey' => 'public$officiallive',
        'OdrApiSecret' => 'secret$officiallive',
        'OdrTestApiKey' => 'public$officialtest',
        'OdrTestApiSecret' => 'secret$officialtest',
        'OdrTestmode' => '',
        'OdrEnableLogs' => '',
        'OdrLogsPath' => '/var/www/whmcs/modules/registrars/odr/log/api.log',
    ];

    private const COMMUNITY = [
        'APIKey' => 'public$community',
        'APISecret' => 'secret$community',
        'Adminuser' => Whmcs::ADMIN_USER,
        'Synccontact' => 'on',
        'Syncdomain' => 'on',
        'Primairydomain' => 'hosting.example',
    ];

    /** No settings of ours: the module was just copied in. */
    protected function settings(): array
    {
        return [];
    }

    public function testOfficialModuleSettingsAreCarriedOverOnTheFirstCall(): void
    {
        $this->seedRegistrar('odr', self::OFFICIAL);
        $id = $this->whmcs->fixtures()->domain($this->whmcs->fixtures()->client(), 'example.nl');
        $this->answer('get-nameservers', []);

        $this->registrar->getNameservers($id);

        $this->assertSame([
            'api-key' => 'public$officiallive', 'api-secret' => 'secret$officiallive', 'api-url' => '',
            'test-mode' => false, 'onsite-contact' => 'same-as-registrant', 'tech-contact' => 'same-as-registrant',
            // No timeout carried over: 0, the component's default.
            'request-timeout-ms' => 0, 'max-requests-per-second' => 0,
        ], $this->callsOf('get-nameservers')[0]['settings'], 'the first call already uses them');
        $stored = $this->storedExactly('odr');
        $this->assertSame('public$officiallive', $stored['APIKey']);
        $this->assertSame('secret$officiallive', $stored['APISecret']);
        $this->assertSame('on', $stored['SyncPreview']);
        $this->assertSame('public$officialtest', $stored['OdrTestApiKey'], 'the old rows stay');
        $encrypted = $this->whmcs->capsule->table('tblregistrars')->where('setting', 'APISecret')->value('value');
        $this->assertStringNotContainsString('secret$officiallive', (string) $encrypted, 'stored encrypted');
        $notes = $this->upgradeNotes();
        $this->assertCount(1, $notes);
        $this->assertStringContainsString('ODR\'s own module (its live key and secret, test mode off)', $notes[0]);
        $this->assertStringContainsString('"Expiry sync preview" is ticked', $notes[0]);
        $this->assertStringNotContainsString('secret$', implode("\n", $this->activity()));

        $rows = $this->registrarRows();
        $this->answer('get-nameservers', []);
        $this->registrar->getNameservers($id);
        $this->registrar->configArray();
        $this->assertSame($rows, $this->registrarRows(), 'a second run changes nothing');
        $this->assertCount(1, $this->upgradeNotes(), 'the admin is told once');
    }

    public function testOfficialModuleInTestModeCarriesItsStagingPair(): void
    {
        $this->seedRegistrar('odr', ['OdrTestmode' => 'on'] + self::OFFICIAL);

        $this->registrar->configArray();

        $stored = $this->storedExactly('odr');
        $this->assertSame(
            ['public$officialtest', 'secret$officialtest', 'on', 'on'],
            [$stored['APIKey'], $stored['APISecret'], $stored['TestMode'], $stored['SyncPreview']],
        );
        $this->assertStringContainsString('test mode on', $this->upgradeNotes()[0]);
    }

    public function testAnIncompleteOfficialPairIsNotCarriedOver(): void
    {
        $this->seedRegistrar('odr', ['OdrApiSecret' => ''] + self::OFFICIAL);

        $this->registrar->configArray();

        $this->assertSame([], array_intersect_key($this->storedExactly('odr'), ['APIKey' => 1, 'SyncPreview' => 1]));
        $this->assertSame([], $this->upgradeNotes());
    }

    public function testCommunityModuleSettingsAreCarriedOverOnTheSettingsPage(): void
    {
        $this->seedRegistrar('ODR', self::COMMUNITY);

        $fields = $this->registrar->configArray();

        $this->assertArrayHasKey('APIKey', $fields);
        $stored = $this->storedExactly('odr');
        foreach (self::COMMUNITY as $key => $value) {
            $this->assertSame($value, $stored[$key], $key);
        }
        $this->assertSame('on', $stored['SyncPreview']);
        $this->assertSame(self::COMMUNITY, $this->storedExactly('ODR'), 'the community rows stay as they were');
        $notes = $this->upgradeNotes();
        $this->assertCount(1, $notes);
        $this->assertStringContainsString('the community module (registrar "ODR")', $notes[0]);

        $rows = $this->registrarRows();
        $this->registrar->configArray();
        $this->assertSame($rows, $this->registrarRows(), 'a second run changes nothing');
        $this->assertCount(1, $this->upgradeNotes());
    }

    public function testOurOwnSettingsAreNeverOverwritten(): void
    {
        $this->seedRegistrar('odr', ['APIKey' => 'public$ours', 'APISecret' => 'secret$ours'] + self::OFFICIAL);
        $this->seedRegistrar('ODR', self::COMMUNITY);
        $rows = $this->registrarRows();

        $this->registrar->configArray();

        $this->assertSame($rows, $this->registrarRows());
        $this->assertSame([], $this->upgradeNotes());
    }

    public function testNothingHappensWithoutAPreviousModule(): void
    {
        $this->registrar->configArray();

        $this->assertSame([], $this->registrarRows());
        $this->assertSame([], $this->upgradeNotes());
    }

    public function testSavingEmptyCredentialsIsRefusedAndKeepsWhatWasCarriedOver(): void
    {
        $this->seedRegistrar('odr', self::OFFICIAL);

        $error = $this->registrar->saveSettings(['APIKey' => '', 'APISecret' => '']);

        $this->assertSame('Enter the API key and API secret from the ODR dashboard ("API Keys").', $error);
        $this->assertSame([], $this->functionsCalled());
        $this->assertSame('public$officiallive', $this->storedExactly('odr')['APIKey']);
    }

    public function testTheExpirySyncIsHeldInPreviewAfterTheSettingsMoved(): void
    {
        $this->seedRegistrar('odr', self::OFFICIAL);
        $id = $this->whmcs->fixtures()->domain($this->whmcs->fixtures()->client(), 'example.nl');
        $before = $this->domainDates($id);

        $result = $this->registrar->sync($id);

        $this->assertStringStartsWith(
            'Not synced: the ODR setting "Expiry sync preview" is on',
            $result['response']['error'],
        );
        $this->assertSame([], $this->functionsCalled(), 'no ODR call');
        $this->assertSame($before, $this->domainDates($id));
    }

    public function testOnceOurCredentialsAreFoundSavedLaterCallsReadNoSettingsRows(): void
    {
        $this->seedRegistrar('odr', ['APIKey' => 'public$ours', 'APISecret' => 'secret$ours']);
        $params = ['APIKey' => 'public$ours', 'APISecret' => 'secret$ours'];
        $connection = $this->whmcs->capsule->getConnection();
        $connection->enableQueryLog();
        \WHMCS\Module\Registrar\Odr\Context::fromParams($params);
        $first = count($connection->getQueryLog());
        $connection->flushQueryLog();

        $context = \WHMCS\Module\Registrar\Odr\Context::fromParams($params);

        $queries = $connection->getQueryLog();
        $connection->disableQueryLog();
        $this->assertGreaterThan(0, $first, 'the first call reads our saved credentials');
        $this->assertSame([], $queries, 'later calls of the process do not look again');
        $this->assertSame('public$ours', $context->settings->apiKey);
        $this->assertSame([], $this->upgradeNotes(), 'nothing carried over');
    }

    public function testCommunityDomainsMoveAfterADryRun(): void
    {
        $this->seedRegistrar('ODR', self::COMMUNITY);
        $fixtures = $this->whmcs->fixtures();
        $client = $fixtures->client();
        $active = $fixtures->domain($client, 'moved-one.nl', ['registrar' => 'ODR']);
        $cancelled = $fixtures->domain($client, 'moved-two.eu', ['registrar' => 'ODR', 'status' => 'Cancelled']);
        $ours = $fixtures->domain($client, 'already-ours.nl');
        $other = $fixtures->domain($client, 'elsewhere.com', ['registrar' => 'openprovider']);
        $fixtures->tld('nl', ['autoreg' => 'ODR']);
        $fixtures->tld('eu');
        $before = $this->domainRows();

        [$status, $output] = $this->moveDomains([]);

        $this->assertSame(0, $status);
        $this->assertStringContainsString(
            sprintf("would move %d moved-one.nl (Active, client %d): ODR -> odr\n", $active, $client),
            $output,
        );
        $this->assertStringContainsString(
            sprintf("would move %d moved-two.eu (Cancelled, client %d): ODR -> odr\n", $cancelled, $client),
            $output,
        );
        $this->assertStringContainsString('2 domain(s) would move; nothing changed.', $output);
        $this->assertStringContainsString('By hand: Setup > Domain Pricing still registers .nl automatically', $output);
        $this->assertSame($before, $this->domainRows(), 'the dry run changes nothing');
        $this->assertSame([], $this->upgradeNotes());
        $this->assertSame([], $this->registrarRows('odr'), 'nor the settings');

        [$status, $output] = $this->moveDomains(['--apply']);

        $this->assertSame(0, $status);
        $this->assertStringContainsString('2 domain(s) moved; nothing invoiced or synced.', $output);
        $after = $this->domainRows();
        foreach ([$active, $cancelled] as $id) {
            $this->assertSame('odr', $after[$id]['registrar']);
            $this->assertSame(
                array_diff_key($before[$id], ['registrar' => 1]),
                array_diff_key($after[$id], ['registrar' => 1]),
                'only the registrar changes',
            );
        }
        $this->assertSame($before[$ours], $after[$ours]);
        $this->assertSame($before[$other], $after[$other]);
        $notes = $this->upgradeNotes();
        $line = 'ODR module upgrade: domain %s (id %d) moved from registrar ODR to odr; nothing invoiced or synced';
        $this->assertSame([
            sprintf($line, 'moved-one.nl', $active),
            sprintf($line, 'moved-two.eu', $cancelled),
        ], array_slice($notes, 0, 2));
        $this->assertSame($client, (int) $this->whmcs->capsule->table('tblactivitylog')
            ->where('description', $notes[0])->value('userid'), 'logged on the client');
        $this->assertSame('on', $this->storedExactly('odr')['SyncPreview'], 'preview forced');
        $this->assertStringContainsString('"Expiry sync preview" ticked after moving domains', $notes[2]);
        $this->assertCount(3, $notes);
        $this->assertSame(0, $this->whmcs->capsule->table('tblinvoices')->count(), 'nothing invoiced');
        $this->assertSame([], $this->functionsCalled(), 'no ODR call');
        $this->assertSame([], $this->whmcs->moduleCalls, 'no module function');
        $this->assertSame('ODR', (string) $this->whmcs->capsule->table('tbldomainpricing')
            ->where('extension', '.nl')->value('autoreg'), 'auto-registration is the admin\'s to change');

        $rows = $this->domainRows();
        [$status, $output] = $this->moveDomains(['--apply']);

        $this->assertSame(0, $status);
        $this->assertStringContainsString('No domains with registrar ODR: nothing to move.', $output);
        $this->assertSame($rows, $this->domainRows(), 'a second run changes nothing');
        $this->assertCount(3, $this->upgradeNotes());
    }

    public function testTheCommunityUpgradeEndToEnd(): void
    {
        $this->seedRegistrar('ODR', self::COMMUNITY);
        $id = $this->whmcs->fixtures()->domain($this->whmcs->fixtures()->client(), 'moved.nl', ['registrar' => 'ODR']);
        $this->moveDomains(['--apply']);
        $before = $this->domainDates($id);

        $report = $this->whmcs->cron()->domainStatusSync();

        $this->assertStringContainsString(
            'moved.nl: Error: Not synced: the ODR setting "Expiry sync preview" is on',
            $report,
        );
        $this->assertSame($before, $this->domainDates($id));
        $this->assertSame([], $this->functionsCalled(), 'no ODR call during the held sync');
        $stored = $this->storedExactly('odr');
        $this->assertSame(
            ['public$community', 'secret$community', 'on'],
            [$stored['APIKey'], $stored['APISecret'], $stored['SyncPreview']],
        );
        $this->assertCount(1, array_filter($this->upgradeNotes(), static fn (string $n): bool
            => str_contains($n, 'settings carried over')));

        $this->changeExactly('odr', 'SyncPreview', '');
        $this->answer('sync-domain', new \Odr\RuntimeException('stop here'));
        $this->registrar->sync($id);
        $this->assertSame(
            'public$community',
            $this->callsOf('sync-domain')[0]['settings']['api-key'],
            'unticked: the sync runs, with the carried-over key',
        );
    }

    public function testUsage(): void
    {
        [$status, $output] = $this->moveDomains(['--force']);

        $this->assertSame(2, $status);
        $this->assertStringContainsString("unknown argument --force\nusage:", $output);
    }

    /** @param array<string, string> $values inserted as WHMCS stores them, next to any rows there */
    private function seedRegistrar(string $registrar, array $values): void
    {
        foreach ($values as $setting => $value) {
            $this->whmcs->capsule->table('tblregistrars')->insert([
                'registrar' => $registrar, 'setting' => $setting, 'value' => encrypt($value),
            ]);
        }
    }

    private function changeExactly(string $registrar, string $setting, string $value): void
    {
        foreach ($this->whmcs->capsule->table('tblregistrars')->where('setting', $setting)->get() as $row) {
            if ($row->registrar === $registrar) {
                $this->whmcs->capsule->table('tblregistrars')->where('id', $row->id)
                    ->update(['value' => encrypt($value)]);
            }
        }
    }

    /** @return array<string, string> one registrar's settings, decrypted, on the exact name */
    private function storedExactly(string $registrar): array
    {
        $values = [];
        foreach ($this->registrarRows($registrar) as $row) {
            $values[$row['setting']] = decrypt($row['value']);
        }

        return $values;
    }

    /** @return list<array<string, string>> */
    private function registrarRows(?string $registrar = null): array
    {
        $rows = [];
        foreach ($this->whmcs->capsule->table('tblregistrars')->orderBy('id')->get() as $row) {
            if ($registrar === null || $row->registrar === $registrar) {
                $rows[] = array_map('strval', (array) $row);
            }
        }

        return $rows;
    }

    /** @return array<int, array<string, string>> */
    private function domainRows(): array
    {
        $rows = [];
        foreach ($this->whmcs->capsule->table('tbldomains')->orderBy('id')->get() as $row) {
            $rows[(int) $row->id] = array_map(static fn (mixed $v): string => (string) $v, (array) $row);
        }

        return $rows;
    }

    /** @return list<string> */
    private function upgradeNotes(): array
    {
        return array_values(array_filter(
            $this->activity(),
            static fn (string $line): bool => str_starts_with($line, 'ODR module upgrade:'),
        ));
    }

    /**
     * @param list<string> $args
     * @return array{int, string}
     */
    private function moveDomains(array $args): array
    {
        $out = fopen('php://memory', 'w+');
        $status = (new DomainMoveCommand())->run($args, $out);
        rewind($out);
        $output = (string) stream_get_contents($out);
        fclose($out);

        return [$status, $output];
    }
}
