<?php

declare(strict_types=1);

namespace OdrTests\Whmcs\Unit;

use OdrTests\Whmcs\Support\FakeComponentTestCase;

/**
 * Sync and TransferSync: every outcome to WHMCS's keys, and what WHMCS's cron does with them.
 */
final class SyncFunctionsTest extends FakeComponentTestCase
{
    private int $client;

    protected function setUp(): void
    {
        parent::setUp();
        $this->client = $this->whmcs->fixtures()->client();
    }

    /** @return iterable<string, array{mixed, array<string, mixed>}> */
    public static function syncOutcomes(): iterable
    {
        yield 'registered' => [
            ['active' => '2026-03-01'],
            ['active' => true, 'cancelled' => false, 'transferredAway' => false, 'expirydate' => '2026-03-01'],
        ];
        yield 'quarantine: past expiry, not active' => [
            ['expired' => '2025-11-20'],
            ['active' => false, 'cancelled' => false, 'transferredAway' => false, 'expirydate' => '2025-11-20'],
        ];
        yield 'deleted' => ['cancelled', ['active' => false, 'cancelled' => true, 'transferredAway' => false]];
        yield 'gone from the account' => [
            'transferred-away',
            ['active' => false, 'cancelled' => false, 'transferredAway' => true],
        ];
        yield 'renewal billed in WHMCS, ODR renews at expiry: WHMCS keeps its date' => [
            ['renewal-pending' => '2026-03-01'],
            ['active' => true, 'cancelled' => false, 'transferredAway' => false],
        ];
        yield 'registration in progress' => [
            'pending',
            ['active' => false, 'cancelled' => false, 'transferredAway' => false],
        ];
    }

    /**
     * @dataProvider syncOutcomes
     * @param array<string, mixed> $expected
     */
    public function testSyncReturnsTheContractKeysAndNeverExpired(mixed $outcome, array $expected): void
    {
        $id = $this->whmcs->fixtures()->domain($this->client, 'example.nl');
        $this->answer('sync-domain', $outcome);

        $result = $this->registrar->sync($id)['response'];

        $this->assertSame($expected, $result);
        $this->assertArrayNotHasKey('expired', $result);
        $this->assertSame(
            [
                'snapshot-max-age-seconds' => 3600,
                'panel-expiry' => $this->whmcs->clock->now()->modify('+1 year')->format('Y-m-d'),
                'panel-domains' => ['example.nl'],
            ],
            $this->callsOf('sync-domain')[0]['options']
        );
    }

    public function testSyncAppliedByWhmcs(): void
    {
        $active = $this->whmcs->fixtures()->domain($this->client, 'active.nl', ['expirydate' => '2026-01-01']);
        $deleted = $this->whmcs->fixtures()->domain($this->client, 'deleted.nl');
        $gone = $this->whmcs->fixtures()->domain($this->client, 'gone.nl');
        $quarantined = $this->whmcs->fixtures()->domain($this->client, 'quarantine.nl', ['expirydate' => '2026-06-01']);
        $pending = $this->whmcs->fixtures()->domain(
            $this->client,
            'pending.nl',
            ['status' => 'Pending Registration', 'expirydate' => '0000-00-00'],
        );
        $outcomes = [
            'pending.nl' => ['active' => '2026-12-01'], 'active.nl' => ['active' => '2026-03-01'],
            'deleted.nl' => 'cancelled', 'gone.nl' => 'transferred-away',
            'quarantine.nl' => ['expired' => '2025-11-20'],
        ];
        foreach ($outcomes as $outcome) {
            $this->answer('sync-domain', static fn (array $args): mixed => $outcomes[$args['domain']]);
        }
        $this->whmcs->setConfig('DomainSyncNextDueDate', 'on');
        $this->whmcs->setConfig('DomainSyncNextDueDateDays', '14');

        $report = $this->whmcs->cron()->domainStatusSync();

        $synced = array_map(static fn (array $call): string => $call['domain'], $this->callsOf('sync-domain'));
        sort($synced);
        $this->assertSame(['active.nl', 'deleted.nl', 'gone.nl', 'pending.nl', 'quarantine.nl'], $synced);
        $this->assertSame(['Active', '2026-12-01', '2026-11-17'], $this->row($pending));
        $this->assertSame(['Active', '2026-03-01', '2026-02-15'], $this->row($active));
        $this->assertSame('Cancelled', $this->domain($deleted)->status);
        $this->assertSame('Transferred Away', $this->domain($gone)->status);
        $this->assertSame(
            ['Active', '2025-11-20', '2025-11-06'],
            $this->row($quarantined),
            'WHMCS own task moves it to Grace/Redemption',
        );
        $this->assertStringContainsString(
            ' - active.nl: Expiry Date updated to 01/03/2026, Next Due Date updated to 15/02/2026',
            $report,
        );
        $this->assertStringContainsString(' - deleted.nl: Status Changed to Cancelled', $report);
        $this->assertNoInvalidDomainDates();
    }

