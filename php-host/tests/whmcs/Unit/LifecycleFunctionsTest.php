<?php

declare(strict_types=1);

namespace OdrTests\Whmcs\Unit;

use OdrTests\Whmcs\Support\FakeComponentTestCase;

/**
 * Register, transfer, renew and delete: $params to the component's arguments, its results to
 * WHMCS's return shapes and WHMCS's effects on tbldomains.
 */
final class LifecycleFunctionsTest extends FakeComponentTestCase
{
    private const COMPLETED = [
        'status' => 'completed', 'domain-id' => '5678',
        'contacts' => ['registrant' => 1234, 'onsite' => 1234, 'tech' => 1234],
        'created-contacts' => [], 'already-in-account' => false,
    ];

    public function testRegisterMapsTheOrderAndWhmcsActivatesTheDomain(): void
    {
        $client = $this->whmcs->fixtures()->client([
            'firstname' => 'José', 'lastname' => 'Müller', 'companyname' => 'Café Müller B.V.',
            'address1' => 'Kerkstraat 42-f3', 'tax_id' => 'NL123456789B01',
        ]);
        $id = $this->whmcs->fixtures()->order($client, 'example.nl', 'Register', ['registrationperiod' => 2]);
        $this->answer('register-domain', self::COMPLETED);

        $result = $this->registrar->register($id, ['ns1.example.net', 'ns2.example.net']);

        $this->assertSame(['success' => true], $result);
        $order = $this->callsOf('register-domain')[0]['order'];
        $this->assertSame('example.nl', $order['domain']);
        $this->assertSame(2, $order['period-years']);
        $this->assertSame(['ns1.example.net', 'ns2.example.net'], $order['nameservers']);
        $this->assertNull($order['auth-code']);
        $this->assertSame([
            'first-name' => 'José', 'last-name' => 'Müller', 'company-name' => 'Café Müller B.V.',
            'email' => 'jan@example.nl', 'address1' => 'Kerkstraat 42-f3', 'address2' => '', 'city' => 'Amsterdam',
            'state' => 'Noord-Holland', 'postcode' => '1234 AB', 'country' => 'NL', 'phone' => '+31.201234567',
            'fax' => '', 'vat-number' => 'NL123456789B01', 'language' => '',
        ], $order['registrant'], 'the unaltered values from $params[original], not the foreignChrReplace copies');
        $this->assertSame(
            $order['registrant']['first-name'],
            $order['admin']['first-name'],
            'Use Clients Details: admin = client',
        );
        $this->assertSame($order['admin'], $order['tech']);

        $domain = $this->domain($id);
        $this->assertSame('Active', $domain->status);
        $this->assertSame('2025-12-01', substr((string) $domain->registrationdate, 0, 10));
        $this->assertSame('2027-12-01', substr((string) $domain->expirydate, 0, 10));
        $this->assertContains(
            'Domain Registered Successfully - Domain ID: ' . $id . ' - Domain: example.nl',
            $this->activity(),
        );
    }

    public function testRegisterUsesTheCompanyAdminContactWhenWhmcsSaysSo(): void
    {
        $this->whmcs->setConfig('RegistrarAdminUseClientDetails', '');
        $id = $this->whmcs->fixtures()->order($this->whmcs->fixtures()->client(), 'example.nl');
        $this->answer('register-domain', self::COMPLETED);

        $this->registrar->register($id);

        $order = $this->callsOf('register-domain')[0]['order'];
        $this->assertSame('Hanna', $order['admin']['first-name']);
        $this->assertSame('Example Hosting B.V.', $order['admin']['company-name']);
        $this->assertSame('+31.301234567', $order['admin']['phone']);
        $this->assertSame('NL', $order['admin']['country']);
        $this->assertSame(
            ['ns1.hosting.example', 'ns2.hosting.example'],
            $order['nameservers'],
            'WHMCS default nameservers',
        );
    }

    public function testRegisterStillPendingAtOdrLeavesThePendingRegistrationToSync(): void
    {
        $id = $this->whmcs->fixtures()->order($this->whmcs->fixtures()->client(), 'example.nl');
        $this->answer('register-domain', ['status' => 'pending'] + self::COMPLETED);

        $this->assertSame(['success' => true, 'pending' => true], $this->registrar->register($id));
        $this->assertSame('Pending Registration', $this->domain($id)->status);
        $this->assertSame('0000-00-00', substr((string) $this->domain($id)->expirydate, 0, 10));
    }

