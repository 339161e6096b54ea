<?php

declare(strict_types=1);

namespace OdrTests\Whmcs\Unit;

use OdrTests\Whmcs\Support\FakeComponentTestCase;
use WHMCS\Carbon;
use WHMCS\Domain\Registrar\Domain;
use WHMCS\Domains\DomainLookup\ResultsList;
use WHMCS\Domains\DomainLookup\SearchResult;

/**
 * Nameservers, EPP code, WHOIS contacts, domain information and availability.
 */
final class ManagementFunctionsTest extends FakeComponentTestCase
{
    private int $domainId;

    protected function setUp(): void
    {
        parent::setUp();
        $this->domainId = $this->whmcs->fixtures()->domain($this->whmcs->fixtures()->client(), 'example.nl');
    }

    public function testGetNameserversFillsTheFiveSlots(): void
    {
        $this->answer('get-nameservers', ['ns1.example.net', 'ns2.example.net', 'ns3.example.net']);

        $this->assertSame(
            [
                'ns1' => 'ns1.example.net',
                'ns2' => 'ns2.example.net',
                'ns3' => 'ns3.example.net',
                'ns4' => '',
                'ns5' => '',
            ],
            $this->registrar->getNameservers($this->domainId),
        );
    }

    public function testSaveNameserversSendsTheFilledSlotsInOrder(): void
    {
        $this->answer('save-nameservers', null);

        $result = $this->registrar->saveNameservers($this->domainId, ['ns1.new.example', '', ' ns3.new.example ']);

        $this->assertSame(['success' => true], $result);
        $call = $this->callsOf('save-nameservers')[0];
        $this->assertSame('example.nl', $call['domain']);
        $this->assertSame(['ns1.new.example', 'ns3.new.example'], $call['nameservers']);
        $this->assertSame([], $call['glue']);
        $this->assertContains('Domain Registrar Command: Save Nameservers - Successful', $this->activity());
    }

    public function testSaveNameserversRefused(): void
    {
        $this->answer('save-nameservers', $this->odrError('refused', 'Nameserver ns1.new.example does not resolve'));

        $this->assertSame(
            ['error' => 'Nameserver ns1.new.example does not resolve'],
            $this->registrar->saveNameservers($this->domainId, ['ns1.new.example']),
        );
        $this->assertStringStartsWith(
            'Domain Registrar Command: Save Nameservers - Failed: Nameserver',
            $this->activity()[0],
        );
    }

    public function testEppCodeIsShownWhenOdrReturnsIt(): void
    {
        $this->answer('get-auth-code', ['code' => 'Xk29<Pq>Lm7A']);

        $this->assertSame(
            ['eppcode' => 'Xk29&lt;Pq&gt;Lm7A'],
            $this->registrar->getEppCode($this->domainId),
            'WHMCS escapes it',
        );
    }

    public function testEppCodeSentToTheRegistrantIsPlainSuccess(): void
    {
        $this->answer('get-auth-code', 'sent-to-registrant');

        $this->assertSame(['success' => true], $this->registrar->getEppCode($this->domainId));
    }

    public function testContactDetailsUseTheStandardLabels(): void
    {
        $this->answer('get-contacts', [
            ['registrant', $this->odrContact()],
            [
                'onsite',
                $this->odrContact(
                    ['first-name' => 'Hanna', 'legal-form' => 'ANDERS', 'company-name' => 'Example Hosting B.V.'],
                ),
            ],
            ['tech', $this->odrContact(['first-name' => 'Tom'])],
        ]);

        $this->assertSame([
            'Registrant' => [
                'First Name' => 'Jan', 'Last Name' => 'Jansen', 'Company Name' => '',
                'Email Address' => 'jan@example.nl',
                'Address 1' => 'Dorpstraat 12', 'Address 2' => '', 'City' => 'Amsterdam', 'State' => 'Noord-Holland',
                'Postcode' => '1234AB', 'Country' => 'NL', 'Phone Number' => '+31.201234567', 'Fax Number' => '',
                'VAT Number' => '',
            ],
        ], $this->registrar->getContactDetails($this->domainId), 'onsite and tech follow the registrant');
    }