    public function testACronRunReadsThePanelsLiveDomainsOnce(): void
    {
        $first = $this->whmcs->fixtures()->domain($this->client, 'first.nl');
        $second = $this->whmcs->fixtures()->domain($this->client, 'second.nl');
        $this->answer('sync-domain', ['active' => '2026-03-01']);
        $this->answer('sync-domain', ['active' => '2026-03-01']);
        $connection = $this->whmcs->capsule->getConnection();
        $connection->enableQueryLog();

        $this->registrar->sync($first);
        $this->registrar->sync($second);

        $liveReads = array_filter(
            $connection->getQueryLog(),
            static fn (array $q): bool => str_contains($q['query'], '"status" in') || str_contains($q['query'], '`status` in'),
        );
        $connection->disableQueryLog();
        $this->assertCount(1, $liveReads, 'the second Sync of the run reuses the names');
        $calls = $this->callsOf('sync-domain');
        $this->assertSame(['first.nl', 'second.nl'], $calls[1]['options']['panel-domains']);
    }

    public function testSyncErrorChangesNothing(): void
    {
        $id = $this->whmcs->fixtures()->domain($this->client, 'example.nl', ['expirydate' => '2026-01-01']);
        $this->answer(
            'sync-domain',
            $this->odrError('not-found', 'example.nl is not in the ODR account, but the domain list still shows it'),
        );

        $report = $this->whmcs->cron()->domainStatusSync();

        $this->assertSame(['Active', '2026-01-01', '2026-12-01'], $this->row($id));
        $this->assertStringContainsString(' - example.nl: Error: example.nl is not in the ODR account', $report);
    }

    public function testUnreachableOdrStopsTheRunForTheModule(): void
    {
        $this->whmcs->fixtures()->domain($this->client, 'one.nl');
        $this->whmcs->fixtures()->domain($this->client, 'two.nl');
        $this->answer('sync-domain', $this->odrError('transport', 'ODR could not be reached: connection refused'));

        $report = $this->whmcs->cron()->domainStatusSync();

        $this->assertCount(1, $this->callsOf('sync-domain'), 'the rest is skipped this run');
        $this->assertStringContainsString(
            ' - one.nl: Error: cURL error reaching ODR: ODR could not be reached',
            $report,
        );
        $this->assertStringContainsString(' - two.nl: Sync Skipped Due to cURL Error', $report);
    }

    public function testRateLimitedOdrStopsTheRunForTheModule(): void
    {
        $this->whmcs->fixtures()->domain($this->client, 'one.nl');
        $this->whmcs->fixtures()->domain($this->client, 'two.nl');
        $this->answer('sync-domain', $this->odrError(
            'rate-limited',
            'ODR asked us to slow down while reading domain one.nl (HTTP 429); try again in 30 seconds.',
            [],
            30,
        ));

        $report = $this->whmcs->cron()->domainStatusSync();

        $this->assertCount(1, $this->callsOf('sync-domain'), 'the rest is skipped this run');
        $this->assertStringContainsString(
            ' - one.nl: Error: cURL error: ODR is rate limiting this account, so the sync stops for this run: '
                . 'ODR asked us to slow down',
            $report,
        );
        $this->assertStringContainsString(' - two.nl: Sync Skipped Due to cURL Error', $report);
    }

    /** @return iterable<string, array{mixed}> */
    public static function impossibleDates(): iterable
    {
        yield 'not a date' => [['active' => 'soon']];
        yield 'zero date' => [['active' => '0000-00-00']];
        yield 'no such day' => [['active' => '2026-02-30']];
        yield 'with time' => [['expired' => '2026-02-01 00:00:00']];
    }

