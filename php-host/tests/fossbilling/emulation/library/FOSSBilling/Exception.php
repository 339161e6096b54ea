<?php

/**
 * Emulation of FOSSBilling\Exception (library/FOSSBilling/Exception.php): the message is
 * translated, its `:name` placeholders replaced from $variables when given, nothing else.
 */

declare(strict_types=1);

namespace FOSSBilling;

class Exception extends \Exception
{
    /** @param array<string, string>|null $variables */
    public function __construct(string $message, ?array $variables = null, int $code = 0, bool $protected = false)
    {
        unset($protected);
        parent::__construct(is_array($variables) ? strtr($message, $variables) : $message, $code);
    }
}
