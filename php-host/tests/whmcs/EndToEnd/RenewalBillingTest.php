<?php

declare(strict_types=1);

namespace OdrTests\Whmcs\EndToEnd;

use OdrTests\Whmcs\Support\EndToEndTestCase;

/**
 * A renewal as WHMCS bills it: the invoice is generated CreateInvoiceDaysBefore the next due
 * date, paying it moves the next due date and runs the module's RenewDomain against ODR, which
 * moves the expiry (docs/whmcs-behaviour.md, rules B1, B2, R1).
 */
final class RenewalBillingTest extends EndToEndTestCase
{
    public function testAPaidRenewalInvoiceRenewsAtOdrAndIsNotInvoicedAgain(): void
    {
        $this->replay('renew_switches_auto_renew_on');
        $id = $this->whmcs->fixtures()->domain($this->whmcs->fixtures()->client(), 'example.nl', [
            'registrationdate' => '2024-12-10', 'expirydate' => '2025-12-10', 'nextduedate' => '2025-12-10',
        ]);

        $invoices = $this->runDailyTasks()['invoices'];
        $this->assertCount(1, $invoices, 'due in 9 days: invoiced (14 days before by default)');
        $renewals = $this->payInvoice($invoices[0]);

        $this->assertSame([$id => ['success' => true]], $renewals);
        $this->assertSame(['Active', '2026-12-10', '2026-12-10'], $this->domainDates($id));
        $this->assertStringContainsString('Auto-renew of example.nl switched on', implode("\n", $this->activity()));
        $nothing = ['invoices' => [], 'expiry' => ['Grace' => [], 'Redemption' => [], 'Expired' => []]];
        foreach ([1, 10, 30] as $days) {
            $this->advanceDays($days);
            $this->assertSame($nothing, $this->runDailyTasks(), 'no second invoice, no expiry');
        }
        $this->assertSame(1, $this->renewalInvoiceCount($id));
        $this->assertSame('Active', $this->domain($id)->status);
    }

    /**
     * A paid renewal is never rolled back. WHMCS renews (RenewDomain switches
     * auto-renew on at ODR, WHMCS moves the expiry a year on), the next expiry sync sees ODR's
     * older date and keeps WHMCS's (renewal-pending), so neither the expiry nor the next due date
     * moves back: no second renewal invoice, no Grace or Expired when ODR's old date passes. Once
     * ODR has renewed, the dates agree.
     */
    public function testAPaidRenewalIsNotRolledBackByTheSyncBeforeOdrRenews(): void
    {
        $this->whmcs->setConfig('DomainSyncNextDueDate', 'on');
        $this->whmcs->setConfig('DomainSyncNextDueDateDays', '0');
        $this->replay('renew_switches_auto_renew_on');
        $id = $this->whmcs->fixtures()->domain($this->whmcs->fixtures()->client(), 'example.nl', [
            'registrationdate' => '2025-03-01', 'expirydate' => '2026-03-01', 'nextduedate' => '2026-03-01',
        ]);
        $this->advanceDays(80);
        $invoices = $this->runDailyTasks()['invoices'];
        $this->assertCount(1, $invoices, 'due in 10 days: invoiced');
        $this->assertSame([$id => ['success' => true]], $this->payInvoice($invoices[0]));
        $this->assertSame(['Active', '2027-03-01', '2027-03-01'], $this->domainDates($id));

        // ODR has not renewed yet (it does at 2026-03-01): WHMCS keeps its dates.
        $this->replayNext('renewal_sync_before_odr_renews');
        $report = $this->whmcs->cron()->domainStatusSync();
        $this->assertStringContainsString(' - example.nl: In Sync', $report);
        $this->assertSame(['Active', '2027-03-01', '2027-03-01'], $this->domainDates($id));
        foreach ([5, 10, 30] as $days) {
            $this->advanceDays($days);
            $tasks = $this->runDailyTasks();
            $this->assertSame([], $tasks['invoices'], 'no second renewal invoice');
            $this->assertSame([], $tasks['expiry']['Grace'], 'never in grace: WHMCS holds it paid');
            $this->assertSame([], $tasks['expiry']['Expired']);
        }
        $this->assertSame(1, $this->renewalInvoiceCount($id));

        // ODR has renewed: both agree.
        $this->replayNext('renewal_sync_after_odr_renewed');
        $report = $this->whmcs->cron()->domainStatusSync();
        $this->assertStringContainsString(' - example.nl: In Sync', $report);
        $this->assertSame(['Active', '2027-03-01', '2027-03-01'], $this->domainDates($id));
        $this->assertSame(1, $this->renewalInvoiceCount($id));
    }
}
