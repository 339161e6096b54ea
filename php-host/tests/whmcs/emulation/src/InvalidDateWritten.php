<?php

declare(strict_types=1);

namespace OdrTests\Whmcs\Emulation;

/**
 * Raised when anything tries to store something other than a real calendar date in a
 * tbldomains date column: what a registrar module must never cause.
 */
final class InvalidDateWritten extends \LogicException
{
}
