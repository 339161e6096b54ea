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

        return Compatibility::current()->componentPath(dirname(__DIR__, 2));
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
        $platform = Compatibility::current();
        $problem = $platform->platformProblem();
        if ($problem !== null) {
            throw new \RuntimeException($problem);
        }
        if (!is_file($path)) {
            throw new \RuntimeException($platform->componentProblem($path, null));
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
            throw new \RuntimeException($platform->componentProblem($path, $error), 0, $error);
        }
    }
}
