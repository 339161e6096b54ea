<?php

declare(strict_types=1);

namespace WHMCS\Module\Registrar\Odr\Actions\Domain;

use WHMCS\Module\Registrar\Odr\Actions\ContextAction;
use WHMCS\Module\Registrar\Odr\FeatureSettings;
use WHMCS\Module\Registrar\Odr\Whmcs\DomainName;

/**
 * GetDNS: the domain's records at ODR's DNS service in WHMCS's host-record form; only with the
 * setting "DNS management" (zones may cost money at ODR). No zone yet: no records.
 */
final class GetDns extends ContextAction
{
    public function __invoke(array $params): array
    {
        FeatureSettings::requireDnsManagement($params);
        $records = $this->context->component()->call('get-dns-zone', ['domain' => DomainName::fromParams($params)]);
        $rows = [];
        foreach ((array) ($records ?? []) as $record) {
            $record = (array) $record;
            $rows[] = [
                'hostname' => (string) $record['name'],
                'type' => (string) $record['record-type'],
                'address' => (string) $record['content'],
                'priority' => $record['priority'] === null ? 'N/A' : (string) $record['priority'],
            ];
        }

        return $rows;
    }
}
