<?php

declare(strict_types=1);

namespace WHMCS\Module\Registrar\Odr\Whmcs;

/**
 * WHMCS contact fields as the component's `panel-contact` record.
 *
 * Values come from `$params['original']` when WHMCS supplies it: the top-level copies have had
 * accented letters replaced (foreignChrReplace), and ODR takes UTF-8.
 */
final class PanelContact
{
    /**
     * The registrant (the client, or the contact chosen on the order) from a parameter array,
     * or the admin contact with $prefix 'admin'.
     *
     * @param array<string, mixed> $params
     * @return array<string, string>
     */
    public static function fromParams(array $params, string $prefix = ''): array
    {
        $source = is_array($params['original'] ?? null) ? $params['original'] + $params : $params;
        $field = static fn (string ...$keys): string => self::first($source, $prefix, $keys);
        $registrant = $prefix === '';

        return [
            'first-name' => $field('firstname'),
            'last-name' => $field('lastname'),
            'company-name' => $field('companyname'),
            'email' => $field('email'),
            'address1' => $field('address1'),
            'address2' => $field('address2'),
            'city' => $field('city'),
            'state' => $field('fullstate', 'state'),
            'postcode' => $field('postcode'),
            'country' => strtoupper($registrant ? $field('countrycode', 'country') : $field('country')),
            'phone' => $field('fullphonenumber', 'phonenumberformatted', 'phonenumber'),
            'fax' => $registrant ? $field('faxnumber') : '',
            'vat-number' => $registrant ? $field('tax_id') : '',
            'language' => '',
        ];
    }

    /** True when $params carries an admin contact (admin* keys). */
    public static function hasAdmin(array $params): bool
    {
        foreach (['adminfirstname', 'adminlastname', 'adminemail'] as $key) {
            if (is_scalar($params[$key] ?? null) && trim((string) $params[$key]) !== '') {
                return true;
            }
        }

        return false;
    }

    /**
     * A client as localAPI GetClientsDetails returns it (`client` or the flat copy).
     *
     * @param array<string, mixed> $details
     * @return array<string, string>
     */
    public static function fromClientDetails(array $details): array
    {
        return self::fromParams(is_array($details['client'] ?? null) ? $details['client'] : $details);
    }

    /**
     * @param array<string, mixed> $source
     * @param list<string> $keys
     */
    private static function first(array $source, string $prefix, array $keys): string
    {
        foreach ($keys as $key) {
            $value = $source[$prefix . $key] ?? null;
            if (is_scalar($value) && trim((string) $value) !== '') {
                return trim((string) $value);
            }
        }

        return '';
    }
}
