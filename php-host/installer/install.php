<?php

/**
 * Installs the odr PHP extension and the WHMCS module from an unpacked release.
 *
 *   php install.php --whmcs=/var/www/whmcs              every PHP found on this server
 *   php install.php --whmcs=/var/www/whmcs --dry-run    the plan only, nothing changed
 *   php install.php --php=/opt/cpanel/ea-php84/root/usr/bin/php --whmcs=/home/acme/public_html/whmcs
 *
 * For each PHP (Debian/Ubuntu /usr/bin/php8.*, cPanel EA-PHP, Plesk, CloudLinux alt-php,
 * DirectAdmin, or the --php ones): picks php/<version>-nts-<arch>/odr.so of the release,
 * copies it into that PHP's extension_dir, writes 90-odr.ini into its scan directory (Debian:
 * mods-available/odr.ini enabled for every SAPI), then checks `php -m` and one call into the
 * component. Copies whmcs/modules/registrars/odr into the WHMCS root (the previous copy is kept
 * as odr.previous). Prints what is left: restarting PHP-FPM, the PHP of the WHMCS cron.
 *
 * Options: --whmcs=DIR  --php=PATH (repeatable)  --dry-run  --release=DIR (default: this
 * file's folder)  --root=DIR (look for PHPs and crontabs under DIR; for tests)  --help
 * Exit code: 0 when every PHP found is ready, 1 when some are not, 2 on a usage error.
 */

declare(strict_types=1);

namespace OdrInstaller;

const RELEASED_PHP = ['8.2', '8.4'];
const PATTERNS = [
    'Debian/Ubuntu' => '/usr/bin/php[0-9].[0-9]',
    'cPanel EA-PHP' => '/opt/cpanel/ea-php[0-9]*/root/usr/bin/php',
    'Plesk' => '/opt/plesk/php/*/bin/php',
    'CloudLinux alt-php' => '/opt/alt/php[0-9]*/usr/bin/php',
    'DirectAdmin' => '/usr/local/php[0-9]*/bin/php',
];
const INI_NAME = '90-odr.ini';

/** One PHP installation as it describes itself. */
final class Php
{
    public function __construct(
        public readonly string $binary,
        public readonly string $panel,
        public readonly string $version,
        public readonly bool $zts,
        public readonly string $arch,
        public readonly string $extensionDir,
        public readonly string $scanDir,
    ) {
    }

    public function build(): string
    {
        return sprintf('%s-%s-%s', $this->version, $this->zts ? 'zts' : 'nts', $this->arch);
    }

    public function label(): string
    {
        return sprintf('%s (PHP %s %s %s, %s)', $this->binary, $this->version, $this->zts ? 'ZTS' : 'NTS', $this->arch, $this->panel);
    }
}

/** Everything the installer does goes through here, so --dry-run changes nothing. */
final class Installer
{
    /** @var list<string> */
    public array $left = [];
    private bool $allReady = true;

    /** @param resource $out */
    public function __construct(
        private readonly string $release,
        private readonly string $root,
        private readonly bool $dryRun,
        private $out,
    ) {
    }

    public function say(string $line): void
    {
        fwrite($this->out, $line . "\n");
    }

    /**
     * The PHP binaries on this server: the known panel layouts plus the given ones.
     *
     * @param list<string> $given
     * @return array<string, string> binary path (as on the server) => panel name
     */
    public function find(array $given): array
    {
        $found = [];
        foreach (PATTERNS as $panel => $pattern) {
            foreach (glob($this->root . $pattern) ?: [] as $path) {
                if (is_file($path) && is_executable($path)) {
                    $found[substr($path, strlen($this->root))] = $panel;
                }
            }
        }
        foreach ($given as $binary) {
            $found[$binary] = 'given';
        }
        ksort($found);

        return $found;
    }

