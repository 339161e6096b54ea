<?php

declare(strict_types=1);

namespace Odr;

/**
 * Stand-in of the extension's Odr\ArgumentException: arguments that do not fit the WIT types.
 */
class ArgumentException extends \InvalidArgumentException
{
}
