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
 *
 * Sensitive entries (keys beginning `odr:token:`, see the state interface in
 * wit/registrar.wit) are stored encrypted with WHMCS's encrypt() and read with decrypt(); one
 * that does not decrypt reads as absent. A database failure is rethrown as a RuntimeException
 * that names the operation and the key and carries the driver's message only: never the SQL
 * with its bound values (a token), and without the original exception as previous.
 */
final class StateStore
{
    public const TABLE = 'mod_odr_state';

    /** Keys whose values are credentials, encrypted at rest. */
    public const SENSITIVE_PREFIX = 'odr:token:';

    public function get(string $key): ?string
    {
        $row = $this->guarded('read', $key, fn (): ?object => $this->withTable(
            fn (): ?object => $this->table()->where('key', $key)->first()
        ));
        if ($row === null) {
            return null;
        }
        if ($this->isExpired($row)) {
            $this->delete($key);

            return null;
        }
        $value = (string) $row->value;
        if (self::isSensitive($key)) {
            $value = self::decrypted($value);
        }

        return $value;
    }

    public function set(string $key, string $value, ?int $ttlSeconds): void
    {
        $expiresAt = $ttlSeconds === null ? null : time() + $ttlSeconds;
        if (self::isSensitive($key)) {
            $value = self::encrypted($value);
        }
        $this->guarded('write', $key, fn () => $this->withTable(function () use ($key, $value, $expiresAt): void {
            $values = ['value' => $value, 'expires_at' => $expiresAt];
            try {
                $this->table()->updateOrInsert(['key' => $key], $values);
            } catch (QueryException $e) {
                // Another process inserted the same key between our select and insert.
                if ($this->table()->where('key', $key)->update($values) === 0 && !$this->exists($key)) {
                    throw $e;
                }
            }
        }));
    }

    public function delete(string $key): void
    {
        $this->guarded('delete', $key, fn (): int => $this->withTable(
            fn (): int => $this->table()->where('key', $key)->delete()
        ));
    }

    public static function isSensitive(string $key): bool
    {
        return str_starts_with($key, self::SENSITIVE_PREFIX);
    }

    private static function encrypted(string $value): string
    {
        if (!function_exists('encrypt')) {
            throw new \RuntimeException(
                'WHMCS\'s encrypt() is not available, and the ODR login token is never stored unencrypted.'
            );
        }

        return (string) encrypt($value);
    }

    /** The decrypted value, or null (absent: the component logs in again) when it does not decrypt. */
    private static function decrypted(string $stored): ?string
    {
        if (!function_exists('decrypt')) {
            return null;
        }
        try {
            $value = decrypt($stored);
        } catch (\Throwable) {
            return null;
        }

        return is_string($value) && $value !== '' ? $value : null;
    }

    /**
     * Stores $value under $key only when no live value is there, atomically: the primary key
     * decides between two processes adding the same key at once (INSERT OR IGNORE / INSERT
     * IGNORE), and exactly one of them gets true. An expired row counts as absent.
     */
    public function add(string $key, string $value, ?int $ttlSeconds): bool
    {
        $expiresAt = $ttlSeconds === null ? null : time() + $ttlSeconds;
        if (self::isSensitive($key)) {
            $value = self::encrypted($value);
        }

        return $this->guarded('write', $key, fn (): bool => $this->withTable(
            function () use ($key, $value, $expiresAt): bool {
                $this->table()->where('key', $key)->whereNotNull('expires_at')
                    ->where('expires_at', '<=', time())->delete();

                return $this->table()->insertOrIgnore(
                    ['key' => $key, 'value' => $value, 'expires_at' => $expiresAt]
                ) === 1;
            }
        ));
    }

    /**
     * Runs a database operation; a failure becomes a RuntimeException without the SQL, the bound
     * values or the original exception (whose message and trace hold them).
     *
     * @template T
     * @param callable(): T $operation
     * @return T
     */
    private function guarded(string $verb, string $key, callable $operation): mixed
    {
        try {
            return $operation();
        } catch (\Throwable $e) {
            throw new \RuntimeException(sprintf(
                'WHMCS database error while trying to %s the module state \'%s\' in %s: %s',
                $verb,
                $key,
                self::TABLE,
                self::driverMessage($e),
            ));
        }
    }

    /** The driver's own message (e.g. "SQLSTATE[HY000]: General error: 5 database is locked"). */
    private static function driverMessage(\Throwable $error): string
    {
        $pdo = $error instanceof \PDOException ? $error : $error->getPrevious();
        $message = $pdo instanceof \PDOException ? $pdo->getMessage() : get_class($error);
        // Laravel appends "(Connection: ..., SQL: ...)" with the bound values filled in.
        $message = (string) preg_replace('/\s*\((Connection|SQL):.*$/s', '', $message);
        if (method_exists('Odr\\Registrar', 'mask')) {
            $message = \Odr\Registrar::mask($message, []);
        }

        return trim($message) === '' ? get_class($error) : trim($message);
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
