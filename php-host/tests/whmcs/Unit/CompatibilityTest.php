<?php

declare(strict_types=1);

namespace OdrTests\Whmcs\Unit;

use OdrTests\Whmcs\Support\WhmcsTestCase;
use WHMCS\Module\Registrar\Odr\Component\Compatibility;

/**
 * The module picks the component for the machine's architecture and, when the extension or the
 * component does not fit, names the mismatch and the file to use in one message.
 */
final class CompatibilityTest extends WhmcsTestCase
{
    private string $moduleDir;

    protected function setUp(): void
    {
        parent::setUp();
        $this->moduleDir = sys_get_temp_dir() . '/odr-compat-' . getmypid() . '-' . bin2hex(random_bytes(4));
        mkdir($this->moduleDir . '/component/aarch64', 0777, true);
        mkdir($this->moduleDir . '/component/x86_64', 0777, true);
    }

    protected function tearDown(): void
    {
        foreach (['x86_64/odr_registrar.cwasm', 'aarch64/odr_registrar.cwasm', 'odr_registrar.cwasm'] as $file) {
            @unlink($this->moduleDir . '/component/' . $file);
        }
        @rmdir($this->moduleDir . '/component/x86_64');
        @rmdir($this->moduleDir . '/component/aarch64');
        @rmdir($this->moduleDir . '/component');
        @rmdir($this->moduleDir);
        parent::tearDown();
    }

    private static function platform(
        string $php = '8.4',
        bool $zts = false,
        string $arch = 'x86_64',
        bool $loaded = true,
    ): Compatibility {
        return new Compatibility($php, $zts, $arch, $loaded, '/usr/bin/php' . $php, '/etc/php/' . $php . '/fpm/conf.d');
    }

    public function testMachineNamesAreNormalised(): void
    {
        $this->assertSame('x86_64', Compatibility::normaliseArch('amd64'));
        $this->assertSame('x86_64', Compatibility::normaliseArch('x86_64'));
        $this->assertSame('aarch64', Compatibility::normaliseArch('arm64'));
        $this->assertSame('aarch64', Compatibility::normaliseArch("aarch64\n"));
        $this->assertSame('riscv64', Compatibility::normaliseArch('riscv64'));
    }

    public function testTheComponentOfTheMachinesArchitectureIsPicked(): void
    {
        touch($this->moduleDir . '/component/x86_64/odr_registrar.cwasm');
        touch($this->moduleDir . '/component/aarch64/odr_registrar.cwasm');

        $this->assertSame(
            $this->moduleDir . '/component/aarch64/odr_registrar.cwasm',
            self::platform(arch: 'aarch64')->componentPath($this->moduleDir),
        );
        $this->assertSame(
            $this->moduleDir . '/component/x86_64/odr_registrar.cwasm',
            self::platform(arch: 'x86_64')->componentPath($this->moduleDir),
        );
    }

    public function testADevelopmentTreeWithOneComponentUsesIt(): void
    {
        touch($this->moduleDir . '/component/odr_registrar.cwasm');

        $this->assertSame(
            $this->moduleDir . '/component/odr_registrar.cwasm',
            self::platform()->componentPath($this->moduleDir),
        );
    }

    public function testWithNoComponentAtAllThePerArchitecturePathIsNamed(): void
    {
        $this->assertSame(
            $this->moduleDir . '/component/aarch64/odr_registrar.cwasm',
            self::platform(arch: 'aarch64')->componentPath($this->moduleDir),
        );
    }

    public function testALoadedExtensionOnAReleasedPlatformIsFine(): void
    {
        $this->assertNull(self::platform('8.2')->platformProblem());
        $this->assertNull(self::platform('8.4', arch: 'aarch64')->platformProblem());
    }

    public function testAMissingExtensionNamesTheBuildToInstall(): void
    {
        $message = (string) self::platform('8.4', loaded: false)->platformProblem();

        $this->assertStringContainsString('not loaded in this PHP (/usr/bin/php8.4, PHP 8.4 NTS, x86_64)', $message);
        $this->assertStringContainsString('php/8.4-nts-x86_64/odr.so', $message);
        $this->assertStringContainsString('install.php', $message);
        $this->assertStringContainsString('/etc/php/8.4/fpm/conf.d/90-odr.ini', $message);
    }

    public function testAPhpVersionWithoutABuildGetsTheBuildCommand(): void
    {
        $message = (string) self::platform('8.3', loaded: false)->platformProblem();

        $this->assertStringContainsString('no build for PHP 8.3', $message);
        $this->assertStringContainsString('scripts/build-ext.sh --php-config /usr/bin/php-config8.3', $message);
    }

    public function testUnderPhpFpmTheBuildCommandNamesThePhpConfigBesideIt(): void
    {
        $debian = new Compatibility('8.3', false, 'x86_64', false, '/usr/sbin/php-fpm8.3', '/etc/php/8.3/fpm/conf.d');
        $cpanel = new Compatibility('8.3', false, 'x86_64', false, '/opt/cpanel/ea-php83/root/usr/sbin/php-fpm', '');

        $this->assertSame('scripts/build-ext.sh --php-config /usr/bin/php-config8.3', $debian->buildCommand());
        $this->assertSame('scripts/build-ext.sh --php-config /opt/cpanel/ea-php83/root/usr/bin/php-config', $cpanel->buildCommand());
    }

