<?php

declare(strict_types=1);

namespace WHMCS\Module\Registrar\Odr\Actions\Orders;

use WHMCS\Module\Registrar\Odr\Actions\ContextAction;
use WHMCS\Module\Registrar\Odr\FeatureSettings;
use WHMCS\Module\Registrar\Odr\Whmcs\DomainName;

/**
 * RequestDelete: auto-renew off at ODR (ODR deletes the domain at expiry), or with the setting
 * "Delete mode: Delete now" the domain deleted at ODR about two hours later; then the WHMCS
 * domain is set to Cancelled.
 */
final class RequestDelete extends ContextAction
{
    public function __invoke(array $params): array
    {
        $domain = DomainName::fromParams($params);
        $deleteNow = FeatureSettings::deleteNow($params);
        if ($deleteNow) {
            $this->context->component()->call('delete-domain-now', ['domain' => $domain]);
        } else {
            $this->context->component()->call('request-delete', ['domain' => $domain]);
        }

        $domainId = (int) ($params['domainid'] ?? 0);
        if ($domainId > 0) {
            try {
                $this->context->localApi()->call('UpdateClientDomain', [
                    'domainid' => $domainId,
                    'status' => 'Cancelled',
                ]);
            } catch (\RuntimeException $e) {
                $done = $deleteNow ? 'The domain is being deleted at ODR' : 'Auto-renew is off at ODR';
                throw new \RuntimeException($done . ', but ' . $e->getMessage(), 0, $e);
            }
        }

        return ['success' => true];
    }
}
