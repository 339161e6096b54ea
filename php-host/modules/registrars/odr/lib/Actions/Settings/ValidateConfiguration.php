<?php

declare(strict_types=1);

namespace WHMCS\Module\Registrar\Odr\Actions\Settings;

use WHMCS\Database\Capsule;
use WHMCS\Module\Registrar\Odr\Actions\ContextAction;

/**
 * config_validate: logs in with the entered credentials (ignoring any stored token) so bad
 * ones are refused when the admin saves, and checks the admin user and the report's primary domain.
 */
final class ValidateConfiguration extends ContextAction
{
    public function __invoke(array $params): mixed
    {
        $settings = $this->context->settings;
        if ($settings->apiKey === '' || $settings->apiSecret === '') {
            throw new \InvalidArgumentException(
                'Enter the API key and API secret from the ODR dashboard ("API Keys").'
            );
        }
        \WHMCS\Module\Registrar\Odr\Balance\Balance::threshold($params);
        $adminUser = $settings->adminUser;
        if ($adminUser !== '' && !Capsule::table('tbladmins')->where('username', $adminUser)->exists()) {
            throw new \InvalidArgumentException(sprintf(
                'Admin user: WHMCS has no admin user "%s"; enter an existing username or leave it empty.',
                $adminUser,
            ));
        }
        $this->context->component()->call('check-credentials');

        $primaryDomain = $settings->primaryDomain;
        if ($primaryDomain !== '' && !Capsule::table('tbldomains')->where('domain', $primaryDomain)->exists()) {
            throw new \InvalidArgumentException(sprintf(
                'Primary domain: "%s" is not a domain in WHMCS; the report goes to the owner of that domain.',
                $settings->primaryDomain,
            ));
        }

        return null;
    }
}
