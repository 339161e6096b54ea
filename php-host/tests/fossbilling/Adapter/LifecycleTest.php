<?php

declare(strict_types=1);

namespace OdrTests\Fossbilling\Adapter;

use OdrTests\Fossbilling\Support\AdapterTestCase;

/**
 * Availability, transfer check, registration, transfer, renewal and deletion through the
 * FOSSBilling adapter, on the same recordings as the WHMCS module's end-to-end tests.
 */
final class LifecycleTest extends AdapterTestCase
{
    private const NS = ['ns1.example.net', 'ns2.example.net'];

    public function testARegisteredDomainIsNotAvailable(): void
    {
        $adapter = $this->replay('availability_across_tlds', [0, 1]);

        $this->assertFalse($adapter->isDomainAvailable($this->fossbilling->domain('example.nl')));
        $this->assertSame(['POST /user/login/', 'GET /domain/example.nl/available/'], $this->odrRequests());
    }

    public function testARegisteredDomainCanBeTransferred(): void
    {
        $adapter = $this->replay('availability_across_tlds', [0, 1]);

        $this->assertTrue($adapter->isDomaincanBeTransferred($this->fossbilling->domain('example.nl')));
    }

    public function testAFreeDomainIsAvailable(): void
    {
        $adapter = $this->replay('availability_across_tlds', [0, 2]);

        $this->assertTrue($adapter->isDomainAvailable($this->fossbilling->domain('example.eu')));
    }

    public function testAFreeDomainCannotBeTransferred(): void
    {
        $adapter = $this->replay('availability_across_tlds', [0, 2]);

        $this->assertFalse($adapter->isDomaincanBeTransferred($this->fossbilling->domain('example.eu')));
    }

    public function testATldOdrDoesNotOfferIsAnError(): void
    {
        // The refusal, then the account's price list (which lacks .xyz).
        $adapter = $this->replay('availability_across_tlds', [0, 3, 4, 5]);

        $domain = $this->fossbilling->domain('example.xyz');

        $message = $this->registrarError(fn () => $adapter->isDomainAvailable($domain));

        $this->assertStringContainsString('.xyz', $message);
        $this->assertStringContainsString('does not sell', $message);
    }

    public function testRegisterCreatesTheRegistrantContact(): void
    {
        $adapter = $this->replay('register_creates_registrant_contact');

        $this->assertTrue($adapter->registerDomain($this->fossbilling->domain('example.nl', self::NS)));
        $this->assertSame(
            ['POST /user/login/', 'GET /contact/?page=1', 'POST /contact/', 'POST /domain/example.nl/'],
            $this->odrRequests(),
        );
        $activity = $this->fossbilling->log->messages('info');
        $this->assertNotEmpty(preg_grep('/^ODR: Created ODR contact 1234\b/', $activity));
        $keys = array_column($this->fossbilling->stateRowsIfAny(), 'key');
        $this->assertNotEmpty(preg_grep('/^odr:token:/', $keys), 'the login token is kept in FOSSBilling\'s database');
    }

    public function testRegisterReusesTheClientsOdrContact(): void
    {
        $adapter = $this->replay('register_reuses_existing_contact');

        $this->assertTrue($adapter->registerDomain($this->fossbilling->domain('example.nl', self::NS)));
        $this->assertSame([], preg_grep('/Created ODR contact/', $this->fossbilling->log->messages('info')));
    }

    public function testRegisterRefusedByOdr(): void
    {
        $adapter = $this->replay('register_refused_domain_taken');

        $domain = $this->fossbilling->domain('example.nl', self::NS);

        $message = $this->registrarError(fn () => $adapter->registerDomain($domain));

        $this->assertStringContainsString('Domain is not available', $message);
    }

    public function testTransferGoesOutWithTheEppCode(): void
    {
        $adapter = $this->replay('transfer_pending_with_auth_code');
        $domain = $this->fossbilling->domain('example.nl', self::NS)->setEpp('Xk29-Pq&Lm7A');

        $this->assertTrue($adapter->transferDomain($domain));
        $this->assertSame('PUT /domain/example.nl/transfer/', $this->odrRequests()[3]);
    }

    public function testTransferWithAWrongEppCode(): void
    {
        $adapter = $this->replay('transfer_refused_invalid_auth_code');
        $domain = $this->fossbilling->domain('example.nl', self::NS)->setEpp('wrong');

        $message = $this->registrarError(fn () => $adapter->transferDomain($domain));

        $this->assertStringContainsString('Invalid auth code', $message);
        $this->assertStringContainsString('auth_code: Auth code is incorrect', $message);
    }

    public function testTransferWithoutAnEppCodeSendsNothing(): void
    {
        $domain = $this->fossbilling->domain('example.nl');

        $message = $this->registrarError(fn () => $this->adapter()->transferDomain($domain));

        $this->assertSame('A transfer of example.nl needs its EPP (auth) code.', $message);
    }

    public function testRenewSwitchesAutoRenewOn(): void
    {
        $adapter = $this->replay('renew_switches_auto_renew_on');

        $this->assertTrue($adapter->renewDomain($this->fossbilling->domain('example.nl')));
        $this->assertSame('PUT /domain/example.nl/renew-on/', $this->odrRequests()[2]);
    }

    public function testRenewReactivatesAQuarantinedDomain(): void
    {
        $adapter = $this->replay('renew_reactivates_quarantined_domain');

        $this->assertTrue($adapter->renewDomain($this->fossbilling->domain('example.nl')));
    }

    public function testRenewOfADeletedDomainIsRefused(): void
    {
        $adapter = $this->replay('renew_refused_for_deleted_domain');

        $message = $this->registrarError(fn () => $adapter->renewDomain($this->fossbilling->domain('example.nl')));

        $this->assertStringContainsString('DELETED', $message);
    }

    public function testDeleteSwitchesAutoRenewOff(): void
    {
        $adapter = $this->replay('delete_switches_auto_renew_off');

        $this->assertTrue($adapter->deleteDomain($this->fossbilling->domain('example.nl')));
    }

    public function testDeleteOfAnUnknownDomain(): void
    {
        $adapter = $this->replay('delete_unknown_domain');

        $message = $this->registrarError(fn () => $adapter->deleteDomain($this->fossbilling->domain('example.nl')));

        $this->assertStringContainsString('not found', strtolower($message));
    }
}
