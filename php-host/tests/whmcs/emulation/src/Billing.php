<?php

declare(strict_types=1);

namespace OdrTests\Whmcs\Emulation;

/**
 * WHMCS's domain billing, as far as a registrar module's dates drive it (docs/whmcs-behaviour.md,
 * rules B1-B4): the daily invoice generation for domains, paying an invoice (which moves the
 * next due date and, with "Auto Renew on Payment", calls the module's RenewDomain), and the
 * cancelling of renewal invoices of domains that expired.
 *
 * Not modelled: hosting/addons, continuous invoicing (nextinvoicedate), promotions, taxes,
 * grace/redemption fee items, credit, separate-invoice clients, e-mails.
 */
final class Billing
{
    /** The invoice item types WHMCS counts as "this domain is already invoiced for that due date". */
    public const DOMAIN_ITEM_TYPES = ['Domain', 'DomainRegister', 'DomainTransfer'];

    public function __construct(private readonly Whmcs $whmcs)
    {
    }

    /**
     * The daily CreateInvoices task, for domains (rule B1): every Active or Pending domain whose
     * next due date is at most N days ahead (N = CreateDomainInvoiceDaysBefore when above 0, else
     * CreateInvoiceDaysBefore) and set to auto-renew (donotrenew off, or Pending) gets an invoice
     * item for that due date, unless an item of type Domain/DomainRegister/DomainTransfer for the
     * domain and that due date exists already, on an invoice of any status. The new items are then
     * put on one invoice per client, due date and payment method.
     *
     * @return list<int> the ids of the invoices created
     */
    public function createInvoices(): array
    {
        $days = (int) $this->whmcs->config('CreateDomainInvoiceDaysBefore');
        if ($days <= 0) {
            $days = (int) $this->whmcs->config('CreateInvoiceDaysBefore');
        }
        $until = $this->whmcs->clock->now()->modify(sprintf('%+d days', $days))->format('Y-m-d');
        $due = $this->whmcs->capsule->table('tbldomains')
            ->where(static function ($query): void {
                $query->where('donotrenew', 0)->orWhere('status', 'Pending');
            })
            ->whereIn('status', ['Pending', 'Active'])
            ->where('nextduedate', '!=', '0000-00-00')
            ->where('nextduedate', '<=', $until)
            ->orderBy('domain')
            ->get();
        foreach ($due as $domain) {
            $dueDate = DomainTable::dateOf($domain->nextduedate);
            $invoiced = $this->itemCount((int) $domain->userid, (int) $domain->id, $dueDate) > 0;
            if (!DomainTable::isRealDate($dueDate) || $invoiced) {
                continue;
            }
            $first = DomainTable::dateOf($domain->registrationdate) === $dueDate;
            $type = $first ? ($domain->type === 'Transfer' ? 'DomainTransfer' : 'DomainRegister') : 'Domain';
            $this->whmcs->capsule->table('tblinvoiceitems')->insert([
                'invoiceid' => 0,
                'userid' => (int) $domain->userid,
                'type' => $type,
                'relid' => (int) $domain->id,
                'description' => sprintf(
                    '%s - %s - %d Year/s',
                    $first ? 'Domain ' . ($type === 'DomainTransfer' ? 'Transfer' : 'Registration') : 'Domain Renewal',
                    $domain->domain,
                    (int) $domain->registrationperiod,
                ),
                'amount' => $first ? $domain->firstpaymentamount : $domain->recurringamount,
                'taxed' => 0,
                'duedate' => $dueDate,
                'paymentmethod' => (string) $domain->paymentmethod,
                'notes' => '',
            ]);
        }

        return $this->invoiceLooseItems();
    }

