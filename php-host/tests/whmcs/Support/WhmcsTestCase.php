<?php

declare(strict_types=1);

namespace OdrTests\Whmcs\Support;

use OdrTests\Whmcs\Emulation\Clock;
use OdrTests\Whmcs\Emulation\DomainTable;
use OdrTests\Whmcs\Emulation\RegistrarRunner;
use OdrTests\Whmcs\Emulation\Whmcs;
use PHPUnit\Framework\TestCase;

/**
 * A fresh emulated WHMCS per test, with the ODR module activated and configured.
 */
abstract class WhmcsTestCase extends TestCase
{
    public const API_KEY = 'public$testkey';
    public const API_SECRET = 'secret$testsecret';

    protected Whmcs $whmcs;
    protected RegistrarRunner $registrar;

    /** PHP's error log during the test (checked for secrets), and the setting it replaced. */
    private string $errorLog = '';
    private string|false $previousErrorLog = false;

    protected function setUp(): void
    {
        parent::setUp();
        $this->errorLog = (string) tempnam(sys_get_temp_dir(), 'odr-error-log-');
        $this->previousErrorLog = ini_set('error_log', $this->errorLog);
        $this->whmcs = Whmcs::boot();
        // WHMCS includes every active module's hooks.php on each page load.
        include Whmcs::rootDir() . '/modules/registrars/odr/hooks.php';
        $this->registrar = $this->whmcs->registrar();
        $this->whmcs->saveRegistrarSettings('odr', $this->settings());
    }

    /**
     * The module's settings for this test.
     *
     * @return array<string, string>
     */
    protected function settings(): array
    {
        return [
            'APIKey' => self::API_KEY,
            'APISecret' => self::API_SECRET,
            'TestMode' => '',
            'ApiUrl' => 'http://127.0.0.1:9/',
            'Adminuser' => Whmcs::ADMIN_USER,
            'OnsiteContact' => 'registrant',
            'OnsiteContactId' => '',
            'TechContact' => 'registrant',
            'TechContactId' => '',
            'RequestTimeout' => '30',
            'Synccontact' => '',
            'Syncdomain' => '',
            'Primairydomain' => '',
            'SyncPreview' => '',
        ];
    }

    protected function tearDown(): void
    {
        if ($this->previousErrorLog !== false) {
            ini_set('error_log', $this->previousErrorLog);
        }
        if ($this->errorLog !== '' && is_file($this->errorLog)) {
            unlink($this->errorLog);
        }
        parent::tearDown();
    }

    /** What PHP wrote to its error log during the test. */
    protected function errorLogText(): string
    {
        return is_file($this->errorLog) ? (string) file_get_contents($this->errorLog) : '';
    }

    /**
     * From now on every write to mod_odr_state fails in the database itself, with $message (a
     * trigger: the driver's error carries the statement and, in Laravel's message, its bound values).
     */
    protected function failStateWrites(string $message): void
    {
        $capsule = $this->whmcs->capsule;
        if (!$capsule->schema()->hasTable('mod_odr_state')) {
            (new \WHMCS\Module\Registrar\Odr\Capability\StateStore())->get('create the table');
        }
        $connection = $capsule->getConnection();
        foreach (['INSERT', 'UPDATE'] as $event) {
            $name = 'odr_test_fail_' . strtolower($event);
            if ($connection->getDriverName() === 'mysql') {
                $connection->unprepared(sprintf(
                    "CREATE TRIGGER %s BEFORE %s ON mod_odr_state FOR EACH ROW SIGNAL SQLSTATE '45000' "
                    . "SET MESSAGE_TEXT = '%s'",
                    $name,
                    $event,
                    addslashes($message),
                ));
            } else {
                $connection->unprepared(sprintf(
                    "CREATE TRIGGER %s BEFORE %s ON mod_odr_state BEGIN SELECT RAISE(ABORT, '%s'); END",
                    $name,
                    $event,
                    str_replace("'", "''", $message),
                ));
            }
        }
    }

    /** @param array<string, string> $changes */
    protected function changeSettings(array $changes): void
    {
        $this->whmcs->saveRegistrarSettings('odr', $changes + $this->whmcs->registrarSettings('odr'));
    }

    /** @return list<string> the activity log, oldest first */
    protected function activity(): array
    {
        return array_map(
            static fn (object $row): string => (string) $row->description,
            $this->whmcs->capsule->table('tblactivitylog')->orderBy('id')->get()->all(),
        );
    }

    /** @return list<object> the module log rows, oldest first */
    protected function moduleLog(): array
    {
        return $this->whmcs->capsule->table('tblmodulelog')->orderBy('id')->get()->all();
    }

    protected function domain(int $id): object
    {
        return $this->whmcs->domains->get($id);
    }

    /**
     * Moves WHMCS's clock by whole days (the component's stays at the recordings' instant).
     * Run the daily tasks yourself afterwards: runDailyTasks().
     */
    protected function advanceDays(int $days): void
    {
        $this->whmcs->clock->advanceDays($days);
    }

