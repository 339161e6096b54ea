<?php

declare(strict_types=1);

namespace WHMCS\Module\Registrar\Odr\Whmcs;

/**
 * RegisterDomain / TransferDomain parameters as the component's `domain-order` record.
 */
final class DomainOrder
{
    /**
     * @param array<string, mixed> $params
     * @return array<string, mixed>
     */
    public static function fromParams(array $params, ?string $authCode): array
    {
        // WHMCS has one admin contact; it is the panel's contact for both onsite and tech.
        $admin = PanelContact::hasAdmin($params) ? PanelContact::fromParams($params, 'admin') : null;

        return [
            'domain' => DomainName::fromParams($params),
            'period-years' => max(1, (int) ($params['regperiod'] ?? 1)),
            'registrant' => PanelContact::fromParams($params),
            'admin' => $admin,
            'tech' => $admin,
            'nameservers' => Nameservers::fromParams($params),
            'glue' => [],
            'auth-code' => $authCode,
        ];
    }

    /**
     * The EPP code of a transfer order: WHMCS passes it as `eppcode` and, for older modules,
     * as `transfersecret`.
     *
     * @param array<string, mixed> $params
     */
    public static function authCode(array $params): ?string
    {
        foreach (['eppcode', 'transfersecret'] as $key) {
            $value = $params[$key] ?? null;
            if (is_scalar($value) && trim((string) $value) !== '') {
                return trim((string) $value);
            }
        }

        return null;
    }
}
