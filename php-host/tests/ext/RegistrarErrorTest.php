<?php

declare(strict_types=1);

namespace Odr\Tests\Ext;

use Odr\RegistrarException;
use Odr\Tests\Ext\Support\CannedOdr;
use Odr\Tests\Ext\Support\ExtensionTestCase;

/** The component's registrar-error as Odr\RegistrarException: kind, message, fields, retry-after. */
final class RegistrarErrorTest extends ExtensionTestCase
{
    public function testInvalidInputCarriesPerFieldMessages(): void
    {
        $registrar = self::registrar(self::noTransport());
        try {
            $registrar->call('normalize-contact', ['contact' => self::panelContact(['country' => 'XX'])]);
            $this->fail('expected a RegistrarException');
        } catch (RegistrarException $e) {
            $this->assertSame('invalid-input', $e->getKind());
            $this->assertStringContainsString('unknown country code "XX"', $e->getMessage());
            $fields = $e->getFields();
            $this->assertCount(1, $fields);
            $this->assertStringContainsString('country', (string) array_key_first($fields));
            $this->assertStringContainsString('unknown country code "XX"', (string) reset($fields));
            $this->assertNull($e->getRetryAfter());
            $this->assertSame(0, $e->getCode());
        }
    }

    public function testOdrFieldErrorsBecomeFields(): void
    {
        $registrar = self::registrar(new CannedOdr([
            'GET /domain/example.nl/info/' => CannedOdr::error(
                400,
                'Validation failed',
                ['domain' => 'Domain is invalid']
            ),
        ]));
        try {
            $registrar->call('get-nameservers', ['settings' => self::settings(), 'domain' => 'example.nl']);
            $this->fail('expected a RegistrarException');
        } catch (RegistrarException $e) {
            $this->assertSame('invalid-input', $e->getKind());
            $this->assertSame(['domain' => 'Domain is invalid'], $e->getFields());
        }
    }

    /** @dataProvider odrFailures */
    public function testEachKindOfFailureHasItsKind(array $routes, string $kind, string $message): void
    {
        $registrar = self::registrar(new CannedOdr($routes));
        try {
            $registrar->call('get-nameservers', ['settings' => self::settings(), 'domain' => 'example.nl']);
            $this->fail("expected a RegistrarException of kind $kind");
        } catch (RegistrarException $e) {
            $this->assertSame($kind, $e->getKind());
            $this->assertStringContainsString($message, $e->getMessage());
            $this->assertSame([], $e->getFields());
        }
    }

    public static function odrFailures(): array
    {
        return [
            'not-found' => [
                ['GET /domain/example.nl/info/' => CannedOdr::error(404, 'Domain not found')],
                'not-found',
                'Domain not found',
            ],
            'authentication-failed' => [
                ['POST /user/login/' => CannedOdr::error(401, 'Signature is invalid')],
                'authentication-failed',
                'Signature is invalid',
            ],
            'unexpected-response' => [
                ['GET /domain/example.nl/info/' => ['status' => 200, 'headers' => [], 'body' => '<html>oops</html>']],
                'unexpected-response',
                'not JSON',
            ],
        ];
    }

    public function testRateLimitedCarriesRetryAfter(): void
    {
        $registrar = self::registrar(new CannedOdr([
            'GET /domain/example.nl/info/' => CannedOdr::error(429, 'Too many requests', [], ['Retry-After' => '30']),
        ]));
        try {
            $registrar->call('get-nameservers', ['settings' => self::settings(), 'domain' => 'example.nl']);
            $this->fail('expected a RegistrarException');
        } catch (RegistrarException $e) {
            $this->assertSame('rate-limited', $e->getKind());
            $this->assertSame(30, $e->getRetryAfter());
        }
    }

    public function testInvalidStateAndRefusedKinds(): void
    {
        $registrar = self::registrar(new CannedOdr([
            'GET /domain/example.nl/info/' => CannedOdr::domainInfo('PENDING'),
        ]));
        try {
            $registrar->call('save-nameservers', [
                'settings' => self::settings(),
                'domain' => 'example.nl',
                'nameservers' => ['ns1.example.net'],
                'glue' => [],
            ]);
            $this->fail('expected a RegistrarException');
        } catch (RegistrarException $e) {
            $this->assertSame('invalid-state', $e->getKind());
            $this->assertStringContainsString('PENDING', $e->getMessage());
        }
    }

    public function testAPlainRegistrarExceptionHasEmptyDetails(): void
    {
        // Code that fakes the component (the WHMCS module's unit tests) may construct one.
        $e = new RegistrarException('made by hand');
        $this->assertSame('', $e->getKind());
        $this->assertSame([], $e->getFields());
        $this->assertNull($e->getRetryAfter());
        $this->assertSame('made by hand', $e->getMessage());
    }

    public function testGettersTakeNoArguments(): void
    {
        $this->expectException(\ArgumentCountError::class);
        (new RegistrarException('x'))->getKind('extra');
    }
}
