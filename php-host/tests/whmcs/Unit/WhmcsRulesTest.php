<?php

declare(strict_types=1);

namespace OdrTests\Whmcs\Unit;

use OdrTests\Whmcs\Emulation\Billing;
use OdrTests\Whmcs\Emulation\ParamsBuilder;
use OdrTests\Whmcs\Emulation\SyncApplier;
use OdrTests\Whmcs\Support\FakeComponentTestCase;

/**
 * The emulated WHMCS's own rules (docs/whmcs-behaviour.md): what Sync and TransferSync get, what
 * WHMCS does with their answers and with RegisterDomain/TransferDomain/RenewDomain results, the
 * daily expiry task and the renewal invoicing. The module runs against the scripted component.
 */
final class WhmcsRulesTest extends FakeComponentTestCase
{
    private int $client;

    protected function setUp(): void
    {
        parent::setUp();
        $this->client = $this->whmcs->fixtures()->client();
    }

    // --- P1: the parameters of Sync and TransferSync -------------------------------------------

    public function testTheCronSyncsWithOnlyTheDocumentedParameters(): void
    {
        $this->whmcs->fixtures()->domain($this->client, 'example.nl', ['expirydate' => '2026-03-01']);
        $this->whmcs->fixtures()->order($this->client, 'moving.nl', 'Transfer', ['status' => 'Pending Transfer']);
        $this->answer('sync-domain', ['active' => '2026-03-01']);
        $this->answer('transfer-sync', 'pending');

        $this->whmcs->cron()->run();

        $settings = array_keys($this->settings());
        $calls = $this->whmcs->moduleCalls;
        $this->assertSame(['Sync', 'TransferSync'], array_column($calls, 'function'));
        foreach ($calls as $call) {
            $keys = array_keys($call['params']);
            sort($keys);
            $expected = array_merge($settings, ParamsBuilder::SYNC_KEYS);
            sort($expected);
            $this->assertSame($expected, $keys, $call['function'] . ' gets the settings and the documented keys');
        }
        $sync = $calls[0]['params'];
        $this->assertSame(['example.nl', 'example', 'nl', 'odr', 1], [
            $sync['domain'], $sync['sld'], $sync['tld'], $sync['registrar'], $sync['regperiod'],
        ]);
        $this->assertSame('example.nl', $this->callsOf('sync-domain')[0]['domain'], 'the module copes with them');
    }

    public function testTheAdminSyncButtonPassesTheSameParameters(): void
    {
        $id = $this->whmcs->fixtures()->domain($this->client, 'example.nl');
        $this->answer('sync-domain', 'pending');

        $this->registrar->sync($id);

        $params = $this->whmcs->moduleCalls[0]['params'];
        foreach (['expirydate', 'nextduedate', 'status', 'userid', 'domainObj', 'original', 'firstname'] as $key) {
            $this->assertArrayNotHasKey($key, $params);
        }
    }

    // --- S1: what WHMCS does with a Sync answer ------------------------------------------------

    /** @return iterable<string, array{string, array<string, bool>, string}> */
    public static function syncStatusRules(): iterable
    {
        yield 'Active, transferred away' => ['Active', ['transferredAway' => true], 'Transferred Away'];
        yield 'Active, cancelled' => ['Active', ['cancelled' => true], 'Cancelled'];
        yield 'Grace (admin Sync button), transferred away' => [
            'Grace',
            ['transferredAway' => true],
            'Transferred Away',
        ];
        yield 'Redemption, transferred away' => ['Redemption', ['transferredAway' => true], 'Transferred Away'];
        yield 'Expired, transferred away' => ['Expired', ['transferredAway' => true], 'Transferred Away'];
        yield 'Pending Registration, transferred away: kept' => [
            'Pending Registration',
            ['transferredAway' => true],
            'Pending Registration',
        ];
        yield 'Grace, cancelled: only an Active domain is cancelled' => ['Grace', ['cancelled' => true], 'Grace'];
        yield 'Pending Registration, active' => ['Pending Registration', ['active' => true], 'Active'];
        yield 'Redemption, active' => ['Redemption', ['active' => true], 'Active'];
        yield 'Active, active and transferred away: the latter wins' => [
            'Active',
            ['active' => true, 'transferredAway' => true],
            'Transferred Away',
        ];
    }

