<?php

declare(strict_types=1);

namespace OdrTests\Whmcs\Emulation;

use WHMCS\Domain\Registrar\Domain as DomainInformation;
use WHMCS\Domains\DomainLookup\ResultsList;
use WHMCS\Exception\Module\InvalidConfiguration;

/**
 * Calls the module's functions the way WHMCS does (Reg* functions, Module\Registrar::call):
 * builds $params, fires the Pre/After hooks, interprets the return value (contract §3) and
 * applies it to tbldomains and the logs.
 */
final class RegistrarRunner
{
    public const MODULE = 'odr';

    private const HOOKED = [
        'RegisterDomain' => 'Register', 'TransferDomain' => 'Transfer', 'RenewDomain' => 'Renew',
        'GetContactDetails' => 'GetContactDetails', 'SaveContactDetails' => 'SaveContactDetails',
        'GetNameservers' => 'GetNameservers', 'SaveNameservers' => 'SaveNameservers',
        'GetEPPCode' => 'GetEPPCode', 'RequestDelete' => 'RequestDelete',
    ];

    private readonly ParamsBuilder $params;
    /** The exception WHMCS caught and showed by its message last (config_validate, object functions). */
    private ?\Throwable $lastException = null;

    public function __construct(private readonly Whmcs $whmcs)
    {
        self::load();
        $this->params = new ParamsBuilder($whmcs);
    }

    public static function load(): void
    {
        require_once Whmcs::moduleFile();
    }

    /** The exception behind the last error WHMCS showed from an exception (null: none so far). */
    public function lastException(): ?\Throwable
    {
        return $this->lastException;
    }

    public function functionExists(string $function): bool
    {
        return function_exists(self::MODULE . '_' . $function);
    }

    /**
     * The module function itself, as WHMCS\Module\Registrar::call runs it.
     *
     * @param array<string, mixed> $params
     */
    public function call(string $function, array $params): mixed
    {
        if (!$this->functionExists($function)) {
            return ['na' => true];
        }
        $this->whmcs->moduleCalls[] = ['function' => $function, 'params' => $params];

        return call_user_func(self::MODULE . '_' . $function, $params);
    }

    /** @return array<string, mixed> */
    public function metaData(): array
    {
        return $this->call('MetaData', []);
    }

    /** @return array<string, array<string, mixed>> */
    public function configArray(): array
    {
        return $this->call('getConfigArray', []);
    }

    /**
     * Setup > Domain Registrars > Save: config_validate, then the settings are stored.
     *
     * @param array<string, string> $values
     * @return string|null the error WHMCS shows, or null when saved
     */
    public function saveSettings(array $values): ?string
    {
        $isSetting = static fn (array $field): bool => ($field['Type'] ?? '') !== 'System';
        $fields = array_filter($this->configArray(), $isSetting);
        $stored = [];
        foreach ($fields as $key => $field) {
            $stored[$key] = (string) ($values[$key] ?? $field['Default'] ?? '');
        }
        if ($this->functionExists('config_validate')) {
            try {
                $this->call('config_validate', $stored);
            } catch (InvalidConfiguration $e) {
                $this->lastException = $e;

                return $e->getMessage();
            }
        }
        $this->whmcs->saveRegistrarSettings(self::MODULE, $stored);

        return null;
    }