    public function testAThreadSafePhpIsNamed(): void
    {
        $message = (string) self::platform('8.2', zts: true, loaded: false)->platformProblem();

        $this->assertStringContainsString('thread-safe (ZTS)', $message);
        $this->assertStringContainsString('scripts/build-ext.sh --php-config', $message);
    }

    public function testAnArchitectureWithoutABuildIsNamedEvenWithTheExtensionLoaded(): void
    {
        $message = (string) self::platform(arch: 'riscv64')->platformProblem();

        $this->assertStringContainsString('This server is riscv64', $message);
        $this->assertStringContainsString('x86_64 and aarch64 only', $message);
    }

    public function testAMissingComponentNamesTheFolderToCopy(): void
    {
        $message = self::platform(arch: 'aarch64')->componentProblem('/w/component/aarch64/odr_registrar.cwasm', null);

        $this->assertStringContainsString('The ODR component for aarch64 is missing', $message);
        $this->assertStringContainsString('whmcs/modules/registrars/odr/component/', $message);
    }

    /** The load errors below are wasmtime 48's own wording, as the extension passes it on. */
    public function testAComponentOfAnotherWasmtimeNamesTheReleaseMismatch(): void
    {
        $error = new \RuntimeException(
            "cannot load the component from /w/c.cwasm: Module was compiled with incompatible version '47.0.1'."
        );
        $message = self::platform()->componentProblem('/w/c.cwasm', $error);

        $this->assertStringContainsString('made by wasmtime 47.0.1', $message);
        $this->assertStringContainsString('different releases', $message);
        $this->assertStringContainsString('bin/odr precompile component/odr_registrar.wasm /w/c.cwasm', $message);
    }

    public function testAComponentForOtherCpuFeaturesNamesTheFeatureAndTheBaselineFile(): void
    {
        $error = new \RuntimeException('cannot load the component from /w/c.cwasm: compilation settings of module '
            . 'incompatible with native host: compilation setting "has_avx512f" is enabled, but not available on the host');
        $message = self::platform()->componentProblem('/w/c.cwasm', $error);

        $this->assertStringContainsString('needs a CPU feature this server lacks (has_avx512f)', $message);
        $this->assertStringContainsString('component/x86_64/odr_registrar.cwasm', $message);
    }

    public function testAComponentForAnotherArchitectureNamesTheRightOne(): void
    {
        $error = new \RuntimeException("cannot load the component from /w/c.cwasm: Module was compiled for architecture 'x86_64'");
        $message = self::platform(arch: 'aarch64')->componentProblem('/w/c.cwasm', $error);

        $this->assertStringContainsString('compiled for x86_64, but this server is aarch64', $message);
        $this->assertStringContainsString('component/aarch64/odr_registrar.cwasm', $message);
    }

    public function testAnyOtherLoadErrorIsPassedOn(): void
    {
        $message = self::platform()->componentProblem('/w/c.cwasm', new \RuntimeException('damaged file'));

        $this->assertSame('The ODR component /w/c.cwasm could not be loaded: damaged file', $message);
    }

    /** A PHP without the extension (a child process with no ini at all): the page says why. */
    public function testWithoutTheExtensionTheSettingsPageExplainsInsteadOfFailing(): void
    {
        $module = dirname(__DIR__, 3) . '/modules/registrars/odr/odr.php';
        // WHMCS's logModuleCall, reduced to printing what the module logs.
        $code = 'define("WHMCS", true); require $argv[1]; '
            . 'function logModuleCall($m, $a, $q, $r) { echo "LOG[$m/$a]: $r\n"; } '
            . 'odr_getConfigArray(); echo odr_getConfigArray()["Description"]["Value"];';
        $process = proc_open([PHP_BINARY, '-n', '-r', $code, $module], [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes);
        $output = stream_get_contents($pipes[1]) . stream_get_contents($pipes[2]);
        fclose($pipes[1]);
        fclose($pipes[2]);

        $this->assertSame(0, proc_close($process), (string) $output);
        $this->assertStringContainsString('Not ready: The odr PHP extension is not loaded in this PHP', (string) $output);
        $this->assertStringContainsString(sprintf('php/%d.%d-nts-', PHP_MAJOR_VERSION, PHP_MINOR_VERSION), (string) $output);
        // The module log gets the same message, once per process (the page was built twice).
        $this->assertSame(1, substr_count((string) $output, 'LOG[odr/Compatibility]: The odr PHP extension is not loaded'), (string) $output);
    }

    public function testTheSettingsPageShowsNoNoticeWhenEverythingLoads(): void
    {
        $fields = $this->registrar->configArray();

        $this->assertStringNotContainsString('Not ready', (string) $fields['Description']['Value']);
    }
}
