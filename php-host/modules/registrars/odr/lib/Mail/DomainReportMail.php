<?php

declare(strict_types=1);

namespace WHMCS\Module\Registrar\Odr\Mail;

/**
 * The domain sync report: active WHMCS domains against the domains registered at ODR.
 */
final class DomainReportMail implements ReportMail
{
    /** @param array<string, mixed> $report a WIT domain-report */
    public function __construct(private readonly array $report)
    {
    }

    public function hasDifferences(): bool
    {
        return $this->differenceCount() > 0;
    }

    public function differenceCount(): int
    {
        return count($this->missingAtOdr()) + count($this->unknownToPanel()) + count($this->expiryMismatches());
    }

    public function subject(): string
    {
        return $this->hasDifferences()
            ? sprintf('ODR domain report: %d difference(s) between WHMCS and ODR', $this->differenceCount())
            : 'ODR domain report: WHMCS and ODR match';
    }

    public function summary(): string
    {
        return sprintf(
            'domain report: %d WHMCS domain(s), %d ODR domain(s), %d missing at ODR, %d unknown to WHMCS, '
            . '%d expiry mismatch(es)',
            (int) ($this->report['panel-count'] ?? 0),
            (int) ($this->report['odr-count'] ?? 0),
            count($this->missingAtOdr()),
            count($this->unknownToPanel()),
            count($this->expiryMismatches()),
        );
    }

    public function html(): string
    {
        $html = '<p>' . htmlspecialchars($this->intro(), ENT_QUOTES, 'UTF-8') . '</p>';
        foreach ($this->sections() as $title => $table) {
            $html .= '<h3>' . htmlspecialchars($title, ENT_QUOTES, 'UTF-8') . '</h3>' . $table->html();
        }

        return $html;
    }

    public function text(): string
    {
        $text = $this->intro() . "\n";
        foreach ($this->sections() as $title => $table) {
            $text .= "\n" . $title . "\n" . $table->text() . "\n";
        }

        return $text;
    }

    private function intro(): string
    {
        return sprintf(
            'Compared %d active WHMCS domain(s) using the ODR module with %d domain(s) registered at ODR. %s',
            (int) ($this->report['panel-count'] ?? 0),
            (int) ($this->report['odr-count'] ?? 0),
            $this->hasDifferences() ? 'Differences are listed below.' : 'Everything matches.',
        );
    }

    /** @return array<string, Table> */
    private function sections(): array
    {
        $sections = [];
        if ($this->missingAtOdr() !== []) {
            $sections['Active in WHMCS, not registered at ODR'] = new Table(
                ['Domain'],
                array_map(static fn (string $domain): array => [$domain], $this->missingAtOdr()),
            );
        }
        if ($this->unknownToPanel() !== []) {
            $sections['Registered at ODR, not active in WHMCS'] = new Table(
                ['Domain'],
                array_map(static fn (string $domain): array => [$domain], $this->unknownToPanel()),
            );
        }
        if ($this->expiryMismatches() !== []) {
            $sections['Different expiry dates'] = new Table(
                ['Domain', 'WHMCS', 'ODR'],
                array_map(static fn (array $row): array => [
                    (string) $row['domain'],
                    (string) ($row['panel'] ?? 'none'),
                    (string) ($row['odr'] ?? 'none'),
                ], $this->expiryMismatches()),
            );
        }

        return $sections;
    }

    /** @return list<string> */
    private function missingAtOdr(): array
    {
        return array_values(array_map('strval', $this->report['missing-at-odr'] ?? []));
    }

    /** @return list<string> */
    private function unknownToPanel(): array
    {
        return array_values(array_map('strval', $this->report['unknown-to-panel'] ?? []));
    }

    /** @return list<array<string, mixed>> */
    private function expiryMismatches(): array
    {
        return array_values($this->report['expiry-mismatches'] ?? []);
    }
}
