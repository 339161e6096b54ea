<?php

declare(strict_types=1);

namespace OdrTests\Whmcs\EndToEnd;

use OdrTests\Whmcs\Support\EndToEndTestCase;
use WHMCS\Domain\Registrar\Domain;
use WHMCS\Domains\DomainLookup\SearchResult;

/**
 * Nameservers, EPP code, WHOIS contacts, availability, domain information, faults, end to end.
 */
final class ManagementTest extends EndToEndTestCase
{
    private int $domainId;

    protected function setUp(): void
    {
        parent::setUp();
        $this->domainId = $this->whmcs->fixtures()->domain($this->whmcs->fixtures()->client(), 'example.nl');
    }

    public function testNameserversColdThenWarmToken(): void
    {
        $this->replay('nameservers_read_cold_then_warm_token');
        $expected = ['ns1' => 'ns1.example.net', 'ns2' => 'ns2.example.net', 'ns3' => '', 'ns4' => '', 'ns5' => ''];

        $this->assertSame($expected, $this->registrar->getNameservers($this->domainId));
        $this->assertSame($expected, $this->registrar->getNameservers($this->domainId));
        $this->assertSame(
            ['POST /user/login/', 'GET /domain/example.nl/info/', 'GET /domain/example.nl/info/'],
            $this->odrRequests(),
        );
        $this->assertSame(
            1,
            $this->whmcs->capsule->table('mod_odr_state')->where('key', 'like', 'odr:token:%')->count(),
        );
    }

    public function testSaveNameservers(): void
    {
        $this->replay('nameservers_saved_keeping_contacts');

        $this->assertSame(
            ['success' => true],
            $this->registrar->saveNameservers($this->domainId, ['ns1.new.example', 'ns2.new.example']),
        );
        $this->assertContains('Domain Registrar Command: Save Nameservers - Successful', $this->activity());
    }

    public function testSaveNameserversWhileThePendingDomainIsRefused(): void
    {
        $this->replay('nameservers_refused_while_pending');

        $result = $this->registrar->saveNameservers($this->domainId, ['ns1.new.example']);

        $this->assertSame(['error'], array_keys($result));
        $this->assertStringContainsString('PENDING', $result['error']);
    }

    public function testEppCodeShown(): void
    {
        $this->replay('epp_code_shown');

        $this->assertSame(['eppcode' => 'Xk29&lt;Pq&gt;Lm7A'], $this->registrar->getEppCode($this->domainId));
    }

    public function testEppCodeEmailedToTheRegistrant(): void
    {
        $this->replay('epp_code_emailed_to_registrant');

        $this->assertSame(['success' => true], $this->registrar->getEppCode($this->domainId));
    }

    public function testEppCodeOfAnUnknownDomain(): void
    {
        $this->replay('epp_code_unknown_domain');

        $result = $this->registrar->getEppCode($this->domainId);

        $this->assertSame(['error'], array_keys($result));
        $this->assertStringContainsString('not in the ODR account', $result['error']);
    }

    public function testWhoisContacts(): void
    {
        $this->replay('contacts_read_for_whois');

        $this->assertSame([
            'Registrant' => [
                'First Name' => 'Jan', 'Last Name' => 'Jansen', 'Company Name' => '',
            'Email Address' => 'jan@example.nl',
                'Address 1' => 'Dorpstraat 12', 'Address 2' => '', 'City' => 'Amsterdam', 'State' => 'Noord-Holland',
                'Postcode' => '1234AB', 'Country' => 'NL', 'Phone Number' => '+31.201234567', 'Fax Number' => '',
                'VAT Number' => '',
            ],
        ], $this->registrar->getContactDetails($this->domainId));
    }

    public function testSaveContactDetailsUpdatesTheContactInPlace(): void
    {
        $this->replay('contacts_saved_update_in_place');

        $result = $this->registrar->saveContactDetails(
            $this->domainId,
            ['Registrant' => $this->whois(['Email Address' => 'jan@new.example', 'Address 1' => 'Dorpstraat 14'])],
        );

        $this->assertSame(['success' => true], $result);
        $this->assertSame(
            ['POST /user/login/', 'GET /domain/example.nl/info/', 'GET /contact/1234/', 'PUT /contact/1234/'],
            $this->odrRequests(),
        );
    }

