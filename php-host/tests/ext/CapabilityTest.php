<?php

declare(strict_types=1);

namespace Odr\Tests\Ext;

use Odr\Registrar;
use Odr\RegistrarException;
use Odr\RuntimeException;
use Odr\Tests\Ext\Support\CannedOdr;
use Odr\Tests\Ext\Support\ExtensionTestCase;
use Odr\Tests\Ext\Support\MemoryState;
use Odr\Tests\Ext\Support\RecordingLog;

/** Transport, state and log from PHP: shapes, failures, containment, where they run. */
final class CapabilityTest extends ExtensionTestCase
{
    private const INFO = 'GET /domain/example.nl/info/';

    private function getNameservers(Registrar $registrar): mixed
    {
        return $registrar->call('get-nameservers', ['settings' => self::settings(), 'domain' => 'example.nl']);
    }

    public function testTheTransportGetsTheDocumentedRequestArray(): void
    {
        $odr = new CannedOdr([self::INFO => CannedOdr::domainInfo()]);
        $this->assertSame(['ns1.example.net', 'ns2.example.net'], $this->getNameservers(self::registrar($odr)));

        $this->assertSame(['POST /user/login/', self::INFO], $odr->requestLines());
        [$login, $info] = $odr->requests;
        $this->assertSame(['method', 'url', 'headers', 'body', 'timeout_ms'], array_keys($login));
        $this->assertSame('POST', $login['method']);
        $this->assertSame('http://odr.test/user/login/', $login['url']);
        $this->assertSame('application/json', $login['headers']['content-type'] ?? null);
        $this->assertSame(5000, $login['timeout_ms']);   // the settings' request-timeout-ms
        $this->assertSame('public$test-key', json_decode($login['body'], true)['api_key'] ?? null);
        $this->assertSame('', $info['body']);
        $this->assertSame(CannedOdr::TOKEN, $info['headers']['x-access-token'] ?? null);
    }

    public function testTheStateStoreKeepsTheTokenSoTheNextCallLogsInNoMore(): void
    {
        $odr = new CannedOdr([self::INFO => CannedOdr::domainInfo()]);
        $state = new MemoryState();
        $this->getNameservers(self::registrar($odr, $state));
        $this->getNameservers(self::registrar($odr, $state));   // a new registrar, as in a new request

        $this->assertSame(['POST /user/login/', self::INFO, self::INFO], $odr->requestLines());
        // Per call: the token, and the Retry-After an earlier call may have kept (politeness).
        $this->assertSame(['get', 'get', 'set', 'get', 'get'], $state->calls);
        $this->assertCount(1, $state->values);
        $this->assertStringContainsString(CannedOdr::TOKEN, (string) reset($state->values));
    }

    public function testTheLogGetsEachRequestWithSecretsMasked(): void
    {
        $log = new RecordingLog();
        $this->getNameservers(self::registrar(new CannedOdr([self::INFO => CannedOdr::domainInfo()]), null, $log));

        $this->assertCount(2, $log->moduleCalls);
        $this->assertSame('get-nameservers', $log->moduleCalls[0]['action']);
        $this->assertStringContainsString('/user/login/', $log->moduleCalls[0]['request']);
        $this->assertStringNotContainsString('test-secret', json_encode($log->moduleCalls));
        $this->assertStringNotContainsString(CannedOdr::TOKEN, $log->moduleCalls[1]['request']);
        // Every domain info answer carries the EPP code: never in the module log.
        $this->assertStringNotContainsString('Xk29PqLm7A', json_encode($log->moduleCalls));
        $this->assertStringContainsString('"auth_code":"********"', $log->moduleCalls[1]['response']);
        $this->assertStringContainsString('"nameservers":["ns1.example.net"', $log->moduleCalls[1]['response']);
    }