    public function testContactDetailsOfferTheRolesThatFollowThePanel(): void
    {
        $this->changeSettings(['OnsiteContact' => 'whmcs', 'TechContact' => 'fixed', 'TechContactId' => '777']);
        $this->answer('get-contacts', [
            ['registrant', $this->odrContact()],
            [
                'onsite',
                $this->odrContact(
                    ['first-name' => 'Hanna', 'legal-form' => 'ANDERS', 'company-name' => 'Example Hosting B.V.'],
                ),
            ],
            ['tech', $this->odrContact(['first-name' => 'Tom'])],
        ]);

        $groups = $this->registrar->getContactDetails($this->domainId);

        $this->assertSame(['Registrant', 'Admin'], array_keys($groups));
        $this->assertSame('Example Hosting B.V.', $groups['Admin']['Company Name']);
        $settings = $this->callsOf('get-contacts')[0]['settings'];
        $this->assertSame('from-panel', $settings['onsite-contact']);
        $this->assertSame(['fixed' => 777], $settings['tech-contact']);
    }

    public function testSaveContactDetailsSendsTheEditedRegistrant(): void
    {
        $this->answer(
            'sync-contacts',
            [['role' => 'registrant', 'action' => 'updated', 'contact-id' => 1234, 'previous-contact-id' => null]],
        );
        $details = [
            'Registrant' => [
                'First Name' => 'Jan', 'Last Name' => 'Jansen', 'Company Name' => '',
                'Email Address' => 'jan@new.example',
                'Address 1' => 'Dorpstraat 14', 'Address 2' => '', 'City' => 'Amsterdam', 'State' => 'Noord-Holland',
                'Postcode' => '1234AB', 'Country' => 'nl', 'Phone Number' => '+31.201234567', 'Fax Number' => '',
                'VAT Number' => '',
            ],
            'Admin' => ['First Name' => 'Ignored'],
        ];

        $this->assertSame(['success' => true], $this->registrar->saveContactDetails($this->domainId, $details));
        $call = $this->callsOf('sync-contacts')[0];
        $this->assertSame('example.nl', $call['domain']);
        $this->assertSame('jan@new.example', $call['desired']['registrant']['email']);
        $this->assertSame('Dorpstraat 14', $call['desired']['registrant']['address1']);
        $this->assertSame('NL', $call['desired']['registrant']['country']);
        // Passed as WHMCS sent it; the settings (onsite same as registrant) make the component ignore it.
        $this->assertSame('Ignored', $call['desired']['admin']['first-name']);
        $this->assertSame('same-as-registrant', $call['settings']['onsite-contact']);
        $this->assertNull($call['desired']['tech'], 'WHMCS sent no Technical group');
        $this->assertContains('Domain Registrar Command: Update Contact Details - Successful', $this->activity());
    }

    public function testSaveContactDetailsPassesTheAdminGroupWhenItFollowsThePanel(): void
    {
        $this->changeSettings(['OnsiteContact' => 'whmcs']);
        $this->answer('sync-contacts', []);

        $this->registrar->saveContactDetails($this->domainId, [
            'Registrant' => ['First Name' => 'Jan', 'Last Name' => 'Jansen'],
            'Admin' => ['First Name' => 'Hanna', 'Last Name' => 'Host', 'Company Name' => 'Example Hosting B.V.'],
        ]);

        $desired = $this->callsOf('sync-contacts')[0]['desired'];
        $this->assertSame('Hanna', $desired['admin']['first-name']);
        $this->assertSame('Example Hosting B.V.', $desired['admin']['company-name']);
        $this->assertNull($desired['tech']);
    }

    public function testSaveContactDetailsWithoutRegistrantIsAnError(): void
    {
        $this->assertSame(
            ['error' => 'WHMCS passed no Registrant contact details.'],
            $this->registrar->saveContactDetails($this->domainId, []),
        );
        $this->assertSame([], $this->functionsCalled());
    }

    public function testDomainInformation(): void
    {
        $this->answer('get-domain-info', [
            'domain' => 'example.nl', 'id' => '5678', 'status' => 'registered', 'expiry' => '2026-03-01',
            'auto-renew' => true, 'nameservers' => ['ns1.example.net', 'ns2.example.net'],
            'contacts' => ['registrant' => 1234, 'onsite' => 1234, 'tech' => null],
        ]);

        $info = $this->registrar->getDomainInformation($this->domainId);

        $this->assertInstanceOf(Domain::class, $info);
        $this->assertSame('example.nl', $info->getDomain());
        $this->assertSame(['ns1' => 'ns1.example.net', 'ns2' => 'ns2.example.net'], $info->getNameservers());
        $this->assertSame(Domain::STATUS_ACTIVE, $info->getRegistrationStatus());
        $this->assertInstanceOf(Carbon::class, $info->getExpiryDate());
        $this->assertSame('2026-03-01 00:00:00', $info->getExpiryDate()->format('Y-m-d H:i:s'));
        $this->assertFalse($info->getRestorable());
        $this->assertNull($info->getTransferLock(), 'ODR has no transfer lock');
    }

