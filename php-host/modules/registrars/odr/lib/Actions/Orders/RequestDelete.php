<?php

declare(strict_types=1);

namespace WHMCS\Module\Registrar\Odr\Actions\Orders;

use WHMCS\Module\Registrar\Odr\Actions\ContextAction;
use WHMCS\Module\Registrar\Odr\Whmcs\DomainName;

/**
 * RequestDelete: auto-renew off at ODR (ODR deletes the domain at expiry), then the WHMCS
 * domain is set to Cancelled.
 */
final class RequestDelete extends ContextAction
{
    public function __invoke(array $params): array
    {
        $this->context->component()->call('request-delete', ['domain' => DomainName::fromParams($params)]);

        $domainId = (int) ($params['domainid'] ?? 0);
        if ($domainId > 0) {
            try {
                $this->context->localApi()->call('UpdateClientDomain', [
                    'domainid' => $domainId,
                    'status' => 'Cancelled',
                ]);
            } catch (\RuntimeException $e) {
                throw new \RuntimeException('Auto-renew is off at ODR, but ' . $e->getMessage(), 0, $e);
            }
        }

        return ['success' => true];
    }
}