    public function testAStateStoreFailureCarryingATokenIsMaskedInTheError(): void
    {
        $state = new MemoryState();
        $state->failWith = new \RuntimeException(
            'insert into mod_odr_state values (\'{"token":"token$4f2a9c0e1d4f2a9c0e1d"}\') test-secret'
        );
        try {
            $this->getNameservers(self::registrar(new CannedOdr([self::INFO => CannedOdr::domainInfo()]), $state));
            $this->fail('expected a RegistrarException');
        } catch (RegistrarException $e) {
            $this->assertSame('transport', $e->getKind());
            $this->assertStringContainsString('insert into mod_odr_state values', $e->getMessage());
            $this->assertStringNotContainsString('token$4f2a', $e->getMessage());
            $this->assertStringNotContainsString('test-secret', $e->getMessage());
        }
    }

    public function testMaskIsTheComponentsPolicy(): void
    {
        $text = 'secret s3cret/value "s3cret\/value" s3cret%2Fvalue X-Access-Token: token$4f2a9c0e1d '
            . '{"auth_code": "Xk29PqLm7A", "signature":"x", "token":"<TOKEN>", "domain":"example.nl"} '
            . 'key public$testkey, secret$examplesecret';
        $this->assertSame(
            'secret ******** "********" ******** X-Access-Token: ******** '
            . '{"auth_code": "********", "signature":"********", "token":"<TOKEN>", "domain":"example.nl"} '
            . 'key public$testkey, ********',
            Registrar::mask($text, ['s3cret/value', 'ab']),
        );
        $this->assertSame('nothing to hide', Registrar::mask('nothing to hide'));
    }

    public function testResponseHeadersMayBeListsAndTheBodyIsBinarySafe(): void
    {
        $seen = [];
        $odr = new CannedOdr([
            self::INFO => static function () use (&$seen): array {
                $answer = CannedOdr::domainInfo();
                $answer['headers'] = [
                    'Content-Type' => 'application/json',
                    'Set-Cookie' => ['a=1', 'b=2'],
                    7 => 'numeric name',
                ];
                $seen[] = true;

                return $answer;
            },
        ]);
        $this->assertSame(['ns1.example.net', 'ns2.example.net'], $this->getNameservers(self::registrar($odr)));
        $this->assertSame([true], $seen);
    }

    /** @dataProvider transportErrors */
    public function testTransportErrorsBecomeTransportFailures(array $answer, string $message): void
    {
        $registrar = self::registrar(static fn (array $request): array => $answer);
        try {
            $this->getNameservers($registrar);
            $this->fail('expected a RegistrarException');
        } catch (RegistrarException $e) {
            $this->assertSame('transport', $e->getKind());
            $this->assertStringContainsString($message, $e->getMessage());
            $this->assertNull($e->getPrevious());
        }
    }

    public static function transportErrors(): array
    {
        return [
            'timeout' => [['error' => 'timeout', 'message' => 'after 5000 ms'], 'timed out'],
            'connection refused' => [['error' => 'connection-refused', 'message' => 'port 80'], 'connection refused'],
            'other' => [['error' => 'other', 'message' => 'TLS handshake failed'], 'TLS handshake failed'],
        ];
    }

    /** @dataProvider garbageAnswers */
    public function testGarbageFromTheTransportIsATransportFailureNamingTheProblem(mixed $answer, string $message): void
    {
        $registrar = self::registrar(static fn (array $request): mixed => $answer);
        try {
            $this->getNameservers($registrar);
            $this->fail('expected a RegistrarException');
        } catch (RegistrarException $e) {
            $this->assertSame('transport', $e->getKind());
            $this->assertStringContainsString(
                'the PHP transport returned an invalid answer: ' . $message,
                $e->getMessage()
            );
        }
    }

