<?php

declare(strict_types=1);

namespace OdrTests\Whmcs\Unit;

use OdrTests\Whmcs\Support\FakeComponentTestCase;

/**
 * The optional features: $params to the component's functions, its results to WHMCS's shapes.
 */
final class FeaturesFunctionsTest extends FakeComponentTestCase
{
    public function testDeleteModeIsASettingWithAtExpiryAsDefault(): void
    {
        $field = $this->registrar->configArray()['DeleteMode'];

        $this->assertSame('dropdown', $field['Type']);
        $this->assertSame('expiry', $field['Default']);
        $this->assertSame(['expiry', 'now'], array_keys($field['Options']));
        $this->assertStringContainsString('refund', $field['Description']);
    }

    public function testRequestDeleteNowCallsTheImmediateDelete(): void
    {
        $this->changeSettings(['DeleteMode' => 'now']);
        $id = $this->whmcs->fixtures()->domain($this->whmcs->fixtures()->client(), 'example.nl');
        $this->answer('delete-domain-now', '2025-12-01T02:15:00+00:00');

        $this->assertSame(['success' => true], $this->registrar->requestDelete($id));
        $this->assertSame(['delete-domain-now'], $this->functionsCalled());
        $this->assertSame('example.nl', $this->callsOf('delete-domain-now')[0]['domain']);
        $this->assertSame('Cancelled', $this->domain($id)->status);
    }

    public function testAnUnknownDeleteModeKeepsTheDefault(): void
    {
        $this->changeSettings(['DeleteMode' => 'soon']);
        $id = $this->whmcs->fixtures()->domain($this->whmcs->fixtures()->client(), 'example.nl');
        $this->answer('request-delete', 'auto-renew-switched-off');

        $this->assertSame(['success' => true], $this->registrar->requestDelete($id));
        $this->assertSame(['request-delete'], $this->functionsCalled());
    }

    public function testAFailedImmediateDeleteLeavesTheDomainAlone(): void
    {
        $this->changeSettings(['DeleteMode' => 'now']);
        $id = $this->whmcs->fixtures()->domain($this->whmcs->fixtures()->client(), 'example.nl');
        $this->answer('delete-domain-now', $this->odrError('invalid-state', 'example.nl is QUARANTINE'));

        $this->assertSame(['error' => 'example.nl is QUARANTINE'], $this->registrar->requestDelete($id));
        $this->assertSame('Active', $this->domain($id)->status);
    }

    public function testTldPricingBecomesWhmcsImportItems(): void
    {
        $this->answer('get-tld-pricing', [
            'currency' => 'EUR', 'currency-assumed' => true,
            'tlds' => [
                [
                    'tld' => 'co.uk', 'min-years' => 2, 'max-years' => 10, 'register' => '12.00',
                    'renew' => '12.00', 'transfer' => '12.00', 'redemption' => null, 'assumed' => ['renew'],
                ],
                [
                    'tld' => 'nl', 'min-years' => 1, 'max-years' => 10, 'register' => '4.95',
                    'renew' => '5.95', 'transfer' => '4.95', 'redemption' => '25.00', 'assumed' => [],
                ],
            ],
            'notes' => ['EUR is assumed'],
        ]);

        $results = $this->registrar->tldPricing();

        $this->assertInstanceOf(\WHMCS\Results\ResultsList::class, $results);
        $this->assertSame(
            [
                [
                    'extension' => '.co.uk', 'minYears' => 2, 'maxYears' => 10, 'yearsStep' => 1,
                    'registerPrice' => 12.0, 'renewPrice' => 12.0, 'transferPrice' => 12.0, 'currency' => 'EUR',
                ],
                [
                    'extension' => '.nl', 'minYears' => 1, 'maxYears' => 10, 'yearsStep' => 1,
                    'registerPrice' => 4.95, 'renewPrice' => 5.95, 'transferPrice' => 4.95, 'currency' => 'EUR',
                    'redemptionFeePrice' => 25.0,
                ],
            ],
            $results->toArray(),
        );
    }

    public function testTldPricingFailureIsAnErrorWhmcsShows(): void
    {
        $this->answer('get-tld-pricing', $this->odrError('authentication-failed', 'ODR refused the API key'));

        $this->assertSame(['error' => 'ODR refused the API key'], $this->registrar->tldPricing());
    }