    public function testRegisterFailureIsAnErrorAndChangesNothing(): void
    {
        $id = $this->whmcs->fixtures()->order($this->whmcs->fixtures()->client(), 'example.nl');
        $this->answer('register-domain', $this->odrError('invalid-input', 'ODR rejected the contact', [
            'postal_code' => 'Field is required',
        ]));

        $result = $this->registrar->register($id);

        $this->assertSame(['error' => 'ODR rejected the contact (postal_code: Field is required)'], $result);
        $this->assertSame('Pending', $this->domain($id)->status);
        $this->assertContains(
            'Domain Registration Failed - Domain ID: ' . $id . ' - Domain: example.nl - Error: '
                . 'ODR rejected the contact (postal_code: Field is required)',
            $this->activity(),
        );
        $log = $this->moduleLog();
        $this->assertSame('RegisterDomain', end($log)->action);
        $this->assertSame('example.nl', end($log)->request);
        $this->assertStringContainsString('ODR rejected the contact', end($log)->response);
    }

    public function testTransferPassesTheEppCodeAndWaitsForTransferSync(): void
    {
        $id = $this->whmcs->fixtures()->order($this->whmcs->fixtures()->client(), 'example.nl', 'Transfer');
        $this->answer('transfer-domain', ['status' => 'pending'] + self::COMPLETED);

        $result = $this->registrar->transfer($id, 'Xk29-Pq&Lm7A');

        $this->assertSame(['success' => true, 'pending' => true], $result);
        $this->assertSame('Xk29-Pq&Lm7A', $this->callsOf('transfer-domain')[0]['order']['auth-code']);
        $this->assertSame('Pending Transfer', $this->domain($id)->status);
    }

    public function testTransferReadsTheLegacyTransferSecretToo(): void
    {
        $id = $this->whmcs->fixtures()->order($this->whmcs->fixtures()->client(), 'example.nl', 'Transfer');
        $params = $this->registrar->domainParams($id);
        $params['transfersecret'] = 'legacy-code';
        $this->answer('transfer-domain', self::COMPLETED);

        $this->assertSame(['success' => true], $this->registrar->call('TransferDomain', $params));
        $this->assertSame('legacy-code', $this->callsOf('transfer-domain')[0]['order']['auth-code']);
    }

    public function testRenewLetsWhmcsAdvanceTheExpiry(): void
    {
        $id = $this->whmcs->fixtures()->domain(
            $this->whmcs->fixtures()->client(),
            'example.nl',
            ['expirydate' => '2026-03-01'],
        );
        $this->answer('renew-domain', 'auto-renew-switched-on');

        $this->assertSame(['success' => true], $this->registrar->renew($id));
        $this->assertSame(
            [['settings' => $this->callsOf('renew-domain')[0]['settings'], 'domain' => 'example.nl']],
            $this->callsOf('renew-domain'),
        );
        $this->assertSame('2027-03-01', substr((string) $this->domain($id)->expirydate, 0, 10));
    }

    public function testRenewRefusedByOdr(): void
    {
        $id = $this->whmcs->fixtures()->domain(
            $this->whmcs->fixtures()->client(),
            'example.nl',
            ['expirydate' => '2026-03-01'],
        );
        $this->answer(
            'renew-domain',
            $this->odrError('invalid-state', 'example.nl is DELETED at ODR and cannot be renewed'),
        );

        $this->assertSame(
            ['error' => 'example.nl is DELETED at ODR and cannot be renewed'],
            $this->registrar->renew($id),
        );
        $this->assertSame('2026-03-01', substr((string) $this->domain($id)->expirydate, 0, 10));
    }

    public function testRequestDeleteSwitchesAutoRenewOffAndCancelsTheDomainInWhmcs(): void
    {
        $id = $this->whmcs->fixtures()->domain($this->whmcs->fixtures()->client(), 'example.nl');
        $this->answer('request-delete', 'auto-renew-switched-off');

        $this->assertSame(['success' => true], $this->registrar->requestDelete($id));
        $this->assertSame('Cancelled', $this->domain($id)->status);
        $update = $this->whmcs->localApi->callsOf('UpdateClientDomain');
        $this->assertCount(1, $update);
        $this->assertSame(['domainid' => $id, 'status' => 'Cancelled'], $update[0]['values']);
        $this->assertSame('admin', $update[0]['admin'], 'the configured admin user');
    }

    public function testRequestDeleteFailureLeavesTheDomainAlone(): void
    {
        $id = $this->whmcs->fixtures()->domain($this->whmcs->fixtures()->client(), 'example.nl');
        $this->answer('request-delete', $this->odrError('not-found', 'example.nl is not in the ODR account'));

        $this->assertSame(['error' => 'example.nl is not in the ODR account'], $this->registrar->requestDelete($id));
        $this->assertSame('Active', $this->domain($id)->status);
        $this->assertSame([], $this->whmcs->localApi->callsOf('UpdateClientDomain'));
    }

    public function testIdnDomainsGoToOdrInPunycode(): void
    {
        $id = $this->whmcs->fixtures()->order($this->whmcs->fixtures()->client(), 'bücher.nl');
        $this->answer('register-domain', self::COMPLETED);

        $this->registrar->register($id);

        $this->assertSame('xn--bcher-kva.nl', $this->callsOf('register-domain')[0]['order']['domain']);
    }
}
