<?php

declare(strict_types=1);

namespace OdrTests\Whmcs\Support\Faults\Scenarios;

use OdrTests\Whmcs\Emulation\Whmcs;
use OdrTests\Whmcs\Support\Faults\Fault;
use OdrTests\Whmcs\Support\Faults\FaultScenario;
use OdrTests\Whmcs\Support\Faults\Outcome;

/**
 * The cron's Domain Status Sync over example.nl (answered by the domain list) and other.nl
 * (read on its own, with the token the first domain's call stored: the fault point).
 */
final class SyncScenario extends FaultScenario
{
    public function template(): string
    {
        return 'sync';
    }

    public function faultPoint(): string
    {
        return 'the second domain\'s `GET /domain/other.nl/info/` (warm token; the first domain '
            . 'was synced from `GET /domain/?page=1`)';
    }

    public function arrange(Whmcs $whmcs): void
    {
        $client = $whmcs->fixtures()->client();
        $whmcs->fixtures()->domain($client, 'example.nl', ['expirydate' => '2026-01-01']);
        $whmcs->fixtures()->domain($client, 'other.nl', ['expirydate' => '2026-01-01']);
    }

    public function act(Whmcs $whmcs): Outcome
    {
        $report = $whmcs->cron()->domainStatusSync();
        $lines = array_values(array_filter(
            explode("\n", $report),
            static fn (string $line): bool => str_starts_with($line, ' - '),
        ));
        $other = (string) (array_values(preg_grep('/^ - other\.nl: /', $lines))[0] ?? '');
        $succeeded = $other !== '' && !str_contains($other, 'Error') && !str_contains($other, 'Skipped');

        return Outcome::of($succeeded, implode("\n", $lines));
    }

    public function writesOnSuccess(): array
    {
        return ['example.nl' => ['expirydate' => '2026-03-01'], 'other.nl' => ['expirydate' => '2026-04-01']];
    }

    public function writesOnError(Fault $fault): array
    {
        // Connection refused: nothing answers, not even for the first domain.
        return $fault->isRefused() ? [] : ['example.nl' => ['expirydate' => '2026-03-01']];
    }

    public function ignoredColumns(): array
    {
        return ['synced'];
    }

    public function mails(bool $succeeded, Fault $fault): array
    {
        return ['WHMCS Domain Synchronisation Cron Report'];
    }
}
