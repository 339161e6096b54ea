<?php

declare(strict_types=1);

namespace WHMCS\Module\Registrar\Odr;

/**
 * The settings of the optional features (kept apart from Settings, which carries the component's
 * settings record): their field definitions for the settings page and their values per call.
 */
final class FeatureSettings
{
    public const DELETE_AT_EXPIRY = 'expiry';
    public const DELETE_NOW = 'now';

    /** @return array<string, array<string, mixed>> */
    public static function definitions(): array
    {
        return [
            'DeleteMode' => [
                'FriendlyName' => 'Delete mode',
                'Type' => 'dropdown',
                'Options' => [
                    self::DELETE_AT_EXPIRY => 'At expiry (auto-renew off at ODR)',
                    self::DELETE_NOW => 'Delete now (ODR deletes the domain about 2 hours later)',
                ],
                'Default' => self::DELETE_AT_EXPIRY,
                'Description' => 'What "Request Delete" does. At expiry (recommended): ODR stops '
                    . 'renewing and deletes the domain at its expiry date; renewing it again undoes '
                    . 'this. <strong>Delete now: the domain is deleted at ODR about two hours after the '
                    . 'request, before its paid period ends; its website and e-mail stop working, the '
                    . 'module cannot undo it; do not count on a refund for the remaining period.</strong>',
            ],
            'DnsManagement' => [
                'FriendlyName' => 'DNS management',
                'Type' => 'yesno',
                'Description' => 'Let WHMCS\'s DNS management (for domains with the DNS management addon) edit '
                    . 'the domain\'s zone at ODR\'s DNS service (A, AAAA, CNAME, MX, TXT, SRV). Saving creates '
                    . 'the zone when ODR has none: <strong>ODR may charge for DNS zones.</strong> The domain must '
                    . 'use ODR\'s nameservers for the records to work.',
            ],
            'LowBalanceWarning' => [
                'FriendlyName' => 'Low balance warning',
                'Type' => 'text',
                'Size' => '10',
                'Default' => '',
                'Description' => 'EUR. When the ODR account balance is below this amount, the admins get an '
                    . 'e-mail once a day and the "ODR balance" dashboard widget shows it in red (registrations '
                    . 'fail when the balance is empty). Empty: no warning.',
            ],
        ];
    }

    /**
     * @param array<string, mixed> $params
     * @throws \RuntimeException when the setting "DNS management" is off
     */
    public static function requireDnsManagement(array $params): void
    {
        $value = $params['DnsManagement'] ?? '';
        $on = $value === true || in_array(strtolower(trim((string) $value)), ['on', 'yes', '1', 'true'], true);
        if (!$on) {
            throw new \RuntimeException(
                'DNS management at ODR is switched off (registrar setting "DNS management").'
            );
        }
    }

    /** @param array<string, mixed> $params */
    public static function deleteNow(array $params): bool
    {
        $value = $params['DeleteMode'] ?? '';

        return is_string($value) && trim($value) === self::DELETE_NOW;
    }
}