    /** Asks one PHP what it is, without loading any ini (-n): a broken odr.ini cannot stop it. */
    public function describe(string $binary, string $panel): Php|string
    {
        $code = 'echo json_encode(['
            . '"version" => PHP_MAJOR_VERSION . "." . PHP_MINOR_VERSION, "zts" => (bool) PHP_ZTS,'
            . '"arch" => php_uname("m"), "extension_dir" => (string) ini_get("extension_dir"),'
            . '"scan_dir" => (string) (getenv("PHP_INI_SCAN_DIR") ?: PHP_CONFIG_FILE_SCAN_DIR)]);';
        [$status, $output] = $this->run([$this->root . $binary, '-n', '-r', $code]);
        $info = $status === 0 ? json_decode(trim($output), true) : null;
        if (!is_array($info) || !isset($info['version'], $info['arch'])) {
            return sprintf('%s did not answer (exit %d): %s', $binary, $status, trim($output));
        }
        $scanDirs = explode(PATH_SEPARATOR, (string) $info['scan_dir']);

        return new Php(
            $binary,
            $panel,
            (string) $info['version'],
            (bool) $info['zts'],
            self::normaliseArch((string) $info['arch']),
            (string) $info['extension_dir'],
            (string) end($scanDirs),
        );
    }

    public static function normaliseArch(string $machine): string
    {
        return match (strtolower(trim($machine))) {
            'amd64', 'x86-64' => 'x86_64',
            'arm64' => 'aarch64',
            default => strtolower(trim($machine)),
        };
    }

    /** Installs the extension for one PHP; false when it is not ready afterwards. */
    public function installExtension(Php $php): bool
    {
        $this->say('');
        $this->say('PHP ' . $php->label());
        $so = $this->release . '/php/' . $php->build() . '/odr.so';
        if (!is_file($so)) {
            $why = $php->zts
                ? 'thread-safe (ZTS) PHP: the release has NTS builds only'
                : (in_array($php->version, RELEASED_PHP, true)
                    ? 'no ' . $php->build() . ' build in this release'
                    : 'no build for PHP ' . $php->version . ' (released: ' . implode(', ', RELEASED_PHP) . ')');
            $this->say('  skipped: ' . $why . '. Build the extension for it from the source tree:');
            $this->say('    scripts/build-ext.sh --php-config ' . dirname($php->binary) . '/php-config'
                . (preg_match('/php(\d\.\d)$/', $php->binary, $m) === 1 ? $m[1] : ''));
            $this->say('  and enable the odr.so it prints as INSTALL.md ("The manual way") shows.');
            $this->left[] = sprintf('build the extension for %s (see above)', $php->binary);
            $this->allReady = false;

            return false;
        }
        if ($php->extensionDir === '' || $php->scanDir === '') {
            $this->say('  skipped: this PHP reports no ' . ($php->extensionDir === '' ? 'extension_dir' : 'ini scan directory')
                . '; add the extension to its php.ini by hand (INSTALL.md, "The manual way").');
            $this->allReady = false;

            return false;
        }
        $target = $php->extensionDir . '/odr.so';
        $this->say(sprintf('  copy   %s -> %s', $this->relative($so), $target));
        $this->copyAtomically($so, $this->root . $target);
        foreach ($this->iniFiles($php) as $file => $kind) {
            $this->say(sprintf('  %-6s %s', $kind, $file));
            if ($kind === 'write') {
                $this->write($this->root . $file, "; The ODR registrar extension, written by install.php.\n"
                    . "; Remove this file (or run phpdismod odr on Debian) to disable it.\nextension=odr.so\n");
            } else {
                [$link, $to] = explode(' -> ', $file);
                $this->symlink($to, $this->root . $link);
            }
        }

        return $this->check($php);
    }

    /**
     * Where the ini line goes: Debian keeps one file in mods-available and links it into each SAPI's
     * conf.d (as phpenmod does); every other layout has one scan directory shared by CLI and FPM.
     *
     * @return array<string, string> path (or "link -> target") => 'write' | 'link'
     */
    public function iniFiles(Php $php): array
    {
        if (
            preg_match('#^(/etc/php/\d+\.\d+)/[a-z0-9]+/conf\.d$#', $php->scanDir, $m) === 1
            && is_dir($this->root . $m[1] . '/mods-available')
        ) {
            $files = [$m[1] . '/mods-available/odr.ini' => 'write'];
            foreach (glob($this->root . $m[1] . '/*/conf.d') ?: [] as $confD) {
                $confD = substr($confD, strlen($this->root));
                // Relative, so the link holds wherever the tree is mounted (phpenmod's are absolute).
                $files[$confD . '/' . INI_NAME . ' -> ../../mods-available/odr.ini'] = 'link';
            }

            return $files;
        }

        return [$php->scanDir . '/' . INI_NAME => 'write'];
    }

