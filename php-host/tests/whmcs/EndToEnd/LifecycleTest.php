<?php

declare(strict_types=1);

namespace OdrTests\Whmcs\EndToEnd;

use OdrTests\Whmcs\Support\EndToEndTestCase;

/**
 * Settings, registration, transfer, renewal and deletion, end to end.
 */
final class LifecycleTest extends EndToEndTestCase
{
    private int $client;

    protected function setUp(): void
    {
        parent::setUp();
        $this->client = $this->whmcs->fixtures()->client();
    }

    public function testSettingsWithValidCredentialsAreSaved(): void
    {
        $this->replay('settings_accept_valid_credentials');
        $values = $this->whmcs->registrarSettings('odr');

        $this->assertNull($this->registrar->saveSettings(['RequestTimeout' => '20'] + $values));
        $this->assertSame('20', $this->whmcs->registrarSettings('odr')['RequestTimeout']);
        $this->assertSame(['POST /user/login/', 'GET /user/'], $this->odrRequests());
    }

    public function testSettingsWithInvalidCredentialsAreRefused(): void
    {
        $this->replay('settings_refuse_invalid_credentials');
        $values = $this->whmcs->registrarSettings('odr');

        $error = $this->registrar->saveSettings(['RequestTimeout' => '20'] + $values);

        $this->assertIsString($error);
        $this->assertStringContainsString('Invalid signature', $error);
        $this->assertSame('30', $this->whmcs->registrarSettings('odr')['RequestTimeout'], 'nothing saved');
    }

    public function testRegisterCreatesTheRegistrantContactAndActivatesTheDomain(): void
    {
        $this->replay('register_creates_registrant_contact');
        $id = $this->whmcs->fixtures()->order($this->client, 'example.nl');

        $result = $this->registrar->register($id, ['ns1.example.net', 'ns2.example.net']);

        $this->assertSame(['success' => true], $result);
        $domain = $this->domain($id);
        $this->assertSame('Active', $domain->status);
        $this->assertSame('2026-12-01', substr((string) $domain->expirydate, 0, 10));
        $activity = implode("\n", $this->activity());
        $this->assertStringContainsString('ODR: Created ODR contact 1234', $activity);
        $this->assertStringContainsString(
            'Domain Registered Successfully - Domain ID: ' . $id . ' - Domain: example.nl',
            $activity,
        );
        $this->assertSame(
            [
                'POST /user/login/',
                'GET /contact/?page=1',
                'POST /contact/',
                'POST /domain/example.nl/',
            ],
            $this->odrRequests(),
            'a first order sends no lookup: login, contact search and creation, the order',
        );
    }

    public function testRegisterReusesTheClientsOdrContact(): void
    {
        $this->replay('register_reuses_existing_contact');
        $id = $this->whmcs->fixtures()->order($this->client, 'example.nl');

        $this->assertSame(['success' => true], $this->registrar->register($id, ['ns1.example.net', 'ns2.example.net']));
        $this->assertStringNotContainsString('Created ODR contact', implode("\n", $this->activity()));
    }

    public function testRegisterRefusedByOdr(): void
    {
        $this->replay('register_refused_domain_taken');
        $id = $this->whmcs->fixtures()->order($this->client, 'example.nl');

        $result = $this->registrar->register($id, ['ns1.example.net', 'ns2.example.net']);

        $this->assertSame(['error'], array_keys($result));
        $this->assertStringContainsString('Domain is not available', $result['error']);
        $this->assertSame('Pending', $this->domain($id)->status);
        $this->assertSame('0000-00-00', substr((string) $this->domain($id)->expirydate, 0, 10));
    }

    public function testTransferOrderedAndPending(): void
    {
        $this->replay('transfer_pending_with_auth_code');
        $id = $this->whmcs->fixtures()->order($this->client, 'example.nl', 'Transfer');

        $result = $this->registrar->transfer($id, 'Xk29-Pq&Lm7A', ['ns1.example.net', 'ns2.example.net']);

        $this->assertSame(['success' => true, 'pending' => true], $result);
        $this->assertSame('Pending Transfer', $this->domain($id)->status);
    }

    public function testTransferWithAWrongEppCode(): void
    {
        $this->replay('transfer_refused_invalid_auth_code');
        $id = $this->whmcs->fixtures()->order($this->client, 'example.nl', 'Transfer');

        $result = $this->registrar->transfer($id, 'wrong', ['ns1.example.net', 'ns2.example.net']);

        $this->assertSame(['error'], array_keys($result));
        $this->assertStringContainsString('Invalid auth code', $result['error']);
        // ODR's per-field message reaches the admin through the extension's getFields().
        $this->assertStringContainsString('auth_code: Auth code is incorrect', $result['error']);
        $this->assertSame('Pending', $this->domain($id)->status);
    }

    public function testRenewSwitchesAutoRenewOn(): void
    {
        $this->replay('renew_switches_auto_renew_on');
        $id = $this->whmcs->fixtures()->domain($this->client, 'example.nl', ['expirydate' => '2026-03-01']);

        $this->assertSame(['success' => true], $this->registrar->renew($id));
        $this->assertSame('2027-03-01', substr((string) $this->domain($id)->expirydate, 0, 10));
        $this->assertStringContainsString('Auto-renew of example.nl switched on', implode("\n", $this->activity()));
    }

    public function testRenewReactivatesAQuarantinedDomain(): void
    {
        $this->replay('renew_reactivates_quarantined_domain');
        $id = $this->whmcs->fixtures()->domain(
            $this->client,
            'example.nl',
            ['expirydate' => '2025-11-20', 'status' => 'Redemption'],
        );

        $this->assertSame(['success' => true], $this->registrar->renew($id));
        $this->assertSame('Active', $this->domain($id)->status);
    }

    public function testRenewOfADeletedDomainIsRefused(): void
    {
        $this->replay('renew_refused_for_deleted_domain');
        $id = $this->whmcs->fixtures()->domain(
            $this->client,
            'example.nl',
            ['expirydate' => '2025-10-01', 'status' => 'Expired'],
        );

        $result = $this->registrar->renew($id);

        $this->assertSame(['error'], array_keys($result));
        $this->assertStringContainsString('DELETED', $result['error']);
        $this->assertSame(
            ['Expired', '2025-10-01'],
            [$this->domain($id)->status, substr((string) $this->domain($id)->expirydate, 0, 10)],
        );
    }

    public function testRequestDeleteCancelsTheDomain(): void
    {
        $this->replay('delete_switches_auto_renew_off');
        $id = $this->whmcs->fixtures()->domain($this->client, 'example.nl');

        $this->assertSame(['success' => true], $this->registrar->requestDelete($id));
        $this->assertSame('Cancelled', $this->domain($id)->status);
        $this->assertCount(1, $this->whmcs->localApi->callsOf('UpdateClientDomain'));
    }

    public function testRequestDeleteOfAnUnknownDomain(): void
    {
        $this->replay('delete_unknown_domain');
        $id = $this->whmcs->fixtures()->domain($this->client, 'example.nl');

        $result = $this->registrar->requestDelete($id);

        $this->assertSame(['error'], array_keys($result));
        $this->assertStringContainsString('not in the ODR account', $result['error']);
        $this->assertSame('Active', $this->domain($id)->status);
    }
}