    /** The dashboard widget WHMCS gets from the module's AdminHomeWidgets hook. */
    private function balanceWidget(): \WHMCS\Module\AbstractWidget
    {
        $widgets = $this->whmcs->hooks->run('AdminHomeWidgets');
        $this->assertCount(1, $widgets);
        $this->assertInstanceOf(\WHMCS\Module\AbstractWidget::class, $widgets[0]);

        return $widgets[0];
    }

    public function testTheBalanceWidgetShowsALowBalanceInRed(): void
    {
        $this->changeSettings(['LowBalanceWarning' => '10']);
        $this->answer('get-account', ['user-id' => '12', 'balance' => '3.50']);
        $widget = $this->balanceWidget();

        $html = $widget->generateOutput($widget->getData());

        $this->assertSame('ODR balance', $widget->getTitle());
        $this->assertStringContainsString('EUR 3.50', $html);
        $this->assertStringContainsString('color:#c00', $html);
        $this->assertStringContainsString('Below the warning amount of EUR 10.00', $html);
    }

    public function testTheBalanceWidgetWithoutWarningAmount(): void
    {
        $this->answer('get-account', ['user-id' => '12', 'balance' => '3.50']);
        $widget = $this->balanceWidget();

        $html = $widget->generateOutput($widget->getData());

        $this->assertStringContainsString('EUR 3.50', $html);
        $this->assertStringNotContainsString('color:#c00', $html);
    }

    public function testTheBalanceWidgetShowsAnErrorWithoutTheSecret(): void
    {
        $this->answer(
            'get-account',
            $this->odrError('transport', 'ODR could not be reached (secret ' . self::API_SECRET . ')'),
        );
        $widget = $this->balanceWidget();

        $html = $widget->generateOutput($widget->getData());

        $this->assertStringContainsString('ODR could not be reached', $html);
        $this->assertStringNotContainsString(self::API_SECRET, $html);
    }

    public function testTheDailyCronWarnsTheAdminsWhenTheBalanceIsLow(): void
    {
        $this->changeSettings(['LowBalanceWarning' => '25,00']);
        $this->answer('get-account', ['user-id' => '12', 'balance' => '24.99']);

        $this->whmcs->cron()->run(true);

        $mails = $this->whmcs->localApi->callsOf('SendAdminEmail');
        $this->assertCount(1, $mails);
        $this->assertSame('ODR balance low: EUR 24.99', $mails[0]['values']['customsubject']);
        $this->assertStringContainsString(
            'below the warning amount of EUR 25.00',
            $mails[0]['values']['custommessage'],
        );
        $this->assertContains(
            'ODR: ODR balance EUR 24.99 is below the warning amount EUR 25.00; e-mailed to the admins',
            $this->activity(),
        );
    }

    public function testNoWarningAtOrAboveTheAmountOrWithoutOne(): void
    {
        $this->changeSettings(['LowBalanceWarning' => '25']);
        $this->answer('get-account', ['user-id' => '12', 'balance' => '25.00']);
        $this->whmcs->cron()->run(true);
        $this->changeSettings(['LowBalanceWarning' => '']);
        $this->whmcs->cron()->run(true);

        $this->assertSame([], $this->whmcs->localApi->callsOf('SendAdminEmail'));
        $this->assertSame(['get-account'], $this->functionsCalled(), 'no balance read without an amount');
    }

    public function testAnInvalidWarningAmountIsRefusedOnSave(): void
    {
        $values = $this->whmcs->registrarSettings('odr');

        $error = $this->registrar->saveSettings(['LowBalanceWarning' => 'lots'] + $values);

        $this->assertSame('The low balance warning must be an amount such as 50 or 12.50, not "lots".', $error);
        $this->assertSame([], $this->functionsCalled());
    }


    private const KEY = 'mdsswUyr3DPW132mOi8V9xESWE8jTo0dxCjjnopKl+GqJxpVXckHAeF+KkxLbxILfDLUT0rAK9iUzy1L53eKGQ==';

