<?php

declare(strict_types=1);

namespace WHMCS\Module\Registrar\Odr\Actions\Domain;

use WHMCS\Carbon;
use WHMCS\Domain\Registrar\Domain;
use WHMCS\Module\Registrar\Odr\Actions\ContextAction;
use WHMCS\Module\Registrar\Odr\Whmcs\DomainName;
use WHMCS\Module\Registrar\Odr\Whmcs\WhmcsDate;

/**
 * GetDomainInformation: one ODR request serves the domain page (status, expiry, nameservers).
 * ODR has no transfer lock, so none is reported.
 */
final class GetDomainInformation extends ContextAction
{
    public function __invoke(array $params): Domain
    {
        $info = $this->context->component()->call('get-domain-info', ['domain' => DomainName::fromParams($params)]);

        $nameservers = [];
        foreach (array_values($info['nameservers'] ?? []) as $index => $host) {
            $nameservers['ns' . ($index + 1)] = (string) $host;
        }
        $status = $info['status'] ?? 'pending';
        $domain = (new Domain())
            ->setDomain((string) $info['domain'])
            ->setNameservers($nameservers)
            ->setRegistrationStatus(self::registrationStatus($status))
            ->setRestorable($status === 'quarantine');
        if (($info['expiry'] ?? null) !== null) {
            $domain->setExpiryDate(Carbon::createFromFormat('!Y-m-d', WhmcsDate::fromWit($info['expiry'])));
        }

        return $domain;
    }

    /** @param string|array<string, string> $status a WIT domain-status */
    private static function registrationStatus(string|array $status): string
    {
        return match ($status) {
            'registered', 'delete-scheduled' => self::constant('STATUS_ACTIVE', 'Active'),
            'pending' => 'Pending',
            'quarantine' => self::constant('STATUS_EXPIRED', 'Expired'),
            'deleted' => self::constant('STATUS_DELETED', 'Deleted'),
            default => is_array($status) ? (string) ($status['unknown'] ?? reset($status)) : $status,
        };
    }

    private static function constant(string $name, string $fallback): string
    {
        $constant = Domain::class . '::' . $name;

        return defined($constant) ? (string) constant($constant) : $fallback;
    }
}
