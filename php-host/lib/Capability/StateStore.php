<?php

declare(strict_types=1);

namespace Odr\Panel\Capability;

/**
 * The component's persistent key-value capability (the `state` interface of wit/registrar.wit),
 * whatever table a panel keeps it in: expiry, the encryption of sensitive entries and the error
 * policy live here once; a panel's store supplies the rows and its own cipher.
 *
 * Sensitive entries (keys beginning `odr:token:`) are stored encrypted with the panel's own key
 * and read decrypted; one that does not decrypt reads as absent (the component logs in again).
 * A database failure is rethrown as a RuntimeException that names the operation and the key and
 * carries the driver's message only: never the SQL with its bound values (a token), and without
 * the original exception as previous.
 */
abstract class StateStore
{
    /** Keys whose values are credentials, encrypted at rest. */
    public const SENSITIVE_PREFIX = 'odr:token:';

    /** The panel's name as its admins know it, e.g. "WHMCS", for error messages. */
    abstract protected function panelName(): string;

    /** The table the entries live in, for error messages. */
    abstract protected function tableName(): string;

    /** @return array{value: string, expires_at: ?int}|null the stored row, expired or not */
    abstract protected function readRow(string $key): ?array;

    abstract protected function writeRow(string $key, string $value, ?int $expiresAt): void;

    abstract protected function deleteRow(string $key): void;

    /**
     * Removes an expired row under $key, then inserts the row unless one is there, atomically
     * (the primary key decides between two processes). True when this call inserted it.
     */
    abstract protected function insertRowIfAbsent(string $key, string $value, ?int $expiresAt): bool;

    /** @throws \RuntimeException when the panel cannot encrypt (a token is never stored in clear) */
    abstract protected function encrypt(string $value): string;

    /** The decrypted value, or null when it does not decrypt. */
    abstract protected function decrypt(string $stored): ?string;

    public function get(string $key): ?string
    {
        $row = $this->guarded('read', $key, fn (): ?array => $this->readRow($key));
        if ($row === null) {
            return null;
        }
        if ($row['expires_at'] !== null && $row['expires_at'] <= time()) {
            $this->delete($key);

            return null;
        }
        if (!self::isSensitive($key)) {
            return $row['value'];
        }
        try {
            $value = $this->decrypt($row['value']);
        } catch (\Throwable) {
            return null;
        }

        return $value === null || $value === '' ? null : $value;
    }

    public function set(string $key, string $value, ?int $ttlSeconds): void
    {
        $expiresAt = $ttlSeconds === null ? null : time() + $ttlSeconds;
        $stored = self::isSensitive($key) ? $this->encrypt($value) : $value;
        $this->guarded('write', $key, fn () => $this->writeRow($key, $stored, $expiresAt));
    }

    public function delete(string $key): void
    {
        $this->guarded('delete', $key, fn () => $this->deleteRow($key));
    }

    /**
     * Stores $value under $key only when no live value is there, atomically: of two processes
     * adding the same key at once exactly one gets true. An expired row counts as absent.
     */
    public function add(string $key, string $value, ?int $ttlSeconds): bool
    {
        $expiresAt = $ttlSeconds === null ? null : time() + $ttlSeconds;
        $stored = self::isSensitive($key) ? $this->encrypt($value) : $value;

        return $this->guarded('write', $key, fn (): bool => $this->insertRowIfAbsent($key, $stored, $expiresAt));
    }

    public static function isSensitive(string $key): bool
    {
        return str_starts_with($key, self::SENSITIVE_PREFIX);
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
                '%s database error while trying to %s the module state \'%s\' in %s: %s',
                $this->panelName(),
                $verb,
                $key,
                $this->tableName(),
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
}
