<?php

/**
 * Test bootstrap: an emulated WHMCS around the real module.
 *
 * With the odr extension loaded (php -d extension=...), the module runs the real component
 * (env ODR_CWASM, default target/odr_registrar.cwasm); without it, a scripted stand-in of
 * Odr\Registrar (Support/FakeOdr.php) lets the pure PHP mapping be tested.
 */

// phpcs:disable PSR1.Files.SideEffects

declare(strict_types=1);

date_default_timezone_set('UTC');

require_once __DIR__ . '/emulation/src/ErrorGuard.php';
\OdrTests\Whmcs\Emulation\ErrorGuard::install();

$repository = dirname(__DIR__, 3);

define('ROOTDIR', $repository . '/php-host');

require_once '/usr/share/php/Illuminate/Database/autoload.php';
require_once '/usr/share/php/Carbon/autoload.php';

spl_autoload_register(static function (string $class): void {
    $roots = [
        'OdrTests\\Whmcs\\Emulation\\' => __DIR__ . '/emulation/src/',
        'OdrTests\\Whmcs\\' => __DIR__ . '/',
        // WHMCS autoloads a registrar module's lib/ classes (contract section 1).
        'WHMCS\\Module\\Registrar\\Odr\\' => ROOTDIR . '/modules/registrars/odr/lib/',
        // The panel-neutral library the module ships as shared/.
        'Odr\\Panel\\' => ROOTDIR . '/lib/',
        'WHMCS\\Module\\' => null,
        'WHMCS\\' => __DIR__ . '/emulation/classes/WHMCS/',
    ];
    foreach ($roots as $prefix => $dir) {
        if (strncmp($class, $prefix, strlen($prefix)) === 0) {
            if ($dir === null) {
                if ($class === 'WHMCS\\Module\\AbstractWidget') {
                    require_once __DIR__ . '/emulation/classes/WHMCS/Module/AbstractWidget.php';
                }

                return;
            }
            $file = $dir . str_replace('\\', '/', substr($class, strlen($prefix))) . '.php';
            if (is_file($file)) {
                require_once $file;
            }

            return;
        }
    }
});

require_once __DIR__ . '/emulation/functions.php';

if (class_exists('Odr\\Registrar')) {
    $component = getenv('ODR_CWASM');
    $component = is_string($component) && $component !== '' ? $component : $repository . '/target/odr_registrar.cwasm';
    define('ODR_COMPONENT_PATH', $component);
    define('ODR_TESTS_REAL_EXTENSION', true);
} else {
    require_once __DIR__ . '/Support/FakeOdr.php';
    define('ODR_COMPONENT_PATH', __DIR__ . '/Support/FakeOdr.php');
    define('ODR_TESTS_REAL_EXTENSION', false);
}
// The component's clock, pinned to the instant the recordings were made at.
define('ODR_COMPONENT_OPTIONS', ['now' => \OdrTests\Whmcs\Emulation\Clock::RECORDING_NOW]);
