<?php

declare(strict_types=1);

namespace OdrTests\Whmcs\EndToEnd;

use OdrTests\Whmcs\Support\EndToEndTestCase;
use WHMCS\Domains\DomainLookup\SearchResult;

/**
 * The optional features, end to end: unsupported TLDs, immediate delete, ...
 */
final class FeaturesTest extends EndToEndTestCase
{
    private int $client;

    protected function setUp(): void
    {
        parent::setUp();
        $this->client = $this->whmcs->fixtures()->client();
    }

    public function testAvailabilityOfASoldTldThatFailsIsUnknown(): void
    {
        $this->replay('availability_sold_tld_fails');

        $results = $this->registrar->checkAvailability('example', ['.nl', '.eu', '.xyz']);

        $this->assertSame(
            [
                ['example.nl', SearchResult::STATUS_REGISTERED],
                ['example.eu', SearchResult::STATUS_NOT_REGISTERED],
                ['example.xyz', SearchResult::STATUS_UNKNOWN],
            ],
            array_map(
                static fn (SearchResult $r): array => [$r->getDomain(), $r->getStatus()],
                $results->getArrayCopy(),
            ),
        );
    }

    public function testASearchHasEveryCheckInFlightAtOnce(): void
    {
        // 150 ms per exchange: requests sent together overlap at the server; one after
        // another they never do.
        $this->replay('availability_across_tlds', 150);

        $results = $this->registrar->checkAvailability('example', ['.nl', '.eu', '.xyz']);

        $this->assertCount(3, $results);
        // The login alone, then the three checks together, then the price list's two reads.
        $stats = $this->replayStats();
        $this->assertSame([6, 3], [$stats['served'], $stats['peak_in_flight']]);
    }

    public function testReadsShareAConnectionAndAnOrderNeverGoesOnAReusedOne(): void
    {
        $this->replay('register_reuses_existing_contact');
        $id = $this->whmcs->fixtures()->order($this->client, 'example.nl');

        $this->assertSame(['success' => true], $this->registrar->register($id, ['ns1.example.net', 'ns2.example.net']));

        // The login (POST) on its own connection, the contact list and the contact (GET) on one
        // kept open, the order (POST) on a fresh one: never on a connection that may have died.
        $this->assertSame(['served' => 4, 'peak_in_flight' => 1, 'connections' => 3], $this->replayStats());
    }

    public function testUnsupportedTldsAreKnownForADayWithoutARequest(): void
    {
        $exchanges = $this->recordingExchanges('availability_across_tlds');
        // The first search as recorded, then a second one: .xyz is answered from the kept
        // price list without a request, .eu is checked.
        $this->replayExchanges('two searches; the second sends nothing for .xyz', [...$exchanges, $exchanges[2]]);
        $this->registrar->checkAvailability('example', ['.nl', '.eu', '.xyz']);

        $results = $this->registrar->checkAvailability('example', ['.xyz', '.eu']);

        $this->assertSame(
            [
                ['example.xyz', SearchResult::STATUS_TLD_NOT_SUPPORTED],
                ['example.eu', SearchResult::STATUS_NOT_REGISTERED],
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
                'GET /domain/example.eu/available/',
            ],
            $this->odrRequests(),
        );
    }

    public function testRequestDeleteAtExpiryIsTheDefault(): void
    {
        $this->assertArrayHasKey('DeleteMode', $this->registrar->configArray());
        $this->replay('delete_switches_auto_renew_off');
        $id = $this->whmcs->fixtures()->domain($this->client, 'example.nl');

        $this->assertSame(['success' => true], $this->registrar->requestDelete($id));
        $this->assertSame(['POST /user/login/', 'PUT /domain/example.nl/renew-off/'], $this->odrRequests());
    }

    public function testRequestDeleteNowDeletesAtOdrAndCancelsTheDomain(): void
    {
        $this->changeSettings(['DeleteMode' => 'now']);
        $this->replay('delete_now_deletes_at_odr');
        $id = $this->whmcs->fixtures()->domain($this->client, 'example.nl');

        $this->assertSame(['success' => true], $this->registrar->requestDelete($id));
        $this->assertSame('Cancelled', $this->domain($id)->status);
        $this->assertSame(
            ['POST /user/login/', 'GET /domain/example.nl/info/', 'DELETE /domain/example.nl/'],
            $this->odrRequests(),
        );
    }