    /**
     * WHMCS's daily billing and expiry tasks on today's date: CreateInvoices, then
     * UpdateDomainExpiryStatus (docs/whmcs-behaviour.md, rules B1, D1, B3).
     *
     * @return array{invoices: list<int>, expiry: array{Grace: list<int>, Redemption: list<int>, Expired: list<int>}}
     *         the invoices created and the domains moved to Grace, Redemption or Expired
     */
    protected function runDailyTasks(): array
    {
        return $this->whmcs->cron()->dailyTasks();
    }

    /**
     * WHMCS's invoice generation alone (rule B1).
     *
     * @return list<int> the invoices created
     */
    protected function runInvoicing(): array
    {
        return $this->whmcs->cron()->createInvoices();
    }

    /**
     * Pays an invoice as a payment gateway would (rule B2): each domain's next due date moves on
     * by its period and, for renewals, the module's RenewDomain runs (Auto Renew on Payment).
     *
     * @return array<int, array<string, mixed>> domain id => RenewDomain's result
     */
    protected function payInvoice(int $invoiceId): array
    {
        return $this->whmcs->billing()->payInvoice($invoiceId);
    }

    /**
     * The renewal invoices (Unpaid or Paid) of a domain, for one due date ('Y-m-d') or all:
     * two for the same due date is a double renewal invoice.
     */
    protected function renewalInvoiceCount(int $domainId, ?string $dueDate = null): int
    {
        return $this->whmcs->billing()->renewalInvoiceCount($domainId, $dueDate);
    }

    /** @return array{string, string, string} status, expiry date and next due date ('Y-m-d') */
    protected function domainDates(int $id): array
    {
        $domain = $this->domain($id);

        return [
            (string) $domain->status,
            DomainTable::dateOf($domain->expirydate),
            DomainTable::dateOf($domain->nextduedate),
        ];
    }

    /** Every date in tbldomains is '0000-00-00' (none) or a real calendar date. */
    protected function assertNoInvalidDomainDates(): void
    {
        foreach ($this->whmcs->capsule->table('tbldomains')->get() as $row) {
            foreach (DomainTable::DATE_COLUMNS as $column) {
                $value = DomainTable::dateOf($row->{$column});
                $this->assertTrue(
                    $value === '0000-00-00' || DomainTable::isRealDate($value),
                    sprintf('tbldomains %d %s holds %s', $row->id, $column, $value),
                );
            }
        }
    }

    /**
     * What must appear in no log row, e-mail or error: label => text.
     *
     * @return array<string, string>
     */
    protected function secrets(): array
    {
        return [
            'the API secret' => self::API_SECRET,
            'the SHA-1 of the API secret' => sha1(self::API_SECRET),
            'the login signature' => self::loginSignature(Clock::RECORDING_NOW),
        ];
    }

    /** ODR's login signature: `token$` + sha1_hex(api_key + " " + timestamp + " " + sha1_hex(secret)). */
    public static function loginSignature(int $timestamp): string
    {
        return 'token$' . sha1(self::API_KEY . ' ' . $timestamp . ' ' . sha1(self::API_SECRET));
    }

    /**
     * No secret in the module log, the activity log, tblemails, any e-mail sent, the module's
     * table mod_odr_state (its token entries are encrypted) or PHP's error log.
     */
    protected function assertNoSecretsAnywhere(): void
    {
        $texts = [];
        foreach (['tblmodulelog', 'tblactivitylog', 'tblemails'] as $table) {
            foreach ($this->whmcs->capsule->table($table)->orderBy('id')->get() as $row) {
                $texts[$table . ' row ' . $row->id] = implode("\n", array_map('strval', (array) $row));
            }
        }
        $texts["PHP's error log"] = $this->errorLogText();
        if ($this->whmcs->capsule->schema()->hasTable('mod_odr_state')) {
            // Stored as is: the token entry is encrypted (what it decrypts to is the token, its job).
            $state = [];
            foreach ($this->whmcs->capsule->table('mod_odr_state')->get() as $row) {
                $state['mod_odr_state ' . $row->key] = $row->key . "\n" . $row->value;
            }
            $this->assertNoSecretsIn($state, false);
        }
        foreach ($this->whmcs->outbox->all() as $n => $mail) {
            $texts['e-mail ' . $n] = $mail['subject'] . "\n" . $mail['message'] . "\n" . print_r($mail['vars'], true);
        }
        $this->assertNoSecretsIn($texts);
    }

    /**
     * Each text, and (with $decrypt) what any WHMCS-encrypted value in it (`enc:...`) decrypts to,
     * holds no secret: an encrypted token in a log or an error is a leak all the same.
     *
     * @param array<string, string> $texts where => text
     */
    protected function assertNoSecretsIn(array $texts, bool $decrypt = true): void
    {
        foreach ($texts as $where => $text) {
            if ($decrypt && preg_match_all('#enc:[A-Za-z0-9+/=]+#', $text, $encrypted) > 0) {
                $text .= "\n" . implode("\n", array_map('decrypt', $encrypted[0]));
            }
            foreach ($this->secrets() as $label => $secret) {
                $this->assertStringNotContainsString($secret, $text, $label . ' in ' . $where);
            }
        }
    }
}
