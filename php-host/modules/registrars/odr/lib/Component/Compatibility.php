<?php

declare(strict_types=1);

namespace WHMCS\Module\Registrar\Odr\Component;

use WHMCS\Module\Registrar\Odr\Capability\PanelLog;

/**
 * Does this server run the module? Picks the component for the machine's architecture and, when
 * something does not fit (no extension, a PHP version or thread-safety without a released build,
 * another architecture, a component from another release or for other CPU features), says in one
 * message what does not fit and which file to use instead.
 *
 * The release ships `component/<arch>/odr_registrar.cwasm` for x86_64 and aarch64 (compiled for
 * the baseline CPU of each) beside the portable `component/odr_registrar.wasm`; a development
 * tree (`make dist`, tests) has `component/odr_registrar.cwasm` only.
 */
final class Compatibility
{
    /** PHP versions (major.minor) the release has an NTS build of the extension for. */
    public const RELEASED_PHP = ['8.2', '8.4'];
    /** Architectures the release has builds for (uname -m spelling after normalising). */
    public const RELEASED_ARCH = ['x86_64', 'aarch64'];

    private static bool $logged = false;

    /**
     * @param string $phpVersion major.minor, e.g. '8.4'
     * @param string $arch normalised machine name, e.g. 'x86_64' (see self::normaliseArch)
     */
    public function __construct(
        public readonly string $phpVersion,
        public readonly bool $threadSafe,
        public readonly string $arch,
        public readonly bool $extensionLoaded,
        public readonly string $phpBinary,
        public readonly string $scanDir,
    ) {
    }

    public static function current(): self
    {
        $fromEnv = getenv('PHP_INI_SCAN_DIR');
        $scanDirs = is_string($fromEnv) && $fromEnv !== ''
            ? explode(PATH_SEPARATOR, $fromEnv)
            : [PHP_CONFIG_FILE_SCAN_DIR];
        $scanDir = (string) end($scanDirs);

        return new self(
            PHP_MAJOR_VERSION . '.' . PHP_MINOR_VERSION,
            (bool) PHP_ZTS,
            self::normaliseArch(php_uname('m')),
            class_exists('Odr\\Registrar'),
            PHP_BINARY !== '' ? PHP_BINARY : 'php',
            $scanDir,
        );
    }

    /** 'amd64' => 'x86_64', 'arm64' => 'aarch64'; others lower-cased as they are. */
    public static function normaliseArch(string $machine): string
    {
        $machine = strtolower(trim($machine));

        return match ($machine) {
            'amd64', 'x86-64', 'x64' => 'x86_64',
            'arm64', 'armv8', 'aarch64_be' => 'aarch64',
            default => $machine,
        };
    }

    /** The release's folder name of the extension for this PHP, e.g. '8.4-nts-x86_64'. */
    public function buildName(): string
    {
        return sprintf('%s-%s-%s', $this->phpVersion, $this->threadSafe ? 'zts' : 'nts', $this->arch);
    }

    /**
     * The component file for this machine: `component/<arch>/odr_registrar.cwasm` when the module
     * has one, else the single `component/odr_registrar.cwasm` of a development tree.
     */
    public function componentPath(string $moduleDir): string
    {
        $perArch = $moduleDir . '/component/' . $this->arch . '/odr_registrar.cwasm';
        $single = $moduleDir . '/component/odr_registrar.cwasm';

        return is_file($perArch) || !is_file($single) ? $perArch : $single;
    }

    /**
     * Why the extension cannot run here, before trying to load the component; null when the
     * extension is loaded on a supported platform.
     */
    public function platformProblem(): ?string
    {
        $build = $this->buildCommand();
        if (!in_array($this->arch, self::RELEASED_ARCH, true)) {
            return sprintf(
                'This server is %s; the odr extension is released for %s only. Build it on this server: %s '
                . '(see INSTALL.md, "Build from source").',
                $this->arch,
                implode(' and ', self::RELEASED_ARCH),
                $build,
            );
        }
        if ($this->extensionLoaded) {
            return null;
        }
        if ($this->threadSafe) {
            return sprintf(
                'The odr PHP extension is not loaded, and this PHP %s (%s) is thread-safe (ZTS): the release has '
                . 'NTS builds only. Build one for this PHP: %s (see INSTALL.md).',
                $this->phpVersion,
                $this->phpBinary,
                $build,
            );
        }
        if (!in_array($this->phpVersion, self::RELEASED_PHP, true)) {
            return sprintf(
                'The odr PHP extension is not loaded, and the release has no build for PHP %s (%s): builds exist '
                . 'for PHP %s. Build one for this PHP: %s (see INSTALL.md), or run WHMCS on PHP %s.',
                $this->phpVersion,
                $this->phpBinary,
                implode(' and ', self::RELEASED_PHP),
                $build,
                implode(' or ', self::RELEASED_PHP),
            );
        }

        return sprintf(
            'The odr PHP extension is not loaded in this PHP (%s, PHP %s NTS, %s). Install php/%s/odr.so from the '
            . 'release: run "php install.php --whmcs=WHMCS_ROOT" in the unpacked release, or add '
            . '"extension=/path/to/odr.so" to %s/90-odr.ini; then restart PHP-FPM or the web server (see INSTALL.md). '
            . 'If it is in php.ini already, PHP refused it at startup: check that the file is the %s build.',
            $this->phpBinary,
            $this->phpVersion,
            $this->arch,
            $this->buildName(),
            $this->scanDir !== '' ? $this->scanDir : "this PHP's conf.d",
            $this->buildName(),
        );
    }

