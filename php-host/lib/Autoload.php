<?php

declare(strict_types=1);

namespace Odr\Panel;

/**
 * PSR-4 class loading for one namespace prefix and folder: the library's own classes, and each
 * panel adapter's (they register theirs with it).
 */
final class Autoload
{
    public static function register(string $prefix, string $directory): void
    {
        spl_autoload_register(static function (string $class) use ($prefix, $directory): void {
            if (strncmp($class, $prefix, strlen($prefix)) !== 0) {
                return;
            }
            $file = $directory . '/' . str_replace('\\', '/', substr($class, strlen($prefix))) . '.php';
            if (is_file($file)) {
                require_once $file;
            }
        });
    }
}
