<?php

declare(strict_types=1);

namespace OdrTests\Whmcs\Emulation;

use Illuminate\Database\Capsule\Manager;

/**
 * tbldomains, written only through here so every date written is checked.
 */
final class DomainTable
{
    public const DATE_COLUMNS = ['registrationdate', 'expirydate', 'nextduedate', 'nextinvoicedate'];

    public function __construct(private readonly Manager $capsule, private readonly Clock $clock)
    {
    }

    public function find(int $id): ?object
    {
        return $this->capsule->table('tbldomains')->where('id', $id)->first();
    }

    /** @throws \OutOfBoundsException */
    public function get(int $id): object
    {
        return $this->find($id) ?? throw new \OutOfBoundsException('No domain with id ' . $id);
    }

    /** @param array<string, mixed> $fields */
    public function insert(array $fields): int
    {
        $this->checkDates($fields, true);
        $now = $this->clock->now()->format('Y-m-d H:i:s');

        $fields += ['created_at' => $now, 'updated_at' => $now];

        return (int) $this->capsule->table('tbldomains')->insertGetId($fields);
    }

    /** @param array<string, mixed> $fields */
    public function update(int $id, array $fields): void
    {
        if ($fields === []) {
            return;
        }
        $this->checkDates($fields, false);
        $fields['updated_at'] = $this->clock->now()->format('Y-m-d H:i:s');
        $this->capsule->table('tbldomains')->where('id', $id)->update($fields);
    }

    /** A WHMCS date column value as 'Y-m-d' ('0000-00-00' for none). */
    public static function dateOf(mixed $value): string
    {
        return substr((string) $value, 0, 10);
    }

    public static function isRealDate(mixed $value): bool
    {
        if (!is_string($value) || preg_match('/^(\d{4})-(\d{2})-(\d{2})$/', $value, $m) !== 1) {
            return false;
        }

        return checkdate((int) $m[2], (int) $m[3], (int) $m[1]) && (int) $m[1] >= 1900;
    }

    /** @param array<string, mixed> $fields */
    private function checkDates(array $fields, bool $allowEmpty): void
    {
        foreach (self::DATE_COLUMNS as $column) {
            if (!array_key_exists($column, $fields)) {
                continue;
            }
            $value = $fields[$column];
            if ($allowEmpty && $value === '0000-00-00') {
                continue;
            }
            if (!self::isRealDate($value)) {
                $shown = var_export($value, true);
                throw new InvalidDateWritten(sprintf('tbldomains.%s would be set to %s', $column, $shown));
            }
        }
    }
}