    /** The admin's message for a component file that is missing or that the extension refused. */
    public function componentProblem(string $path, ?\Throwable $loadError): string
    {
        $regenerate = sprintf('bin/odr precompile component/odr_registrar.wasm %s', $path);
        if ($loadError === null) {
            return sprintf(
                'The ODR component for %s is missing: %s. Copy the whole component/ folder of the release '
                . '(whmcs/modules/registrars/odr/component/) into the module folder.',
                $this->arch,
                $path,
            );
        }
        $reason = $loadError->getMessage();
        if (preg_match("/incompatible version '([^']*)'/", $reason, $found) === 1) {
            return sprintf(
                'The ODR component %s was made by wasmtime %s, which is not the one inside the loaded odr extension: '
                . 'the extension and the module come from different releases. Install both from one release '
                . '(php install.php), or regenerate the file on this server: %s',
                $path,
                $found[1],
                $regenerate,
            );
        }
        $missingFeature = '/compilation setting "([^"]+)" is enabled, but not available on the host/';
        if (preg_match($missingFeature, $reason, $found) === 1) {
            return sprintf(
                'The ODR component %s needs a CPU feature this server lacks (%s). Use component/%s/odr_registrar.cwasm '
                . 'of the release (compiled for any %s CPU), or regenerate it on this server: %s',
                $path,
                $found[1],
                $this->arch,
                $this->arch,
                $regenerate,
            );
        }
        if (preg_match("/compiled for architecture '([^']+)'/", $reason, $found) === 1) {
            return sprintf(
                'The ODR component %s was compiled for %s, but this server is %s: use component/%s/odr_registrar.cwasm '
                . 'of the release.',
                $path,
                $found[1],
                $this->arch,
                $this->arch,
            );
        }

        return sprintf('The ODR component %s could not be loaded: %s', $path, $reason);
    }

    /** `scripts/build-ext.sh` for this PHP (its php-config next to the binary when there is one). */
    public function buildCommand(): string
    {
        $binary = $this->phpBinary;
        $dir = dirname($binary);
        $name = basename($binary);
        // PHP-FPM's binary sits in sbin/, php-config in bin/ beside it (Debian: /usr/sbin/php-fpm8.4).
        if (str_starts_with($name, 'php-fpm') || str_starts_with($name, 'php-cgi')) {
            $dir = dirname($dir) . '/bin';
        }
        $suffix = preg_match('/^php(?:-fpm|-cgi)?(\d+\.\d+)$/', $name, $m) === 1 ? $m[1] : '';
        $config = $dir . '/php-config' . $suffix;

        return 'scripts/build-ext.sh --php-config ' . $config;
    }

    /**
     * The whole check for the settings page: null when the extension is loaded and the component
     * for this machine loads; otherwise the one message. Written to the module log once per process.
     * Never throws.
     */
    public static function diagnose(string $moduleDir): ?string
    {
        try {
            $platform = self::current();
            $problem = $platform->platformProblem();
            if ($problem === null) {
                $path = ComponentFactory::componentPath();
                if (!is_file($path)) {
                    $problem = $platform->componentProblem($path, null);
                } else {
                    try {
                        ComponentFactory::probe($path);
                    } catch (\Throwable $error) {
                        $problem = $platform->componentProblem($path, $error);
                    }
                }
            }
        } catch (\Throwable $error) {
            $problem = 'Could not check the ODR module installation: ' . $error->getMessage();
        }
        if ($problem !== null && !self::$logged && function_exists('logModuleCall')) {
            self::$logged = true;
            try {
                logModuleCall(PanelLog::MODULE, 'Compatibility', $moduleDir, $problem, '', []);
            } catch (\Throwable) {
                // The settings page still shows the message.
            }
        }

        return $problem;
    }
}