    /**
     * The client area's DNSSEC page of a domain, with a posted form.
     *
     * @param array<string, mixed> $post
     * @return array<string, mixed>
     */
    private function dnssecPage(int $domainId, array $post = []): array
    {
        $this->assertSame(['DNSSEC' => 'dnssec'], $this->registrar->call('ClientAreaCustomButtonArray', []));
        $_POST = $post;
        try {
            return $this->registrar->call('dnssec', $this->registrar->domainParams($domainId));
        } finally {
            $_POST = [];
        }
    }

    public function testTheDnssecPageShowsTheKeys(): void
    {
        $id = $this->whmcs->fixtures()->domain($this->whmcs->fixtures()->client(), 'example.nl');
        $key = ['flag' => 257, 'protocol' => 3, 'algorithm' => 13, 'public-key' => self::KEY];
        $this->answer('get-dnssec', [$key]);

        $page = $this->dnssecPage($id);

        $this->assertSame('dnssec', $page['templatefile']);
        $this->assertSame([$key], $page['vars']['odrKeys']);
        $this->assertNull($page['vars']['odrError']);
        $this->assertSame('example.nl', $this->callsOf('get-dnssec')[0]['domain']);
        $this->assertFileExists(dirname(__DIR__, 3) . '/modules/registrars/odr/dnssec.tpl');
    }

    public function testSavingTheFormSendsTheFilledRows(): void
    {
        $id = $this->whmcs->fixtures()->domain($this->whmcs->fixtures()->client(), 'example.nl');
        $key = ['flag' => 257, 'protocol' => 3, 'algorithm' => 13, 'public-key' => self::KEY];
        $this->answer('set-dnssec', [$key]);

        $page = $this->dnssecPage($id, [
            'odr_dnssec' => 'save',
            'flag' => ['257', '256'], 'protocol' => ['3', '3'], 'algorithm' => ['13', '13'],
            'publickey' => [' ' . self::KEY . ' ', ''],
        ]);

        $this->assertSame([$key], $this->callsOf('set-dnssec')[0]['keys']);
        $this->assertTrue($page['vars']['odrSaved']);
        $this->assertSame([$key], $page['vars']['odrKeys']);
    }

    public function testARefusedKeyIsShownWithTheFormAsPosted(): void
    {
        $id = $this->whmcs->fixtures()->domain($this->whmcs->fixtures()->client(), 'example.nl');
        $this->answer('set-dnssec', $this->odrError('invalid-input', 'keys[0]: flag 0 is not 256 or 257'));

        $page = $this->dnssecPage($id, [
            'odr_dnssec' => 'save', 'flag' => ['x'], 'protocol' => ['3'], 'algorithm' => ['13'],
            'publickey' => [self::KEY],
        ]);

        $this->assertSame(0, $this->callsOf('set-dnssec')[0]['keys'][0]['flag']);
        $this->assertFalse($page['vars']['odrSaved']);
        $this->assertSame('keys[0]: flag 0 is not 256 or 257', $page['vars']['odrError']);
        $this->assertSame(self::KEY, $page['vars']['odrKeys'][0]['public-key']);
    }

    public function testNoRowsClearTheKeys(): void
    {
        $id = $this->whmcs->fixtures()->domain($this->whmcs->fixtures()->client(), 'example.nl');
        $this->answer('set-dnssec', []);

        $page = $this->dnssecPage($id, ['odr_dnssec' => 'save', 'publickey' => ['']]);

        $this->assertSame([], $this->callsOf('set-dnssec')[0]['keys']);
        $this->assertTrue($page['vars']['odrSaved']);
    }


    public function testDnsManagementIsOffUnlessTicked(): void
    {
        $id = $this->whmcs->fixtures()->domain($this->whmcs->fixtures()->client(), 'example.nl');
        $params = $this->registrar->domainParams($id);

        $this->assertSame(
            ['error' => 'DNS management at ODR is switched off (registrar setting "DNS management").'],
            $this->registrar->call('GetDNS', $params),
        );
        $this->assertSame([], $this->functionsCalled());
    }

