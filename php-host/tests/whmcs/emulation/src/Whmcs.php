<?php

declare(strict_types=1);

namespace OdrTests\Whmcs\Emulation;

use Illuminate\Database\Capsule\Manager;

/**
 * One emulated WHMCS installation: database, settings, hooks, mail outbox and internal API.
 * Booting a new one replaces the previous (each test gets a fresh installation).
 */
final class Whmcs
{
    public const VERSION = '8.13.1-release.1';
    public const ADMIN_USER = 'admin';

    private static ?self $current = null;

    public readonly Hooks $hooks;
    public readonly Outbox $outbox;
    public readonly LocalApi $localApi;
    public readonly DomainTable $domains;
    /**
     * Every registrar module function WHMCS called, in order, with the parameters it passed.
     *
     * @var list<array{function: string, params: array<string, mixed>}>
     */
    public array $moduleCalls = [];

    private function __construct(public readonly Manager $capsule, public readonly Clock $clock)
    {
        $this->hooks = new Hooks();
        $this->outbox = new Outbox();
        $this->localApi = new LocalApi($this);
        $this->domains = new DomainTable($capsule, $clock);
    }

    public static function boot(?Clock $clock = null): self
    {
        $capsule = Database::connect();
        self::$current = new self($capsule, $clock ?? Clock::pinned());
        self::$current->seed();

        return self::$current;
    }

    public static function current(): self
    {
        if (self::$current === null) {
            throw new \LogicException('No emulated WHMCS installation: call Whmcs::boot() first.');
        }

        return self::$current;
    }

    /** The folder holding modules/ (WHMCS's ROOTDIR for the module under test). */
    public static function rootDir(): string
    {
        return dirname(__DIR__, 4);
    }

    public static function moduleFile(): string
    {
        return self::rootDir() . '/modules/registrars/odr/odr.php';
    }

    public function registrar(): RegistrarRunner
    {
        return new RegistrarRunner($this);
    }

    public function cron(): CronRunner
    {
        return new CronRunner($this);
    }

    public function fixtures(): Fixtures
    {
        return new Fixtures($this);
    }

    /** Invoicing and payments (domain renewals). */
    public function billing(): Billing
    {
        return new Billing($this);
    }

    public function setConfig(string $setting, string $value): void
    {
        $this->capsule->table('tblconfiguration')->updateOrInsert(['setting' => $setting], ['value' => $value]);
    }

    public function config(string $setting): string
    {
        return (string) ($this->capsule->table('tblconfiguration')->where('setting', $setting)->value('value') ?? '');
    }

    /**
     * Stores a registrar's settings as WHMCS does: one encrypted row per setting.
     *
     * @param array<string, string> $values
     */
    public function saveRegistrarSettings(string $registrar, array $values): void
    {
        $table = $this->capsule->table('tblregistrars');
        $table->where('registrar', $registrar)->delete();
        foreach ($values as $setting => $value) {
            $this->capsule->table('tblregistrars')->insert([
                'registrar' => $registrar,
                'setting' => $setting,
                'value' => encrypt((string) $value),
            ]);
        }
    }

    /** @return array<string, string> */
    public function registrarSettings(string $registrar): array
    {
        $values = [];
        foreach ($this->capsule->table('tblregistrars')->where('registrar', $registrar)->orderBy('id')->get() as $row) {
            $values[(string) $row->setting] = decrypt((string) $row->value);
        }

        return $values;
    }

    public function logActivity(string $description, int $userId = 0): void
    {
        $this->capsule->table('tblactivitylog')->insert([
            'date' => $this->clock->now()->format('Y-m-d H:i:s'),
            'description' => $description,
            'user' => 'System',
            'userid' => $userId,
            'user_id' => 0,
            'admin_id' => 0,
            'ipaddr' => '',
        ]);
    }

    /**
     * @param string|array<mixed> $request
     * @param string|array<mixed> $response
     * @param string|array<mixed> $processed
     * @param list<string> $replaceVars
     */
    public function logModuleCall(
        string $module,
        string $action,
        string|array $request,
        string|array $response,
        string|array $processed,
        array $replaceVars,
    ): void {
        if ($this->config('ModuleDebugMode') !== 'on') {
            return;
        }
        $mask = static function (string|array $value) use ($replaceVars): string {
            $text = is_array($value) ? print_r($value, true) : $value;
            foreach ($replaceVars as $secret) {
                $secret = (string) $secret;
                if ($secret !== '') {
                    $text = str_replace($secret, str_repeat('*', strlen($secret)), $text);
                }
            }

            return $text;
        };
        $this->capsule->table('tblmodulelog')->insert([
            'date' => $this->clock->now()->format('Y-m-d H:i:s'),
            'module' => $module,
            'action' => $action,
            'request' => $mask($request),
            'response' => $mask($response),
            'arrdata' => $mask($processed),
        ]);
    }

    private function seed(): void
    {
        $settings = [
            'CompanyName' => 'Example Hosting',
            'Email' => 'billing@hosting.example',
            'SystemURL' => 'https://billing.hosting.example/',
            'DomainSyncEnabled' => 'on',
            'DomainSyncNextDueDate' => '',
            'DomainSyncNextDueDateDays' => '0',
            'DomainSyncNotifyOnly' => '',
            // Billing (WHMCS's install defaults; CreateDomainInvoiceDaysBefore empty: use the former).
            'CreateInvoiceDaysBefore' => '14',
            'CreateDomainInvoiceDaysBefore' => '',
            'AutoRenewDomainsonPayment' => 'on',
            'DisableDomainGraceAndRedemptionFees' => '',
            'ModuleDebugMode' => 'on',
            'PremiumDomains' => '0',
            'DefaultNameserver1' => 'ns1.hosting.example',
            'DefaultNameserver2' => 'ns2.hosting.example',
            'RegistrarAdminUseClientDetails' => 'on',
            'RegistrarAdminFirstName' => 'Hanna',
            'RegistrarAdminLastName' => 'Host',
            'RegistrarAdminCompanyName' => 'Example Hosting B.V.',
            'RegistrarAdminEmailAddress' => 'domains@hosting.example',
            'RegistrarAdminAddress1' => 'Serverweg 7',
            'RegistrarAdminAddress2' => '',
            'RegistrarAdminCity' => 'Utrecht',
            'RegistrarAdminStateProvince' => 'Utrecht',
            'RegistrarAdminPostalCode' => '3511 AB',
            'RegistrarAdminCountry' => 'NL',
            'RegistrarAdminPhone' => '030 1234567',
        ];
        foreach ($settings as $setting => $value) {
            $this->setConfig($setting, $value);
        }
        $this->capsule->table('tbladmins')->insert([
            'username' => self::ADMIN_USER,
            'firstname' => 'Ada',
            'lastname' => 'Admin',
            'email' => 'admin@hosting.example',
        ]);
    }
}
