<?php

declare(strict_types=1);

namespace WHMCS\Exception\Module;

/**
 * WHMCS throws this when an order cannot be provisioned (e.g. no nameservers).
 */
class NotServicable extends ModuleException
{
}
