<?php

declare(strict_types=1);

namespace Odr\Panel;

/**
 * An ODR contact (the WIT `odr-contact` record, as get-contacts returns it) in the panel's
 * terms, the WIT `panel-contact` field names: what every panel's contact page shows.
 */
final class OdrContact
{
    /**
     * @param array<string, mixed> $contact a WIT odr-contact
     * @return array<string, string> a WIT panel-contact
     */
    public static function toPanelContact(array $contact): array
    {
        $text = static fn (string $key): string => is_scalar($contact[$key] ?? null) ? (string) $contact[$key] : '';
        // ODR stores a person's own name as company name; a panel shows no company for a person.
        $company = strtoupper($text('legal-form')) === 'PERSOON' ? '' : $text('company-name');

        return [
            'first-name' => $text('first-name'),
            'last-name' => $text('last-name'),
            'company-name' => $company,
            'email' => $text('email'),
            'address1' => trim($text('street') . ' ' . $text('house-number')),
            'address2' => '',
            'city' => $text('city'),
            'state' => $text('state'),
            'postcode' => $text('postal-code'),
            'country' => $text('country'),
            'phone' => $text('phone'),
            'fax' => $text('fax'),
            'vat-number' => $text('vat-number'),
            'language' => $text('language'),
        ];
    }

    /**
     * The first contact per role of a get-contacts answer.
     *
     * @param list<array{0: string, 1: array<string, mixed>}> $contacts
     * @return array<string, array<string, mixed>> role => odr-contact
     */
    public static function byRole(array $contacts): array
    {
        $byRole = [];
        foreach ($contacts as [$role, $contact]) {
            $byRole[$role] ??= $contact;
        }

        return $byRole;
    }
}
