<?php

declare(strict_types=1);

namespace Odr;

/**
 * Stand-in of the extension's Odr\RuntimeException: the component trapped or ran out of fuel.
 */
class RuntimeException extends \RuntimeException
{
}
