<?php

declare(strict_types=1);

namespace WHMCS\Module\Registrar\Odr\Actions\Domain;

use WHMCS\Module\Registrar\Odr\Actions\ContextAction;
use WHMCS\Module\Registrar\Odr\Whmcs\DomainName;
use WHMCS\Module\Registrar\Odr\Whmcs\Nameservers;

/**
 * SaveNameservers: replaces the domain's nameservers at ODR, keeping its contacts.
 */
final class SaveNameservers extends ContextAction
{
    public function __invoke(array $params): array
    {
        $this->context->component()->call('save-nameservers', [
            'domain' => DomainName::fromParams($params),
            'nameservers' => Nameservers::fromParams($params),
            'glue' => [],
        ]);

        return ['success' => true];
    }
}