    /**
     * Marks an invoice paid and does what WHMCS does for each domain item on it (rule B2): the
     * domain's next due date moves on by its registration period; for a renewal item of a domain
     * that is not Pending, Cancelled or Fraud, with "Auto Renew on Payment" on and a registrar
     * set, the module's RenewDomain runs (which moves the expiry date, rule R1).
     *
     * @return array<int, array<string, mixed>> domain id => RenewDomain's result, for each renewal run
     */
    public function payInvoice(int $invoiceId): array
    {
        $invoice = $this->invoice($invoiceId);
        if ($invoice->status !== 'Unpaid') {
            throw new \LogicException(sprintf('Invoice %d is %s, not Unpaid', $invoiceId, $invoice->status));
        }
        $now = $this->whmcs->clock->now()->format('Y-m-d H:i:s');
        $this->whmcs->capsule->table('tblinvoices')->where('id', $invoiceId)
            ->update(['status' => 'Paid', 'datepaid' => $now, 'updated_at' => $now]);
        $renewals = [];
        $items = $this->whmcs->capsule->table('tblinvoiceitems')->where('invoiceid', $invoiceId)
            ->whereIn('type', self::DOMAIN_ITEM_TYPES)->orderBy('id')->get();
        foreach ($items as $item) {
            $domain = $this->whmcs->domains->find((int) $item->relid);
            if ($domain === null) {
                continue;
            }
            $nextDue = DomainTable::dateOf($domain->nextduedate);
            if (DomainTable::isRealDate($nextDue)) {
                $this->whmcs->domains->update((int) $domain->id, [
                    'nextduedate' => self::addYears($nextDue, (int) $domain->registrationperiod),
                ]);
            }
            $renewable = !in_array((string) $domain->status, ['Pending', 'Cancelled', 'Fraud'], true);
            if ($item->type === 'Domain' && $renewable && (string) $domain->registrar !== '') {
                if ($this->whmcs->config('AutoRenewDomainsonPayment') === 'on') {
                    $this->whmcs->logActivity('Running Automatic Domain Renewal on Payment', (int) $domain->userid);
                    $renewals[(int) $domain->id] = $this->whmcs->registrar()->renew((int) $domain->id);
                }
            }
        }

        return $renewals;
    }

    /**
     * Part of the daily expiry task (rule B3): an Unpaid invoice holding a renewal item of a
     * domain that has just expired is cancelled when that domain is all it bills, otherwise the
     * domain's items are taken off it.
     *
     * @param list<int> $domainIds
     */
    public function cancelRenewalInvoicesOfExpired(array $domainIds): void
    {
        foreach ($domainIds as $domainId) {
            $items = $this->whmcs->capsule->table('tblinvoiceitems')
                ->where('type', 'Domain')->where('relid', $domainId)->where('invoiceid', '>', 0)->get();
            foreach ($items as $item) {
                $invoice = $this->whmcs->capsule->table('tblinvoices')->where('id', (int) $item->invoiceid)->first();
                if ($invoice === null || $invoice->status !== 'Unpaid') {
                    continue;
                }
                $others = $this->whmcs->capsule->table('tblinvoiceitems')->where('invoiceid', (int) $invoice->id)
                    ->where(static function ($query) use ($domainId): void {
                        $query->where('relid', '!=', $domainId)->orWhereNotIn('type', ['Domain', 'PromoDomain']);
                    })->count();
                if ($others === 0) {
                    $now = $this->whmcs->clock->now()->format('Y-m-d H:i:s');
                    $this->whmcs->capsule->table('tblinvoices')->where('id', (int) $invoice->id)
                        ->update(['status' => 'Cancelled', 'date_cancelled' => $now, 'updated_at' => $now]);
                    $this->whmcs->logActivity(
                        'Cancelled Domain Renewal Invoice - Invoice ID: ' . $invoice->id,
                        (int) $item->userid,
                    );
                } else {
                    $this->whmcs->capsule->table('tblinvoiceitems')->where('invoiceid', (int) $invoice->id)
                        ->where('relid', $domainId)->whereIn('type', ['Domain', 'PromoDomain'])->delete();
                    $this->updateTotal((int) $invoice->id);
                }
            }
        }
    }

