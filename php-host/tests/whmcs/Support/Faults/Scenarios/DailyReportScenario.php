<?php

declare(strict_types=1);

namespace OdrTests\Whmcs\Support\Faults\Scenarios;

use OdrTests\Whmcs\Emulation\Whmcs;
use OdrTests\Whmcs\Support\Faults\Fault;
use OdrTests\Whmcs\Support\Faults\FaultScenario;
use OdrTests\Whmcs\Support\Faults\Outcome;

/**
 * The daily cron run with "Daily domain report" on: the DailyCronJob hook compares WHMCS with
 * the two pages of the ODR domain list (page 2 is the fault point) and mails the differences.
 */
class DailyReportScenario extends FaultScenario
{
    public const SUBJECT = 'ODR domain report: 2 difference(s) between WHMCS and ODR';

    protected int $domainId = 0;

    public function template(): string
    {
        return 'domain_report';
    }

    public function faultPoint(): string
    {
        return 'page 2 of `GET /domain/?page=N` (mid-run, after page 1)';
    }

    public function settings(): array
    {
        return ['Syncdomain' => 'on', 'Primairydomain' => ''];
    }

    public function arrange(Whmcs $whmcs): void
    {
        // Only the hook runs: WHMCS's own domain sync is off.
        $whmcs->setConfig('DomainSyncEnabled', '');
        $client = $whmcs->fixtures()->client();
        $this->domainId = $whmcs->fixtures()->domain($client, 'example.nl', ['expirydate' => '2026-03-01']);
        $whmcs->fixtures()->domain($client, 'missing.nl', ['expirydate' => '2026-03-01']);
    }

    public function act(Whmcs $whmcs): Outcome
    {
        $whmcs->cron()->run(true);
        $subjects = array_column($whmcs->outbox->all(), 'subject');
        if ($subjects !== []) {
            return Outcome::of($subjects === [self::SUBJECT], 'e-mailed: ' . implode('; ', $subjects));
        }
        $failures = preg_grep('/^ODR: the daily domain report failed/', $this->activity($whmcs));

        return Outcome::of(false, implode("\n", $failures) ?: 'no e-mail and no activity line');
    }

    public function mails(bool $succeeded, Fault $fault): array
    {
        return $succeeded ? [self::SUBJECT] : [];
    }

    /** @return list<string> */
    protected function activity(Whmcs $whmcs): array
    {
        return array_map(
            static fn (object $row): string => (string) $row->description,
            $whmcs->capsule->table('tblactivitylog')->orderBy('id')->get()->all(),
        );
    }
}