    /** `php -m` lists odr, and one call into the component answers. */
    private function check(Php $php): bool
    {
        if ($this->dryRun) {
            $this->say('  check  php -m, and one call into the component (after installing)');

            return true;
        }
        [$status, $modules] = $this->run([$this->root . $php->binary, '-m']);
        $listed = $status === 0 && preg_match('/^odr$/m', $modules) === 1;
        $component = $this->release . '/whmcs/modules/registrars/odr/component/' . $php->arch . '/odr_registrar.cwasm';
        [$callStatus, $answer] = $this->run([$this->root . $php->binary, $this->checkScript(), $component]);
        $answer = trim($answer);
        if ($listed && $callStatus === 0 && str_starts_with($answer, 'ok ')) {
            $this->say('  ready  php -m lists odr; api-endpoint answered ' . substr($answer, 3));

            return true;
        }
        $this->allReady = false;
        $this->say('  NOT READY: ' . ($listed ? 'odr is loaded but the call failed: ' . $answer
            : 'php -m does not list odr: ' . trim(implode(' ', array_slice(explode("\n", $modules), 0, 3)))));

        return false;
    }

    /** A PHP file that loads the component and makes one pure call (no network, no database). */
    private function checkScript(): string
    {
        $file = sys_get_temp_dir() . '/odr-install-check-' . getmypid() . '.php';
        $code = <<<'PHP'
<?php
$state = new class {
    public function get(string $k): ?string { return null; }
    public function set(string $k, string $v, ?int $ttl): void {}
    public function add(string $k, string $v, ?int $ttl): bool { return true; }
    public function delete(string $k): void {}
    public function listPrefix(string $p): array { return []; }
};
$log = new class {
    public function moduleCall(string $a, string $q, string $r): void {}
    public function activity(string $m, ?string $d): void {}
};
try {
    $registrar = new Odr\Registrar($argv[1], static fn (array $r): array => ['error' => 'other', 'message' => 'offline'], $state, $log);
    $url = $registrar->call('api-endpoint', ['settings' => [
        'api-key' => 'public$check', 'api-secret' => 'secret$check', 'api-url' => '', 'test-mode' => false,
        'onsite-contact' => 'same-as-registrant', 'tech-contact' => 'same-as-registrant', 'request-timeout-ms' => 0,
        'max-requests-per-second' => 0,
    ]]);
    echo 'ok ', is_string($url) ? $url : json_encode($url), "\n";
} catch (Throwable $e) {
    echo get_class($e), ': ', $e->getMessage(), "\n";
    exit(1);
}
PHP;
        file_put_contents($file, $code);
        register_shutdown_function(static fn () => @unlink($file));

        return $file;
    }

    /** Copies the module into the WHMCS root, keeping the previous copy as odr.previous. */
    public function installModule(?string $whmcs): void
    {
        $this->say('');
        if ($whmcs === null) {
            $this->say('WHMCS module: no --whmcs=DIR given; copy whmcs/modules/registrars/odr into WHMCS by hand.');
            $this->left[] = 'copy the module: php install.php --whmcs=/path/to/whmcs (or by hand, INSTALL.md)';

            return;
        }
        $registrars = rtrim($whmcs, '/') . '/modules/registrars';
        if (!is_dir($registrars)) {
            $this->say('WHMCS module: ' . $whmcs . ' is not a WHMCS root (no modules/registrars).');
            $this->left[] = 'give --whmcs=DIR the WHMCS root (the folder with configuration.php)';
            $this->allReady = false;

            return;
        }
        $source = $this->release . '/whmcs/modules/registrars/odr';
        $target = $registrars . '/odr';
        $this->say('WHMCS module');
        if (is_dir($target)) {
            $this->say('  keep   ' . $target . ' as ' . $target . '.previous (roll back: swap the two folders)');
        }
        $this->say('  copy   ' . $this->relative($source) . ' -> ' . $target);
        if ($this->dryRun) {
            return;
        }
        $staging = $target . '.new';
        $this->removeTree($staging);
        $this->copyTree($source, $staging);
        $owner = fileowner($registrars);
        $group = filegroup($registrars);
        if ($owner !== false && $group !== false && function_exists('posix_getuid') && posix_getuid() === 0) {
            $this->chownTree($staging, $owner, $group);
        }
        if (is_dir($target)) {
            $this->removeTree($target . '.previous');
            rename($target, $target . '.previous');
        }
        rename($staging, $target);
    }

