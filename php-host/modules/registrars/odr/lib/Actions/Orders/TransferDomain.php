<?php

declare(strict_types=1);

namespace WHMCS\Module\Registrar\Odr\Actions\Orders;

use WHMCS\Module\Registrar\Odr\Actions\ContextAction;
use WHMCS\Module\Registrar\Odr\Whmcs\DomainOrder;

/**
 * TransferDomain: find or create the ODR contacts, then order the transfer with the EPP code.
 * WHMCS keeps the domain in Pending Transfer until TransferSync reports the outcome.
 */
final class TransferDomain extends ContextAction
{
    public function __invoke(array $params): array
    {
        $result = $this->context->component()->call('transfer-domain', [
            'order' => DomainOrder::fromParams($params, DomainOrder::authCode($params)),
        ]);

        return OrderOutcome::toWhmcs($result);
    }
}
