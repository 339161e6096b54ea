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
}
