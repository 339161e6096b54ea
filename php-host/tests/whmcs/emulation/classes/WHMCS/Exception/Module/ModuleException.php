<?php

declare(strict_types=1);

namespace WHMCS\Exception\Module;

/**
 * Base of WHMCS's module exceptions.
 */
class ModuleException extends \Exception
{
}
