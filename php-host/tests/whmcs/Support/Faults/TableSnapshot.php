<?php

declare(strict_types=1);

namespace OdrTests\Whmcs\Support\Faults;

use Illuminate\Database\Capsule\Manager;
use OdrTests\Whmcs\Emulation\DomainTable;

/**
 * tbldomains (by domain name) and tblclients (by id) as comparable arrays: dates as Y-m-d,
 * every value a string, WHMCS's own bookkeeping columns left out.
 */
final class TableSnapshot
{
    /** Written by WHMCS itself on every update (not by the module). */
    private const BOOKKEEPING = ['updated_at'];

    /**
     * @param list<string> $ignored further columns to leave out (e.g. the cron's `synced` flag)
     * @return array{tbldomains: array<string, array<string, string>>, tblclients: array<string, array<string, string>>}
     */
    public static function take(Manager $capsule, array $ignored = []): array
    {
        $leaveOut = array_merge(self::BOOKKEEPING, $ignored);
        $rows = static function (string $table, string $key) use ($capsule, $leaveOut): array {
            $out = [];
            foreach ($capsule->table($table)->orderBy('id')->get() as $row) {
                $values = [];
                foreach ((array) $row as $column => $value) {
                    if (in_array($column, $leaveOut, true)) {
                        continue;
                    }
                    $values[$column] = in_array($column, DomainTable::DATE_COLUMNS, true)
                        ? DomainTable::dateOf($value)
                        : (string) $value;
                }
                $out[(string) $row->{$key}] = $values;
            }

            return $out;
        };

        return ['tbldomains' => $rows('tbldomains', 'domain'), 'tblclients' => $rows('tblclients', 'id')];
    }

    /**
     * A snapshot with the intended writes applied.
     *
     * @param array<string, array<string, array<string, string>>> $snapshot from take()
     * @param array<string, array<string, string>> $domainWrites domain => column => value
     * @return array<string, array<string, array<string, string>>>
     */
    public static function with(array $snapshot, array $domainWrites): array
    {
        foreach ($domainWrites as $domain => $columns) {
            if (!isset($snapshot['tbldomains'][$domain])) {
                throw new \LogicException('No domain ' . $domain . ' in the snapshot');
            }
            $snapshot['tbldomains'][$domain] = array_replace($snapshot['tbldomains'][$domain], $columns);
        }

        return $snapshot;
    }
}