    public function testGetDnsGivesWhmcsHostRecords(): void
    {
        $this->changeSettings(['DnsManagement' => 'on']);
        $id = $this->whmcs->fixtures()->domain($this->whmcs->fixtures()->client(), 'example.nl');
        $this->answer('get-dns-zone', [
            ['name' => '@', 'record-type' => 'A', 'content' => '192.0.2.1', 'priority' => null, 'ttl' => 3600],
            ['name' => '@', 'record-type' => 'MX', 'content' => 'mail.example.nl', 'priority' => 10, 'ttl' => 3600],
        ]);

        $this->assertSame(
            [
                ['hostname' => '@', 'type' => 'A', 'address' => '192.0.2.1', 'priority' => 'N/A'],
                ['hostname' => '@', 'type' => 'MX', 'address' => 'mail.example.nl', 'priority' => '10'],
            ],
            $this->registrar->call('GetDNS', $this->registrar->domainParams($id)),
        );
    }

    public function testNoZoneIsNoRecords(): void
    {
        $this->changeSettings(['DnsManagement' => 'on']);
        $id = $this->whmcs->fixtures()->domain($this->whmcs->fixtures()->client(), 'example.nl');
        $this->answer('get-dns-zone', null);

        $this->assertSame([], $this->registrar->call('GetDNS', $this->registrar->domainParams($id)));
    }

    public function testSaveDnsSendsTheFilledRows(): void
    {
        $this->changeSettings(['DnsManagement' => 'on']);
        $id = $this->whmcs->fixtures()->domain($this->whmcs->fixtures()->client(), 'example.nl');
        $this->answer('save-dns-zone', null);

        $result = $this->registrar->call('SaveDNS', $this->registrar->domainParams($id) + ['dnsrecords' => [
            ['hostname' => 'www', 'type' => 'cname', 'address' => 'example.nl', 'priority' => 'N/A', 'recid' => ''],
            ['hostname' => '@', 'type' => 'MX', 'address' => 'mail.example.nl', 'priority' => '10', 'recid' => ''],
            ['hostname' => 'old', 'type' => 'A', 'address' => '', 'priority' => '', 'recid' => ''],
        ]]);

        $this->assertSame(['success' => true], $result);
        $this->assertSame([
            ['name' => 'www', 'record-type' => 'CNAME', 'content' => 'example.nl', 'priority' => null, 'ttl' => 0],
            ['name' => '@', 'record-type' => 'MX', 'content' => 'mail.example.nl', 'priority' => 10, 'ttl' => 0],
        ], $this->callsOf('save-dns-zone')[0]['records']);
    }


    public function testImportedDomainsWithoutAMatchingClientGoToTheGivenOne(): void
    {
        $other = $this->whmcs->fixtures()->client(['email' => 'other@example.nl']);
        $this->whmcs->fixtures()->domain($other, 'known.nl');
        $found = [
            'domain' => 'stranger.nl', 'expiry' => '2026-07-01', 'auto-renew' => true,
            'nameservers' => ['ns1.example.net'], 'registrant-email' => 'piet@elsewhere.example',
            'registrant-name' => 'Piet Pietersen',
        ];
        $this->answer('list-importable-domains', [$found]);
        $context = \WHMCS\Module\Registrar\Odr\Context::fromParams($this->whmcs->registrarSettings('odr'));
        $out = fopen('php://memory', 'w+');

        $status = (new \WHMCS\Module\Registrar\Odr\Whmcs\DomainImportCommand($context))
            ->run(['--import', 'stranger.nl,unknown.nl', '--client', (string) $other], $out);

        $this->assertSame(0, $status);
        $this->assertSame(['known.nl'], $this->callsOf('list-importable-domains')[0]['panel-names']);
        rewind($out);
        $output = (string) stream_get_contents($out);
        $this->assertStringContainsString('of client ' . $other, $output);
        $this->assertStringContainsString('skipped unknown.nl: not an ODR domain unknown to WHMCS', $output);
        $this->assertSame($other, (int) $this->whmcs->capsule->table('tbldomains')
            ->where('domain', 'stranger.nl')->value('userid'));
    }

