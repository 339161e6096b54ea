<?php

declare(strict_types=1);

namespace WHMCS\Module\Registrar\Odr\Actions\Contacts;

use WHMCS\Module\Registrar\Odr\Context;
use WHMCS\Module\Registrar\Odr\Whmcs\PanelContact;
use WHMCS\Module\Registrar\Odr\Whmcs\SystemSettings;

/**
 * Contact sync during the expiry sync (setting "Sync contacts"): the WHMCS client is the
 * registrant; the onsite and tech roles follow WHMCS's domain admin contact when the settings
 * say so. The component compares and writes only what differs.
 */
final class ContactSync
{
    public function __construct(
        private readonly Context $context,
        private readonly SystemSettings $system = new SystemSettings(),
    ) {
    }

    /**
     * @param array<string, mixed> $params the Sync call's parameters
     * @return list<array<string, mixed>> the component's contact-change list
     */
    public function run(array $params, string $domain): array
    {
        $settings = $this->context->settings;
        $client = PanelContact::fromClientDetails($this->clientDetails($params));
        $admin = null;
        if ($settings->onsiteFromPanel() || $settings->techFromPanel()) {
            $admin = $this->system->adminUsesClientDetails()
                ? $client
                : PanelContact::fromParams($this->system->defaultAdminContact(), 'admin');
        }

        return $this->context->component()->call('sync-contacts', [
            'domain' => $domain,
            // WHMCS has one admin contact for both roles; the component uses it for the roles
            // the settings make follow the panel.
            'desired' => ['registrant' => $client, 'admin' => $admin, 'tech' => $admin],
        ]);
    }

    /**
     * @param array<string, mixed> $params
     * @return array<string, mixed>
     */
    private function clientDetails(array $params): array
    {
        $api = $this->context->localApi();
        $clientId = (int) ($params['userid'] ?? 0);
        if ($clientId <= 0) {
            $found = $api->call('GetClientsDomains', ['domainid' => (int) ($params['domainid'] ?? 0)]);
            $clientId = (int) ($found['domains']['domain'][0]['userid'] ?? 0);
        }
        if ($clientId <= 0) {
            throw new \RuntimeException('The WHMCS client of this domain was not found.');
        }

        return $api->call('GetClientsDetails', ['clientid' => $clientId, 'stats' => false]);
    }
}
