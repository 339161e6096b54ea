<?php

declare(strict_types=1);

namespace WHMCS\Module\Registrar\Odr\Actions\Orders;

use WHMCS\Module\Registrar\Odr\Actions\ContextAction;
use WHMCS\Module\Registrar\Odr\Whmcs\DomainOrder;

/**
 * RegisterDomain: find or create the ODR contacts, then order the domain.
 */
final class RegisterDomain extends ContextAction
{
    public function __invoke(array $params): array
    {
        $result = $this->context->component()->call('register-domain', [
            'order' => DomainOrder::fromParams($params, null),
        ]);

        return OrderOutcome::toWhmcs($result);
    }
}
