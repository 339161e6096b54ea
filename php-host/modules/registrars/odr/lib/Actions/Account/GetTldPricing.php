<?php

declare(strict_types=1);

namespace WHMCS\Module\Registrar\Odr\Actions\Account;

use WHMCS\Domain\TopLevel\ImportItem;
use WHMCS\Module\Registrar\Odr\Actions\ContextAction;
use WHMCS\Results\ResultsList;

/**
 * GetTldPricing (Utilities > Registrar TLD Sync): the account's ODR price list as WHMCS import
 * items. The component reads and maps the list; its notes (stand-in prices, an assumed currency)
 * are in the module log.
 */
final class GetTldPricing extends ContextAction
{
    public function __invoke(array $params): ResultsList
    {
        $pricing = $this->context->component()->call('get-tld-pricing', []);
        $results = new ResultsList();
        foreach ((array) ($pricing['tlds'] ?? []) as $tld) {
            $results->append(self::item((array) $tld, (string) ($pricing['currency'] ?? 'EUR')));
        }

        return $results;
    }

    /** @param array<string, mixed> $tld a WIT tld-price */
    private static function item(array $tld, string $currency): ImportItem
    {
        $item = (new ImportItem())
            ->setExtension('.' . (string) $tld['tld'])
            ->setMinYears((int) $tld['min-years'])
            ->setMaxYears((int) $tld['max-years'])
            ->setYearsStep(1)
            ->setRegisterPrice((float) $tld['register'])
            ->setRenewPrice((float) $tld['renew'])
            ->setTransferPrice((float) $tld['transfer'])
            ->setCurrency($currency);
        if (isset($tld['redemption']) && $tld['redemption'] !== '') {
            $item->setRedemptionFeePrice((float) $tld['redemption']);
        }

        return $item;
    }
}
