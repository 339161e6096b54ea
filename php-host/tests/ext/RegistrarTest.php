<?php

declare(strict_types=1);

namespace Odr\Tests\Ext;

use Odr\ArgumentException;
use Odr\Registrar;
use Odr\RegistrarException;
use Odr\RuntimeException;
use Odr\Tests\Ext\Support\CannedOdr;
use Odr\Tests\Ext\Support\ExtensionTestCase;
use Odr\Tests\Ext\Support\MemoryState;
use Odr\Tests\Ext\Support\RecordingLog;

/** The class itself: construction, loading, the exception hierarchy. */
final class RegistrarTest extends ExtensionTestCase
{
    private const FUNCTIONS = [
        'api-endpoint', 'check-credentials', 'register-domain', 'transfer-domain', 'renew-domain',
        'get-domain-info', 'get-nameservers', 'save-nameservers', 'get-auth-code', 'request-delete',
        'check-availability', 'sync-domain', 'transfer-sync', 'get-contacts', 'sync-contacts',
        'build-domain-report', 'expiry-preview', 'normalize-contact', 'panel-contact-of',
        'delete-domain-now', 'get-tld-pricing', 'get-account', 'get-dnssec', 'set-dnssec', 'get-dns-zone',
        'save-dns-zone', 'list-importable-domains', 'get-order-fields', 'register-domain-with-fields',
    ];

    /** @var list<string> */
    private array $temporary = [];

    protected function tearDown(): void
    {
        foreach ($this->temporary as $file) {
            @unlink($file);
        }
    }

    public function testTheExtensionDeclaresItsClasses(): void
    {
        $this->assertTrue(extension_loaded('odr'));
        $this->assertTrue((new \ReflectionClass(Registrar::class))->isFinal());
        $this->assertTrue(is_subclass_of(RegistrarException::class, \Exception::class));
        $this->assertTrue(is_subclass_of(ArgumentException::class, \InvalidArgumentException::class));
        $this->assertTrue(is_subclass_of(RuntimeException::class, \RuntimeException::class));
    }

    public function testFunctionsListsEveryExportInWitOrder(): void
    {
        $this->assertSame(self::FUNCTIONS, self::registrar()->functions());
    }

    public function testExceptionsPointAtThePhpCallerLikeAnyPhpException(): void
    {
        $registrar = self::registrar();
        try {
            $line = __LINE__ + 1;
            $registrar->call('normalize-contact', ['contact' => ['country' => 'NL']]);
            $this->fail('expected an ArgumentException');
        } catch (ArgumentException $e) {
            $this->assertSame(__FILE__, $e->getFile());
            $this->assertSame($line, $e->getLine());
            $this->assertSame('call', $e->getTrace()[0]['function'] ?? null);
            $this->assertSame(Registrar::class, $e->getTrace()[0]['class'] ?? null);
            $this->assertSame(0, $e->getCode());
            $this->assertNull($e->getPrevious());
        }
    }

    public function testAMissingComponentSaysHowToRegenerateIt(): void
    {
        $missing = sys_get_temp_dir() . '/odr-missing-' . getmypid() . '.cwasm';
        try {
            new Registrar($missing, new CannedOdr(), new MemoryState(), new RecordingLog());
            $this->fail('expected a RuntimeException');
        } catch (RuntimeException $e) {
            $this->assertStringContainsString($missing, $e->getMessage());
            $this->assertStringContainsString('make cwasm', $e->getMessage());
            $this->assertStringContainsString(
                'odr precompile target/wasm32-wasip2/release/odr_registrar.wasm',
                $e->getMessage()
            );
        }
    }

    public function testACorruptComponentSaysHowToRegenerateIt(): void
    {
        $corrupt = $this->temporaryFile(random_bytes(4096));
        $this->expectException(RuntimeException::class);
        $this->expectExceptionMessageMatches('/cannot load the ODR component.*odr precompile/s');
        new Registrar($corrupt, new CannedOdr(), new MemoryState(), new RecordingLog());
    }

    public function testATruncatedComponentIsRefused(): void
    {
        $truncated = $this->temporaryFile(substr((string) file_get_contents(self::cwasmPath()), 0, 100000));
        $this->expectException(RuntimeException::class);
        $this->expectExceptionMessage('make cwasm');
        new Registrar($truncated, new CannedOdr(), new MemoryState(), new RecordingLog());
    }

    public function testTheCacheIsKeyedByPathAndModificationTime(): void
    {
        $copy = $this->temporaryFile((string) file_get_contents(self::cwasmPath()));
        $mtime = 1700000000; // whole seconds, so that touch() can restore it exactly
        touch($copy, $mtime);
        clearstatcache();
        $first = new Registrar($copy, new CannedOdr(), new MemoryState(), new RecordingLog());
        $this->assertSame(self::FUNCTIONS, $first->functions());

        // Same path, same mtime: served from the cache, the file is not read again. Rewritten in
        // place, as an FTP upload over the module folder does: the loaded component is a private
        // copy, so the registrars made earlier go on below (a mapping of the file would crash).
        file_put_contents($copy, 'not a component');
        touch($copy, $mtime);
        clearstatcache();
        $cached = new Registrar($copy, new CannedOdr(), new MemoryState(), new RecordingLog());
        $this->assertSame(self::FUNCTIONS, $cached->functions());

        // A new mtime: loaded again, and this time the file is garbage.
        touch($copy, $mtime + 10);
        clearstatcache();
        try {
            new Registrar($copy, new CannedOdr(), new MemoryState(), new RecordingLog());
            $this->fail('a changed file must be loaded again');
        } catch (RuntimeException $e) {
            $this->assertStringContainsString('cannot load the ODR component', $e->getMessage());
        }
        // Registrars made earlier keep working with what they loaded.
        $odrContact = $first->call('normalize-contact', ['contact' => self::panelContact()]);
        $this->assertSame('Jansen', $odrContact['last-name']);
    }

