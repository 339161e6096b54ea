<?php

declare(strict_types=1);

namespace WHMCS\Domains;

/**
 * A domain name split into second level and top level (`domainObj` in module parameters).
 * The top level is kept without a leading dot.
 */
class Domain
{
    protected string $secondLevel = '';
    protected string $topLevel = '';

    public function __construct(string $domain = '')
    {
        $domain = strtolower(trim($domain, " \t\n\r\0\x0B."));
        if ($domain !== '') {
            $parts = explode('.', $domain, 2);
            $this->secondLevel = $parts[0];
            $this->topLevel = $parts[1] ?? '';
        }
    }

    public static function createFromSldAndTld(string $sld, string $tld): static
    {
        $domain = new static();
        $domain->setSecondLevel($sld);
        $domain->setTopLevel($tld);

        return $domain;
    }

    public function setSecondLevel(string $sld): static
    {
        $this->secondLevel = strtolower(trim($sld));

        return $this;
    }

    public function setTopLevel(string $tld): static
    {
        $this->topLevel = strtolower(ltrim(trim($tld), '.'));

        return $this;
    }

    public function getSecondLevel(): string
    {
        return $this->secondLevel;
    }

    public function getTopLevel(): string
    {
        return $this->topLevel;
    }

    public function getSLD(): string
    {
        return $this->secondLevel;
    }

    public function getTLD(): string
    {
        return $this->topLevel;
    }

    public function getDomain(bool $unicode = true): string
    {
        $domain = $this->secondLevel . '.' . $this->topLevel;

        return $unicode ? self::unicode($domain) : self::punycode($domain);
    }

    public function isIdn(): bool
    {
        return self::punycode($this->getDomain()) !== self::unicode($this->getDomain());
    }

    public function toPunycode(): string
    {
        return self::punycode($this->getDomain());
    }

    public function toUnicode(): string
    {
        return self::unicode($this->getDomain());
    }

    public function getPunycodeSecondLevel(): string
    {
        return self::punycode($this->secondLevel);
    }

    public function getUnicodeSecondLevel(): string
    {
        return self::unicode($this->secondLevel);
    }

    public function getPunycodeTopLevel(): string
    {
        return self::punycode($this->topLevel);
    }

    public function setPunycodeTopLevel(string $tld): static
    {
        return $this->setTopLevel(self::unicode($tld));
    }

    private static function punycode(string $name): string
    {
        $ascii = idn_to_ascii($name, IDNA_NONTRANSITIONAL_TO_ASCII, INTL_IDNA_VARIANT_UTS46);

        return is_string($ascii) ? $ascii : $name;
    }

    private static function unicode(string $name): string
    {
        $unicode = idn_to_utf8($name, IDNA_NONTRANSITIONAL_TO_UNICODE, INTL_IDNA_VARIANT_UTS46);

        return is_string($unicode) ? $unicode : $name;
    }
}