    /**
     * @param list<string> $nameservers the order's nameservers (default: WHMCS's defaults)
     * @return array<string, mixed>
     */
    public function register(int $domainId, array $nameservers = []): array
    {
        $domain = $this->whmcs->domains->get($domainId);
        $params = $this->orderParams($domain, $nameservers);
        $result = $this->hooked('RegisterDomain', $params);
        $label = sprintf('Domain ID: %d - Domain: %s', $domainId, $domain->domain);
        if (!empty($result['error'])) {
            $this->whmcs->logActivity(
                'Domain Registration Failed - ' . $label . ' - Error: ' . $result['error'],
                (int) $domain->userid,
            );
            run_hook('AfterRegistrarRegistrationFailed', ['params' => $params, 'error' => $result['error']]);
        } elseif (!empty($result['pending'])) {
            $this->whmcs->domains->update($domainId, ['status' => 'Pending Registration']);
            $this->whmcs->logActivity('Domain Pending Registration Successful - ' . $label, (int) $domain->userid);
            run_hook('AfterRegistrarRegistration', ['params' => $params]);
        } else {
            $today = $this->whmcs->clock->now();
            $this->whmcs->domains->update($domainId, [
                'registrationdate' => $today->format('Y-m-d'),
                'expirydate' => $today->modify('+' . (int) $domain->registrationperiod . ' years')->format('Y-m-d'),
                'status' => 'Active',
            ]);
            $this->whmcs->logActivity('Domain Registered Successfully - ' . $label, (int) $domain->userid);
            run_hook('AfterRegistrarRegistration', ['params' => $params]);
        }

        return $result;
    }

    /**
     * @param list<string> $nameservers
     * @return array<string, mixed>
     */
    public function transfer(int $domainId, string $eppCode, array $nameservers = []): array
    {
        $domain = $this->whmcs->domains->get($domainId);
        $params = $this->orderParams($domain, $nameservers);
        $params['eppcode'] = $eppCode;
        $params['transfersecret'] = $eppCode;
        $params['original']['eppcode'] = $eppCode;
        $params['original']['transfersecret'] = $eppCode;
        $result = $this->hooked('TransferDomain', $params);
        $label = sprintf('Domain ID: %d - Domain: %s', $domainId, $domain->domain);
        if (!empty($result['error'])) {
            $this->whmcs->logActivity(
                'Domain Transfer Failed - ' . $label . ' - Error: ' . $result['error'],
                (int) $domain->userid,
            );
            run_hook('AfterRegistrarTransferFailed', ['params' => $params, 'error' => $result['error']]);
        } else {
            $this->whmcs->domains->update($domainId, ['status' => 'Pending Transfer']);
            $this->whmcs->logActivity('Domain Transfer Initiated Successfully - ' . $label, (int) $domain->userid);
        }

        return $result;
    }

    /** @return array<string, mixed> */
    public function renew(int $domainId): array
    {
        $domain = $this->whmcs->domains->get($domainId);
        $params = $this->params->common($domain);
        $params['isInGracePeriod'] = $domain->status === 'Grace';
        $params['isInRedemptionGracePeriod'] = $domain->status === 'Redemption';
        $params = $this->params->withContacts($params, (int) $domain->userid);
        $result = $this->hooked('RenewDomain', $params);
        $label = sprintf('Domain ID: %d - Domain: %s', $domainId, $domain->domain);
        if (!empty($result['error'])) {
            $this->whmcs->logActivity(
                'Domain Renewal Failed - ' . $label . ' - Error: ' . $result['error'],
                (int) $domain->userid,
            );
            run_hook('AfterRegistrarRenewalFailed', ['params' => $params, 'error' => $result['error']]);
        } else {
            $expiry = DomainTable::dateOf($domain->expirydate);
            $base = DomainTable::isRealDate($expiry) ? new \DateTimeImmutable($expiry) : $this->whmcs->clock->now();
            $this->whmcs->domains->update($domainId, [
                'expirydate' => $base->modify('+' . (int) $domain->registrationperiod . ' years')->format('Y-m-d'),
                'status' => 'Active',
                'reminders' => '',
            ]);
            $this->whmcs->logActivity('Domain Renewed Successfully - ' . $label, (int) $domain->userid);
            run_hook('AfterRegistrarRenewal', ['params' => $params]);
        }

        return $result;
    }

    /** @return array<string, mixed> */
    public function getNameservers(int $domainId): array
    {
        return $this->hooked('GetNameservers', $this->domainParams($domainId));
    }

