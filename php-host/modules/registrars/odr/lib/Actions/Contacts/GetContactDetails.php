<?php

declare(strict_types=1);

namespace WHMCS\Module\Registrar\Odr\Actions\Contacts;

use Odr\Panel\OdrContact;
use WHMCS\Module\Registrar\Odr\Actions\ContextAction;
use WHMCS\Module\Registrar\Odr\Whmcs\DomainName;
use WHMCS\Module\Registrar\Odr\Whmcs\WhoisFields;

/**
 * GetContactDetails: the domain's ODR contacts for the WHOIS page.
 *
 * Shows the roles that can be edited per domain: the registrant, and the onsite (Admin) and
 * tech roles when the settings make them follow the panel's contact. Roles set to "same as the
 * registrant" or to a fixed ODR contact are governed by the settings, so they are not offered.
 */
final class GetContactDetails extends ContextAction
{
    public function __invoke(array $params): array
    {
        $component = $this->context->component();
        $contacts = $component->call('get-contacts', ['domain' => DomainName::fromParams($params)]);

        $byRole = OdrContact::byRole($contacts);
        $groups = [];
        foreach (WhoisFields::GROUPS as $role => $group) {
            if (isset($byRole[$role]) && $this->editable($role)) {
                $groups[$group] = WhoisFields::fromPanelContact($component->panelContactOf($byRole[$role]));
            }
        }

        return $groups;
    }

    private function editable(string $role): bool
    {
        return match ($role) {
            'registrant' => true,
            'onsite' => $this->context->settings->onsiteFromPanel(),
            'tech' => $this->context->settings->techFromPanel(),
            default => false,
        };
    }
}
