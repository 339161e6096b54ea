<?php

/**
 * Emulation of FOSSBilling's Registrar_AdapterAbstract (library/Registrar/AdapterAbstract.php in
 * FOSSBilling's source), the base class every registrar adapter extends. The contract it states:
 * a static getConfig() (the settings form), and per Registrar_Domain: isDomainAvailable,
 * isDomaincanBeTransferred, modifyNs, modifyContact, transferDomain, getDomainDetails (returns
 * the domain, updated), getEpp (returns the code), registerDomain, renewDomain, deleteDomain,
 * enable/disablePrivacyProtection, lock and unlock; each returns true (or its value) or throws
 * Registrar_Exception. FOSSBilling constructs an adapter with its saved configuration, then calls
 * setLog() with its logger and, for a registrar in test mode, enableTestMode()
 * (Servicedomain's registrarGetRegistrarAdapter()).
 */

// phpcs:disable PSR1.Classes.ClassDeclaration.MissingNamespace, Squiz.Classes.ValidClassName.NotCamelCaps
// phpcs:disable PSR2.Classes.PropertyDeclaration.Underscore

declare(strict_types=1);

abstract class Registrar_AdapterAbstract
{
    protected ?Box_Log $_log = null;
    protected bool $_testMode = false;
    protected ?object $_order = null;

    /** @return array{label: string, form: array<string, mixed>} */
    abstract public static function getConfig();

    abstract public function isDomainAvailable(Registrar_Domain $domain);

    abstract public function isDomaincanBeTransferred(Registrar_Domain $domain);

    abstract public function modifyNs(Registrar_Domain $domain);

    abstract public function modifyContact(Registrar_Domain $domain);

    abstract public function transferDomain(Registrar_Domain $domain);

    abstract public function getDomainDetails(Registrar_Domain $domain);

    abstract public function getEpp(Registrar_Domain $domain);

    abstract public function registerDomain(Registrar_Domain $domain);

    abstract public function renewDomain(Registrar_Domain $domain);

    abstract public function deleteDomain(Registrar_Domain $domain);

    abstract public function enablePrivacyProtection(Registrar_Domain $domain);

    abstract public function disablePrivacyProtection(Registrar_Domain $domain);

    abstract public function lock(Registrar_Domain $domain);

    abstract public function unlock(Registrar_Domain $domain);

    public function setLog(Box_Log $log): static
    {
        $this->_log = $log;

        return $this;
    }

    /** The logger set with setLog(), or a new one (that keeps nothing) when none was set. */
    public function getLog(): Box_Log
    {
        return $this->_log ?? new Box_Log();
    }

    public function enableTestMode(): static
    {
        $this->_testMode = true;

        return $this;
    }

    public function setOrder(object $order): static
    {
        $this->_order = $order;

        return $this;
    }
}
