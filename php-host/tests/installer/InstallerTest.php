<?php

declare(strict_types=1);

namespace OdrTests\Installer;

use PHPUnit\Framework\TestCase;

/**
 * install.php against fake servers: a folder standing for `/` (--root) with the PHP layouts of
 * cPanel EA-PHP, Plesk, CloudLinux alt-php, DirectAdmin and Debian, each PHP a stub script that
 * answers what install.php asks (its description, `php -m`, the one-call check) from the files
 * the installer wrote. The release is a fake one with the real folder layout.
 */
final class InstallerTest extends TestCase
{
    private const INSTALLER = __DIR__ . '/../../installer/install.php';

    private string $dir;
    private string $root;
    private string $release;
    private string $whmcs;

    protected function setUp(): void
    {
        $this->dir = sys_get_temp_dir() . '/odr-installer-' . getmypid() . '-' . bin2hex(random_bytes(4));
        $this->root = $this->dir . '/server';
        $this->release = $this->dir . '/release';
        $this->whmcs = '/home/acme/public_html/whmcs';
        mkdir($this->root . $this->whmcs . '/modules/registrars', 0755, true);
        file_put_contents($this->root . $this->whmcs . '/configuration.php', "<?php\n");
        foreach (['8.2-nts-x86_64', '8.4-nts-x86_64', '8.2-nts-aarch64', '8.4-nts-aarch64'] as $build) {
            $this->put($this->release . '/php/' . $build . '/odr.so', 'ELF ' . $build);
        }
        $module = $this->release . '/whmcs/modules/registrars/odr';
        $this->put($module . '/odr.php', "<?php // new release\n");
        $this->put($module . '/component/x86_64/odr_registrar.cwasm', 'cwasm x86_64');
        $this->put($module . '/component/aarch64/odr_registrar.cwasm', 'cwasm aarch64');
        copy(self::INSTALLER, $this->release . '/install.php');
    }

    protected function tearDown(): void
    {
        exec('rm -rf ' . escapeshellarg($this->dir));
    }

    private function put(string $file, string $content): void
    {
        if (!is_dir(dirname($file))) {
            mkdir(dirname($file), 0755, true);
        }
        file_put_contents($file, $content);
    }

