<?php

declare(strict_types=1);

namespace OdrTests\Fossbilling\Emulation;

/**
 * An emulated FOSSBilling around the real adapter: the global service container `$di` (PDO on
 * SQLite in memory, or MariaDB with DB_DRIVER=mysql; Box_Crypt; Box_Log), the adapter loaded the
 * way FOSSBilling's Servicedomain loads one (registrarGetRegistrarAdapter(): require
 * library/Registrar/Adapter/<Name>.php, construct with the saved configuration, setLog(),
 * enableTestMode() for a registrar in test mode), and the Registrar_Domain it builds for an
 * order from the client's details (one contact for every role).
 */
final class Fossbilling
{
    /** The adapter's file in the repository; an installation has it at library/Registrar/Adapter/Odr.php. */
    public const ADAPTER_FILE = __DIR__ . '/../../../../panels/fossbilling/Odr.php';

    public readonly \PDO $pdo;
    public readonly \Box_Log $log;
    public readonly \Pimple\Container $di;

    public function __construct()
    {
        $this->pdo = self::connect();
        $this->log = new \Box_Log();
        $this->di = new \Pimple\Container();
        $this->di['pdo'] = $this->pdo;
        $this->di['crypt'] = new \Box_Crypt('emulated-installation-salt');
        $this->di['logger'] = $this->log;
        $GLOBALS['di'] = $this->di;
    }

    /** @param array<string, string> $config the registrar's saved configuration */
    public function adapter(array $config, bool $testMode = false): \Registrar_AdapterAbstract
    {
        require_once self::ADAPTER_FILE;
        $class = 'Registrar_Adapter_Odr';
        $adapter = new $class($config);
        if (!$adapter instanceof \Registrar_AdapterAbstract) {
            throw new \LogicException($class . ' should extend Registrar_AdapterAbstract');
        }
        $adapter->setLog($this->log);
        if ($testMode) {
            $adapter->enableTestMode();
        }

        return $adapter;
    }

    /**
     * A domain as FOSSBilling hands it to the adapter for an order: SLD and TLD (with its dot),
     * period, nameservers, and the client as registrant, admin, tech and billing contact.
     *
     * @param list<string> $nameservers
     */
    public function domain(
        string $name,
        array $nameservers = [],
        ?\Registrar_Domain_Contact $client = null,
    ): \Registrar_Domain {
        [$sld, $tld] = explode('.', $name, 2);
        $domain = (new \Registrar_Domain())->setSld($sld)->setTld('.' . $tld)->setRegistrationPeriod(1);
        foreach (array_values($nameservers) as $index => $host) {
            $domain->{'setNs' . ($index + 1)}($host);
        }
        $client ??= self::client();

        return $domain->setContactRegistrar($client)->setContactAdmin($client)
            ->setContactTech($client)->setContactBilling($client);
    }

    /**
     * The client of every test: the same person as the WHMCS emulation's client, in FOSSBilling's
     * fields (phone dial code apart).
     *
     * @param array<string, string> $changes setter name without "set" => value
     */
    public static function client(array $changes = []): \Registrar_Domain_Contact
    {
        $contact = new \Registrar_Domain_Contact();
        $fields = $changes + [
            'FirstName' => 'Jan', 'LastName' => 'Jansen', 'Company' => '', 'Email' => 'jan@example.nl',
            'Address1' => 'Dorpstraat 12', 'Address2' => '', 'City' => 'Amsterdam', 'State' => 'Noord-Holland',
            'Zip' => '1234 AB', 'Country' => 'NL', 'TelCc' => '31', 'Tel' => '201234567',
        ];
        foreach ($fields as $field => $value) {
            $contact->{'set' . $field}($value);
        }

        return $contact;
    }

    /** @return list<array<string, mixed>> the rows of the adapter's state table (none before its first use) */
    public function stateRowsIfAny(): array
    {
        try {
            $query = $this->pdo->query('SELECT * FROM odr_state ORDER BY `key`');
        } catch (\PDOException) {
            return [];
        }

        return $query === false ? [] : $query->fetchAll(\PDO::FETCH_ASSOC);
    }

    private static function connect(): \PDO
    {
        if (getenv('DB_DRIVER') !== 'mysql') {
            return new \PDO('sqlite::memory:', null, null, [\PDO::ATTR_ERRMODE => \PDO::ERRMODE_EXCEPTION]);
        }
        $env = static fn (string $name, string $default): string
            => is_string(getenv($name)) && getenv($name) !== '' ? (string) getenv($name) : $default;
        $pdo = new \PDO(
            sprintf(
                'mysql:host=%s;port=%s;dbname=%s',
                $env('DB_HOST', '127.0.0.1'),
                $env('DB_PORT', '3306'),
                $env('DB_NAME', 'odr_test'),
            ),
            $env('DB_USER', 'odr'),
            $env('DB_PASS', 'odr'),
            [\PDO::ATTR_ERRMODE => \PDO::ERRMODE_EXCEPTION],
        );
        $pdo->exec('DROP TABLE IF EXISTS odr_state');

        return $pdo;
    }
}
