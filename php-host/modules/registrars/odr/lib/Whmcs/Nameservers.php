<?php

declare(strict_types=1);

namespace WHMCS\Module\Registrar\Odr\Whmcs;

/**
 * WHMCS's ns1..ns5 parameters and return keys.
 */
final class Nameservers
{
    public const SLOTS = 5;

    /**
     * The nameservers in $params, in order, without empty slots.
     *
     * @param array<string, mixed> $params
     * @return list<string>
     */
    public static function fromParams(array $params): array
    {
        $hosts = [];
        for ($slot = 1; $slot <= self::SLOTS; $slot++) {
            $host = $params['ns' . $slot] ?? '';
            $host = is_scalar($host) ? trim((string) $host) : '';
            if ($host !== '') {
                $hosts[] = $host;
            }
        }

        return $hosts;
    }

    /**
     * ns1..ns5 for WHMCS, empty strings for unused slots (WHMCS shows five fields).
     *
     * @param list<string> $hosts
     * @return array<string, string>
     */
    public static function toParams(array $hosts): array
    {
        $hosts = array_values($hosts);
        $result = [];
        for ($slot = 1; $slot <= self::SLOTS; $slot++) {
            $result['ns' . $slot] = (string) ($hosts[$slot - 1] ?? '');
        }

        return $result;
    }
}