    public function testRequestDeleteNowOfAQuarantinedDomainChangesNothing(): void
    {
        $this->changeSettings(['DeleteMode' => 'now']);
        $exchanges = $this->recordingExchanges('delete_now_deletes_at_odr');
        $exchanges[1]['response']['body']['response']['status'] = 'QUARANTINE';
        $this->replayExchanges('delete now on a QUARANTINE domain: no DELETE', array_slice($exchanges, 0, 2));
        $id = $this->whmcs->fixtures()->domain($this->client, 'example.nl');

        $result = $this->registrar->requestDelete($id);

        $this->assertSame(['error'], array_keys($result));
        $this->assertStringContainsString('deleted already', $result['error']);
        $this->assertSame('Active', $this->domain($id)->status);
    }

    public function testTldPricingImportsTheOdrPriceList(): void
    {
        $this->replay('tld_pricing_import');

        $results = $this->registrar->tldPricing();

        $this->assertInstanceOf(\WHMCS\Results\ResultsList::class, $results);
        $rows = $results->toArray();
        $this->assertSame(['.co.uk', '.eu', '.nl'], array_column($rows, 'extension'));
        $this->assertSame(
            [
                'extension' => '.nl', 'minYears' => 1, 'maxYears' => 10, 'yearsStep' => 1,
                'registerPrice' => 4.95, 'renewPrice' => 5.95, 'transferPrice' => 4.95, 'currency' => 'EUR',
                'redemptionFeePrice' => 25.0,
            ],
            $rows[2],
        );
        // No renew or transfer price at ODR: the registration price, for the 2-year minimum.
        $this->assertSame([2, 12.0, 12.0, 12.0], [
            $rows[0]['minYears'], $rows[0]['registerPrice'], $rows[0]['renewPrice'], $rows[0]['transferPrice'],
        ]);
        $this->assertSame(['POST /user/login/', 'GET /user/', 'GET /billing-plan/3/items/'], $this->odrRequests());
        $log = implode("\n", array_map(
            static fn (object $row): string => $row->action . ': ' . $row->response,
            $this->moduleLog(),
        ));
        $this->assertStringContainsString('no renew price for .co.uk, .eu: the registration price is used', $log);
        $this->assertStringContainsString('EUR is assumed', $log);
    }


    public function testTheDailyCronWarnsWhenTheOdrBalanceIsLow(): void
    {
        $this->changeSettings(['LowBalanceWarning' => '10']);
        $this->replay('account_balance_low');

        $this->whmcs->cron()->run(true);

        $mails = $this->whmcs->localApi->callsOf('SendAdminEmail');
        $this->assertCount(1, $mails);
        $this->assertSame('ODR balance low: EUR 3.50', $mails[0]['values']['customsubject']);
        $this->assertSame(['POST /user/login/', 'GET /user/'], $this->odrRequests());
    }

    public function testTheDashboardWidgetShowsTheOdrBalance(): void
    {
        $this->changeSettings(['LowBalanceWarning' => '10']);
        $this->replay('account_balance_low');
        $widget = $this->whmcs->hooks->run('AdminHomeWidgets')[0];

        $html = $widget->generateOutput($widget->getData());

        $this->assertStringContainsString('EUR 3.50', $html);
        $this->assertStringContainsString('color:#c00', $html);
    }


    public function testTheDnssecPageShowsAndClearsTheKeys(): void
    {
        $this->replay('dnssec_page_show_and_clear');
        $id = $this->whmcs->fixtures()->domain($this->client, 'example.nl');
        $params = $this->registrar->domainParams($id);

        $shown = $this->registrar->call('dnssec', $params);
        $_POST = [
            'odr_dnssec' => 'save', 'flag' => ['257'], 'protocol' => ['3'], 'algorithm' => ['13'], 'publickey' => [''],
        ];
        try {
            $saved = $this->registrar->call('dnssec', $params);
        } finally {
            $_POST = [];
        }

        $this->assertSame('dnssec', $shown['templatefile']);
        $this->assertSame([257, 3, 13], [
            $shown['vars']['odrKeys'][0]['flag'], $shown['vars']['odrKeys'][0]['protocol'],
            $shown['vars']['odrKeys'][0]['algorithm'],
        ]);
        $this->assertTrue($saved['vars']['odrSaved']);
        $this->assertSame([], $saved['vars']['odrKeys']);
        $this->assertSame(
            ['POST /user/login/', 'GET /domain/example.nl/info/', 'PUT /domain/example.nl/dnssec/'],
            $this->odrRequests(),
        );
    }


