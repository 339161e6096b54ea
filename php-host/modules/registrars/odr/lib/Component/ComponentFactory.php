<?php

declare(strict_types=1);

namespace WHMCS\Module\Registrar\Odr\Component;

use Odr\Panel\Capability\CurlTransport;
use Odr\Panel\Component;
use WHMCS\Module\Registrar\Odr\Capability\PanelLog;
use WHMCS\Module\Registrar\Odr\Capability\StateStore;
use WHMCS\Module\Registrar\Odr\Settings;

/**
 * Loads the precompiled component once per PHP process and hands out Component views of it.
 *
 * The component file is `component/<arch>/odr_registrar.cwasm` in the module folder for this
 * machine's architecture (`component/odr_registrar.cwasm` in a development tree; see
 * Compatibility, which also explains every reason it cannot load). Two optional
 * constants (e.g. in WHMCS's configuration.php) change that: ODR_COMPONENT_PATH (another
 * location) and ODR_COMPONENT_OPTIONS (an array of Odr\Registrar options: fuel, memory_limit).
 */
final class ComponentFactory
{
    /** @var array<string, array{object, CurlTransport}> loaded Odr\Registrar instances and their
     *  transports, by path and log identity */
    private static array $loaded = [];

    /** The component file, once found (see componentPath()). */
    private static ?string $path = null;

    public static function forSettings(Settings $settings): Component
    {
        $path = self::componentPath();
        $key = $path . "\0" . $settings->adminUser . "\0" . hash('sha256', $settings->apiSecret);
        if (!isset(self::$loaded[$key])) {
            self::$loaded[$key] = self::load($path, $settings);
        }

        [$registrar, $transport] = self::$loaded[$key];

        return new Component($registrar, $settings->connection(), $transport);
    }

    public static function componentPath(): string
    {
        if (defined('ODR_COMPONENT_PATH') && is_string(constant('ODR_COMPONENT_PATH'))) {
            return constant('ODR_COMPONENT_PATH');
        }
        // Once per process. Linux names its machine as the release folders do (x86_64,
        // aarch64): the usual case needs no platform check; Compatibility decides the rest.
        if (self::$path === null) {
            $moduleDir = dirname(__DIR__, 2);
            $usual = $moduleDir . '/component/' . php_uname('m') . '/odr_registrar.cwasm';
            self::$path = is_file($usual) ? $usual : Compatibility::current()->componentPath($moduleDir);
        }

        return self::$path;
    }

    /** Loads the component at $path with inert capabilities (the settings page's check). */
    public static function probe(string $path): void
    {
        $class = 'Odr\\Registrar';
        new $class($path, static fn (array $request): array => [], new StateStore(), new PanelLog([], ''), []);
    }

    /** @return array{object, CurlTransport} */
    private static function load(string $path, Settings $settings): array
    {
        $class = 'Odr\\Registrar';
        // The platform is examined only when something is missing or fails: the usual call
        // loads straight away (a cold PHP process pays for every class it compiles).
        if (!class_exists($class) || !is_file($path)) {
            $platform = Compatibility::current();
            throw new \RuntimeException(
                $platform->platformProblem() ?? $platform->componentProblem($path, null)
            );
        }
        $options = defined('ODR_COMPONENT_OPTIONS') && is_array(constant('ODR_COMPONENT_OPTIONS'))
            ? constant('ODR_COMPONENT_OPTIONS')
            : [];

        $transport = new CurlTransport();
        try {
            return [new $class(
                $path,
                $transport,
                new StateStore(),
                new PanelLog($settings->secrets(), $settings->adminUser),
                $options,
            ), $transport];
        } catch (\Throwable $error) {
            if (!is_a($error, 'Odr\\RuntimeException')) {
                throw $error;
            }
            throw new \RuntimeException(Compatibility::current()->componentProblem($path, $error), 0, $error);
        }
    }
}
