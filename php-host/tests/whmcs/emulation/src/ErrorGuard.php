<?php

declare(strict_types=1);

namespace OdrTests\Whmcs\Emulation;

/**
 * Every PHP warning, notice and deprecation becomes an exception: the module must raise none.
 * Each one is also remembered (raised()), so a test can tell even when the module's dispatcher
 * caught the exception and turned it into an ordinary-looking WHMCS error.
 */
final class ErrorGuard
{
    /** @var list<string> "message at file:line" of every error raised since the last reset() */
    private static array $raised = [];

    public static function install(): void
    {
        error_reporting(E_ALL);
        ini_set('display_errors', '1');
        set_error_handler(static function (int $severity, string $message, string $file, int $line): bool {
            if ((error_reporting() & $severity) === 0) {
                return false;
            }
            self::$raised[] = sprintf('%s at %s:%d', $message, $file, $line);
            throw new \ErrorException($message, 0, $severity, $file, $line);
        });
    }

    /** @return list<string> the PHP warnings, notices and deprecations raised since reset() */
    public static function raised(): array
    {
        return self::$raised;
    }

    public static function reset(): void
    {
        self::$raised = [];
    }
}
