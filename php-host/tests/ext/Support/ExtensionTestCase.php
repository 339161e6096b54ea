<?php

declare(strict_types=1);

namespace Odr\Tests\Ext\Support;

use Odr\Registrar;
use PHPUnit\Framework\TestCase;

/** Shared set-up: the component path, settings, a panel contact and registrars. */
abstract class ExtensionTestCase extends TestCase
{
    /** 2025-12-01T00:00:00Z: the clock every test pins. */
    public const NOW = 1764547200;

    public static function cwasmPath(): string
    {
        $fromEnv = getenv('ODR_CWASM');
        if (is_string($fromEnv) && $fromEnv !== '') {
            return $fromEnv;
        }

        return dirname(__DIR__, 4) . '/target/odr_registrar.cwasm';
    }

    /** @param array<string, mixed> $overrides */
    protected static function settings(array $overrides = []): array
    {
        return $overrides + [
            'api-key' => 'public$test-key',
            'api-secret' => 'test-secret',
            'api-url' => 'http://odr.test/',
            'test-mode' => false,
            'onsite-contact' => 'same-as-registrant',
            'tech-contact' => ['fixed' => 4321],
            'request-timeout-ms' => 5000,
            'max-requests-per-second' => 0,
        ];
    }

    /** A WHMCS-shaped contact, in the WIT panel-contact form. */
    protected static function panelContact(array $overrides = []): array
    {
        return $overrides + [
            'first-name' => 'Jan',
            'last-name' => 'Jansen',
            'company-name' => '',
            'email' => 'jan@example.nl',
            'address1' => 'Kerkstraat 42-f3',
            'address2' => '',
            'city' => 'Amsterdam',
            'state' => 'Noord-Holland',
            'postcode' => '1234 ab',
            'country' => 'NL',
            'phone' => '020-1234567',
            'fax' => '',
            'vat-number' => '',
            'language' => '',
        ];
    }

    /** @param array<string, mixed> $options */
    protected static function registrar(
        ?callable $transport = null,
        ?object $state = null,
        ?object $log = null,
        array $options = []
    ): Registrar {
        return new Registrar(
            self::cwasmPath(),
            $transport ?? new CannedOdr(),
            $state ?? new MemoryState(),
            $log ?? new RecordingLog(),
            $options + ['now' => self::NOW]
        );
    }

    /** A transport that fails the test when the component uses it. */
    protected static function noTransport(): \Closure
    {
        return static function (array $request): array {
            throw new \LogicException('the transport must not be called, got ' . $request['url']);
        };
    }
}
