<?php

declare(strict_types=1);

namespace OdrTests\Whmcs\Emulation;

use Illuminate\Database\Capsule\Manager;

/**
 * The emulated WHMCS database: a real Illuminate Capsule, set as WHMCS\Database\Capsule.
 *
 * SQLite in memory by default; MariaDB/MySQL when DB_DRIVER=mysql (DB_HOST, DB_PORT, DB_NAME,
 * DB_USER, DB_PASS), emptied on every boot. MySQL runs without strict mode, as WHMCS requires.
 */
final class Database
{
    /** MySQL: the schema this process created, emptied between tests instead of re-created. */
    private static bool $mysqlSchemaReady = false;
    /** The previous boot's connection: closed on the next boot (MariaDB's max_connections). */
    private static ?Manager $previous = null;

    /**
     * A connection to an empty WHMCS database (tables created by Schema::create()).
     */
    public static function connect(): Manager
    {
        self::$previous?->getConnection()->disconnect();
        $capsule = new Manager();
        self::$previous = $capsule;
        $capsule->addConnection(self::config());
        $capsule->setAsGlobal();
        class_exists(\WHMCS\Database\Capsule::class);

        if (self::driver() === 'mysql') {
            if (self::$mysqlSchemaReady && self::hasAllTables($capsule)) {
                self::emptyTables($capsule);
            } else {
                self::dropAllTables($capsule);
                Schema::create($capsule);
                self::$mysqlSchemaReady = true;
            }
        } else {
            Schema::create($capsule);
        }

        return $capsule;
    }

    public static function driver(): string
    {
        return getenv('DB_DRIVER') === 'mysql' ? 'mysql' : 'sqlite';
    }

    /** @return array<string, mixed> */
    private static function config(): array
    {
        if (self::driver() === 'sqlite') {
            return ['driver' => 'sqlite', 'database' => ':memory:', 'prefix' => ''];
        }
        $env = static fn (string $name, string $default): string
            => getenv($name) === false ? $default : (string) getenv($name);

        return [
            'driver' => 'mysql',
            'host' => $env('DB_HOST', '127.0.0.1'),
            'port' => (int) $env('DB_PORT', '3306'),
            'database' => $env('DB_NAME', 'odr_test'),
            'username' => $env('DB_USER', 'odr'),
            'password' => $env('DB_PASS', 'odr'),
            'charset' => 'utf8mb4',
            'collation' => 'utf8mb4_unicode_ci',
            'prefix' => '',
            'strict' => false,
        ];
    }

    /** False when a test dropped one of WHMCS's tables. */
    private static function hasAllTables(Manager $capsule): bool
    {
        foreach (Schema::TABLES as $table) {
            if (!$capsule->schema()->hasTable($table)) {
                return false;
            }
        }

        return true;
    }

    /**
     * Empties WHMCS's tables (DELETE: far faster than DDL on InnoDB; ids keep counting, so tests
     * use the ids they get back) and drops the module's own, so its lazy creation is tested each time.
     */
    private static function emptyTables(Manager $capsule): void
    {
        $connection = $capsule->getConnection();
        foreach ($connection->select('SHOW TABLES') as $row) {
            $table = (string) array_values((array) $row)[0];
            $quoted = '`' . str_replace('`', '``', $table) . '`';
            if (!str_starts_with($table, 'tbl')) {
                $connection->statement('DROP TABLE ' . $quoted);
            } elseif ($connection->selectOne('SELECT EXISTS(SELECT 1 FROM ' . $quoted . ') AS filled')->filled) {
                $connection->statement('DELETE FROM ' . $quoted);
            }
        }
    }

    private static function dropAllTables(Manager $capsule): void
    {
        $connection = $capsule->getConnection();
        $connection->statement('SET FOREIGN_KEY_CHECKS=0');
        foreach ($connection->select('SHOW TABLES') as $row) {
            $table = (string) array_values((array) $row)[0];
            $connection->statement('DROP TABLE `' . str_replace('`', '``', $table) . '`');
        }
        $connection->statement('SET FOREIGN_KEY_CHECKS=1');
    }
}