    /** @dataProvider impossibleDates */
    public function testNoImpossibleDateEverReachesWhmcs(mixed $outcome): void
    {
        $id = $this->whmcs->fixtures()->domain($this->client, 'example.nl', ['expirydate' => '2026-01-01']);
        $this->answer('sync-domain', $outcome);

        $response = $this->registrar->sync($id)['response'];

        $this->assertSame(['error'], array_keys($response));
        $this->assertStringContainsString('where a date was expected; nothing was changed', $response['error']);
        $this->assertSame(['Active', '2026-01-01', '2026-12-01'], $this->row($id));
        $this->assertNoInvalidDomainDates();
    }

    public function testPreviewModeChangesNothing(): void
    {
        $this->changeSettings(['SyncPreview' => 'on']);
        $id = $this->whmcs->fixtures()->domain($this->client, 'example.nl', ['expirydate' => '2026-01-01']);

        $report = $this->whmcs->cron()->domainStatusSync();

        $this->assertSame([], $this->functionsCalled());
        $this->assertSame(['Active', '2026-01-01', '2026-12-01'], $this->row($id));
        $this->assertStringContainsString('Not synced: the ODR setting "Expiry sync preview" is on', $report);
    }

    public function testRollingBatchOfFifty(): void
    {
        for ($i = 1; $i <= 60; $i++) {
            $this->whmcs->fixtures()->domain($this->client, sprintf('d%02d.nl', $i));
        }
        for ($i = 1; $i <= 110; $i++) {
            $this->answer('sync-domain', ['active' => '2026-12-01']);
        }

        $this->whmcs->cron()->domainStatusSync();
        $this->assertCount(50, $this->callsOf('sync-domain'));
        $this->whmcs->cron()->domainStatusSync();
        $this->assertCount(60, $this->callsOf('sync-domain'), 'the second run takes the 10 left');
        $this->whmcs->cron()->domainStatusSync();
        $this->assertCount(110, $this->callsOf('sync-domain'), 'then starts over with the next 50');
        $this->assertSame('d01.nl', $this->callsOf('sync-domain')[60]['domain']);
    }

    public function testContactSyncRunsForRegisteredDomainsWhenOn(): void
    {
        $this->changeSettings(['Synccontact' => 'on', 'TechContact' => 'whmcs']);
        $this->whmcs->setConfig('RegistrarAdminUseClientDetails', '');
        $id = $this->whmcs->fixtures()->domain($this->client, 'example.nl');
        $this->answer('sync-domain', ['active' => '2026-03-01']);
        $this->answer(
            'sync-contacts',
            [['role' => 'registrant', 'action' => 'unchanged', 'contact-id' => 1234, 'previous-contact-id' => null]],
        );

        $this->assertTrue($this->registrar->sync($id)['response']['active']);

        $desired = $this->callsOf('sync-contacts')[0]['desired'];
        $this->assertSame('Jan', $desired['registrant']['first-name']);
        $this->assertSame('+31.201234567', $desired['registrant']['phone']);
        // WHMCS's one admin contact for both roles; the settings (onsite same as the registrant,
        // tech from the panel) make the component use it for tech only.
        $this->assertSame('Hanna', $desired['admin']['first-name'], "WHMCS's default admin contact");
        $this->assertSame('Hanna', $desired['tech']['first-name'], "WHMCS's default admin contact");
        $this->assertSame('030 1234567', $desired['tech']['phone']);
    }

    public function testContactSyncIsSkippedForDomainsThatAreNotRegistered(): void
    {
        $this->changeSettings(['Synccontact' => 'on']);
        $id = $this->whmcs->fixtures()->domain($this->client, 'example.nl');
        $this->answer('sync-domain', 'cancelled');

        $this->registrar->sync($id);

        $this->assertSame(['sync-domain'], $this->functionsCalled());
    }