    /**
     * The renewal invoices of a domain: invoices holding a 'Domain' item for it, optionally only
     * for one due date and only in some statuses.
     *
     * @param list<string> $statuses e.g. ['Unpaid', 'Paid'] (empty: any)
     * @return list<object> tblinvoices rows, oldest first
     */
    public function renewalInvoices(int $domainId, ?string $dueDate = null, array $statuses = []): array
    {
        $items = $this->whmcs->capsule->table('tblinvoiceitems')
            ->where('type', 'Domain')->where('relid', $domainId)->where('invoiceid', '>', 0);
        if ($dueDate !== null) {
            $items->where('duedate', $dueDate);
        }
        $ids = array_values(array_unique(array_map(
            static fn (object $item): int => (int) $item->invoiceid,
            $items->get()->all(),
        )));
        if ($ids === []) {
            return [];
        }
        $invoices = $this->whmcs->capsule->table('tblinvoices')->whereIn('id', $ids)->orderBy('id');
        if ($statuses !== []) {
            $invoices->whereIn('status', $statuses);
        }

        return $invoices->get()->all();
    }

    /**
     * How many renewal invoices a domain has (Unpaid or Paid unless $statuses says otherwise):
     * more than one for the same due date means the client was billed twice for one year.
     *
     * @param list<string> $statuses
     */
    public function renewalInvoiceCount(
        int $domainId,
        ?string $dueDate = null,
        array $statuses = ['Unpaid', 'Paid'],
    ): int {
        return count($this->renewalInvoices($domainId, $dueDate, $statuses));
    }

    /** @throws \OutOfBoundsException */
    public function invoice(int $invoiceId): object
    {
        return $this->whmcs->capsule->table('tblinvoices')->where('id', $invoiceId)->first()
            ?? throw new \OutOfBoundsException('No invoice with id ' . $invoiceId);
    }

    /** 'Y-m-d' plus whole years, as WHMCS's mktime() does it (29 February rolls to 1 March). */
    public static function addYears(string $date, int $years): string
    {
        [$year, $month, $day] = array_map('intval', explode('-', $date));

        return gmdate('Y-m-d', (int) gmmktime(0, 0, 0, $month, $day, $year + $years));
    }

    /**
     * Puts every item not yet on an invoice on one: one invoice per client, due date and payment
     * method (createInvoicesProcess).
     *
     * @return list<int>
     */
    private function invoiceLooseItems(): array
    {
        $groups = $this->whmcs->capsule->table('tblinvoiceitems')->where('invoiceid', 0)
            ->orderBy('duedate')->orderBy('id')->get()
            ->groupBy(static fn (object $item): string => implode('|', [
                $item->userid,
                DomainTable::dateOf($item->duedate),
                $item->paymentmethod,
            ]));
        $created = [];
        foreach ($groups as $items) {
            $first = $items->first();
            $now = $this->whmcs->clock->now()->format('Y-m-d H:i:s');
            $invoiceId = (int) $this->whmcs->capsule->table('tblinvoices')->insertGetId([
                'userid' => (int) $first->userid,
                'date' => $this->whmcs->clock->today(),
                'duedate' => DomainTable::dateOf($first->duedate),
                'status' => 'Unpaid',
                'paymentmethod' => (string) $first->paymentmethod,
                'created_at' => $now,
                'updated_at' => $now,
            ]);
            $this->whmcs->capsule->table('tblinvoiceitems')
                ->whereIn('id', $items->pluck('id')->all())
                ->update(['invoiceid' => $invoiceId]);
            $this->updateTotal($invoiceId);
            $this->whmcs->logActivity('Created Invoice - Invoice ID: ' . $invoiceId, (int) $first->userid);
            $created[] = $invoiceId;
        }

        return $created;
    }

    private function itemCount(int $userId, int $domainId, string $dueDate): int
    {
        return $this->whmcs->capsule->table('tblinvoiceitems')
            ->where('userid', $userId)
            ->whereIn('type', self::DOMAIN_ITEM_TYPES)
            ->where('relid', $domainId)
            ->where('duedate', $dueDate)
            ->count();
    }

    private function updateTotal(int $invoiceId): void
    {
        $total = (float) $this->whmcs->capsule->table('tblinvoiceitems')->where('invoiceid', $invoiceId)->sum('amount');
        $this->whmcs->capsule->table('tblinvoices')->where('id', $invoiceId)
            ->update(['subtotal' => $total, 'total' => $total]);
    }
}