    /**
     * @dataProvider syncStatusRules
     * @param array<string, bool> $answer
     */
    public function testSyncAnswersChangeTheStatusAsWhmcsDoes(string $status, array $answer, string $expected): void
    {
        $id = $this->whmcs->fixtures()->domain($this->client, 'example.nl', ['status' => $status]);

        (new SyncApplier($this->whmcs))->applySync($this->domain($id), $answer);

        $this->assertSame($expected, $this->domain($id)->status);
    }

    // --- O1/O2: RegisterDomain and TransferDomain with pending ---------------------------------

    public function testAPendingRegistrationWaitsForSyncThenBecomesActive(): void
    {
        $id = $this->whmcs->fixtures()->order($this->client, 'example.nl');
        $this->answer('register-domain', [
            'status' => 'pending', 'domain-id' => '5678',
            'contacts' => ['registrant' => 1234, 'onsite' => 1234, 'tech' => 1234],
            'created-contacts' => [], 'already-in-account' => false,
        ]);

        $this->assertSame(['success' => true, 'pending' => true], $this->registrar->register($id));
        $this->assertSame(['Pending Registration', '0000-00-00', '2026-12-01'], $this->domainDates($id));
        $this->assertSame('0000-00-00', substr((string) $this->domain($id)->registrationdate, 0, 10));

        $this->answer('sync-domain', 'pending');
        $this->whmcs->cron()->domainStatusSync();
        $this->assertSame('Pending Registration', $this->domain($id)->status, 'still registering: no change');

        $this->answer('sync-domain', ['active' => '2026-12-01']);
        $report = $this->whmcs->cron()->domainStatusSync();

        $this->assertSame(['Active', '2026-12-01', '2026-12-01'], $this->domainDates($id));
        $this->assertStringContainsString(
            ' - example.nl: Status Changed to Active, Expiry Date updated to 01/12/2026',
            $report,
        );
    }

    public function testATransferIsPendingUntilTransferSyncCompletesIt(): void
    {
        $id = $this->whmcs->fixtures()->order($this->client, 'example.nl', 'Transfer');
        $this->answer('transfer-domain', [
            'status' => 'pending', 'domain-id' => '5678',
            'contacts' => ['registrant' => 1234, 'onsite' => 1234, 'tech' => 1234],
            'created-contacts' => [], 'already-in-account' => false,
        ]);

        $this->assertSame(['success' => true, 'pending' => true], $this->registrar->transfer($id, 'code'));
        $this->assertSame('Pending Transfer', $this->domain($id)->status);

        $this->answer('transfer-sync', ['completed' => '2026-11-30']);
        $this->assertSame(" - example.nl: Transfer Completed - In Sync\n", $this->whmcs->cron()->domainTransferSync());
        $this->assertSame('Active', $this->domain($id)->status);
        $this->assertSame('2026-11-30', $this->domainDates($id)[1]);
    }

    // --- R1: RenewDomain moves the expiry date only --------------------------------------------

    public function testASuccessfulRenewMovesTheExpiryByThePeriodAndLeavesTheNextDueDate(): void
    {
        $id = $this->whmcs->fixtures()->domain($this->client, 'example.nl', [
            'registrationperiod' => 2, 'expirydate' => '2026-03-01', 'nextduedate' => '2026-03-01', 'status' => 'Grace',
        ]);
        $this->answer('renew-domain', 'auto-renew-switched-on');

        $this->assertSame(['success' => true], $this->registrar->renew($id));

        $this->assertSame(['Active', '2028-03-01', '2026-03-01'], $this->domainDates($id));
    }

    public function testAFailedRenewMovesNothing(): void
    {
        $id = $this->whmcs->fixtures()->domain($this->client, 'example.nl', ['expirydate' => '2026-03-01']);
        $this->answer('renew-domain', $this->odrError('invalid-state', 'Renewal is impossible'));

        $this->assertArrayHasKey('error', $this->registrar->renew($id));

        $this->assertSame(['Active', '2026-03-01', '2026-12-01'], $this->domainDates($id));
    }

    // --- D1: the daily expiry task -------------------------------------------------------------