    public static function garbageAnswers(): array
    {
        return [
            'a string' => ['HTTP/1.1 200 OK', "expected an array with 'status', 'headers' and 'body'"],
            'null' => [
                null,
                "expected an array with 'status', 'headers' and 'body' (or 'error' and 'message'), got null",
            ],
            'no status' => [['headers' => [], 'body' => '{}'], "'status' is missing"],
            'no body' => [['status' => 200, 'headers' => []], "'body' is missing"],
            'status as a string' => [
                ['status' => '200', 'headers' => [], 'body' => '{}'],
                "'status' must be an int from 100 to 599, got '200'",
            ],
            'status out of range' => [
                ['status' => 999, 'headers' => [], 'body' => '{}'],
                "'status' must be an int from 100 to 599, got int 999",
            ],
            'body as an array' => [
                ['status' => 200, 'headers' => [], 'body' => []],
                "'body' must be a string, got array",
            ],
            'headers as a string' => [
                ['status' => 200, 'headers' => 'Content-Type: x', 'body' => '{}'],
                "'headers' must be an array",
            ],
            'header value as an int' => [
                ['status' => 200, 'headers' => ['Content-Length' => 2], 'body' => '{}'],
                "headers['Content-Length'] must be a string or a list of strings, got int",
            ],
            'a misspelt key' => [['status' => 200, 'header' => [], 'body' => '{}'], "unknown key 'header'"],
            'an unknown error kind' => [
                ['error' => 'dns', 'message' => 'x'],
                "'error' must be 'timeout', 'connection-refused' or 'other', got 'dns'",
            ],
            'an error message that is not a string' => [
                ['error' => 'other', 'message' => 42],
                "'message' must be a string, got int",
            ],
        ];
    }

    /** A transport with sendMany(): every batch it gets, answered by $odr. */
    private static function batchingTransport(CannedOdr $odr, ?\Closure $many = null): object
    {
        return new class ($odr, $many) {
            /** @var list<int> sizes of the batches sendMany() got */
            public array $batches = [];

            public function __construct(private readonly CannedOdr $odr, private readonly ?\Closure $many)
            {
            }

            public function __invoke(array $request): array
            {
                return ($this->odr)($request);
            }

            public function sendMany(array $requests): mixed
            {
                $this->batches[] = count($requests);

                return $this->many !== null
                    ? ($this->many)($requests)
                    : array_map(fn (array $request): array => ($this->odr)($request), $requests);
            }
        };
    }

    private function search(Registrar $registrar): mixed
    {
        return $registrar->call('check-availability', [
            'settings' => self::settings(), 'label' => 'example', 'tlds' => ['nl', 'eu', 'be'],
        ]);
    }

    public function testRequestsIssuedTogetherReachSendManyAsOneBatch(): void
    {
        $available = CannedOdr::success(['is_available' => true]);
        $odr = new CannedOdr([
            'GET /domain/example.nl/available/' => $available,
            'GET /domain/example.eu/available/' => CannedOdr::success(['is_available' => false]),
            'GET /domain/example.be/available/' => $available,
        ]);
        $transport = self::batchingTransport($odr);

        $answers = $this->search(self::registrar($transport));

        $this->assertSame(['available', 'registered', 'available'], array_column($answers, 'status'));
        // The login alone through __invoke, the three checks in one sendMany() call.
        $this->assertSame([3], $transport->batches);
        $this->assertSame([
            'POST /user/login/',
            'GET /domain/example.nl/available/',
            'GET /domain/example.eu/available/',
            'GET /domain/example.be/available/',
        ], $odr->requestLines());
    }

    public function testWithoutSendManyABatchGoesThroughTheCallableOneByOne(): void
    {
        $odr = new CannedOdr([
            'GET /domain/example.nl/available/' => CannedOdr::success(['is_available' => true]),
            'GET /domain/example.eu/available/' => CannedOdr::success(['is_available' => true]),
            'GET /domain/example.be/available/' => CannedOdr::success(['is_available' => true]),
        ]);

        $answers = $this->search(self::registrar($odr));

        $this->assertSame(['available', 'available', 'available'], array_column($answers, 'status'));
        $this->assertCount(4, $odr->requests);
    }

    /** @dataProvider brokenSendMany */
    public function testASendManyThatFailsIsATransportFailureForTheBatch(\Closure $many, string $message): void
    {
        $transport = self::batchingTransport(new CannedOdr(), $many);
        $registrar = self::registrar($transport);
        try {
            $this->search($registrar);
            $this->fail('expected a RegistrarException');
        } catch (RegistrarException $e) {
            $this->assertSame('transport', $e->getKind());
            $this->assertStringContainsString($message, $e->getMessage());
        }
        // The batch, then its one retry round; the registrar keeps working.
        $this->assertSame([3, 3], $transport->batches);
        $this->assertSame('http://odr.test/', $registrar->call('api-endpoint', ['settings' => self::settings()]));
    }

