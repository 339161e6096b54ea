<?php

declare(strict_types=1);

namespace OdrTests\Whmcs\Emulation;

/**
 * A tblclients row as WHMCS's getClientsDetails() presents it: full state, country name,
 * the dial code and the "+CC.number" phone form.
 */
final class ClientDetails
{
    /** Dial codes and names of the countries the tests use (WHMCS has the full table). */
    private const COUNTRIES = [
        'NL' => ['31', 'Netherlands'],
        'BE' => ['32', 'Belgium'],
        'DE' => ['49', 'Germany'],
        'FR' => ['33', 'France'],
        'GB' => ['44', 'United Kingdom'],
        'US' => ['1', 'United States'],
        'ES' => ['34', 'Spain'],
    ];

    /** @return array<string, mixed> */
    public static function fromRow(object $row): array
    {
        $country = strtoupper((string) $row->country);
        $phone = self::formatPhone((string) $row->phonenumber, $country);

        return [
            'userid' => (int) $row->id,
            'id' => (int) $row->id,
            'uuid' => (string) $row->uuid,
            'firstname' => (string) $row->firstname,
            'lastname' => (string) $row->lastname,
            'fullname' => trim($row->firstname . ' ' . $row->lastname),
            'companyname' => (string) $row->companyname,
            'email' => (string) $row->email,
            'address1' => (string) $row->address1,
            'address2' => (string) $row->address2,
            'city' => (string) $row->city,
            'fullstate' => (string) $row->state,
            'state' => (string) $row->state,
            'statecode' => (string) $row->state,
            'postcode' => (string) $row->postcode,
            'countrycode' => $country,
            'country' => $country,
            'countryname' => self::COUNTRIES[$country][1] ?? $country,
            'phonecc' => $phone['cc'],
            'phonenumber' => $phone['number'],
            'phonenumberformatted' => $phone['formatted'],
            'telephoneNumber' => $phone['formatted'],
            'tax_id' => (string) $row->tax_id,
            'billingcid' => 0,
            'groupid' => (int) $row->groupid,
            'status' => (string) $row->status,
            'credit' => (string) $row->credit,
            'taxexempt' => (bool) $row->taxexempt,
            'language' => (string) $row->language,
            'currency' => (int) $row->currency,
            'currency_code' => 'EUR',
            'notes' => (string) $row->notes,
        ];
    }

    /**
     * WHMCS's formatPhoneNumber: "+CC.number" from what the client typed.
     *
     * @return array{cc: string, number: string, formatted: string}
     */
    public static function formatPhone(string $typed, string $country): array
    {
        $typed = trim($typed);
        $cc = self::COUNTRIES[$country][0] ?? '';
        if (preg_match('/^\+(\d{1,3})\.(.*)$/', $typed, $m) === 1) {
            $cc = $m[1];
            $typed = $m[2];
        }
        $number = (string) preg_replace('/\D/', '', $typed);
        if ($number === '') {
            return ['cc' => $cc, 'number' => '', 'formatted' => ''];
        }
        if ($cc !== '' && str_starts_with($number, '0')) {
            $number = ltrim($number, '0');
        }

        return ['cc' => $cc, 'number' => $number, 'formatted' => $cc === '' ? $number : '+' . $cc . '.' . $number];
    }
}
