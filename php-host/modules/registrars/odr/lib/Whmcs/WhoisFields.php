<?php

declare(strict_types=1);

namespace WHMCS\Module\Registrar\Odr\Whmcs;

/**
 * The WHOIS page: ODR contacts as WHMCS contact groups (the standard field labels, which WHMCS
 * sends back verbatim in SaveContactDetails), and the edited groups back as panel contacts.
 */
final class WhoisFields
{
    /** WHMCS group label per component contact role. */
    public const GROUPS = ['registrant' => 'Registrant', 'onsite' => 'Admin', 'tech' => 'Technical'];

    /**
     * @param array<string, string> $panel a WIT panel-contact
     * @return array<string, string>
     */
    public static function fromPanelContact(array $panel): array
    {
        return [
            'First Name' => $panel['first-name'],
            'Last Name' => $panel['last-name'],
            'Company Name' => $panel['company-name'],
            'Email Address' => $panel['email'],
            'Address 1' => $panel['address1'],
            'Address 2' => $panel['address2'],
            'City' => $panel['city'],
            'State' => $panel['state'],
            'Postcode' => $panel['postcode'],
            'Country' => $panel['country'],
            'Phone Number' => $panel['phone'],
            'Fax Number' => $panel['fax'],
            'VAT Number' => $panel['vat-number'],
        ];
    }

    /**
     * @param array<string, mixed> $fields one group of SaveContactDetails' `contactdetails`
     * @return array<string, string> a WIT panel-contact
     */
    public static function toPanelContact(array $fields): array
    {
        $text = static function (string ...$labels) use ($fields): string {
            foreach ($labels as $label) {
                if (is_scalar($fields[$label] ?? null)) {
                    return trim((string) $fields[$label]);
                }
            }

            return '';
        };

        return [
            'first-name' => $text('First Name'),
            'last-name' => $text('Last Name'),
            'company-name' => $text('Company Name', 'Organisation Name', 'Organization Name'),
            'email' => $text('Email Address', 'Email'),
            'address1' => $text('Address 1'),
            'address2' => $text('Address 2'),
            'city' => $text('City'),
            'state' => $text('State'),
            'postcode' => $text('Postcode', 'ZIP Code'),
            'country' => strtoupper($text('Country')),
            'phone' => $text('Phone Number', 'Phone'),
            'fax' => $text('Fax Number', 'Fax'),
            'vat-number' => $text('VAT Number'),
            'language' => '',
        ];
    }
}