    public static function brokenSendMany(): array
    {
        return [
            'too few answers' => [
                static fn (array $requests): array => [],
                "the PHP transport's sendMany() returned 0 answers for 3 requests",
            ],
            'not a list' => [
                static fn (array $requests): string => 'ok',
                "the PHP transport's sendMany() must return a list of answers, returned string",
            ],
            'a throw' => [
                static function (array $requests): array {
                    throw new \LogicException('curl_multi failed');
                },
                "the PHP transport's sendMany() threw LogicException: curl_multi failed",
            ],
        ];
    }

    public function testAThrowingTransportIsContainedAndChained(): void
    {
        $thrown = new \DomainException('cURL error 6: could not resolve host');
        $registrar = self::registrar(static function (array $request) use ($thrown): array {
            throw $thrown;
        });
        try {
            $this->getNameservers($registrar);
            $this->fail('expected a RegistrarException');
        } catch (RegistrarException $e) {
            $this->assertSame('transport', $e->getKind());
            $this->assertStringContainsString(
                'the PHP transport threw DomainException: cURL error 6',
                $e->getMessage()
            );
            $this->assertSame($thrown, $e->getPrevious());
        }
        // Nothing is left pending, and the registrar keeps working.
        $this->assertSame('http://odr.test/', $registrar->call('api-endpoint', ['settings' => self::settings()]));
    }

    public function testAnErrorThrownByTheTransportIsContainedToo(): void
    {
        $registrar = self::registrar(static function (array $request): array {
            return $request['no such key']->method();   // Warning, then Error
        });
        set_error_handler(static fn (): bool => true);  // keep PHPUnit from turning the warning into an exception
        try {
            $this->getNameservers($registrar);
            $this->fail('expected a RegistrarException');
        } catch (RegistrarException $e) {
            $this->assertSame('transport', $e->getKind());
            $this->assertInstanceOf(\Error::class, $e->getPrevious());
        } finally {
            restore_error_handler();
        }
    }

    public function testAWarningTurnedIntoAnExceptionByAnErrorHandlerIsContained(): void
    {
        // An error handler converts the warning into an exception inside the transport (as
        // PHPUnit 9's does by itself; PHPUnit 10+ no longer converts, so the test installs one).
        set_error_handler(static function (int $severity, string $message, string $file, int $line): never {
            throw new \ErrorException($message, 0, $severity, $file, $line);
        });
        $registrar = self::registrar(static function (array $request): array {
            return ['status' => 200, 'headers' => [], 'body' => $request['undefined index']];
        });
        try {
            $this->getNameservers($registrar);
            $this->fail('expected a RegistrarException');
        } catch (RegistrarException $e) {
            $this->assertSame('transport', $e->getKind());
            $this->assertStringContainsString('Undefined array key "undefined index"', $e->getMessage());
        } finally {
            restore_error_handler();
        }
    }

    public function testAThrowingStateStoreIsATransportErrorChainedToItsException(): void
    {
        $state = new MemoryState();
        $state->failWith = new \PDOException('SQLSTATE[HY000]: General error: database is locked');
        $odr = new CannedOdr([self::INFO => CannedOdr::domainInfo()]);
        try {
            $this->getNameservers(self::registrar($odr, $state));
            $this->fail('expected a RegistrarException');
        } catch (RegistrarException $e) {
            $this->assertSame('transport', $e->getKind());
            $this->assertStringContainsString(
                "the state store's get() threw PDOException: SQLSTATE[HY000]",
                $e->getMessage()
            );
            $this->assertSame($state->failWith, $e->getPrevious());
        }
        $this->assertSame([], $odr->requests, 'no request without a readable token store');
    }

