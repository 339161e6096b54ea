<?php

declare(strict_types=1);

namespace OdrTests\Whmcs\Emulation;

/**
 * What WHMCS does with a Sync or TransferSync answer (contract §4, the DomainStatusSync and
 * DomainTransferSync tasks): only the documented keys count; `expired` is ignored.
 */
final class SyncApplier
{
    public function __construct(private readonly Whmcs $whmcs)
    {
    }

    /**
     * Applies a Sync answer (unless "Domain Sync Notify Only" is on) and marks the domain synced.
     *
     * @return list<string> what changed (or would have), for the sync report
     */
    public function applySync(object $domain, mixed $response): array
    {
        $update = ['synced' => 1];
        $items = [];
        if (is_array($response) && empty($response['error'])) {
            $status = (string) $domain->status;
            if (!empty($response['active']) && $status !== 'Active') {
                $update['status'] = 'Active';
                $items[] = 'Status Changed to Active';
            }
            if (!empty($response['cancelled']) && $status === 'Active') {
                $update['status'] = 'Cancelled';
                $items[] = 'Status Changed to Cancelled';
            }
            $expiry = $response['expirydate'] ?? null;
            if (!empty($expiry) && DomainTable::dateOf($domain->expirydate) !== $expiry) {
                $update['expirydate'] = $expiry;
                $update['reminders'] = '';
                $items[] = 'Expiry Date updated to ' . fromMySQLDate((string) $expiry);
            }
            $away = !in_array($status, ['Transferred Away', 'Pending Registration'], true);
            if (!empty($response['transferredAway']) && $away) {
                $update['status'] = 'Transferred Away';
                $items[] = 'Status Changed to Transferred Away';
            }
            $nextDue = $this->nextDueDate($expiry);
            if ($nextDue !== null && $nextDue !== DomainTable::dateOf($domain->nextduedate)) {
                $update['nextduedate'] = $nextDue;
                $update['nextinvoicedate'] = $nextDue;
                $items[] = 'Next Due Date updated to ' . fromMySQLDate($nextDue);
            }
        }
        if ($this->whmcs->config('DomainSyncNotifyOnly') === 'on') {
            $update = ['synced' => 1];
        }
        $this->whmcs->domains->update((int) $domain->id, $update);

        return $items;
    }

    /**
     * Applies a TransferSync answer; $sync fetches the expiry when a completed transfer gave none.
     *
     * @param callable(): mixed $sync
     * @return string the report line's outcome
     */
    public function applyTransferSync(object $domain, array $response, callable $sync): string
    {
        $update = [];
        if (!empty($response['active']) || !empty($response['completed'])) {
            $outcome = 'Transfer Completed';
            $update['status'] = 'Active';
            if (empty($response['expirydate'])) {
                $response = (array) $sync();
            }
            if (!empty($response['expirydate'])) {
                $update['expirydate'] = $response['expirydate'];
                $update['reminders'] = '';
                $outcome .= ' - In Sync';
            }
            $nextDue = $this->nextDueDate($response['expirydate'] ?? null);
            if ($nextDue !== null) {
                $update['nextduedate'] = $nextDue;
                $update['nextinvoicedate'] = $nextDue;
            }
        } elseif (!empty($response['failed'])) {
            $outcome = 'Transfer Failed';
            $update['status'] = 'Cancelled';
        } else {
            return 'Transfer Still In Progress';
        }
        if ($this->whmcs->config('DomainSyncNotifyOnly') === 'on') {
            return $outcome;
        }
        $this->whmcs->domains->update((int) $domain->id, $update);
        $vars = [
            'domainId' => (int) $domain->id,
            'domain' => (string) $domain->domain,
            'registrationPeriod' => (int) $domain->registrationperiod,
            'expiryDate' => $update['expirydate'] ?? DomainTable::dateOf($domain->expirydate),
            'registrar' => (string) $domain->registrar,
        ];
        if ($update['status'] === 'Active') {
            $this->sendTemplate('Domain Transfer Completed', $domain, []);
            run_hook('DomainTransferCompleted', $vars);
        } else {
            $reason = trim((string) ($response['reason'] ?? ''));
            $this->sendTemplate('Domain Transfer Failed', $domain, [
                'domain_transfer_failure_reason' => $reason === '' ? 'Reason unavailable' : $reason,
            ]);
            run_hook('DomainTransferFailed', $vars);
        }

        return $outcome;
    }

    /** The next due date WHMCS derives from an expiry date, when "Sync Next Due Date" is on. */
    private function nextDueDate(mixed $expiry): ?string
    {
        if (empty($expiry) || $this->whmcs->config('DomainSyncNextDueDate') === '') {
            return null;
        }
        $days = (int) $this->whmcs->config('DomainSyncNextDueDateDays');
        $parts = explode('-', (string) $expiry);
        if (count($parts) !== 3) {
            return (string) $expiry;
        }

        return gmdate('Y-m-d', (int) gmmktime(0, 0, 0, (int) $parts[1], (int) $parts[2] - $days, (int) $parts[0]));
    }

    /** @param array<string, string> $vars */
    private function sendTemplate(string $template, object $domain, array $vars): void
    {
        $client = $this->whmcs->capsule->table('tblclients')->where('id', (int) $domain->userid)->first();
        $email = (string) ($client->email ?? '');
        $this->whmcs->outbox->add($email, (int) $domain->userid, $template, $template, '', (int) $domain->id, $vars);
    }
}
