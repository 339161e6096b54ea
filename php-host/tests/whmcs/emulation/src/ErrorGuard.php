<?php

declare(strict_types=1);

namespace OdrTests\Whmcs\Emulation;

/**
 * Every PHP warning, notice and deprecation becomes an exception: the module must raise none.
 */
final class ErrorGuard
{
    public static function install(): void
    {
        error_reporting(E_ALL);
        ini_set('display_errors', '1');
        set_error_handler(static function (int $severity, string $message, string $file, int $line): bool {
            if ((error_reporting() & $severity) === 0) {
                return false;
            }
            throw new \ErrorException($message, 0, $severity, $file, $line);
        });
    }
}
