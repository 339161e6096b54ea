<?php

declare(strict_types=1);

namespace OdrTests\Fossbilling\Adapter;

use OdrTests\Fossbilling\Support\AdapterTestCase;

/**
 * Faults (ODR silent, ODR rate limiting) and the registrar configuration form.
 */
final class FaultsAndSettingsTest extends AdapterTestCase
{
    public function testOdrNeverAnsweringIsATransportError(): void
    {
        $adapter = $this->replay('odr_timeout_is_a_transport_error', null, ['request_timeout' => '1']);

        $message = $this->registrarError(fn () => $adapter->getDomainDetails($this->fossbilling->domain('example.nl')));

        $this->assertStringContainsString('timed out', strtolower($message));
    }

    public function testRateLimitingTellsWhenToTryAgain(): void
    {
        $adapter = $this->replay('odr_rate_limited');

        $message = $this->registrarError(fn () => $adapter->getDomainDetails($this->fossbilling->domain('example.nl')));

        $this->assertStringContainsString('30 seconds', $message);
    }

    public function testTheConfigurationForm(): void
    {
        $config = \Registrar_Adapter_Odr::getConfig();

        $this->assertSame(
            ['api_key', 'api_secret', 'api_url', 'request_timeout', 'requests_per_second', 'onsite_contact',
                'onsite_contact_id', 'tech_contact', 'tech_contact_id'],
            array_keys($config['form']),
        );
        $this->assertSame('password', $config['form']['api_secret'][0]);
    }

    public function testMissingCredentialsAreRefused(): void
    {
        $message = $this->registrarError(fn () => $this->fossbilling->adapter(['api_key' => 'public$k']));

        $this->assertStringContainsString('needs its API key and API secret', $message);
    }

    public function testAnInvalidTimeoutIsRefused(): void
    {
        $message = $this->registrarError(fn () => $this->adapter(['request_timeout' => '999']));

        $this->assertStringContainsString('from 1 to 300', $message);
    }

    public function testAFixedContactNeedsANumericId(): void
    {
        $config = ['tech_contact' => 'fixed', 'tech_contact_id' => 'abc'];

        $message = $this->registrarError(fn () => $this->adapter($config));

        $this->assertStringContainsString('"abc" is not an ODR contact id', $message);
    }
}