    public function testDnsRecordsAreShownAndSavedAtOdr(): void
    {
        $this->changeSettings(['DnsManagement' => 'on']);
        $this->replay('dns_show_and_save');
        $id = $this->whmcs->fixtures()->domain($this->client, 'example.nl');
        $params = $this->registrar->domainParams($id);

        $shown = $this->registrar->call('GetDNS', $params);
        $saved = $this->registrar->call('SaveDNS', $params + ['dnsrecords' => [
            ['hostname' => '@', 'type' => 'A', 'address' => '192.0.2.2', 'priority' => 'N/A', 'recid' => ''],
            ['hostname' => 'www', 'type' => 'CNAME', 'address' => 'example.nl.', 'priority' => 'N/A', 'recid' => ''],
            ['hostname' => '@', 'type' => 'MX', 'address' => 'mail.example.nl', 'priority' => '20', 'recid' => ''],
            [
                'hostname' => '_sip._tcp', 'type' => 'SRV', 'address' => '5 5060 sip.example.nl', 'priority' => '10',
                'recid' => '',
            ],
            ['hostname' => '@', 'type' => 'TXT', 'address' => '', 'priority' => 'N/A', 'recid' => ''],
        ]]);

        $this->assertSame(
            [
                ['hostname' => '@', 'type' => 'A', 'address' => '192.0.2.1', 'priority' => 'N/A'],
                ['hostname' => 'www', 'type' => 'CNAME', 'address' => 'example.nl', 'priority' => 'N/A'],
                ['hostname' => '@', 'type' => 'MX', 'address' => 'mail.example.nl', 'priority' => '10'],
                ['hostname' => '@', 'type' => 'TXT', 'address' => 'v=spf1 mx -all', 'priority' => 'N/A'],
            ],
            $shown,
        );
        $this->assertSame(['success' => true], $saved);
        $this->assertSame(
            [
                'POST /user/login/', 'GET /dns/?f%5Bhostname%5D=example.nl', 'GET /dns/77/',
                'GET /dns/?f%5Bhostname%5D=example.nl', 'GET /dns/77/', 'PUT /dns/77/',
            ],
            $this->odrRequests(),
        );
    }


    public function testDomainImportDryRunThenImportOfTheChosenOnes(): void
    {
        $this->replay('import_domains');
        $this->whmcs->fixtures()->domain($this->client, 'known.nl');
        $context = \WHMCS\Module\Registrar\Odr\Context::fromParams($this->whmcs->registrarSettings('odr'));
        $command = new \WHMCS\Module\Registrar\Odr\Whmcs\DomainImportCommand($context);

        $dry = fopen('php://memory', 'w+');
        $this->assertSame(0, $command->run([], $dry));
        $this->assertSame(1, $this->whmcs->capsule->table('tbldomains')->count(), 'a dry run changes nothing');
        $run = fopen('php://memory', 'w+');
        $this->assertSame(0, $command->run(['--import', 'newco.nl,stranger.nl'], $run));

        rewind($dry);
        $this->assertSame(
            "would import newco.nl (expires 2026-05-01, registrant NewCo B.V. <jan@example.nl>): client "
                . $this->client . "\n"
                . "would import stranger.nl (expires 2026-07-01, registrant Piet Pietersen <piet@elsewhere.example>): "
                . "no client with this e-mail (use --client)\n"
                . "2 ODR domain(s) unknown to WHMCS; nothing changed. Import with --import a.nl,b.nl.\n",
            stream_get_contents($dry),
        );
        rewind($run);
        $output = (string) stream_get_contents($run);
        $this->assertStringContainsString(
            'skipped stranger.nl: no WHMCS client with e-mail piet@elsewhere.example',
            $output,
        );
        $this->assertStringContainsString('1 imported, 1 skipped; nothing invoiced.', $output);
        $row = $this->whmcs->capsule->table('tbldomains')->where('domain', 'newco.nl')->first();
        $this->assertSame(
            [$this->client, 'odr', 'Active', '2026-05-01', '2026-05-01'],
            [(int) $row->userid, $row->registrar, $row->status, substr((string) $row->expirydate, 0, 10),
                substr((string) $row->nextduedate, 0, 10)],
        );
        $this->assertSame(0, $this->whmcs->capsule->table('tblinvoices')->count(), 'nothing invoiced');
        $this->assertSame(0, $this->whmcs->capsule->table('tbldomains')->where('domain', 'stranger.nl')->count());
    }


    public function testRegisterSendsOdrsOrderFieldsFromWhmcsAdditionalFields(): void
    {
        $this->replay('register_with_order_fields');
        $id = $this->whmcs->fixtures()->order($this->client, 'example.nl');
        $fields = ['odr:intended_use' => 'P1', 'odr:accept_terms' => 'on', 'Legal Type' => 'Individual'];
        foreach ($fields as $name => $value) {
            $this->whmcs->capsule->table('tbldomainsadditionalfields')
                ->insert(['domainid' => $id, 'name' => $name, 'value' => $value]);
        }

        $this->assertSame(['success' => true], $this->registrar->register($id, ['ns1.example.net', 'ns2.example.net']));
        $this->assertSame('Active', $this->domain($id)->status);
    }
}
