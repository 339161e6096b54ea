<?php

declare(strict_types=1);

namespace WHMCS\Module\Registrar\Odr\Actions\Orders;

/**
 * The TLD-specific order fields ODR asks for (the component's get-order-fields) as WHMCS
 * additional domain fields, and back: a field named "odr:<ODR field>" in
 * /resources/domains/additionalfields.php is sent to ODR as that field.
 */
final class OrderFields
{
    public const PREFIX = 'odr:';

    /**
     * The "odr:" additional fields of an order as (ODR field, value) pairs; empty values left out,
     * a ticked tickbox sent as "1".
     *
     * @param array<string, mixed> $params
     * @return list<array{string, string}>
     */
    public static function fromAdditionalFields(array $params): array
    {
        $fields = [];
        foreach ((array) ($params['additionalfields'] ?? []) as $name => $value) {
            if (!is_string($name) || !str_starts_with($name, self::PREFIX) || !is_scalar($value)) {
                continue;
            }
            $value = trim((string) $value);
            if ($value === '') {
                continue;
            }
            $fields[] = [substr($name, strlen(self::PREFIX)), $value === 'on' ? '1' : $value];
        }

        return $fields;
    }

    /**
     * PHP lines for /resources/domains/additionalfields.php declaring $tld's order fields.
     *
     * @param list<array<string, mixed>> $fields WIT order-fields
     */
    public static function snippet(string $tld, array $fields): string
    {
        $tld = '.' . ltrim(strtolower($tld), '.');
        $lines = [];
        foreach ($fields as $field) {
            $definition = [
                'Name' => self::PREFIX . (string) $field['name'],
                'DisplayName' => (string) $field['title'],
                'Type' => match ((string) $field['kind']) {
                    'select' => 'dropdown',
                    'checkbox' => 'tickbox',
                    default => 'text',
                },
                'Required' => (bool) $field['required'],
            ];
            if ($field['kind'] === 'select') {
                $definition['Options'] = implode(',', array_map(
                    static fn (array $option): string => $option[0] . '|' . $option[1],
                    (array) $field['options'],
                ));
            }
            $lines[] = '$additionaldomainfields[' . var_export($tld, true) . '][] = '
                . str_replace("\n", ' ', var_export($definition, true)) . ';';
        }

        return implode("\n", $lines) . ($lines === [] ? '' : "\n");
    }
}