    /** What the admin still has to do. */
    public function finish(array $phps, ?string $whmcs): int
    {
        $fpm = [];
        foreach ($phps as $php) {
            $fpm[] = self::restartHint($php);
        }
        $this->say('');
        $this->say($this->dryRun ? 'Dry run: nothing was changed. Left to do after installing:' : 'Left to do:');
        foreach (array_unique(array_filter($fpm)) as $hint) {
            $this->say('  - restart PHP-FPM / the web server so it loads the extension: ' . $hint);
        }
        $cron = $this->cronPhp($whmcs);
        $this->say('  - ' . ($cron ?? 'check which PHP runs the WHMCS cron (crons/cron.php): it needs the extension too'));
        foreach ($this->left as $item) {
            $this->say('  - ' . $item);
        }
        $this->say('  - WHMCS: System Settings > Domain Registrars > Open Domain Registry (ODR): activate, enter the API key and secret.');

        return $this->allReady ? 0 : 1;
    }

    public static function restartHint(Php $php): string
    {
        $b = $php->binary;

        return match (true) {
            preg_match('#^/usr/bin/php(\d\.\d)$#', $b, $m) === 1 => 'systemctl restart php' . $m[1] . '-fpm (or apache2)',
            preg_match('#^/opt/cpanel/(ea-php\d+)/#', $b, $m) === 1 => '/scripts/restartsrv_apache_php_fpm (' . $m[1] . ')',
            preg_match('#^/opt/plesk/php/(\d\.\d)/#', $b, $m) === 1 => 'systemctl restart plesk-php' . str_replace('.', '', $m[1]) . '-fpm',
            preg_match('#^/opt/alt/(php\d+)/#', $b, $m) === 1 => 'systemctl restart httpd (alt-' . $m[1] . '; or lsws on LiteSpeed)',
            preg_match('#^/usr/local/php(\d+)/#', $b, $m) === 1 => 'systemctl restart php-fpm' . $m[1],
            default => 'restart the PHP-FPM service of ' . $b,
        };
    }

    /** The PHP named in a crontab line running WHMCS's crons/cron.php, if one is found. */
    private function cronPhp(?string $whmcs): ?string
    {
        $files = array_merge(
            glob($this->root . '/var/spool/cron/crontabs/*') ?: [],
            glob($this->root . '/var/spool/cron/*') ?: [],
            glob($this->root . '/etc/cron.d/*') ?: [],
            is_file($this->root . '/etc/crontab') ? [$this->root . '/etc/crontab'] : [],
        );
        foreach ($files as $file) {
            if (!is_file($file) || !is_readable($file)) {
                continue;
            }
            foreach (file($file) ?: [] as $line) {
                if (str_starts_with(ltrim($line), '#') || !str_contains($line, 'cron.php')) {
                    continue;
                }
                if ($whmcs !== null && !str_contains($line, rtrim($whmcs, '/'))) {
                    continue;
                }
                if (preg_match('#(\S*/php[\w.-]*)\s#', $line, $m) === 1) {
                    return sprintf('the WHMCS cron runs %s (%s): make sure it is one of the PHPs made ready above', $m[1], substr($file, strlen($this->root)));
                }
            }
        }

        return null;
    }