    public function testAGeneric404OnTheContactReadReplacesNothing(): void
    {
        // Production safety: ODR's generic 404 ("Forced error") for contact 1234, which its contact
        // list still holds: neither replaced nor updated, nothing written.
        $this->replay('safety_forced_404_on_contact_read');

        $result = $this->registrar->saveContactDetails(
            $this->domainId,
            ['Registrant' => $this->whois(['Email Address' => 'jan@new.example'])],
        );

        $this->assertStringContainsString(
            'ODR did not return contact 1234 of example.nl (ODR said: Forced error), but its contact list '
                . 'still holds it; the contact was not replaced, nothing was changed.',
            (string) ($result['error'] ?? ''),
        );
        $this->assertSame(
            ['POST /user/login/', 'GET /domain/example.nl/info/', 'GET /contact/1234/', 'GET /contact/?page=1'],
            $this->odrRequests(),
        );
    }

    public function testSaveContactDetailsWithANewHolderCreatesAContact(): void
    {
        $this->replay('contacts_saved_new_holder');

        $result = $this->registrar->saveContactDetails($this->domainId, ['Registrant' => $this->whois([
            'First Name' => 'Piet', 'Last Name' => 'Pietersen', 'Email Address' => 'piet@example.nl',
        ])]);

        $this->assertSame(['success' => true], $result);
        $this->assertStringContainsString('previous holder', implode("\n", $this->activity()));
    }

    public function testWhoisContactsOfAnUnknownDomain(): void
    {
        $this->replay('contacts_unknown_domain');

        $result = $this->registrar->getContactDetails($this->domainId);

        $this->assertSame(['error'], array_keys($result));
        $this->assertStringContainsString('not in the ODR account', $result['error']);
    }

    public function testSaveContactDetailsRefusedByOdr(): void
    {
        $this->replay('contacts_save_refused_by_odr');

        $result = $this->registrar->saveContactDetails($this->domainId, ['Registrant' => $this->whois([
            'Email Address' => 'jan@new.example',
            'Address 1' => 'Dorpstraat 14',
        ])]);

        $this->assertSame(['error'], array_keys($result));
        $this->assertStringContainsString('E-mail address is not valid', $result['error']);
        $this->assertStringStartsWith(
            'Domain Registrar Command: Update Contact Details - Failed: ',
            $this->activity()[0],
        );
    }

    public function testSaveContactDetailsUnchangedWritesNothing(): void
    {
        $this->replay('contacts_saved_unchanged_writes_nothing');

        $this->assertSame(
            ['success' => true],
            $this->registrar->saveContactDetails($this->domainId, ['Registrant' => $this->whois([])]),
        );
        $this->assertSame(
            ['POST /user/login/', 'GET /domain/example.nl/info/', 'GET /contact/1234/'],
            $this->odrRequests(),
        );
    }

    public function testAvailability(): void
    {
        $this->replay('availability_across_tlds');

        $results = $this->registrar->checkAvailability('example', ['.nl', '.eu', '.xyz']);

        $this->assertSame(
            [
                ['example.nl', SearchResult::STATUS_REGISTERED],
                ['example.eu', SearchResult::STATUS_NOT_REGISTERED],
                ['example.xyz', SearchResult::STATUS_TLD_NOT_SUPPORTED],
            ],
            array_map(
                static fn (SearchResult $r): array => [$r->getDomain(), $r->getStatus()],
                $results->getArrayCopy(),
            ),
        );
        $this->assertSame(
            [
                'POST /user/login/',
                'GET /domain/example.nl/available/',
                'GET /domain/example.eu/available/',
                'GET /domain/example.xyz/available/',
                'GET /user/',
                'GET /billing-plan/3/items/',
            ],
            $this->odrRequests(),
        );
    }

    public function testSuggestionsAreTheFreeTlds(): void
    {
        $this->replay('availability_across_tlds');

        $results = $this->registrar->getDomainSuggestions('example', ['.nl', '.eu', '.xyz']);

        $this->assertSame(
            ['example.eu'],
            array_map(static fn (SearchResult $r): string => $r->getDomain(), $results->getArrayCopy()),
        );
        $this->assertSame(SearchResult::STATUS_NOT_REGISTERED, $results[0]->getStatus());
    }

    public function testAvailabilityTakesTheSearchAsWhmcsGaveIt(): void
    {
        // The module passes WHMCS's label and TLDs untouched: the component trims, lower-cases
        // and deduplicates them, so the requests are those of the clean search.
        $this->replay('availability_across_tlds');

        $results = $this->registrar->checkAvailability('Example', ['.NL', 'eu', ' .xyz ', '.nl']);

        $this->assertSame(
            ['example.nl', 'example.eu', 'example.xyz'],
            array_map(static fn (SearchResult $r): string => $r->getDomain(), $results->getArrayCopy()),
        );
    }