    /**
     * @param list<string> $nameservers
     * @return array<string, mixed>
     */
    public function saveNameservers(int $domainId, array $nameservers): array
    {
        $params = $this->domainParams($domainId);
        for ($slot = 1; $slot <= 5; $slot++) {
            $params['ns' . $slot] = trim((string) ($nameservers[$slot - 1] ?? ''));
        }
        $result = $this->hooked('SaveNameservers', $params);
        $this->logCommand('Save Nameservers', $domainId, $result);

        return $result;
    }

    /** @return array<string, mixed> */
    public function getEppCode(int $domainId): array
    {
        $result = $this->hooked('GetEPPCode', $this->domainParams($domainId));
        if (!empty($result['eppcode'])) {
            $result['eppcode'] = htmlentities((string) $result['eppcode']);
        }

        return $result;
    }

    /** @return array<string, mixed> */
    public function requestDelete(int $domainId): array
    {
        $result = $this->hooked('RequestDelete', $this->domainParams($domainId));
        if (empty($result['error'])) {
            $this->whmcs->domains->update($domainId, ['status' => 'Cancelled']);
        }

        return $result;
    }

    /** @return array<string, mixed> */
    public function getContactDetails(int $domainId): array
    {
        return $this->hooked('GetContactDetails', $this->domainParams($domainId));
    }

    /**
     * @param array<string, array<string, string>> $contactDetails group => label => value
     * @return array<string, mixed>
     */
    public function saveContactDetails(int $domainId, array $contactDetails): array
    {
        $params = $this->domainParams($domainId);
        $params['contactdetails'] = $contactDetails;
        $params['original']['contactdetails'] = $contactDetails;
        $result = $this->hooked('SaveContactDetails', $params);
        $this->logCommand('Update Contact Details', $domainId, $result);

        return $result;
    }

    /** @return DomainInformation|array<string, string> the object, or the error WHMCS shows */
    public function getDomainInformation(int $domainId): DomainInformation|array
    {
        try {
            return $this->call('GetDomainInformation', $this->domainParams($domainId));
        } catch (\Exception $e) {
            $this->lastException = $e;

            return ['error' => $e->getMessage()];
        }
    }

    /**
     * The domain search (module as Lookup Provider).
     *
     * @param list<string> $tlds with leading dots, as WHMCS passes them
     * @return ResultsList|array<string, string>
     */
    public function checkAvailability(string $searchTerm, array $tlds): ResultsList|array
    {
        return $this->lookup('CheckAvailability', $searchTerm, $tlds);
    }

    /**
     * @param list<string> $tlds
     * @return ResultsList|array<string, string>
     */
    public function getDomainSuggestions(string $searchTerm, array $tlds): ResultsList|array
    {
        return $this->lookup('GetDomainSuggestions', $searchTerm, $tlds);
    }

    /**
     * The admin "Sync" button on a domain: Sync, applied as the cron applies it.
     *
     * @return array{response: array<string, mixed>, items: list<string>}
     */
    public function sync(int $domainId): array
    {
        $domain = $this->whmcs->domains->get($domainId);
        $response = $this->call('Sync', $this->params->syncParams($domain));

        return ['response' => $response, 'items' => (new SyncApplier($this->whmcs))->applySync($domain, $response)];
    }

    /** @return array<string, string> label => function */
    public function adminButtons(): array
    {
        return $this->functionExists('AdminCustomButtonArray') ? $this->call('AdminCustomButtonArray', []) : [];
    }

    /**
     * A "Registrar Commands" button on the admin domain page.
     *
     * @return array<string, mixed>
     */
    public function customFunction(int $domainId, string $label): array
    {
        $function = $this->adminButtons()[$label] ?? null;
        if ($function === null) {
            throw new \InvalidArgumentException('No admin button "' . $label . '"');
        }

        return $this->call($function, $this->domainParams($domainId));
    }