    public function testContactSyncFailureIsLoggedAndNeverBlocksTheExpirySync(): void
    {
        $this->changeSettings(['Synccontact' => 'on']);
        $id = $this->whmcs->fixtures()->domain($this->client, 'example.nl');
        $this->answer('sync-domain', ['active' => '2026-03-01']);
        $this->answer(
            'sync-contacts',
            $this->odrError('invalid-input', 'ODR rejected the contact: postal_code: Field is required'),
        );

        $this->assertSame('2026-03-01', $this->registrar->sync($id)['response']['expirydate']);
        $this->assertSame('2026-03-01', substr((string) $this->domain($id)->expirydate, 0, 10));
        $this->assertContains(
            'ODR: contact sync of example.nl failed: ODR rejected the contact: postal_code: Field is required',
            $this->activity(),
        );
    }

    public function testContactSyncFindsTheClientWhenWhmcsPassesNoUserid(): void
    {
        $this->changeSettings(['Synccontact' => 'on']);
        $id = $this->whmcs->fixtures()->domain($this->client, 'example.nl');
        $this->answer('sync-domain', ['active' => '2026-03-01']);
        $this->answer('sync-contacts', []);
        $params = $this->registrar->domainParams($id);
        unset($params['userid']);

        $this->registrar->call('Sync', $params);

        $this->assertSame('jan@example.nl', $this->callsOf('sync-contacts')[0]['desired']['registrant']['email']);
    }

    /** @return iterable<string, array{mixed, array<string, mixed>}> */
    public static function transferOutcomes(): iterable
    {
        yield 'pending' => ['pending', []];
        yield 'completed' => [['completed' => '2026-11-30'], ['completed' => true, 'expirydate' => '2026-11-30']];
        yield 'failed' => [
            ['failed' => 'The current registrar rejected the transfer'],
            ['failed' => true, 'reason' => 'The current registrar rejected the transfer'],
        ];
    }

    /**
     * @dataProvider transferOutcomes
     * @param array<string, mixed> $expected
     */
    public function testTransferSyncShapes(mixed $outcome, array $expected): void
    {
        $id = $this->whmcs->fixtures()->order(
            $this->client,
            'example.nl',
            'Transfer',
            ['status' => 'Pending Transfer'],
        );
        $this->answer('transfer-sync', $outcome);
        $domain = $this->domain($id);

        $this->assertSame($expected, $this->registrar->call('TransferSync', [
            'domainid' => $id, 'domain' => 'example.nl', 'sld' => 'example', 'tld' => 'nl', 'registrar' => 'odr',
            'regperiod' => 1, 'status' => (string) $domain->status,
        ] + $this->whmcs->registrarSettings('odr')));
    }

    public function testTransferSyncAppliedByWhmcs(): void
    {
        $this->whmcs->setConfig('DomainSyncNextDueDate', 'on');
        $done = $this->whmcs->fixtures()->order($this->client, 'done.nl', 'Transfer', ['status' => 'Pending Transfer']);
        $failed = $this->whmcs->fixtures()->order(
            $this->client,
            'failed.nl',
            'Transfer',
            ['status' => 'Pending Transfer'],
        );
        $waiting = $this->whmcs->fixtures()->order(
            $this->client,
            'waiting.nl',
            'Transfer',
            ['status' => 'Pending Transfer'],
        );
        $this->answer('transfer-sync', ['completed' => '2026-11-30']);
        $this->answer('transfer-sync', ['failed' => 'Invalid auth code']);
        $this->answer('transfer-sync', 'pending');

        $report = $this->whmcs->cron()->domainTransferSync();

        $this->assertSame(['Active', '2026-11-30', '2026-11-30'], $this->row($done));
        $this->assertSame('Cancelled', $this->domain($failed)->status);
        $this->assertSame('Pending Transfer', $this->domain($waiting)->status);
        $this->assertSame(
            " - done.nl: Transfer Completed - In Sync\n - failed.nl: Transfer Failed"
                . "\n - waiting.nl: Transfer Still In Progress\n",
            $report,
        );
        $mails = $this->whmcs->outbox->toClients();
        $this->assertSame(['Domain Transfer Completed', 'Domain Transfer Failed'], array_column($mails, 'template'));
        $this->assertSame(['domain_transfer_failure_reason' => 'Invalid auth code'], $mails[1]['vars']);
        $this->assertNoInvalidDomainDates();
    }

    /** @return array{string, string, string} status, expiry, next due */
    private function row(int $id): array
    {
        $domain = $this->domain($id);

        return [
            (string) $domain->status,
            substr((string) $domain->expirydate, 0, 10),
            substr((string) $domain->nextduedate, 0, 10),
        ];
    }
}