    public function testRateLimitedTellsWhenToTryAgain(): void
    {
        $this->replay('odr_rate_limited');

        $result = $this->registrar->getNameservers($this->domainId);

        $this->assertSame(['error'], array_keys($result));
        $this->assertStringContainsString('slow down', $result['error']);
        $this->assertSame(1, substr_count(strtolower($result['error']), 'try again in 30 seconds'));
    }

    public function testAvailabilityWhileOdrIsUnreachable(): void
    {
        $this->replay('availability_odr_unreachable');

        $result = $this->registrar->checkAvailability('example', ['.nl', '.eu', '.xyz']);

        $this->assertIsArray($result, 'WHMCS shows the exception message');
        $this->assertSame(['error'], array_keys($result));
        $this->assertStringContainsString('could not be reached', $result['error']);
    }

    public function testDomainInformationOfAnUnknownDomain(): void
    {
        $this->replay('domain_information_unknown_domain');

        $result = $this->registrar->getDomainInformation($this->domainId);

        $this->assertIsArray($result);
        $this->assertStringContainsString('not in the ODR account', $result['error']);
    }

    public function testEveryOdrRequestIsInTheModuleLogWithSecretsMasked(): void
    {
        $this->replay('domain_information');

        $this->registrar->getDomainInformation($this->domainId);

        $rows = $this->moduleLog();
        $this->assertCount(2, $rows);
        $this->assertSame(['get-domain-info', 'get-domain-info'], array_column($rows, 'action'));
        $this->assertStringStartsWith('POST http://127.0.0.1:', $rows[0]->request);
        $this->assertStringContainsString('"api_key":"public$testkey"', $rows[0]->request);
        $this->assertMatchesRegularExpression('/"signature":"\\*+"/', $rows[0]->request);
        $this->assertStringNotContainsString('token$', $rows[0]->request . $rows[0]->response);
        $this->assertMatchesRegularExpression(
            '#^GET http://127\.0\.0\.1:\d+/domain/example\.nl/info/$#',
            $rows[1]->request,
        );
        $this->assertStringStartsWith('HTTP 200', $rows[1]->response);
        $this->assertStringContainsString('"expiration_date":"2026-03-01 00:00:00"', $rows[1]->response);
    }

    public function testDomainInformation(): void
    {
        $this->replay('domain_information');

        $info = $this->registrar->getDomainInformation($this->domainId);

        $this->assertInstanceOf(Domain::class, $info);
        $this->assertSame(['ns1' => 'ns1.example.net', 'ns2' => 'ns2.example.net'], $info->getNameservers());
        $this->assertSame('2026-03-01', $info->getExpiryDate()->toDateString());
        $this->assertSame(Domain::STATUS_ACTIVE, $info->getRegistrationStatus());
    }

    public function testAHangingOdrTimesOut(): void
    {
        $this->changeSettings(['RequestTimeout' => '1']);
        $this->replay('odr_timeout_is_a_transport_error');

        $result = $this->registrar->getNameservers($this->domainId);

        $this->assertSame(['error'], array_keys($result));
        $this->assertStringContainsString('could not be reached', $result['error']);
        // The module's 1 s cURL timeout fired: the replay server holds the connection for two
        // minutes and would end it with a reset, which reads differently.
        $this->assertStringContainsString('timed out', $result['error']);
    }

    public function testAnExpiredTokenMeansOneFreshLogin(): void
    {
        $this->replay('expired_token_logs_in_again');

        $this->registrar->getNameservers($this->domainId);
        $this->assertSame('ns1.example.net', $this->registrar->getNameservers($this->domainId)['ns1']);
    }

    /**
     * The WHOIS form as the client submits it: the current details with some changed.
     *
     * @param array<string, string> $changes
     * @return array<string, string>
     */
    private function whois(array $changes): array
    {
        return $changes + [
            'First Name' => 'Jan', 'Last Name' => 'Jansen', 'Company Name' => '',
            'Email Address' => 'jan@example.nl',
            'Address 1' => 'Dorpstraat 12', 'Address 2' => '', 'City' => 'Amsterdam', 'State' => 'Noord-Holland',
            'Postcode' => '1234AB', 'Country' => 'NL', 'Phone Number' => '+31.201234567', 'Fax Number' => '',
            'VAT Number' => '',
        ];
    }
}