    public function testTheTransportMustBeCallable(): void
    {
        $this->expectException(ArgumentException::class);
        $this->expectExceptionMessage('transport: expected a callable');
        new Registrar(self::cwasmPath(), 'no_such_function', new MemoryState(), new RecordingLog());
    }

    public function testTheStateObjectMustHaveEveryMethod(): void
    {
        $incomplete = new class () {
            public function get(string $key): ?string
            {
                return null;
            }

            public function set(string $key, string $value, ?int $ttlSeconds): void
            {
            }
        };
        $this->expectException(ArgumentException::class);
        $this->expectExceptionMessage('no public method delete(string $key): void');
        new Registrar(self::cwasmPath(), new CannedOdr(), $incomplete, new RecordingLog());
    }

    public function testTheLogObjectMustHaveEveryMethod(): void
    {
        $incomplete = new class () {
            public function moduleCall(string $action, string $request, string $response): void
            {
            }

            private function activity(string $message, ?string $domain): void
            {
            }
        };
        $this->expectException(ArgumentException::class);
        $this->expectExceptionMessage('log: the class@anonymous');
        $this->expectExceptionMessage('no public method activity(string $message, ?string $domain): void');
        new Registrar(self::cwasmPath(), new CannedOdr(), new MemoryState(), $incomplete);
    }

    public function testStateAndLogMustBeObjects(): void
    {
        try {
            new Registrar(self::cwasmPath(), new CannedOdr(), [], new RecordingLog());
            $this->fail('expected an ArgumentException');
        } catch (ArgumentException $e) {
            $this->assertStringContainsString(
                'state: expected an object with the methods get(string $key)',
                $e->getMessage()
            );
            $this->assertStringContainsString('got array', $e->getMessage());
        }
        $this->expectException(ArgumentException::class);
        $this->expectExceptionMessage('log: expected an object');
        new Registrar(self::cwasmPath(), new CannedOdr(), new MemoryState(), null);
    }

    public function testObjectsWithMagicCallAreAccepted(): void
    {
        $magic = new class () {
            public array $seen = [];

            public function __call(string $name, array $arguments): mixed
            {
                $this->seen[] = $name;

                return $name === 'add' ? true : null;
            }
        };
        $registrar = new Registrar(self::cwasmPath(), new CannedOdr([
            'GET /domain/example.nl/info/' => CannedOdr::domainInfo(),
        ]), $magic, $magic, ['now' => self::NOW]);
        $registrar->call('get-nameservers', ['settings' => self::settings(), 'domain' => 'example.nl']);
        $this->assertContains('get', $magic->seen);
        $this->assertContains('moduleCall', $magic->seen);
    }

    /** @dataProvider invalidOptions */
    public function testOptionsAreChecked(array $options, string $message): void
    {
        $this->expectException(ArgumentException::class);
        $this->expectExceptionMessage($message);
        new Registrar(self::cwasmPath(), new CannedOdr(), new MemoryState(), new RecordingLog(), $options);
    }

    public static function invalidOptions(): array
    {
        return [
            'unknown key' => [
                ['deadline' => 5],
                "options: unknown key 'deadline' (expected 'fuel', 'memory_limit', 'now')",
            ],
            'fuel as a string' => [
                ['fuel' => '1000'],
                "options['fuel']: expected a positive int (fuel units), got string",
            ],
            'zero fuel' => [['fuel' => 0], "options['fuel']: expected a positive int (fuel units), got 0"],
            'negative memory' => [
                ['memory_limit' => -1],
                "options['memory_limit']: expected a positive int (bytes), got -1",
            ],
            'now as a date' => [
                ['now' => '2025-12-01'],
                "options['now']: expected Unix seconds (an int >= 0), got string",
            ],
            'a list' => [[1000], "options: unknown key '0'"],
        ];
    }

    public function testNamedArgumentsUseTheDocumentedNames(): void
    {
        $registrar = new Registrar(
            componentPath: self::cwasmPath(),
            transport: new CannedOdr(),
            state: new MemoryState(),
            log: new RecordingLog(),
            options: ['now' => self::NOW],
        );
        $this->assertSame('https://api.opendomainregistry.net/', $registrar->call(
            function: 'api-endpoint',
            args: ['settings' => self::settings(['api-url' => ''])],
        ));
    }

    public function testTheRegistrarCannotBeClonedOrSerialized(): void
    {
        $registrar = self::registrar();
        try {
            serialize($registrar);
            $this->fail('serialize() must refuse');
        } catch (\Exception $e) {
            $this->assertStringContainsString('not allowed', $e->getMessage());
        }
        $this->expectException(\Error::class);
        $copy = clone $registrar;
    }

    private function temporaryFile(string $content): string
    {
        $file = tempnam(sys_get_temp_dir(), 'odr-test-');
        $this->assertIsString($file);
        file_put_contents($file, $content);
        $this->temporary[] = $file;

        return $file;
    }
}
