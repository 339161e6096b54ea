<?php

declare(strict_types=1);

namespace Odr\Panel\Capability;

/**
 * The state capability on a plain PDO connection (MySQL/MariaDB or SQLite), for panels that hand
 * their modules a PDO (FOSSBilling). The table is created the first time it is used; keys are
 * compared byte-wise. The panel supplies its cipher as two callables.
 */
final class PdoStateStore extends StateStore
{
    private bool $tableReady = false;

    /**
     * @param callable(string): string $encrypt the panel's encryption with its own key
     * @param callable(string): (string|false|null) $decrypt its inverse
     */
    public function __construct(
        private readonly \PDO $pdo,
        private readonly string $table,
        private readonly string $panel,
        private readonly mixed $encrypt,
        private readonly mixed $decrypt,
    ) {
        if (preg_match('/^[a-z_][a-z0-9_]*$/', $table) !== 1) {
            throw new \InvalidArgumentException('Not a table name: ' . $table);
        }
    }

    protected function panelName(): string
    {
        return $this->panel;
    }

    protected function tableName(): string
    {
        return $this->table;
    }

    protected function readRow(string $key): ?array
    {
        $row = $this->run('SELECT `value`, `expires_at` FROM %s WHERE `key` = ?', [$key])->fetch(\PDO::FETCH_ASSOC);
        if (!is_array($row)) {
            return null;
        }

        return [
            'value' => (string) $row['value'],
            'expires_at' => $row['expires_at'] === null ? null : (int) $row['expires_at'],
        ];
    }

    protected function writeRow(string $key, string $value, ?int $expiresAt): void
    {
        $sql = $this->isMysql()
            ? 'INSERT INTO %s (`key`, `value`, `expires_at`) VALUES (?, ?, ?) '
                . 'ON DUPLICATE KEY UPDATE `value` = VALUES(`value`), `expires_at` = VALUES(`expires_at`)'
            : 'INSERT INTO %s (`key`, `value`, `expires_at`) VALUES (?, ?, ?) '
                . 'ON CONFLICT(`key`) DO UPDATE SET `value` = excluded.`value`, `expires_at` = excluded.`expires_at`';
        $this->run($sql, [$key, $value, $expiresAt]);
    }

    protected function deleteRow(string $key): void
    {
        $this->run('DELETE FROM %s WHERE `key` = ?', [$key]);
    }

    protected function insertRowIfAbsent(string $key, string $value, ?int $expiresAt): bool
    {
        $this->run('DELETE FROM %s WHERE `key` = ? AND `expires_at` IS NOT NULL AND `expires_at` <= ?', [$key, time()]);
        $insert = $this->isMysql() ? 'INSERT IGNORE INTO' : 'INSERT OR IGNORE INTO';

        return $this->run($insert . ' %s (`key`, `value`, `expires_at`) VALUES (?, ?, ?)', [$key, $value, $expiresAt])
            ->rowCount() === 1;
    }

    protected function encrypt(string $value): string
    {
        $encrypted = ($this->encrypt)($value);
        if (!is_string($encrypted) || $encrypted === '' || $encrypted === $value) {
            throw new \RuntimeException(sprintf(
                '%s could not encrypt the ODR login token, and it is never stored unencrypted.',
                $this->panel,
            ));
        }

        return $encrypted;
    }

    protected function decrypt(string $stored): ?string
    {
        $value = ($this->decrypt)($stored);

        return is_string($value) ? $value : null;
    }

    /** @param list<string|int|null> $values */
    private function run(string $sql, array $values): \PDOStatement
    {
        if (!$this->tableReady) {
            $this->createTable();
            $this->tableReady = true;
        }
        $statement = $this->pdo->prepare(sprintf($sql, '`' . $this->table . '`'));
        $statement->execute($values);

        return $statement;
    }

    private function isMysql(): bool
    {
        return $this->pdo->getAttribute(\PDO::ATTR_DRIVER_NAME) === 'mysql';
    }

    private function createTable(): void
    {
        $this->pdo->setAttribute(\PDO::ATTR_ERRMODE, \PDO::ERRMODE_EXCEPTION);
        $this->pdo->exec(sprintf(
            $this->isMysql()
                ? 'CREATE TABLE IF NOT EXISTS `%s` (`key` VARCHAR(191) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin '
                    . 'NOT NULL PRIMARY KEY, `value` MEDIUMTEXT NOT NULL, `expires_at` BIGINT UNSIGNED NULL, '
                    . 'INDEX (`expires_at`)) DEFAULT CHARSET=utf8mb4'
                : 'CREATE TABLE IF NOT EXISTS `%s` (`key` TEXT NOT NULL PRIMARY KEY, `value` TEXT NOT NULL, '
                    . '`expires_at` INTEGER NULL)',
            $this->table,
        ));
    }
}
