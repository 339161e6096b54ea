<?php

declare(strict_types=1);

namespace Odr\Tests\Ext;

use Odr\RuntimeException;
use Odr\Tests\Ext\Support\CannedOdr;
use Odr\Tests\Ext\Support\ExtensionTestCase;

/**
 * Limits on every call (fuel deadline, memory cap, the outbound allow-list) and
 * containment: a tripped limit, an exit() or a fatal error inside a capability
 * ends cleanly, and the process goes on.
 */
final class LimitsTest extends ExtensionTestCase
{
    public function testATinyFuelBudgetStopsTheCallWithADeadlineError(): void
    {
        $registrar = self::registrar(self::noTransport(), null, null, ['fuel' => 1000]);
        try {
            $registrar->call('normalize-contact', ['contact' => self::panelContact()]);
            $this->fail('expected a RuntimeException');
        } catch (RuntimeException $e) {
            $this->assertStringContainsString(
                "exceeded its deadline: it used up its fuel budget (option 'fuel' => 1000)",
                $e->getMessage()
            );
        }
        // The same registrar fails the same way again (no state is carried over)...
        $this->expectException(RuntimeException::class);
        $this->expectExceptionMessage('deadline');
        try {
            $registrar->call('normalize-contact', ['contact' => self::panelContact()]);
        } finally {
            // ...and a registrar with a normal budget works at once.
            $this->assertSame('NL', self::registrar(self::noTransport())
                ->call('normalize-contact', ['contact' => self::panelContact()])['country']);
        }
    }

    public function testFuelRunningOutAfterRequestsWereMadeLeavesNothingBehind(): void
    {
        // Find a budget that runs out after the component has used the transport
        // (the exact amount depends on the component build).
        $stoppedAfterRequests = false;
        for ($fuel = 20_000; $fuel < 50_000_000 && !$stoppedAfterRequests; $fuel = intdiv($fuel * 3, 2)) {
            $odr = new CannedOdr(['GET /domain/example.nl/info/' => CannedOdr::domainInfo()]);
            $registrar = self::registrar($odr, null, null, ['fuel' => $fuel]);
            try {
                $registrar->call('get-nameservers', ['settings' => self::settings(), 'domain' => 'example.nl']);
                break;   // enough fuel for the whole call: no budget in between was found
            } catch (RuntimeException $e) {
                $this->assertStringContainsString('deadline', $e->getMessage());
                $stoppedAfterRequests = $odr->requests !== [];
            }
        }
        $this->assertTrue($stoppedAfterRequests, 'some budget must run out after the first request');
        $this->assertSame(['ns1.example.net', 'ns2.example.net'], self::registrar($odr)
            ->call('get-nameservers', ['settings' => self::settings(), 'domain' => 'example.nl']));
    }

    public function testATinyMemoryLimitStopsTheCallWithAMemoryError(): void
    {
        $registrar = self::registrar(self::noTransport(), null, null, ['memory_limit' => 64 * 1024]);
        try {
            $registrar->call('normalize-contact', ['contact' => self::panelContact()]);
            $this->fail('expected a RuntimeException');
        } catch (RuntimeException $e) {
            $this->assertStringContainsString(
                "exceeded its memory limit (option 'memory_limit' => 65536 bytes)",
                $e->getMessage()
            );
        }
        $this->assertSame('NL', self::registrar(self::noTransport())
            ->call('normalize-contact', ['contact' => self::panelContact()])['country']);
    }

    /** @dataProvider refusedApiUrls */
    public function testAnApiUrlThatNamesNoHttpOriginIsRefusedBeforeTheTransport(string $apiUrl): void
    {
        $calls = 0;
        $registrar = self::registrar(static function (array $request) use (&$calls): array {
            $calls++;

            return CannedOdr::success([]);
        });
        try {
            $registrar->call('get-nameservers', [
                'settings' => self::settings(['api-url' => $apiUrl]),
                'domain' => 'example.nl',
            ]);
            $this->fail('expected a RuntimeException');
        } catch (RuntimeException $e) {
            $this->assertStringContainsString(
                'get-nameservers: refused: `api-endpoint` named no usable API origin',
                $e->getMessage()
            );
        }
        $this->assertSame(0, $calls, 'the transport must never see a refused call');
    }

    public static function refusedApiUrls(): array
    {
        return [
            'ftp' => ['ftp://odr.test/'],
            'a file' => ['file:///etc/passwd'],
            'no URL at all' => ['odr.test'],
        ];
    }

    public function testRequestsGoOnlyToTheOriginApiEndpointNames(): void
    {
        $odr = new CannedOdr(['GET /domain/example.nl/info/' => CannedOdr::domainInfo()]);
        $registrar = self::registrar($odr);
        $settings = self::settings(['api-url' => 'http://127.0.0.1:8089/']);
        $this->assertSame('http://127.0.0.1:8089/', $registrar->call('api-endpoint', ['settings' => $settings]));
        $registrar->call('get-nameservers', ['settings' => $settings, 'domain' => 'example.nl']);
        foreach ($odr->requests as $request) {
            $this->assertStringStartsWith('http://127.0.0.1:8089/', $request['url']);
        }
    }