    /** @param list<string> $command @return array{int, string} */
    private function run(array $command): array
    {
        $process = proc_open($command, [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes);
        if (!is_resource($process)) {
            return [127, 'cannot run ' . $command[0]];
        }
        $output = (string) stream_get_contents($pipes[1]) . (string) stream_get_contents($pipes[2]);
        fclose($pipes[1]);
        fclose($pipes[2]);

        return [proc_close($process), $output];
    }

    private function copyAtomically(string $from, string $to): void
    {
        if ($this->dryRun) {
            return;
        }
        // A new file renamed over the old one: running PHP-FPM workers keep the old file mapped.
        $dir = dirname($to);
        if (!is_dir($dir) && !mkdir($dir, 0755, true)) {
            throw new \RuntimeException('cannot create ' . $dir);
        }
        $tmp = $to . '.tmp-' . getmypid();
        if (!copy($from, $tmp) || !chmod($tmp, 0644) || !rename($tmp, $to)) {
            @unlink($tmp);
            throw new \RuntimeException('cannot write ' . $to);
        }
    }

    private function write(string $file, string $content): void
    {
        if ($this->dryRun) {
            return;
        }
        $dir = dirname($file);
        if (!is_dir($dir) && !mkdir($dir, 0755, true)) {
            throw new \RuntimeException('cannot create ' . $dir);
        }
        if (file_put_contents($file, $content) === false) {
            throw new \RuntimeException('cannot write ' . $file);
        }
    }

    private function symlink(string $target, string $link): void
    {
        if ($this->dryRun) {
            return;
        }
        if (is_link($link) || is_file($link)) {
            unlink($link);
        }
        if (!symlink($target, $link)) {
            throw new \RuntimeException('cannot link ' . $link);
        }
    }

    private function copyTree(string $from, string $to): void
    {
        mkdir($to, 0755, true);
        foreach (scandir($from) ?: [] as $name) {
            if ($name === '.' || $name === '..') {
                continue;
            }
            $source = $from . '/' . $name;
            if (is_dir($source)) {
                $this->copyTree($source, $to . '/' . $name);
            } elseif (!copy($source, $to . '/' . $name)) {
                throw new \RuntimeException('cannot copy ' . $source);
            }
        }
    }

    private function chownTree(string $path, int $owner, int $group): void
    {
        chown($path, $owner);
        chgrp($path, $group);
        if (is_dir($path) && !is_link($path)) {
            foreach (scandir($path) ?: [] as $name) {
                if ($name !== '.' && $name !== '..') {
                    $this->chownTree($path . '/' . $name, $owner, $group);
                }
            }
        }
    }

    private function removeTree(string $path): void
    {
        if (is_link($path) || is_file($path)) {
            unlink($path);

            return;
        }
        if (!is_dir($path)) {
            return;
        }
        foreach (scandir($path) ?: [] as $name) {
            if ($name !== '.' && $name !== '..') {
                $this->removeTree($path . '/' . $name);
            }
        }
        rmdir($path);
    }

    private function relative(string $path): string
    {
        return str_starts_with($path, $this->release . '/') ? substr($path, strlen($this->release) + 1) : $path;
    }

    public function markNotReady(): void
    {
        $this->allReady = false;
    }
}

function main(array $argv): int
{
    $options = ['php' => [], 'dry-run' => false, 'whmcs' => null, 'release' => __DIR__, 'root' => ''];
    foreach (array_slice($argv, 1) as $arg) {
        if ($arg === '--help' || $arg === '-h') {
            $doc = (string) file_get_contents(__FILE__);
            preg_match('#/\*\*(.*?)\*/#s', $doc, $m);
            echo trim((string) preg_replace('/^\s*\* ?/m', '', $m[1] ?? '')), "\n";

            return 0;
        }
        if ($arg === '--dry-run') {
            $options['dry-run'] = true;
        } elseif (preg_match('/^--(php|whmcs|release|root)=(.+)$/', $arg, $m) === 1) {
            if ($m[1] === 'php') {
                $options['php'][] = $m[2];
            } else {
                $options[$m[1]] = rtrim($m[2], '/');
            }
        } else {
            fwrite(STDERR, "install.php: unknown argument $arg (see --help)\n");

            return 2;
        }
    }
    $installer = new Installer($options['release'], $options['root'], $options['dry-run'], STDOUT);
    if (!is_dir($options['release'] . '/php') || !is_dir($options['release'] . '/whmcs')) {
        fwrite(STDERR, 'install.php: ' . $options['release'] . " is not an unpacked release (no php/ and whmcs/)\n");

        return 2;
    }
    $installer->say($options['dry-run'] ? 'Plan (dry run, nothing is changed):' : 'Installing the ODR registrar:');
    $found = $installer->find($options['php']);
    if ($found === []) {
        $installer->say('No PHP found in the usual places; name one with --php=/path/to/php.');

        return 1;
    }
    $phps = [];
    foreach ($found as $binary => $panel) {
        $php = $installer->describe($binary, $panel);
        if (is_string($php)) {
            $installer->say('');
            $installer->say('PHP ' . $binary . ': skipped, ' . $php);
            $installer->markNotReady();
            continue;
        }
        $phps[] = $php;
        $installer->installExtension($php);
    }
    $installer->installModule($options['whmcs']);

    return $installer->finish($phps, $options['whmcs']);
}

if (PHP_SAPI === 'cli' && realpath($_SERVER['SCRIPT_FILENAME'] ?? '') === __FILE__) {
    try {
        exit(main($argv));
    } catch (\Throwable $e) {
        fwrite(STDERR, 'install.php: ' . $e->getMessage() . "\n");
        exit(1);
    }
}
