<?php

declare(strict_types=1);

namespace WHMCS\Module\Registrar\Odr\Mail;

/**
 * The first-sync preview: each domain whose expiry date or next due date the expiry sync would
 * change, and by how many days, so the admin sees which renewal invoices would move.
 */
final class ExpiryPreviewMail implements ReportMail
{
    /** @var list<array<string, mixed>> */
    private readonly array $changes;

    /** @param list<array<string, mixed>> $rows WIT preview-row records */
    public function __construct(array $rows, private readonly int $domainCount)
    {
        $this->changes = array_values(array_filter($rows, self::changes(...)));
    }

    public function hasChanges(): bool
    {
        return $this->changes !== [];
    }

    public function subject(): string
    {
        return sprintf(
            'ODR expiry sync preview: %d of %d domain(s) would change',
            count($this->changes),
            $this->domainCount,
        );
    }

    public function summary(): string
    {
        return sprintf(
            'expiry sync preview: %d of %d domain(s) would change, nothing was written',
            count($this->changes),
            $this->domainCount,
        );
    }

    public function html(): string
    {
        $html = '<p>' . htmlspecialchars($this->intro(), ENT_QUOTES, 'UTF-8') . '</p>';

        return $this->changes === [] ? $html : $html . $this->table()->html();
    }

    public function text(): string
    {
        return $this->intro() . "\n" . ($this->changes === [] ? '' : "\n" . $this->table()->text() . "\n");
    }

    private function intro(): string
    {
        return sprintf(
            'What the ODR expiry sync would change in WHMCS (nothing has been changed): %d of %d domain(s).',
            count($this->changes),
            $this->domainCount,
        );
    }

    private function table(): Table
    {
        $date = static fn (mixed $value): string => $value === null ? 'none' : (string) $value;

        return new Table(
            [
                'Domain', 'Expiry now', 'Expiry after sync', 'Shift (days)',
                'Next due now', 'Next due after sync', 'Problem',
            ],
            array_map(static fn (array $row): array => [
                (string) $row['domain'],
                $date($row['current-expiry'] ?? null),
                $date($row['new-expiry'] ?? null),
                ($row['shift-days'] ?? null) === null ? '' : sprintf('%+d', (int) $row['shift-days']),
                $date($row['current-next-due'] ?? null),
                $date($row['new-next-due'] ?? null),
                (string) ($row['problem'] ?? ''),
            ], $this->changes),
        );
    }

    /** @param array<string, mixed> $row */
    private static function changes(array $row): bool
    {
        if (($row['problem'] ?? null) !== null) {
            return true;
        }
        $newExpiry = $row['new-expiry'] ?? null;
        $newNextDue = $row['new-next-due'] ?? null;

        return ($newExpiry !== null && $newExpiry !== ($row['current-expiry'] ?? null))
            || ($newNextDue !== null && $newNextDue !== ($row['current-next-due'] ?? null));
    }
}
