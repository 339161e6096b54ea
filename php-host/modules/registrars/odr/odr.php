<?php

/**
 * Open Domain Registry (ODR) registrar module for WHMCS.
 *
 * Every function is a one-line dispatch to an action class in lib/Actions/, grouped by what it
 * acts on (Orders, Domain, Contacts, Search, Cron, Settings); the ODR logic lives
 * in the precompiled component (component/odr_registrar.cwasm), run by the `odr` PHP extension.
 * Functions ODR cannot support (registrar lock, child nameservers, ID protection, DNS and e-mail
 * forwarding) are deliberately not defined, so WHMCS hides those features.
 */

// phpcs:disable PSR1.Files.SideEffects

declare(strict_types=1);

use WHMCS\Module\Registrar\Odr\Actions;
use WHMCS\Module\Registrar\Odr\ConfigFields;
use WHMCS\Module\Registrar\Odr\Dispatcher;
use WHMCS\Module\Registrar\Odr\Whmcs\SettingsMigration;

if (!defined('WHMCS')) {
    die('This file cannot be accessed directly');
}

require_once __DIR__ . '/autoload.php';

function odr_MetaData(): array
{
    return ConfigFields::metaData();
}

function odr_getConfigArray(): array
{
    (new SettingsMigration())->carryOverQuietly();

    return ConfigFields::definitions();
}

function odr_config_validate(array $params): void
{
    Dispatcher::validateConfiguration(Actions\Settings\ValidateConfiguration::class, $params);
}

function odr_RegisterDomain(array $params): array
{
    return Dispatcher::run(Actions\Orders\RegisterDomain::class, $params);
}

function odr_TransferDomain(array $params): array
{
    return Dispatcher::run(Actions\Orders\TransferDomain::class, $params);
}

function odr_RenewDomain(array $params): array
{
    return Dispatcher::run(Actions\Orders\RenewDomain::class, $params);
}

function odr_GetNameservers(array $params): array
{
    return Dispatcher::run(Actions\Domain\GetNameservers::class, $params);
}

function odr_SaveNameservers(array $params): array
{
    return Dispatcher::run(Actions\Domain\SaveNameservers::class, $params);
}

function odr_GetEPPCode(array $params): array
{
    return Dispatcher::run(Actions\Domain\GetEppCode::class, $params);
}

function odr_RequestDelete(array $params): array
{
    return Dispatcher::run(Actions\Orders\RequestDelete::class, $params);
}

function odr_GetContactDetails(array $params): array
{
    return Dispatcher::run(Actions\Contacts\GetContactDetails::class, $params);
}

function odr_SaveContactDetails(array $params): array
{
    return Dispatcher::run(Actions\Contacts\SaveContactDetails::class, $params);
}

function odr_GetDomainInformation(array $params): \WHMCS\Domain\Registrar\Domain
{
    return Dispatcher::runOrThrow(Actions\Domain\GetDomainInformation::class, $params);
}

function odr_CheckAvailability(array $params): \WHMCS\Domains\DomainLookup\ResultsList
{
    return Dispatcher::runOrThrow(Actions\Search\CheckAvailability::class, $params);
}

function odr_GetDomainSuggestions(array $params): \WHMCS\Domains\DomainLookup\ResultsList
{
    return Dispatcher::runOrThrow(Actions\Search\GetDomainSuggestions::class, $params);
}

function odr_Sync(array $params): array
{
    return Dispatcher::run(Actions\Cron\Sync::class, $params);
}

function odr_TransferSync(array $params): array
{
    return Dispatcher::run(Actions\Cron\TransferSync::class, $params);
}

function odr_AdminCustomButtonArray(): array
{
    return ConfigFields::adminButtons();
}

function odr_PreviewExpirySync(array $params): array
{
    return Dispatcher::run(Actions\Cron\PreviewExpirySync::class, $params);
}

function odr_SendDomainReport(array $params): array
{
    return Dispatcher::run(Actions\Cron\SendDomainReport::class, $params);
}

function odr_GetTldPricing(array $params): \WHMCS\Results\ResultsList
{
    return Dispatcher::runOrThrow(Actions\Account\GetTldPricing::class, $params);
}

function odr_ClientAreaCustomButtonArray(): array
{
    return ['DNSSEC' => Actions\Domain\DnssecPage::FUNCTION];
}

function odr_dnssec(array $params): array
{
    return Dispatcher::run(Actions\Domain\DnssecPage::class, $params);
}

function odr_GetDNS(array $params): array
{
    return Dispatcher::run(Actions\Domain\GetDns::class, $params);
}

function odr_SaveDNS(array $params): array
{
    return Dispatcher::run(Actions\Domain\SaveDns::class, $params);
}
