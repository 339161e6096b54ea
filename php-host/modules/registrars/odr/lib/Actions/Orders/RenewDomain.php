<?php

declare(strict_types=1);

namespace WHMCS\Module\Registrar\Odr\Actions\Orders;

use WHMCS\Module\Registrar\Odr\Actions\ContextAction;
use WHMCS\Module\Registrar\Odr\Whmcs\DomainName;

/**
 * RenewDomain: ODR renews by itself while auto-renew is on; the component makes sure it is on,
 * or reactivates a domain in quarantine. The expiry sync brings WHMCS's date in line afterwards.
 */
final class RenewDomain extends ContextAction
{
    public function __invoke(array $params): array
    {
        $this->context->component()->call('renew-domain', ['domain' => DomainName::fromParams($params)]);

        return ['success' => true];
    }
}
