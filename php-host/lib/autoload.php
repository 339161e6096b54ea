<?php

/**
 * Class loading for the panel-neutral library (`Odr\Panel\...`): the capabilities (HTTP on
 * cURL, state), the component wrapper, settings, error messages and contact mapping that every
 * panel adapter shares. Each adapter ships a copy of this folder and requires this file.
 */

declare(strict_types=1);

spl_autoload_register(static function (string $class): void {
    $prefix = 'Odr\\Panel\\';
    if (strncmp($class, $prefix, strlen($prefix)) !== 0) {
        return;
    }
    $file = __DIR__ . '/' . str_replace('\\', '/', substr($class, strlen($prefix))) . '.php';
    if (is_file($file)) {
        require_once $file;
    }
});
