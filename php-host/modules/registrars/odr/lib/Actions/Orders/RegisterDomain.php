<?php

declare(strict_types=1);

namespace WHMCS\Module\Registrar\Odr\Actions\Orders;

use WHMCS\Module\Registrar\Odr\Actions\ContextAction;
use WHMCS\Module\Registrar\Odr\Whmcs\DomainOrder;

/**
 * RegisterDomain: find or create the ODR contacts, then order the domain. Additional domain
 * fields named "odr:<field>" (see bin/order-fields.php) go to ODR as that order field.
 */
final class RegisterDomain extends ContextAction
{
    public function __invoke(array $params): array
    {
        $order = DomainOrder::fromParams($params, null);
        $fields = OrderFields::fromAdditionalFields($params);
        $result = $fields === []
            ? $this->context->component()->call('register-domain', ['order' => $order])
            : $this->context->component()->call('register-domain-with-fields', [
                'order' => $order,
                'fields' => $fields,
            ]);

        return OrderOutcome::toWhmcs($result);
    }
}