    /**
     * A stub PHP at $binary (a path on the fake server). It reports $version/$zts/$arch, and lists
     * odr in `php -m` (and answers the check call) only when odr.so is in its extension_dir and an
     * ini file naming it is in its scan directory.
     */
    private function stubPhp(string $binary, string $version, string $extDir, string $scanDir, bool $zts = false, string $arch = 'x86_64'): void
    {
        $info = json_encode([
            'version' => $version, 'zts' => $zts, 'arch' => $arch, 'extension_dir' => $extDir, 'scan_dir' => $scanDir,
        ]);
        $root = $this->root;
        $script = <<<SH
#!/bin/sh
loaded() { [ -f '$root$extDir/odr.so' ] && grep -qs '^extension=odr.so' '$root$scanDir'/*.ini; }
case "\$1" in
  -n) echo '$info' ;;
  -m) echo '[PHP Modules]'; echo Core; if loaded; then echo odr; fi ;;
  *) if loaded; then echo "ok https://api.opendomainregistry.net/ (component \$2)"; else echo 'Error: Class "Odr\\\\Registrar" not found'; exit 255; fi ;;
esac
SH;
        $this->put($root . $binary, $script);
        chmod($root . $binary, 0755);
        if (!is_dir($root . $scanDir)) {
            mkdir($root . $scanDir, 0755, true);
        }
    }

    /** @return array{int, string} */
    private function install(string ...$args): array
    {
        $command = array_merge(
            [PHP_BINARY, $this->release . '/install.php', '--root=' . $this->root, '--whmcs=' . $this->root . $this->whmcs],
            $args,
        );
        $process = proc_open($command, [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes);
        $output = stream_get_contents($pipes[1]) . stream_get_contents($pipes[2]);
        fclose($pipes[1]);
        fclose($pipes[2]);

        return [proc_close($process), (string) $output];
    }

    private function cpanel(): void
    {
        $this->stubPhp('/opt/cpanel/ea-php84/root/usr/bin/php', '8.4', '/opt/cpanel/ea-php84/root/usr/lib64/php/modules', '/opt/cpanel/ea-php84/root/etc/php.d');
        $this->stubPhp('/opt/cpanel/ea-php82/root/usr/bin/php', '8.2', '/opt/cpanel/ea-php82/root/usr/lib64/php/modules', '/opt/cpanel/ea-php82/root/etc/php.d');
    }

    public function testCpanelEveryEaPhpGetsItsBuildItsIniAndIsChecked(): void
    {
        $this->cpanel();

        [$status, $output] = $this->install();

        $this->assertSame(0, $status, $output);
        $this->assertSame('ELF 8.4-nts-x86_64', file_get_contents($this->root . '/opt/cpanel/ea-php84/root/usr/lib64/php/modules/odr.so'));
        $this->assertSame('ELF 8.2-nts-x86_64', file_get_contents($this->root . '/opt/cpanel/ea-php82/root/usr/lib64/php/modules/odr.so'));
        $this->assertStringContainsString("\nextension=odr.so\n", (string) file_get_contents($this->root . '/opt/cpanel/ea-php84/root/etc/php.d/90-odr.ini'));
        $this->assertFileExists($this->root . '/opt/cpanel/ea-php82/root/etc/php.d/90-odr.ini');
        $this->assertStringContainsString('/opt/cpanel/ea-php84/root/usr/bin/php (PHP 8.4 NTS x86_64, cPanel EA-PHP)', $output);
        $this->assertSame(2, substr_count($output, 'ready  php -m lists odr; api-endpoint answered https://'), $output);
        $this->assertStringContainsString('component/x86_64/odr_registrar.cwasm', $output);
        $this->assertStringContainsString('/scripts/restartsrv_apache_php_fpm', $output);
    }

    public function testTheModuleIsCopiedAndThePreviousOneKept(): void
    {
        $this->cpanel();
        $this->put($this->root . $this->whmcs . '/modules/registrars/odr/odr.php', "<?php // old release\n");

        [$status, $output] = $this->install();

        $this->assertSame(0, $status, $output);
        $modules = $this->root . $this->whmcs . '/modules/registrars';
        $this->assertSame("<?php // new release\n", file_get_contents($modules . '/odr/odr.php'));
        $this->assertSame('cwasm aarch64', file_get_contents($modules . '/odr/component/aarch64/odr_registrar.cwasm'));
        $this->assertSame("<?php // old release\n", file_get_contents($modules . '/odr.previous/odr.php'));
        $this->assertDirectoryDoesNotExist($modules . '/odr.new');
    }

    public function testPleskCloudLinuxAndDirectAdminLayouts(): void
    {
        $this->stubPhp('/opt/plesk/php/8.4/bin/php', '8.4', '/opt/plesk/php/8.4/lib/php/modules', '/opt/plesk/php/8.4/etc/php.d');
        $this->stubPhp('/opt/alt/php82/usr/bin/php', '8.2', '/opt/alt/php82/usr/lib64/php/modules', '/opt/alt/php82/etc/php.d');
        $this->stubPhp('/usr/local/php84/bin/php', '8.4', '/usr/local/php84/lib/php/extensions/no-debug-non-zts-20240924', '/usr/local/php84/lib/php.conf.d');

        [$status, $output] = $this->install();

        $this->assertSame(0, $status, $output);
        $this->assertFileExists($this->root . '/opt/plesk/php/8.4/etc/php.d/90-odr.ini');
        $this->assertFileExists($this->root . '/opt/plesk/php/8.4/lib/php/modules/odr.so');
        $this->assertFileExists($this->root . '/opt/alt/php82/etc/php.d/90-odr.ini');
        $this->assertSame('ELF 8.2-nts-x86_64', file_get_contents($this->root . '/opt/alt/php82/usr/lib64/php/modules/odr.so'));
        $this->assertFileExists($this->root . '/usr/local/php84/lib/php.conf.d/90-odr.ini');
        $this->assertStringContainsString('(PHP 8.4 NTS x86_64, Plesk)', $output);
        $this->assertStringContainsString('(PHP 8.2 NTS x86_64, CloudLinux alt-php)', $output);
        $this->assertStringContainsString('(PHP 8.4 NTS x86_64, DirectAdmin)', $output);
        $this->assertStringContainsString('systemctl restart plesk-php84-fpm', $output);
        $this->assertStringContainsString('systemctl restart php-fpm84', $output);
    }

    public function testDebianGetsModsAvailableLinkedIntoEverySapi(): void
    {
        $this->stubPhp('/usr/bin/php8.4', '8.4', '/usr/lib/php/20240924', '/etc/php/8.4/cli/conf.d');
        mkdir($this->root . '/etc/php/8.4/fpm/conf.d', 0755, true);
        mkdir($this->root . '/etc/php/8.4/mods-available', 0755, true);

        [$status, $output] = $this->install();

        $this->assertSame(0, $status, $output);
        $this->assertFileExists($this->root . '/etc/php/8.4/mods-available/odr.ini');
        $this->assertSame('../../mods-available/odr.ini', readlink($this->root . '/etc/php/8.4/cli/conf.d/90-odr.ini'));
        $this->assertSame('../../mods-available/odr.ini', readlink($this->root . '/etc/php/8.4/fpm/conf.d/90-odr.ini'));
        $this->assertStringContainsString('ready  php -m lists odr', $output);
        $this->assertStringContainsString('systemctl restart php8.4-fpm', $output);
    }

    public function testAnArm64ServerGetsTheAarch64Build(): void
    {
        $this->stubPhp('/usr/local/php82/bin/php', '8.2', '/usr/local/php82/lib/ext', '/usr/local/php82/lib/php.conf.d', arch: 'aarch64');

        [$status, $output] = $this->install();

        $this->assertSame(0, $status, $output);
        $this->assertSame('ELF 8.2-nts-aarch64', file_get_contents($this->root . '/usr/local/php82/lib/ext/odr.so'));
        $this->assertStringContainsString('component/aarch64/odr_registrar.cwasm', $output);
    }

    public function testUnsupportedVersionsAndZtsGetTheBuildFromSourceCommand(): void
    {
        $this->stubPhp('/opt/cpanel/ea-php83/root/usr/bin/php', '8.3', '/opt/cpanel/ea-php83/root/usr/lib64/php/modules', '/opt/cpanel/ea-php83/root/etc/php.d');
        $this->stubPhp('/opt/alt/php84/usr/bin/php', '8.4', '/opt/alt/php84/usr/lib64/php/modules', '/opt/alt/php84/etc/php.d', zts: true);

        [$status, $output] = $this->install();

        $this->assertSame(1, $status, $output);
        $this->assertStringContainsString('no build for PHP 8.3', $output);
        $this->assertStringContainsString('scripts/build-ext.sh --php-config /opt/cpanel/ea-php83/root/usr/bin/php-config', $output);
        $this->assertStringContainsString('thread-safe (ZTS)', $output);
        $this->assertFileDoesNotExist($this->root . '/opt/cpanel/ea-php83/root/etc/php.d/90-odr.ini');
        $this->assertFileDoesNotExist($this->root . '/opt/alt/php84/usr/lib64/php/modules/odr.so');
    }

    public function testDryRunShowsThePlanAndChangesNothing(): void
    {
        $this->cpanel();
        $this->put($this->root . $this->whmcs . '/modules/registrars/odr/odr.php', "<?php // old release\n");
        $before = $this->tree();

        [$status, $output] = $this->install('--dry-run');

        $this->assertSame(0, $status, $output);
        $this->assertSame($before, $this->tree());
        $this->assertStringContainsString('Plan (dry run, nothing is changed)', $output);
        $this->assertStringContainsString('write  /opt/cpanel/ea-php84/root/etc/php.d/90-odr.ini', $output);
        $this->assertStringContainsString('copy   php/8.4-nts-x86_64/odr.so -> /opt/cpanel/ea-php84/root/usr/lib64/php/modules/odr.so', $output);
        $this->assertStringContainsString('as ' . $this->root . $this->whmcs . '/modules/registrars/odr.previous', $output);
    }

    public function testAPhpThatDoesNotLoadTheExtensionIsReportedNotReady(): void
    {
        // The PHP reports a scan directory it does not read: the ini is written, odr never loads.
        $this->stubPhp('/opt/plesk/php/8.2/bin/php', '8.2', '/opt/plesk/php/8.2/lib/php/modules', '/opt/plesk/php/8.2/etc/php.d');
        $stub = (string) file_get_contents($this->root . '/opt/plesk/php/8.2/bin/php');
        file_put_contents($this->root . '/opt/plesk/php/8.2/bin/php', str_replace("'/*.ini", "/nowhere'/*.ini", $stub));

        [$status, $output] = $this->install();

        $this->assertSame(1, $status, $output);
        $this->assertStringContainsString('NOT READY: php -m does not list odr', $output);
    }

    public function testTheWhmcsCronPhpIsNamed(): void
    {
        $this->cpanel();
        $this->put($this->root . '/var/spool/cron/acme', "*/5 * * * * /opt/cpanel/ea-php84/root/usr/bin/php -q {$this->root}{$this->whmcs}/crons/cron.php\n");

        [, $output] = $this->install();

        $this->assertStringContainsString('the WHMCS cron runs /opt/cpanel/ea-php84/root/usr/bin/php (/var/spool/cron/acme)', $output);
    }

    public function testAFolderThatIsNotWhmcsIsRefusedForTheModule(): void
    {
        $this->cpanel();

        [$status, $output] = $this->install('--whmcs=' . $this->dir . '/nowhere');

        $this->assertSame(1, $status, $output);
        $this->assertStringContainsString('is not a WHMCS root', $output);
    }

    /** @return array<string, string> every file under the fake root => its content */
    private function tree(): array
    {
        $files = [];
        $iterator = new \RecursiveIteratorIterator(new \RecursiveDirectoryIterator($this->root, \FilesystemIterator::SKIP_DOTS));
        foreach ($iterator as $file) {
            $files[(string) $file] = is_link((string) $file) ? 'link ' . readlink((string) $file) : (string) file_get_contents((string) $file);
        }
        ksort($files);

        return $files;
    }
}