    /** @return iterable<string, array{string, array<string, mixed>|null, int, string}> */
    public static function expiryRules(): iterable
    {
        yield '.com, WHMCS defaults: day 1 in grace (built-in 30 days)' => ['com', [], 1, 'Grace'];
        yield '.com, WHMCS defaults: day 30 still in grace' => ['com', [], 30, 'Grace'];
        yield '.com, WHMCS defaults: day 31 expired (redemption fee disabled)' => ['com', [], 31, 'Expired'];
        yield '.com with a redemption fee: day 31 in redemption' => [
            'com',
            ['redemption_grace_period_fee' => 0],
            31,
            'Redemption',
        ];
        yield '.com with a redemption fee: day 60 in redemption' => [
            'com',
            ['redemption_grace_period_fee' => 0],
            60,
            'Redemption',
        ];
        yield '.com with a redemption fee: day 61 expired' => [
            'com',
            ['redemption_grace_period_fee' => 0],
            61,
            'Expired',
        ];
        yield '.nl, WHMCS defaults: expired the day after' => ['nl', [], 1, 'Expired'];
        yield '.nl with a redemption fee: redemption for 40 days' => [
            'nl',
            ['redemption_grace_period_fee' => 0],
            40,
            'Redemption',
        ];
        yield '.nl, grace 5 configured: day 5 grace' => ['nl', ['grace_period' => 5], 5, 'Grace'];
        yield '.nl, grace 5 and redemption 10 configured: day 15 redemption' => [
            'nl',
            ['grace_period' => 5, 'redemption_grace_period' => 10, 'redemption_grace_period_fee' => 0],
            15,
            'Redemption',
        ];
        yield '.nl, grace fee disabled: no grace' => [
            'nl',
            ['grace_period' => 5, 'grace_period_fee' => -1],
            1,
            'Expired',
        ];
        yield 'TLD not in domain pricing: expired the day after' => ['eu', null, 1, 'Expired'];
    }

    /**
     * @dataProvider expiryRules
     * @param array<string, mixed>|null $tld the tbldomainpricing row's overrides (null: no row)
     */
    public function testTheDailyTaskMovesAPastExpiryThroughGraceAndRedemption(
        string $extension,
        ?array $tld,
        int $daysAfterExpiry,
        string $expected,
    ): void {
        if ($tld !== null) {
            $this->whmcs->fixtures()->tld($extension, $tld);
        }
        $id = $this->whmcs->fixtures()->domain($this->client, 'example.' . $extension, [
            'expirydate' => '2025-12-01', 'nextduedate' => '2025-12-01', 'donotrenew' => true,
        ]);
        $this->assertSame([], $this->runDailyTasks()['expiry']['Expired'], 'expiring today is not expired yet');
        $this->assertSame('Active', $this->domain($id)->status);

        $this->advanceDays($daysAfterExpiry);
        $moved = $this->runDailyTasks()['expiry'];

        $this->assertSame($expected, $this->domain($id)->status);
        $this->assertSame([$id], $moved[$expected]);
    }

    public function testTheDailyTaskLeavesOtherStatusesAndMissingDatesAlone(): void
    {
        $pending = $this->whmcs->fixtures()->order($this->client, 'pending.nl');
        $cancelled = $this->whmcs->fixtures()->domain($this->client, 'cancelled.nl', [
            'status' => 'Cancelled', 'expirydate' => '2025-01-01',
        ]);
        $transfer = $this->whmcs->fixtures()->domain($this->client, 'moving.nl', [
            'status' => 'Pending Transfer', 'expirydate' => '2025-01-01',
        ]);
        $noDate = $this->whmcs->fixtures()->domain($this->client, 'nodate.nl', ['expirydate' => '0000-00-00']);
        $this->advanceDays(400);

        $this->runDailyTasks();

        $this->assertSame(
            ['Pending', 'Cancelled', 'Pending Transfer', 'Active'],
            array_map(fn (int $id): string => $this->domain($id)->status, [$pending, $cancelled, $transfer, $noDate]),
        );
    }

