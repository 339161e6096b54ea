<?php

declare(strict_types=1);

namespace WHMCS\Module\Registrar\Odr\Component;

use Illuminate\Database\Query\Builder;
use Illuminate\Database\QueryException;
use Illuminate\Database\Schema\Blueprint;
use WHMCS\Database\Capsule;

/**
 * The component's persistent key-value capability, kept in the module table `mod_odr_state`.
 *
 * Registrar modules have no install hook, so the table is created the first time a query
 * finds it missing. Works on MySQL/MariaDB (keys compared byte-wise) and SQLite.
 */
final class StateStore
{
    public const TABLE = 'mod_odr_state';

    public function get(string $key): ?string
    {
        $row = $this->withTable(fn (): ?object => $this->table()->where('key', $key)->first());
        if ($row === null) {
            return null;
        }
        if ($this->isExpired($row)) {
            $this->delete($key);

            return null;
        }

        return (string) $row->value;
    }

    public function set(string $key, string $value, ?int $ttlSeconds): void
    {
        $expiresAt = $ttlSeconds === null ? null : time() + $ttlSeconds;
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

    public function delete(string $key): void
    {
        $this->withTable(fn (): int => $this->table()->where('key', $key)->delete());
    }

    /**
     * Stores $value under $key only when no live value is there, atomically: the primary key
     * decides between two processes adding the same key at once (INSERT OR IGNORE / INSERT
     * IGNORE), and exactly one of them gets true. An expired row counts as absent.
     */
    public function add(string $key, string $value, ?int $ttlSeconds): bool
    {
        $expiresAt = $ttlSeconds === null ? null : time() + $ttlSeconds;

        return $this->withTable(function () use ($key, $value, $expiresAt): bool {
            $this->table()->where('key', $key)->whereNotNull('expires_at')
                ->where('expires_at', '<=', time())->delete();

            return $this->table()->insertOrIgnore(
                ['key' => $key, 'value' => $value, 'expires_at' => $expiresAt]
            ) === 1;
        });
    }

    private function table(): Builder
    {
        return Capsule::table(self::TABLE);
    }

    private function exists(string $key): bool
    {
        return $this->table()->where('key', $key)->exists();
    }

    private function isExpired(object $row): bool
    {
        return $row->expires_at !== null && (int) $row->expires_at <= time();
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