    public function testAStateStoreAnsweringTheWrongTypeIsATransportError(): void
    {
        $state = new class () {
            public function get(string $key): mixed
            {
                return 42;
            }

            public function set(string $key, string $value, ?int $ttlSeconds): void
            {
            }

            public function delete(string $key): void
            {
            }

            public function add(string $key, string $value, ?int $ttlSeconds): bool
            {
                return true;
            }
        };
        $this->expectException(RegistrarException::class);
        $this->expectExceptionMessage("the state store's get('odr:token:");
        $this->expectExceptionMessage('must return ?string, returned int');
        $this->getNameservers(self::registrar(new CannedOdr(), $state));
    }

    public function testAThrowingLogSinkNeverBreaksTheOperation(): void
    {
        $log = new RecordingLog();
        $log->failWith = new \RuntimeException('the log table is full');
        $errorLog = tempnam(sys_get_temp_dir(), 'odr-error-log-');
        $previous = ini_set('error_log', (string) $errorLog);
        try {
            $odr = new CannedOdr([self::INFO => CannedOdr::domainInfo()]);
            $result = $this->getNameservers(self::registrar($odr, null, $log));
        } finally {
            ini_set('error_log', (string) $previous);
        }
        $this->assertSame(['ns1.example.net', 'ns2.example.net'], $result);
        $written = (string) file_get_contents((string) $errorLog);
        @unlink((string) $errorLog);
        $this->assertStringContainsString(
            "Odr\\Registrar: the log sink's moduleCall() threw RuntimeException: the log table is full; "
            . 'the operation continued without this log entry',
            $written
        );
    }

    public function testCapabilitiesRunSynchronouslyOnTheCallersStack(): void
    {
        $frames = [];
        $odr = new CannedOdr();
        $registrar = self::registrar(static function (array $request) use (&$frames, $odr): array {
            $frames = array_map(
                static fn (array $f): string => ($f['class'] ?? '') . ($f['type'] ?? '') . $f['function'],
                debug_backtrace(DEBUG_BACKTRACE_IGNORE_ARGS)
            );

            return $odr($request);
        });
        try {
            $this->getNameservers($registrar);
        } catch (RegistrarException) {
            // the canned ODR has no domain info here; only the login matters
        }
        // The transport closure is called from Registrar::call(), itself called from this test.
        // (PHP 8.2 names the closure `Class::Namespace\{closure}`, 8.4 `Class::{closure:Class::method():line}`.)
        $this->assertMatchesRegularExpression('/^' . preg_quote(self::class, '/') . '::.*\{closure/', $frames[0] ?? '');
        $this->assertSame(
            [
                'Odr\\Registrar->call',
                self::class . '->getNameservers',
                self::class . '->' . __FUNCTION__,
            ],
            array_slice($frames, 1, 3)
        );
    }

    public function testACapabilityCannotCallTheRegistrarReentrantly(): void
    {
        $inner = null;
        $registrar = null;
        $registrar = self::registrar(static function (array $request) use (&$registrar, &$inner): array {
            try {
                $registrar->call('api-endpoint', ['settings' => self::settings()]);
            } catch (RuntimeException $e) {
                $inner = $e;
            }

            return ['error' => 'other', 'message' => 'gave up'];
        });
        try {
            $this->getNameservers($registrar);
            $this->fail('expected a RegistrarException');
        } catch (RegistrarException $e) {
            $this->assertSame('transport', $e->getKind());
        }
        $this->assertInstanceOf(RuntimeException::class, $inner);
        $this->assertStringContainsString('does not run re-entrantly', $inner->getMessage());
        // Outside a call, calls work again.
        $this->assertSame('http://odr.test/', $registrar->call('api-endpoint', ['settings' => self::settings()]));
    }

    public function testPureFunctionsNeverTouchTheCapabilities(): void
    {
        $state = new MemoryState();
        $log = new RecordingLog();
        $registrar = self::registrar(self::noTransport(), $state, $log);
        $registrar->call('normalize-contact', ['contact' => self::panelContact()]);
        $registrar->call('api-endpoint', ['settings' => self::settings()]);
        $this->assertSame([], $state->calls);
        $this->assertSame([], $log->moduleCalls);
    }
}
