<?php

declare(strict_types=1);

namespace WHMCS\Module\Registrar\Odr\Actions\Domain;

use WHMCS\Module\Registrar\Odr\Actions\ContextAction;
use WHMCS\Module\Registrar\Odr\FeatureSettings;
use WHMCS\Module\Registrar\Odr\Whmcs\DomainName;

/**
 * SaveDNS: WHMCS's host records (`dnsrecords`) to ODR's DNS zone of the domain, created when there
 * is none; rows without an address are dropped (WHMCS's way of deleting one). Only with the
 * setting "DNS management". The component checks every record and keeps the zone's NS and SOA.
 */
final class SaveDns extends ContextAction
{
    public function __invoke(array $params): array
    {
        FeatureSettings::requireDnsManagement($params);
        $records = [];
        foreach ((array) ($params['dnsrecords'] ?? []) as $row) {
            $row = is_array($row) ? $row : [];
            $address = trim((string) ($row['address'] ?? ''));
            if ($address === '') {
                continue;
            }
            $priority = trim((string) ($row['priority'] ?? ''));
            $records[] = [
                'name' => trim((string) ($row['hostname'] ?? '')),
                'record-type' => strtoupper(trim((string) ($row['type'] ?? ''))),
                'content' => $address,
                'priority' => ctype_digit($priority) && (int) $priority <= 65535 ? (int) $priority : null,
                'ttl' => 0,
            ];
        }
        $this->context->component()->call('save-dns-zone', [
            'domain' => DomainName::fromParams($params),
            'records' => $records,
        ]);

        return ['success' => true];
    }
}