    public function testDomainInformationOfAQuarantinedDomainWithoutExpiry(): void
    {
        $this->answer('get-domain-info', [
            'domain' => 'example.nl', 'id' => null, 'status' => 'quarantine', 'expiry' => null,
            'auto-renew' => false, 'nameservers' => [], 'contacts' => [
                'registrant' => null,
                'onsite' => null,
                'tech' => null,
            ],
        ]);

        $info = $this->registrar->getDomainInformation($this->domainId);

        $this->assertSame(Domain::STATUS_EXPIRED, $info->getRegistrationStatus());
        $this->assertTrue($info->getRestorable());
        $this->assertNull($info->getExpiryDate());
    }

    public function testDomainInformationFailureThrowsForWhmcsToShow(): void
    {
        $this->answer('get-domain-info', $this->odrError('not-found', 'example.nl is not in the ODR account'));

        $this->assertSame(
            ['error' => 'example.nl is not in the ODR account'],
            $this->registrar->getDomainInformation($this->domainId),
        );
    }

    public function testAvailabilityIsOneCallForAllTlds(): void
    {
        $this->answer('check-availability', [
            ['domain' => 'example.nl', 'tld' => 'nl', 'status' => 'registered', 'message' => null],
            ['domain' => 'example.eu', 'tld' => 'eu', 'status' => 'available', 'message' => null],
            ['domain' => 'example.co.uk', 'tld' => 'co.uk', 'status' => 'unknown', 'message' => 'ODR is down'],
            ['domain' => 'example.xyz', 'tld' => 'xyz', 'status' => 'unsupported', 'message' => 'not sold'],
        ]);

        $results = $this->registrar->checkAvailability('Example', ['.nl', '.eu', '.co.uk', '.nl', '.xyz']);

        $this->assertInstanceOf(ResultsList::class, $results);
        $this->assertSame(
            [
                ['example.nl', SearchResult::STATUS_REGISTERED],
                ['example.eu', SearchResult::STATUS_NOT_REGISTERED],
                ['example.co.uk', SearchResult::STATUS_UNKNOWN],
                ['example.xyz', SearchResult::STATUS_TLD_NOT_SUPPORTED],
            ],
            array_map(
                static fn (SearchResult $r): array => [$r->getDomain(), $r->getStatus()],
                $results->getArrayCopy(),
            ),
        );
        $call = $this->callsOf('check-availability')[0];
        // As WHMCS gave them: the component trims, lower-cases and deduplicates.
        $this->assertSame('Example', $call['label']);
        $this->assertSame(['.nl', '.eu', '.co.uk', '.nl', '.xyz'], $call['tlds']);
    }

    public function testAvailabilityOfAnIdnLabelUsesPunycode(): void
    {
        $this->answer(
            'check-availability',
            [['domain' => 'xn--bcher-kva.nl', 'tld' => 'nl', 'status' => 'available', 'message' => null]],
        );

        $results = $this->registrar->checkAvailability('bücher', ['.nl']);

        $this->assertSame('xn--bcher-kva', $this->callsOf('check-availability')[0]['label']);
        $this->assertSame('bücher.nl', $results[0]->getDomain());
    }

    public function testAvailabilityFailureThrows(): void
    {
        $this->answer('check-availability', $this->odrError('transport', 'ODR did not answer within 30 s'));

        $this->assertSame(
            ['error' => 'ODR did not answer within 30 s'],
            $this->registrar->checkAvailability('example', ['.nl']),
        );
    }

    public function testSuggestionsAreTheFreeTldsRankedInRequestOrder(): void
    {
        $this->answer('check-availability', [
            ['domain' => 'example.nl', 'tld' => 'nl', 'status' => 'registered', 'message' => null],
            ['domain' => 'example.eu', 'tld' => 'eu', 'status' => 'available', 'message' => null],
            ['domain' => 'example.be', 'tld' => 'be', 'status' => 'available', 'message' => null],
        ]);

        $results = $this->registrar->getDomainSuggestions('example', ['.nl', '.eu', '.be']);

        $this->assertSame(
            [
                ['example.eu', SearchResult::STATUS_NOT_REGISTERED, 1.0],
                ['example.be', SearchResult::STATUS_NOT_REGISTERED, 0.5],
            ],
            array_map(
                static fn (SearchResult $r): array => [$r->getDomain(), $r->getStatus(), $r->getScore()],
                $results->getArrayCopy(),
            ),
        );
    }
}
