<?php

declare(strict_types=1);

namespace WHMCS\Module\Registrar\Odr\Whmcs;

/**
 * The full domain name a WHMCS call is about, as the component wants it (IDNs in punycode).
 */
final class DomainName
{
    /**
     * @param array<string, mixed> $params
     * @throws \InvalidArgumentException when $params names no domain
     */
    public static function fromParams(array $params): string
    {
        if (!empty($params['is_idn']) && self::text($params, 'domain_punycode') !== '') {
            return self::text($params, 'domain_punycode');
        }
        $sld = self::text($params, 'sld');
        $tld = ltrim(self::text($params, 'tld'), '.');
        $name = $sld !== '' && $tld !== '' ? $sld . '.' . $tld : '';
        if ($name === '') {
            $name = self::text($params, 'domainname') ?: self::text($params, 'domain');
        }
        if ($name === '') {
            throw new \InvalidArgumentException('WHMCS passed no domain name (sld/tld, domainname or domain).');
        }

        return self::ascii($name);
    }

    /** The domain name for a log line, or an empty string when $params has none. */
    public static function describe(array $params): string
    {
        try {
            return self::fromParams($params);
        } catch (\InvalidArgumentException) {
            return '';
        }
    }

    /** A stored WHMCS domain name (tbldomains.domain) in the component's form. */
    public static function ascii(string $name): string
    {
        $name = strtolower(trim($name));
        if (preg_match('/[^\x20-\x7e]/', $name) === 1 && function_exists('idn_to_ascii')) {
            $ascii = idn_to_ascii($name, IDNA_NONTRANSITIONAL_TO_ASCII, INTL_IDNA_VARIANT_UTS46);
            if (is_string($ascii) && $ascii !== '') {
                return $ascii;
            }
        }

        return $name;
    }

    /** @param array<string, mixed> $params */
    private static function text(array $params, string $key): string
    {
        $value = $params[$key] ?? '';

        return is_scalar($value) ? trim((string) $value) : '';
    }
}
