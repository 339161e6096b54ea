<?php

/**
 * Emulation of FOSSBilling's Registrar_Domain (library/Registrar/Domain.php in FOSSBilling's
 * source): the domain a registrar adapter is handed. Same public methods: name = SLD + TLD (the
 * TLD with its leading dot, getTld(false) without it), registration period in years, expiry and
 * registration as Unix times, EPP code, privacy, lock, four nameservers, and the registrant
 * ("registrar" in FOSSBilling's naming), admin, tech and billing contacts.
 */

// phpcs:disable PSR1.Classes.ClassDeclaration.MissingNamespace, Squiz.Classes.ValidClassName.NotCamelCaps

declare(strict_types=1);

class Registrar_Domain
{
    private string $tld = '';
    private mixed $period = null;
    private mixed $expiresAt = null;
    private mixed $registeredAt = null;
    private mixed $registrant = null;
    private mixed $admin = null;
    private mixed $tech = null;
    private mixed $billing = null;
    private mixed $epp = null;
    private mixed $privacy = null;
    private mixed $sld = null;
    private mixed $ns1 = null;
    private mixed $ns2 = null;
    private mixed $ns3 = null;
    private mixed $ns4 = null;
    private mixed $locked = null;

    public function getName(): string
    {
        return $this->sld . $this->tld;
    }

    public function setTld(string $tld): static
    {
        $this->tld = $tld;

        return $this;
    }

    public function getTld(bool $withDot = true): string
    {
        return $withDot ? $this->tld : ltrim($this->tld, '.');
    }

    public function setRegistrationPeriod($value): static
    {
        $this->period = $value;

        return $this;
    }

    public function getRegistrationPeriod()
    {
        return $this->period;
    }

    public function setExpirationTime($value): static
    {
        $this->expiresAt = $value;

        return $this;
    }

    public function getExpirationTime()
    {
        return $this->expiresAt;
    }

    public function setRegistrationTime($value): static
    {
        $this->registeredAt = $value;

        return $this;
    }

    public function getRegistrationTime()
    {
        return $this->registeredAt;
    }

    public function setContactRegistrar($value): static
    {
        $this->registrant = $value;

        return $this;
    }

    public function getContactRegistrar()
    {
        return $this->registrant;
    }

    public function setContactAdmin($value): static
    {
        $this->admin = $value;

        return $this;
    }

    public function getContactAdmin()
    {
        return $this->admin;
    }

    public function setContactTech($value): static
    {
        $this->tech = $value;

        return $this;
    }

    public function getContactTech()
    {
        return $this->tech;
    }

    public function setContactBilling($value): static
    {
        $this->billing = $value;

        return $this;
    }

    public function getContactBilling()
    {
        return $this->billing;
    }

    public function setEpp($value): static
    {
        $this->epp = $value;

        return $this;
    }

    public function getEpp()
    {
        return $this->epp;
    }

    public function setPrivacyEnabled($value): static
    {
        $this->privacy = $value;

        return $this;
    }

    public function getPrivacyEnabled()
    {
        return $this->privacy;
    }

    public function setSld($value): static
    {
        $this->sld = $value;

        return $this;
    }

    public function getSld()
    {
        return $this->sld;
    }

    public function setNs1($value): static
    {
        $this->ns1 = $value;

        return $this;
    }

    public function getNs1()
    {
        return $this->ns1;
    }

    public function setNs2($value): static
    {
        $this->ns2 = $value;

        return $this;
    }

    public function getNs2()
    {
        return $this->ns2;
    }

    public function setNs3($value): static
    {
        $this->ns3 = $value;

        return $this;
    }

    public function getNs3()
    {
        return $this->ns3;
    }

    public function setNs4($value): static
    {
        $this->ns4 = $value;

        return $this;
    }

    public function getNs4()
    {
        return $this->ns4;
    }

    public function setLocked($value): static
    {
        $this->locked = $value;

        return $this;
    }

    public function getLocked()
    {
        return $this->locked;
    }
}
