<?php

declare(strict_types=1);

namespace WHMCS\Module\Registrar\Odr\Capability;

use Illuminate\Database\Query\Builder;
use Illuminate\Database\QueryException;
use Illuminate\Database\Schema\Blueprint;
use Odr\Panel\Capability\StateStore as PanelStateStore;
use WHMCS\Database\Capsule;

/**
 * The component's state capability in WHMCS: the module table `mod_odr_state` through WHMCS's
 * Capsule, tokens encrypted with WHMCS's encrypt() and read with decrypt(). The rules (expiry,
 * encryption of sensitive keys, error messages) are the shared Odr\Panel\Capability\StateStore.
 *
 * Registrar modules have no install hook, so the table is created the first time a query
 * finds it missing. Works on MySQL/MariaDB (keys compared byte-wise) and SQLite.
 */
final class StateStore extends PanelStateStore
{
    public const TABLE = 'mod_odr_state';

    /** Insert or replace a row in one statement, per database driver (others use the query builder). */
    private const UPSERT = [
        'mysql' => 'INSERT INTO `%s` (`key`, `value`, `expires_at`) VALUES (?, ?, ?) '
            . 'ON DUPLICATE KEY UPDATE `value` = VALUES(`value`), `expires_at` = VALUES(`expires_at`)',
        'sqlite' => 'INSERT INTO `%s` (`key`, `value`, `expires_at`) VALUES (?, ?, ?) '
            . 'ON CONFLICT(`key`) DO UPDATE SET `value` = excluded.`value`, `expires_at` = excluded.`expires_at`',
    ];

    protected function panelName(): string
    {
        return 'WHMCS';
    }

    protected function tableName(): string
    {
        return self::TABLE;
    }

    protected function readRow(string $key): ?array
    {
        // One prepared statement, not the query builder: every call reads one or two rows.
        $row = $this->withTable(fn (): ?object => Capsule::connection()->selectOne(
            'SELECT `value`, `expires_at` FROM `' . self::TABLE . '` WHERE `key` = ?',
            [$key],
        ));

        return $row === null ? null : [
            'value' => (string) $row->value,
            'expires_at' => $row->expires_at === null ? null : (int) $row->expires_at,
        ];
    }

    protected function writeRow(string $key, string $value, ?int $expiresAt): void
    {
        $upsert = self::UPSERT[Capsule::connection()->getDriverName()] ?? null;
        if ($upsert !== null) {
            // One atomic statement (the query builder's updateOrInsert takes two, and races).
            $this->withTable(fn (): int => Capsule::connection()->affectingStatement(
                sprintf($upsert, self::TABLE),
                [$key, $value, $expiresAt],
            ));

            return;
        }
        $this->withTable(function () use ($key, $value, $expiresAt): void {
            $values = ['value' => $value, 'expires_at' => $expiresAt];
            try {
                $this->table()->updateOrInsert(['key' => $key], $values);
            } catch (QueryException $e) {
                // Another process inserted the same key between our select and insert.
                if ($this->table()->where('key', $key)->update($values) === 0 && !$this->exists($key)) {
                    throw $e;
                }
            }
        });
    }

    protected function deleteRow(string $key): void
    {
        $this->withTable(fn (): int => $this->table()->where('key', $key)->delete());
    }

    /** INSERT OR IGNORE / INSERT IGNORE: the primary key decides between two processes. */
    protected function insertRowIfAbsent(string $key, string $value, ?int $expiresAt): bool
    {
        return $this->withTable(function () use ($key, $value, $expiresAt): bool {
            $this->table()->where('key', $key)->whereNotNull('expires_at')
                ->where('expires_at', '<=', time())->delete();

            return $this->table()->insertOrIgnore(
                ['key' => $key, 'value' => $value, 'expires_at' => $expiresAt]
            ) === 1;
        });
    }

    protected function encrypt(string $value): string
    {
        if (!function_exists('encrypt')) {
            throw new \RuntimeException(
                'WHMCS\'s encrypt() is not available, and the ODR login token is never stored unencrypted.'
            );
        }

        return (string) encrypt($value);
    }

    protected function decrypt(string $stored): ?string
    {
        if (!function_exists('decrypt')) {
            return null;
        }
        $value = decrypt($stored);

        return is_string($value) ? $value : null;
    }

    private function table(): Builder
    {
        return Capsule::table(self::TABLE);
    }

    private function exists(string $key): bool
    {
        return $this->table()->where('key', $key)->exists();
    }

    /**
     * Runs $query; when it fails because the table does not exist yet, creates it and retries once.
     *
     * @template T
     * @param callable(): T $query
     * @return T
     */
    private function withTable(callable $query): mixed
    {
        try {
            return $query();
        } catch (QueryException $e) {
            if (Capsule::schema()->hasTable(self::TABLE)) {
                throw $e;
            }
            $this->createTable();

            return $query();
        }
    }

    private function createTable(): void
    {
        $mysql = Capsule::connection()->getDriverName() === 'mysql';
        Capsule::schema()->create(self::TABLE, static function (Blueprint $table) use ($mysql): void {
            $key = $table->string('key', 191);
            if ($mysql) {
                // Keys are case-sensitive identifiers, compared and sorted byte-wise.
                $key->collation('utf8mb4_bin');
            }
            $key->primary();
            $table->mediumText('value');
            $table->unsignedBigInteger('expires_at')->nullable()->index();
        });
    }
}
