<?php

/**
 * Test bootstrap: an emulated FOSSBilling (emulation/library: the classes FOSSBilling gives a
 * registrar adapter) around the real adapter, run on the odr extension and the real component
 * (env ODR_CWASM, default target/odr_registrar.cwasm), against `odr replay-server` (env ODR_CLI).
 */

// phpcs:disable PSR1.Files.SideEffects

declare(strict_types=1);

date_default_timezone_set('UTC');

$repository = dirname(__DIR__, 3);

spl_autoload_register(static function (string $class): void {
    $roots = [
        'OdrTests\\Fossbilling\\Emulation\\' => __DIR__ . '/emulation/src/',
        'OdrTests\\Fossbilling\\' => __DIR__ . '/',
        // The replay server and its clock are shared with the WHMCS tests.
        'OdrTests\\Whmcs\\Emulation\\' => dirname(__DIR__) . '/whmcs/emulation/src/',
    ];
    foreach ($roots as $prefix => $dir) {
        if (strncmp($class, $prefix, strlen($prefix)) === 0) {
            $file = $dir . str_replace('\\', '/', substr($class, strlen($prefix))) . '.php';
            if (is_file($file)) {
                require_once $file;
            }

            return;
        }
    }
    // FOSSBilling's own classes: library/<Name with _ and \ as folders>.php.
    $file = __DIR__ . '/emulation/library/' . str_replace(['_', '\\'], '/', $class) . '.php';
    if (is_file($file)) {
        require_once $file;
    }
});

// The adapter's own class loading (Odr\Fossbilling, Odr\Panel), for tests of its parts.
require_once dirname(__DIR__, 2) . '/panels/fossbilling/Odr/autoload.php';

$component = getenv('ODR_CWASM');
define(
    'ODR_COMPONENT_PATH',
    is_string($component) && $component !== '' ? $component : $repository . '/target/odr_registrar.cwasm',
);
// The component's clock, pinned to the instant the recordings were made at.
define('ODR_COMPONENT_OPTIONS', ['now' => \OdrTests\Whmcs\Emulation\Clock::RECORDING_NOW]);
