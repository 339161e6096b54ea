<?php

declare(strict_types=1);

namespace WHMCS\Module\Registrar\Odr\Actions\Contacts;

use WHMCS\Module\Registrar\Odr\Actions\ContextAction;
use WHMCS\Module\Registrar\Odr\Whmcs\DomainName;
use WHMCS\Module\Registrar\Odr\Whmcs\WhoisFields;

/**
 * SaveContactDetails: the edited WHOIS groups go to the component, which updates the ODR
 * contact in place when only details changed, creates a new one when the holder changed
 * (logged as an owner change), and writes nothing when they are equal.
 */
final class SaveContactDetails extends ContextAction
{
    public function __invoke(array $params): array
    {
        $details = is_array($params['contactdetails'] ?? null) ? $params['contactdetails'] : [];
        $registrant = $details[WhoisFields::GROUPS['registrant']] ?? null;
        if (!is_array($registrant)) {
            throw new \InvalidArgumentException('WHMCS passed no Registrant contact details.');
        }

        $this->context->component()->call('sync-contacts', [
            'domain' => DomainName::fromParams($params),
            // Every group WHMCS sent; the component takes the admin and tech groups only for the
            // roles the settings make follow the panel.
            'desired' => [
                'registrant' => WhoisFields::toPanelContact($registrant),
                'admin' => $this->group($details, 'onsite'),
                'tech' => $this->group($details, 'tech'),
            ],
        ]);

        return ['success' => true];
    }

    /**
     * @param array<string, mixed> $details
     * @return array<string, string>|null
     */
    private function group(array $details, string $role): ?array
    {
        $fields = $details[WhoisFields::GROUPS[$role]] ?? null;

        return is_array($fields) ? WhoisFields::toPanelContact($fields) : null;
    }
}