    /**
     * wasmtime's default reserves 4 GiB of address space per linear memory; the engine's is sized
     * to the memory cap, so a whole call works in a PHP process limited to 1 GiB (`ulimit -v`, as
     * on CloudLinux).
     */
    public function testACallWorksUnderAOneGibAddressSpaceLimit(): void
    {
        [$code, $output] = self::runScript(<<<'PHP'
            $odr = new Odr\Tests\Ext\Support\CannedOdr([
                'GET /domain/example.nl/info/' => Odr\Tests\Ext\Support\CannedOdr::domainInfo(),
            ]);
            echo json_encode(registrar($odr)->call('get-nameservers', ['settings' => settings(), 'domain' => 'example.nl']));
            PHP, [], 1024 * 1024);

        $this->assertSame(0, $code, $output);
        $this->assertSame('["ns1.example.net","ns2.example.net"]', trim($output));
    }

    public function testExitInsideACapabilityEndsTheScriptCleanly(): void
    {
        [$code, $output] = self::runScript(<<<'PHP'
            $registrar = registrar(function (array $request): array {
                echo "transport\n";
                exit(3);
            });
            register_shutdown_function(function () use ($registrar): void {
                // The process is intact: the registrar works from a shutdown function.
                echo 'shutdown: ', $registrar->call('api-endpoint', ['settings' => settings()]), "\n";
            });
            $registrar->call('get-nameservers', ['settings' => settings(), 'domain' => 'example.nl']);
            echo "not reached\n";
            PHP);
        $this->assertSame(3, $code, $output);
        $this->assertSame("transport\nshutdown: http://odr.test/\n", $output);
    }

    /** @dataProvider fatalCapabilities */
    public function testAFatalErrorInsideACapabilityEndsTheScriptCleanly(string $setUp): void
    {
        [$code, $output] = self::runScript($setUp . <<<'PHP'
            register_shutdown_function(function () use ($registrar): void {
                echo 'shutdown: ', $registrar->call('api-endpoint', ['settings' => settings()]), "\n";
            });
            try {
                $registrar->call('get-nameservers', ['settings' => settings(), 'domain' => 'example.nl']);
            } catch (\Throwable $e) {
                echo 'caught ', get_class($e), "\n";
            }
            echo "not reached\n";
            PHP, ['memory_limit' => '16M']);
        $this->assertSame(255, $code, $output);   // PHP's exit status after a fatal error, not a crash
        $this->assertStringContainsString('Fatal error: Allowed memory size of 16777216 bytes exhausted', $output);
        $this->assertStringContainsString("shutdown: http://odr.test/\n", $output);
        $this->assertStringNotContainsString('not reached', $output);
        $this->assertStringNotContainsString('caught', $output);
    }

    public static function fatalCapabilities(): array
    {
        $exhaust = 'str_repeat("x", 64 * 1024 * 1024)';

        return [
            'transport' => [
                '$registrar = registrar(function (array $request): array {
                    return ["body" => ' . $exhaust . '];
                });' . "\n",
            ],
            'state' => ['$registrar = registrar(null, new class () {
                public function get(string $k): ?string { return ' . $exhaust . '; }
                public function set(string $k, string $v, ?int $t): void {}
                public function delete(string $k): void {}
                public function add(string $k, string $v, ?int $t): bool { return true; }
            });' . "\n"],
        ];
    }

    /**
     * Run PHP code in a fresh php process with the extension; `registrar()` and
     * `settings()` are predefined. Returns the exit status and stdout + stderr.
     *
     * @param array<string, string> $ini
     * @return array{int, string}
     */
    private static function runScript(string $code, array $ini = [], ?int $addressSpaceKiB = null): array
    {
        $root = dirname(__DIR__, 3);
        $extension = getenv('ODR_PHP_EXT') ?: $root . '/target/host/libodr_php.so';
        $prelude = sprintf(
            <<<'PHP'
            <?php
            declare(strict_types=1);
            require %s;
            function settings(): array {
                return ['api-key' => 'public$k', 'api-secret' => 's', 'api-url' => 'http://odr.test/',
                    'test-mode' => false, 'onsite-contact' => 'same-as-registrant',
                    'tech-contact' => 'same-as-registrant', 'request-timeout-ms' => 0,
                    'max-requests-per-second' => 0];
            }
            function registrar(?callable $transport = null, ?object $state = null): Odr\Registrar {
                return new Odr\Registrar(
                    %s,
                    $transport ?? new Odr\Tests\Ext\Support\CannedOdr(),
                    $state ?? new Odr\Tests\Ext\Support\MemoryState(),
                    new Odr\Tests\Ext\Support\RecordingLog(),
                    ['now' => 1764547200]
                );
            }

            PHP,
            var_export(__DIR__ . '/Support/subprocess.php', true),
            var_export(self::cwasmPath(), true)
        );
        $script = tempnam(sys_get_temp_dir(), 'odr-script-');
        file_put_contents((string) $script, $prelude . $code . "\n");
        $command = [PHP_BINARY, '-n', '-d', 'extension=' . $extension];
        array_push($command, '-d', 'display_errors=stderr', '-d', 'log_errors=0');
        foreach ($ini as $name => $value) {
            array_push($command, '-d', "$name=$value");
        }
        $command[] = (string) $script;
        if ($addressSpaceKiB !== null) {
            $command = ['sh', '-c', 'ulimit -v ' . $addressSpaceKiB . ' && exec "$0" "$@"', ...$command];
        }
        $process = proc_open($command, [1 => ['pipe', 'w'], 2 => ['redirect', 1]], $pipes);
        self::assertIsResource($process);
        $output = (string) stream_get_contents($pipes[1]);
        fclose($pipes[1]);
        $code = proc_close($process);
        @unlink((string) $script);

        return [$code, $output];
    }
}