    public function testImportRefusesAnUnknownClient(): void
    {
        $context = \WHMCS\Module\Registrar\Odr\Context::fromParams($this->whmcs->registrarSettings('odr'));
        $out = fopen('php://memory', 'w+');

        $status = (new \WHMCS\Module\Registrar\Odr\Whmcs\DomainImportCommand($context))
            ->run(['--import', 'a.nl', '--client', '999'], $out);

        $this->assertSame(2, $status);
        $this->assertSame([], $this->functionsCalled());
    }


    public function testRegisterSendsOnlyTheOdrAdditionalFields(): void
    {
        $id = $this->whmcs->fixtures()->order($this->whmcs->fixtures()->client(), 'example.us');
        $fields = ['odr:intended_use' => 'P1', 'odr:accept_terms' => 'on', 'odr:empty' => '', 'Nexus' => 'C11'];
        foreach ($fields as $name => $value) {
            $this->whmcs->capsule->table('tbldomainsadditionalfields')
                ->insert(['domainid' => $id, 'name' => $name, 'value' => $value]);
        }
        $this->answer('register-domain-with-fields', [
            'status' => 'completed', 'domain-id' => '5678',
            'contacts' => ['registrant' => 1234, 'onsite' => 1234, 'tech' => 1234],
            'created-contacts' => [], 'already-in-account' => false,
        ]);

        $this->assertSame(['success' => true], $this->registrar->register($id, ['ns1.example.net', 'ns2.example.net']));
        $this->assertSame(
            [['intended_use', 'P1'], ['accept_terms', '1']],
            $this->callsOf('register-domain-with-fields')[0]['fields'],
        );
        $this->assertSame(['register-domain-with-fields'], $this->functionsCalled());
    }

    public function testOrderFieldsBecomeAdditionalFieldLines(): void
    {
        $this->answer('get-order-fields', [
            ['name' => 'intended_use', 'title' => 'Intended use', 'kind' => 'select', 'required' => true,
                'options' => [['P1', 'Business'], ['P3', 'Personal']]],
            ['name' => 'accept_terms', 'title' => "Registry's terms", 'kind' => 'checkbox', 'required' => false,
                'options' => []],
        ]);
        $this->answer('get-order-fields', []);
        $context = \WHMCS\Module\Registrar\Odr\Context::fromParams($this->whmcs->registrarSettings('odr'));
        $out = fopen('php://memory', 'w+');

        $status = (new \WHMCS\Module\Registrar\Odr\Whmcs\OrderFieldsCommand($context))->run(['.us', 'nl'], $out);

        $this->assertSame(0, $status);
        rewind($out);
        $php = (string) stream_get_contents($out);
        $additionaldomainfields = [];
        eval('?>' . $php);
        $this->assertSame(
            [
                [
                    'Name' => 'odr:intended_use', 'DisplayName' => 'Intended use', 'Type' => 'dropdown',
                    'Required' => true, 'Options' => 'P1|Business,P3|Personal',
                ],
                [
                    'Name' => 'odr:accept_terms', 'DisplayName' => "Registry's terms", 'Type' => 'tickbox',
                    'Required' => false,
                ],
            ],
            $additionaldomainfields['.us'],
        );
        $this->assertStringContainsString('// .nl: no extra fields', $php);
    }


    public function testTheCommandsReportOdrFailuresWithoutTheSecret(): void
    {
        $failure = $this->odrError('transport', 'ODR could not be reached (secret ' . self::API_SECRET . ')');
        $this->answer('list-importable-domains', $failure);
        $this->answer('get-order-fields', $failure);
        $context = \WHMCS\Module\Registrar\Odr\Context::fromParams($this->whmcs->registrarSettings('odr'));
        $out = fopen('php://memory', 'w+');

        $import = (new \WHMCS\Module\Registrar\Odr\Whmcs\DomainImportCommand($context))->run([], $out);
        $fields = (new \WHMCS\Module\Registrar\Odr\Whmcs\OrderFieldsCommand($context))->run(['us'], $out);

        $this->assertSame([1, 1], [$import, $fields]);
        rewind($out);
        $output = (string) stream_get_contents($out);
        $this->assertStringContainsString('import-domains failed: ODR could not be reached', $output);
        $this->assertStringContainsString('// .us: ODR could not say: ODR could not be reached', $output);
        $this->assertStringNotContainsString(self::API_SECRET, $output);
    }
}