    public function testTheCronNeverSyncsADomainOnceItIsInGraceOrExpired(): void
    {
        $this->whmcs->fixtures()->tld('com');
        $grace = $this->whmcs->fixtures()->domain($this->client, 'late.com', ['expirydate' => '2025-11-20']);
        $expired = $this->whmcs->fixtures()->domain($this->client, 'late.nl', ['expirydate' => '2025-11-20']);
        $this->runDailyTasks();
        $this->assertSame(['Grace', 'Expired'], [$this->domain($grace)->status, $this->domain($expired)->status]);

        $report = $this->whmcs->cron()->domainStatusSync() . $this->whmcs->cron()->domainStatusSync();

        $this->assertSame([], $this->whmcs->moduleCalls, 'only Active and Pending Registration are synced');
        $this->assertSame("Active Domain Syncs\nActive Domain Syncs\n", $report);
    }

    public function testSyncBringsADomainBackFromExpired(): void
    {
        $id = $this->whmcs->fixtures()->domain($this->client, 'example.nl', [
            'expirydate' => '2025-11-20', 'donotrenew' => true,
        ]);
        $this->runDailyTasks();
        $this->assertSame('Expired', $this->domain($id)->status, 'a stale expiry date expires the domain');

        $this->answer('sync-domain', ['active' => '2026-11-20']);
        $this->registrar->sync($id);
        $this->runDailyTasks();

        $this->assertSame(['Active', '2026-11-20', '2026-12-01'], $this->domainDates($id));
    }

    // --- B1-B3: renewal invoices ---------------------------------------------------------------

    public function testARenewalIsInvoicedCreateInvoiceDaysBeforeItsDueDateAndOnlyOnce(): void
    {
        $id = $this->whmcs->fixtures()->domain($this->client, 'example.nl', [
            'expirydate' => '2025-12-21', 'nextduedate' => '2025-12-21', 'registrationdate' => '2024-12-21',
        ]);

        $this->assertSame([], $this->runInvoicing(), '20 days ahead: not yet (14 days by default)');
        $this->advanceDays(6);
        $invoices = $this->runInvoicing();
        $this->assertCount(1, $invoices);
        $this->assertSame([], $this->runInvoicing(), 'the next run finds the item for that due date');
        $this->advanceDays(1);
        $this->assertSame([], $this->runInvoicing());

        $this->assertSame(1, $this->renewalInvoiceCount($id, '2025-12-21'));
        $invoice = $this->whmcs->billing()->invoice($invoices[0]);
        $this->assertSame(['Unpaid', '2025-12-21', '2025-12-07'], [
            $invoice->status, substr((string) $invoice->duedate, 0, 10), substr((string) $invoice->date, 0, 10),
        ]);
        $item = $this->whmcs->capsule->table('tblinvoiceitems')->where('invoiceid', $invoices[0])->first();
        $this->assertSame(['Domain', $id, '9.95'], [$item->type, (int) $item->relid, (string) $item->amount]);
    }

    public function testTheDomainInvoiceDaysSettingWinsAndDoNotRenewIsNotInvoiced(): void
    {
        $this->whmcs->setConfig('CreateDomainInvoiceDaysBefore', '30');
        $renewing = $this->whmcs->fixtures()->domain($this->client, 'renewing.nl', ['nextduedate' => '2025-12-31']);
        $stopped = $this->whmcs->fixtures()->domain($this->client, 'stopped.nl', [
            'nextduedate' => '2025-12-31', 'donotrenew' => true,
        ]);

        $this->assertCount(1, $this->runInvoicing());

        $this->assertSame([1, 0], [$this->renewalInvoiceCount($renewing), $this->renewalInvoiceCount($stopped)]);
    }

    public function testPayingARenewalMovesTheNextDueDateAndRenewsAtTheRegistrar(): void
    {
        $id = $this->whmcs->fixtures()->domain($this->client, 'example.nl', [
            'expirydate' => '2025-12-10', 'nextduedate' => '2025-12-10', 'registrationdate' => '2024-12-10',
        ]);
        $invoice = $this->runInvoicing()[0];
        $this->answer('renew-domain', 'auto-renew-switched-on');

        $renewals = $this->payInvoice($invoice);

        $this->assertSame([$id => ['success' => true]], $renewals);
        $this->assertSame(['Active', '2026-12-10', '2026-12-10'], $this->domainDates($id));
        $this->assertSame('Paid', $this->whmcs->billing()->invoice($invoice)->status);
        $this->assertCount(1, $this->callsOf('renew-domain'));
        $this->assertSame([], $this->runInvoicing(), 'the next renewal is a year away');
    }

