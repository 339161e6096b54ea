<?php

declare(strict_types=1);

namespace WHMCS\Exception\Module;

/**
 * Thrown by a module's config_validate to refuse the settings the admin entered.
 */
class InvalidConfiguration extends \WHMCS\Exception\Module\ModuleException
{
}