    /** @return array<string, mixed> the parameters of a domain management call */
    public function domainParams(int $domainId): array
    {
        $domain = $this->whmcs->domains->get($domainId);

        return $this->params->withContacts($this->params->common($domain), (int) $domain->userid);
    }

    /**
     * @param list<string> $nameservers
     * @return array<string, mixed>
     */
    private function orderParams(object $domain, array $nameservers): array
    {
        $params = $this->params->common($domain);
        for ($slot = 1; $slot <= 5; $slot++) {
            $default = $nameservers === [] ? $this->whmcs->config('DefaultNameserver' . $slot) : '';
            $params['ns' . $slot] = trim((string) ($nameservers[$slot - 1] ?? $default));
        }

        return $this->params->withContacts($params, (int) $domain->userid);
    }

    /**
     * @param array<string, mixed> $params
     * @return array<string, mixed>
     */
    private function hooked(string $function, array $params): array
    {
        $suffix = self::HOOKED[$function] ?? null;
        if ($suffix !== null) {
            foreach (run_hook('PreRegistrar' . $function, ['params' => $params]) as $answer) {
                if (!empty($answer['abortWithSuccess'])) {
                    return ['success' => true];
                }
                if (!empty($answer['abortWithError'])) {
                    return ['error' => (string) $answer['abortWithError']];
                }
            }
        }
        $exists = $this->functionExists($function);
        $result = $this->call($function, $params);
        if (!is_array($result)) {
            throw new \UnexpectedValueException(
                sprintf('odr_%s returned %s, WHMCS expects an array', $function, get_debug_type($result))
            );
        }
        if (!empty($result['na'])) {
            $result = ['error' => 'Registrar Function Not Supported'];
        }
        if ($suffix !== null) {
            run_hook('AfterRegistrar' . $suffix, [
                'params' => $params,
                'results' => $result,
                'functionExists' => $exists,
                'functionSuccessful' => empty($result['error']),
            ]);
        }

        return $result;
    }

    /** @param array<string, mixed> $result */
    private function logCommand(string $command, int $domainId, array $result): void
    {
        $userId = (int) ($this->whmcs->domains->find($domainId)?->userid ?? 0);
        if (!empty($result['error'])) {
            $line = sprintf(
                'Domain Registrar Command: %s - Failed: %s - Domain ID: %d',
                $command,
                $result['error'],
                $domainId,
            );
            $this->whmcs->logActivity($line, $userId);
        } else {
            $this->whmcs->logActivity(sprintf('Domain Registrar Command: %s - Successful', $command), $userId);
        }
    }

    /**
     * Utilities > Registrar TLD Sync: GetTldPricing with the registrar's settings; an exception
     * becomes the error WHMCS shows.
     *
     * @return \WHMCS\Results\ResultsList|array<string, string>
     */
    public function tldPricing(): \WHMCS\Results\ResultsList|array
    {
        try {
            return $this->call('GetTldPricing', $this->whmcs->registrarSettings(self::MODULE));
        } catch (\Exception $e) {
            $this->lastException = $e;

            return ['error' => $e->getMessage()];
        }
    }

    /**
     * @param list<string> $tlds
     * @return ResultsList|array<string, string>
     */
    private function lookup(string $function, string $searchTerm, array $tlds): ResultsList|array
    {
        $domainObj = new \WHMCS\Domains\Domain($searchTerm . '.example');
        $params = $this->whmcs->registrarSettings(self::MODULE) + [
            'searchTerm' => $searchTerm,
            'punyCodeSearchTerm' => $domainObj->getPunycodeSecondLevel(),
            'tldsToInclude' => $tlds,
            'isIdnDomain' => $domainObj->isIdn(),
            'premiumEnabled' => false,
        ];
        if ($function === 'GetDomainSuggestions') {
            $params['suggestionSettings'] = [];
        }
        try {
            return $this->call($function, $params);
        } catch (\Exception $e) {
            $this->lastException = $e;

            return ['error' => $e->getMessage()];
        }
    }
}
