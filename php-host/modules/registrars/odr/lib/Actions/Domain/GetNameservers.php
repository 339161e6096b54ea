<?php

declare(strict_types=1);

namespace WHMCS\Module\Registrar\Odr\Actions\Domain;

use WHMCS\Module\Registrar\Odr\Actions\ContextAction;
use WHMCS\Module\Registrar\Odr\Whmcs\DomainName;
use WHMCS\Module\Registrar\Odr\Whmcs\Nameservers;

/**
 * GetNameservers: ns1..ns5.
 */
final class GetNameservers extends ContextAction
{
    public function __invoke(array $params): array
    {
        $hosts = $this->context->component()->call('get-nameservers', ['domain' => DomainName::fromParams($params)]);

        return Nameservers::toParams($hosts);
    }
}
