<?php

/**
 * Emulation of FOSSBilling's Registrar_Exception (library/Registrar/Exception.php): what an
 * adapter throws; a FOSSBilling\Exception whose message FOSSBilling shows the admin or client.
 */

// phpcs:disable PSR1.Classes.ClassDeclaration.MissingNamespace, Squiz.Classes.ValidClassName.NotCamelCaps

declare(strict_types=1);

class Registrar_Exception extends FOSSBilling\Exception
{
    /** @param array<string, string>|null $variables translation placeholders */
    public function __construct(string $message, ?array $variables = null, int $code = 0)
    {
        parent::__construct($message, $variables, $code, true);
    }
}
