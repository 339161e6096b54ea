<?php

declare(strict_types=1);

namespace OdrTests\Whmcs\Emulation;

/**
 * One run of WHMCS's cron (contract §4): the Domain Status Sync task (50 domains per run on a
 * rolling basis), the Domain Transfer Sync task (every Pending Transfer), and on the daily run
 * the DailyCronJob hooks. The sync reports go to the admins as WHMCS sends them.
 */
final class CronRunner
{
    public const BATCH = 50;

    private readonly RegistrarRunner $registrar;
    private readonly SyncApplier $applier;
    private readonly ParamsBuilder $params;

    public function __construct(private readonly Whmcs $whmcs)
    {
        $this->registrar = new RegistrarRunner($whmcs);
        $this->applier = new SyncApplier($whmcs);
        $this->params = new ParamsBuilder($whmcs);
    }

    /** @return string the sync reports of this run */
    public function run(bool $daily = false): string
    {
        run_hook('PreCronJob', []);
        $report = $this->domainStatusSync() . $this->domainTransferSync();
        if ($daily) {
            run_hook('DailyCronJob', []);
        }
        run_hook('AfterCronJob', []);

        return $report;
    }

    /**
     * WHMCS's daily billing and expiry tasks, in WHMCS's order: CreateInvoices (rule B1), then
     * UpdateDomainExpiryStatus (rules D1, B3). Not part of run(): a test asks for them, after
     * moving the clock with $whmcs->clock->advanceDays().
     *
     * @return array{invoices: list<int>, expiry: array{Grace: list<int>, Redemption: list<int>, Expired: list<int>}}
     */
    public function dailyTasks(): array
    {
        return ['invoices' => $this->createInvoices(), 'expiry' => $this->updateDomainExpiryStatus()];
    }

    /** @return list<int> the invoices created (Billing::createInvoices()) */
    public function createInvoices(): array
    {
        return $this->whmcs->billing()->createInvoices();
    }

    /** @return array{Grace: list<int>, Redemption: list<int>, Expired: list<int>} the domains moved */
    public function updateDomainExpiryStatus(): array
    {
        return (new DomainExpiryTask($this->whmcs))->run();
    }

    public function domainStatusSync(): string
    {
        if ($this->whmcs->config('DomainSyncEnabled') === '') {
            $this->whmcs->logActivity('Domain Sync Cron: Disabled. Run Aborted.');

            return '';
        }
        $due = fn () => $this->whmcs->capsule->table('tbldomains')
            ->where('registrar', '!=', '')
            ->whereIn('status', ['Active', 'Pending Registration'])
            ->where('synced', 0);
        if ($due()->count() === 0) {
            $this->whmcs->capsule->table('tbldomains')->update(['synced' => 0]);
        }
        $report = "Active Domain Syncs\n";
        $curlErrors = [];
        foreach ($due()->orderBy('status', 'desc')->orderBy('id')->limit(self::BATCH)->get() as $domain) {
            $response = [];
            if ($this->handles($domain, 'Sync') && !in_array($domain->registrar, $curlErrors, true)) {
                $response = $this->registrar->call('Sync', $this->params->syncParams($domain));
            }
            $items = $this->applier->applySync($domain, $response);
            $report .= ' - ' . $domain->domain . ': ';
            if (!is_array($response) || $response === []) {
                $report .= in_array($domain->registrar, $curlErrors, true)
                    ? 'Sync Skipped Due to cURL Error'
                    : 'Sync Not Supported by Registrar Module';
            } elseif (!empty($response['error'])) {
                if (strtolower(substr((string) $response['error'], 0, 4)) === 'curl') {
                    $curlErrors[] = (string) $domain->registrar;
                }
                $report .= 'Error: ' . $response['error'];
            } elseif ($items === []) {
                $report .= 'In Sync';
            } else {
                $notifyOnly = $this->whmcs->config('DomainSyncNotifyOnly') === 'on';
                $report .= ($notifyOnly ? 'Out of Sync ' : '') . implode(', ', $items);
            }
            $report .= "\n";
        }
        $this->whmcs->logActivity('Domain Sync Cron: Completed');
        $this->whmcs->outbox->add('admins', 0, null, 'WHMCS Domain Synchronisation Cron Report', $report);

        return $report;
    }

    public function domainTransferSync(): string
    {
        if ($this->whmcs->config('DomainSyncEnabled') === '') {
            return '';
        }
        $report = '';
        $curlErrors = [];
        $pending = $this->whmcs->capsule->table('tbldomains')
            ->where('registrar', '!=', '')
            ->where('status', 'Pending Transfer')
            ->orderBy('id')
            ->get();
        foreach ($pending as $domain) {
            if (!$this->handles($domain, 'TransferSync') || in_array($domain->registrar, $curlErrors, true)) {
                continue;
            }
            $params = $this->params->syncParams($domain);
            $response = $this->registrar->call('TransferSync', $params);
            $report .= ' - ' . $domain->domain . ': ';
            if (!is_array($response)) {
                $report .= 'Error: invalid response';
            } elseif (!empty($response['error'])) {
                if (strtolower(substr((string) $response['error'], 0, 4)) === 'curl') {
                    $curlErrors[] = (string) $domain->registrar;
                }
                $report .= 'Error: ' . $response['error'];
            } else {
                $report .= $this->applier->applyTransferSync(
                    $domain,
                    $response,
                    fn () => $this->registrar->call('Sync', $params),
                );
            }
            $report .= "\n";
        }
        if ($report !== '') {
            $this->whmcs->logActivity('Domain Transfer Status Cron: Completed');
            $this->whmcs->outbox->add('admins', 0, null, 'WHMCS Domain Transfer Status Cron Report', $report);
        }

        return $report;
    }

    /** Only the module under test is installed: other registrars' domains have no module. */
    private function handles(object $domain, string $function): bool
    {
        return $domain->registrar === RegistrarRunner::MODULE && $this->registrar->functionExists($function);
    }
}