    public function testWithoutAutoRenewOnPaymentOnlyTheNextDueDateMoves(): void
    {
        $this->whmcs->setConfig('AutoRenewDomainsonPayment', '');
        $id = $this->whmcs->fixtures()->domain($this->client, 'example.nl', [
            'expirydate' => '2025-12-10', 'nextduedate' => '2025-12-10',
        ]);

        $this->assertSame([], $this->payInvoice($this->runInvoicing()[0]));

        $this->assertSame(['Active', '2025-12-10', '2026-12-10'], $this->domainDates($id));
        $this->assertSame([], $this->callsOf('renew-domain'));
    }

    public function testANextDueDateMovedBackToAnInvoicedDateIsNotInvoicedAgain(): void
    {
        $id = $this->whmcs->fixtures()->domain($this->client, 'example.nl', [
            'expirydate' => '2025-12-10', 'nextduedate' => '2025-12-10',
        ]);
        $this->answer('renew-domain', 'auto-renew-switched-on');
        $this->payInvoice($this->runInvoicing()[0]);

        $this->whmcs->domains->update($id, ['nextduedate' => '2025-12-10']);

        $this->assertSame([], $this->runInvoicing(), 'an item for 2025-12-10 exists (paid)');
        $this->assertSame(1, $this->renewalInvoiceCount($id));
    }

    public function testANextDueDateMovedBackToAnotherDateIsADoubleRenewalInvoice(): void
    {
        $this->whmcs->setConfig('DomainSyncNextDueDate', 'on');
        $this->whmcs->setConfig('DomainSyncNextDueDateDays', '3');
        $id = $this->whmcs->fixtures()->domain($this->client, 'example.nl', [
            'expirydate' => '2025-12-10', 'nextduedate' => '2025-12-10',
        ]);
        $this->answer('renew-domain', 'auto-renew-switched-on');
        $this->payInvoice($this->runInvoicing()[0]);
        $this->assertSame(['Active', '2026-12-10', '2026-12-10'], $this->domainDates($id));

        // The registrar has not renewed yet: a sync takes its old expiry back, and the next due
        // date with it (expiry - 3 days), to a date no invoice item has.
        $this->answer('sync-domain', ['active' => '2025-12-10']);
        $this->registrar->sync($id);
        $this->assertSame(['Active', '2025-12-10', '2025-12-07'], $this->domainDates($id));
        $this->runInvoicing();

        $this->assertSame(2, $this->renewalInvoiceCount($id), 'one year paid for, billed twice');
        $this->assertSame(1, $this->renewalInvoiceCount($id, '2025-12-07'));
    }

    public function testAnExpiredDomainsUnpaidRenewalInvoiceIsCancelled(): void
    {
        $id = $this->whmcs->fixtures()->domain($this->client, 'example.nl', [
            'expirydate' => '2025-12-10', 'nextduedate' => '2025-12-10',
        ]);
        $other = $this->whmcs->fixtures()->domain($this->client, 'other.nl', [
            'expirydate' => '2026-06-10', 'nextduedate' => '2025-12-10',
        ]);
        $alone = $this->whmcs->fixtures()->domain($this->whmcs->fixtures()->client(), 'alone.nl', [
            'expirydate' => '2025-12-10', 'nextduedate' => '2025-12-10',
        ]);
        [$single, $shared] = $this->runInvoicing();

        $this->advanceDays(9);
        $this->assertSame([], $this->runDailyTasks()['expiry']['Expired'], 'expiring today');
        $this->advanceDays(1);
        $moved = $this->runDailyTasks()['expiry'];

        $this->assertSame([$id, $alone], $moved['Expired']);
        $this->assertSame('Cancelled', $this->whmcs->billing()->invoice($single)->status);
        $this->assertSame('Unpaid', $this->whmcs->billing()->invoice($shared)->status, 'it still bills other.nl');
        $this->assertSame([0, 1], [$this->renewalInvoiceCount($id), $this->renewalInvoiceCount($other)]);
        $this->assertSame('9.95', (string) $this->whmcs->billing()->invoice($shared)->total);
    }

    public function testYearsAreAddedAsWhmcsDoes(): void
    {
        $this->assertSame('2027-03-01', Billing::addYears('2026-03-01', 1));
        $this->assertSame('2025-03-01', Billing::addYears('2024-02-29', 1));
    }
}
