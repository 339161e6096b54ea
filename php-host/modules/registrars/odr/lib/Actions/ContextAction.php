<?php

declare(strict_types=1);

namespace WHMCS\Module\Registrar\Odr\Actions;

use WHMCS\Module\Registrar\Odr\Action;
use WHMCS\Module\Registrar\Odr\Context;

/**
 * Base of the action classes: each gets the call's context.
 */
abstract class ContextAction implements Action
{
    public function __construct(protected readonly Context $context)
    {
    }
}
