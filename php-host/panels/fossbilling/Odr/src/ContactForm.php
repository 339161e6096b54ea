<?php

declare(strict_types=1);

namespace Odr\Fossbilling;

/**
 * FOSSBilling's Registrar_Domain_Contact as the component's `panel-contact` record.
 * Phone numbers: FOSSBilling keeps the dial code apart (tel_cc "31", tel "201234567"); the
 * component takes "+CC.NUMBER".
 */
final class ContactForm
{
    /** @return array<string, string> a WIT panel-contact */
    public static function toPanelContact(\Registrar_Domain_Contact $contact): array
    {
        $text = static fn (mixed $value): string => is_scalar($value) ? trim((string) $value) : '';

        return [
            'first-name' => $text($contact->getFirstName()),
            'last-name' => $text($contact->getLastName()),
            'company-name' => $text($contact->getCompany()),
            'email' => $text($contact->getEmail()),
            'address1' => $text($contact->getAddress1()),
            'address2' => trim($text($contact->getAddress2()) . ' ' . $text($contact->getAddress3())),
            'city' => $text($contact->getCity()),
            'state' => $text($contact->getState()),
            'postcode' => $text($contact->getZip()),
            'country' => strtoupper($text($contact->getCountry())),
            'phone' => self::phone($text($contact->getTelCc()), $text($contact->getTel())),
            'fax' => self::phone($text($contact->getFaxCc()), $text($contact->getFax())),
            'vat-number' => '',
            'language' => '',
        ];
    }

    private static function phone(string $dialCode, string $number): string
    {
        $dialCode = ltrim($dialCode, '+ ');
        if ($number === '' || $dialCode === '' || str_starts_with($number, '+')) {
            return $number;
        }

        return '+' . $dialCode . '.' . $number;
    }
}
