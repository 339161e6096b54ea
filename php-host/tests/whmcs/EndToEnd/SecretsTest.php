<?php

declare(strict_types=1);

namespace OdrTests\Whmcs\EndToEnd;

use OdrTests\Whmcs\Emulation\Clock;
use OdrTests\Whmcs\Emulation\ErrorGuard;
use OdrTests\Whmcs\Emulation\RegistrarRunner;
use OdrTests\Whmcs\Support\EndToEndTestCase;
use OdrTests\Whmcs\Support\Faults\Fault;
use OdrTests\Whmcs\Support\Faults\FaultScenario;
use OdrTests\Whmcs\Support\Odr;

/**
 * No secret leaves the module: every WHMCS function the module defines, its hook and its admin
 * buttons run end to end, on success and failure paths, while every login of the replay issues
 * a realistic token of its own (`token$` + 40 hex, a new one per login). Neither the API secret,
 * its SHA-1, the login signature for the pinned timestamp, any issued token nor an EPP code may
 * appear in a module-log, activity-log or tblemails row, an e-mail, mod_odr_state (the token entry
 * is encrypted; what it decrypts to is checked too), PHP's error log, a value WHMCS shows (errors
 * included; GetEPPCode's own answer excepted) or an exception message (the whole chain, where the
 * guest's stderr would land), also when the database fails in the middle of a call and when ODR
 * times out. The recordings themselves hold only placeholders.
 */
final class SecretsTest extends EndToEndTestCase
{
    private const DOMAIN_FUNCTIONS = [
        'RenewDomain', 'GetNameservers', 'SaveNameservers', 'GetEPPCode', 'RequestDelete', 'GetContactDetails',
        'SaveContactDetails', 'GetDomainInformation',
    ];

    /** The one signature in a recording: ODR's published MD5 rule, evaluated for the test secret. */
    private const ALLOWED_IN_RECORDINGS = [
        'tests/recordings/login_signature_rule_fallback.json' => ['token$3e1fcf1c3878de94d1a20652d2a0b52c'],
    ];

    /** @var list<string> what WHMCS showed or returned, and exception messages */
    private array $shown = [];

    /**
     * [module function, hook or button; what to serve: a recording of php-host/tests/recordings,
     * "scenario:<fault scenario>/<fault>", "generated:<name>" or "" for none].
     *
     * @return iterable<string, array{string, string}>
     */
    public static function entryPoints(): iterable
    {
        $cases = [
            ['MetaData', ''],
            ['getConfigArray', ''],
            ['AdminCustomButtonArray', ''],
            ['config_validate', 'settings_accept_valid_credentials'],
            ['config_validate', 'settings_refuse_invalid_credentials'],
            ['RegisterDomain', 'register_creates_registrant_contact'],
            ['RegisterDomain', 'register_refused_domain_taken'],
            ['RegisterDomain', 'scenario:RegisterDomain/timeout'],
            ['RegisterDomain', 'scenario:RegisterDomain/token-expired'],
            ['RegisterDomain', 'generated:database-fails'],
            ['TransferDomain', 'transfer_pending_with_auth_code'],
            ['TransferDomain', 'transfer_refused_invalid_auth_code'],
            ['TransferDomain', 'scenario:TransferDomain/truncated'],
            ['TransferDomain', 'scenario:TransferDomain/timeout'],
            ['RenewDomain', 'renew_switches_auto_renew_on'],
            ['RenewDomain', 'renew_refused_for_deleted_domain'],
            ['GetNameservers', 'nameservers_read_cold_then_warm_token'],
            ['GetNameservers', 'expired_token_logs_in_again'],
            ['GetNameservers', 'odr_rate_limited'],
            ['GetNameservers', 'scenario:GetNameservers/malformed'],
            ['GetNameservers', 'scenario:GetNameservers/timeout'],
            ['GetNameservers', 'generated:database-fails'],
            ['SaveNameservers', 'nameservers_saved_keeping_contacts'],
            ['SaveNameservers', 'nameservers_refused_while_pending'],
            ['GetEPPCode', 'epp_code_shown'],
            ['GetEPPCode', 'epp_code_emailed_to_registrant'],
            ['GetEPPCode', 'epp_code_unknown_domain'],
            ['RequestDelete', 'delete_switches_auto_renew_off'],
            ['RequestDelete', 'delete_unknown_domain'],
            ['GetContactDetails', 'contacts_read_for_whois'],
            ['GetContactDetails', 'contacts_unknown_domain'],
            ['SaveContactDetails', 'contacts_saved_update_in_place'],
            ['SaveContactDetails', 'contacts_saved_new_holder'],
            ['SaveContactDetails', 'contacts_save_refused_by_odr'],
            ['GetDomainInformation', 'domain_information'],
            ['GetDomainInformation', 'domain_information_unknown_domain'],
            ['CheckAvailability', 'availability_across_tlds'],
            ['CheckAvailability', 'availability_odr_unreachable'],
            ['GetDomainSuggestions', 'availability_across_tlds'],
            ['Sync', 'scenario:Sync (cron)/none'],
            ['Sync', 'scenario:Sync (cron)/token-expired'],
            ['Sync', 'scenario:Sync (cron)/http500'],
            ['Sync', 'scenario:Sync (cron)/timeout'],
            ['Sync', 'contact_sync_new_holder'],
            ['TransferSync', 'transfer_sync_completed'],
            ['TransferSync', 'transfer_sync_odr_error'],
            ['PreviewExpirySync', 'generated:preview'],
            ['PreviewExpirySync', 'generated:login-refused'],
            ['SendDomainReport', 'scenario:Domain report ("Send domain report now")/none'],
            ['SendDomainReport', 'scenario:Domain report ("Send domain report now")/token-expired'],
            ['hook DailyCronJob', 'scenario:Domain report (DailyCronJob)/none'],
            ['hook DailyCronJob', 'scenario:Domain report (DailyCronJob)/soft-failure'],
            ['hook DailyCronJob', 'generated:preview'],
            // The optional features
            ['RequestDelete', 'delete_now_deletes_at_odr'],
            ['CheckAvailability', 'availability_sold_tld_fails'],
            ['GetTldPricing', 'tld_pricing_import'],
            ['ClientAreaCustomButtonArray', ''],
            ['dnssec', 'dnssec_page_show_and_clear'],
            ['GetDNS', 'dns_show_and_save'],
            ['SaveDNS', 'dns_show_and_save'],
            ['hook AdminHomeWidgets', 'account_balance_low'],
            ['hook DailyCronJob', 'account_balance_low'],
        ];
        foreach ($cases as [$entry, $source]) {
            yield $entry . ($source === '' ? '' : ' (' . $source . ')') => [$entry, $source];
        }
    }

    /** @dataProvider entryPoints */
    public function testNoSecretInAnyLogErrorOrMail(string $entry, string $source): void
    {
        ErrorGuard::reset();

        if (str_starts_with($source, 'scenario:')) {
            $this->runScenario(substr($source, strlen('scenario:')));
        } else {
            $this->serveWithIssuedTokens($source, $entry);
            $this->exercise($entry, $source);
        }

        if ($entry === 'GetEPPCode' && $source === 'epp_code_shown') {
            // The one place the code may appear: GetEPPCode's answer to WHMCS, which shows it.
            // (The emulation shows it HTML-escaped, as WHMCS's template does.)
            $this->assertStringContainsString('[eppcode] => Xk29&lt;Pq&gt;Lm7A', $this->shown[0]);
            $this->shown[0] = str_replace('Xk29&lt;Pq&gt;Lm7A', '<the answer>', $this->shown[0]);
        }
        if ($source === 'generated:database-fails') {
            // An order's first write is its lock (before the login); elsewhere the login's token.
            $key = $entry === 'RegisterDomain' ? 'odr:order:' : 'odr:token:';
            $this->assertStringContainsString(
                "WHMCS database error while trying to write the module state '" . $key,
                implode("\n", $this->shown),
            );
        }
        $exception = $this->registrar->lastException();
        while ($exception !== null) {
            $this->shown[] = get_class($exception) . ': ' . $exception->getMessage();
            $exception = $exception->getPrevious();
        }
        $this->assertSame([], ErrorGuard::raised(), 'PHP warnings, notices or deprecations');
        $this->assertNotSame([], $this->shown, 'the entry point showed something');
        $texts = [];
        foreach ($this->shown as $n => $text) {
            $texts['what WHMCS showed (' . $n . ')'] = $text;
        }
        $this->assertNoSecretsIn($texts);
        $this->assertNoSecretsAnywhere();
        if (str_contains($source, 'expired')) {
            $this->assertGreaterThanOrEqual(2, count($this->issuedTokens), 'a fresh login issued a second token');
        }
    }

    public function testEveryModuleFunctionHookAndButtonIsCovered(): void
    {
        $covered = array_unique(array_column(iterator_to_array(self::entryPoints(), false), 0));
        $functions = array_values(array_filter(
            get_defined_functions()['user'],
            static fn (string $name): bool => str_starts_with($name, 'odr_'),
        ));
        $defined = array_map(static fn (string $name): string => substr($name, 4), $functions);
        // get_defined_functions() lower-cases names: compare case-insensitively.
        $missing = array_udiff($defined, $covered, 'strcasecmp');
        $this->assertSame([], array_values($missing), 'module functions without a secrets case');
        foreach (array_values($this->registrar->adminButtons()) as $button) {
            $this->assertContains($button, $covered, 'admin button function');
        }
        foreach ($this->whmcs->hooks->points() as $hook) {
            $this->assertContains('hook ' . $hook, $covered, 'hook');
        }
        $this->assertContains('DailyCronJob', $this->whmcs->hooks->points());
    }

    public function testTheRecordingsHoldOnlyPlaceholders(): void
    {
        $root = dirname(__DIR__, 4);
        $files = [];
        foreach (['tests/recordings', 'php-host/tests/recordings', 'php-host/demo/recordings'] as $dir) {
            $iterator = new \RecursiveIteratorIterator(new \RecursiveDirectoryIterator($root . '/' . $dir));
            foreach ($iterator as $file) {
                if ($file->isFile() && str_ends_with($file->getFilename(), '.json')) {
                    $files[] = substr($file->getPathname(), strlen($root) + 1);
                }
            }
        }
        sort($files);
        $this->assertGreaterThan(50, count($files));
        foreach ($files as $file) {
            $text = (string) file_get_contents($root . '/' . $file);
            $allowed = self::ALLOWED_IN_RECORDINGS[$file] ?? [];
            $texts = [$file => str_replace($allowed, '<ALLOWED>', $text)];
            foreach ($this->secrets() as $label => $secret) {
                // The recordings' EPP codes are made-up test data in ODR's answers (record mode
                // does not redact auth_code yet); every other secret must be a placeholder.
                if ($secret !== self::REPLAY_TOKEN && !str_starts_with($label, 'EPP code')) {
                    $this->assertStringNotContainsString($secret, $texts[$file], $label . ' in ' . $file);
                }
            }
            $this->assertSame(
                0,
                preg_match('/(token|secret)\$[0-9A-Za-z]{8,}/', $texts[$file], $found),
                $file . ' holds ' . ($found[0] ?? '') . ' instead of a placeholder',
            );
            $data = json_decode($text, true, 512, JSON_THROW_ON_ERROR);
            array_walk_recursive($data, function (mixed $value, int|string $key) use ($file, $allowed): void {
                $key = strtolower((string) $key);
                if (in_array($key, ['api_secret', 'signature', 'token', 'x-access-token'], true) && is_string($value)) {
                    $this->assertTrue(
                        preg_match('/^<[A-Z_]+>$/', $value) === 1 || in_array($value, $allowed, true),
                        sprintf('%s: "%s" holds %s instead of a placeholder', $file, $key, $value),
                    );
                }
            });
        }
    }

    protected function assertPostConditions(): void
    {
        parent::assertPostConditions();
        // The module's own table keeps the current token (that is its job), never the secret or a signature.
        if ($this->whmcs->capsule->schema()->hasTable('mod_odr_state')) {
            $state = [];
            foreach ($this->whmcs->capsule->table('mod_odr_state')->get() as $row) {
                $state['mod_odr_state ' . $row->key] = $row->key . "\n" . $row->value;
            }
            foreach ($state as $where => $text) {
                $this->assertStringNotContainsString(self::API_SECRET, $text, $where);
                $this->assertStringNotContainsString(self::loginSignature(Clock::RECORDING_NOW), $text, $where);
            }
        }
    }

    private function runScenario(string $source): void
    {
        [$name, $faultName] = explode('/', $source, 2);
        $scenario = FaultScenario::named($name);
        $fault = Fault::named($faultName);
        $this->changeSettings($scenario->settings() + ['RequestTimeout' => $fault->requestTimeout()]);
        $scenario->arrange($this->whmcs);
        $this->replayExchanges('secrets: ' . $source, $this->withIssuedTokens($scenario->exchanges($fault)));
        $this->shown[] = $scenario->act($this->whmcs)->shown;
    }

    private function serveWithIssuedTokens(string $source, string $entry): void
    {
        $exchanges = match (true) {
            $source === '' => null,
            $source === 'generated:preview' => [
                Odr::login(),
                Odr::domainListPage(1, 1, [Odr::listedDomain('example.nl', 'REGISTERED', '2026-03-01')]),
            ],
            // An order fails at its lock, before the login; the others once the token is stored.
            $source === 'generated:database-fails' => $entry === 'RegisterDomain' ? [] : [Odr::login()],
            $source === 'generated:login-refused' => [
                Odr::exchange('POST', '/user/login/', '', [
                    'timestamp' => Clock::RECORDING_NOW, 'api_key' => '<API_KEY>', 'signature' => '<SIGNATURE>',
                ], ['message' => 'Invalid signature', 'data' => []], 401),
                Odr::exchange('POST', '/info/user/login/', '', null, ['fields' => ['signature' => [
                    'signature_rule' => '#SHA1(#API_KEY# #TIMESTAMP# #SHA1(API_SECRET)#)#',
                    'signature_rule_clear' => '#API_KEY# #TIMESTAMP# #SHA1(API_SECRET)#',
                ]]]),
            ],
            default => json_decode(
                (string) file_get_contents(self::RECORDINGS . '/' . $source . '.json'),
                true,
                512,
                JSON_THROW_ON_ERROR,
            )['exchanges'],
        };
        if ($exchanges !== null) {
            $this->replayExchanges('secrets: ' . $source, $this->withIssuedTokens($exchanges));
        }
        if ($source === 'generated:database-fails') {
            // Every write fails in the database, mid-call: the token after the login, or an order's lock.
            $this->failStateWrites('disk I/O error');
        }
    }

    /**
     * Each login answer issues a token of its own; requests that must carry a token expect that one.
     *
     * @param list<array<string, mixed>> $exchanges
     * @return list<array<string, mixed>>
     */
    private function withIssuedTokens(array $exchanges): array
    {
        $current = self::REPLAY_TOKEN;
        foreach ($exchanges as &$exchange) {
            foreach ($exchange['request']['headers'] ?? [] as $name => $value) {
                if (strcasecmp((string) $name, 'x-access-token') === 0 && $value === self::REPLAY_TOKEN) {
                    $exchange['request']['headers'][$name] = $current;
                }
            }
            if (($exchange['response']['body']['response']['token'] ?? null) === self::REPLAY_TOKEN) {
                $current = 'token$' . sha1('token issued by the replay, login ' . count($this->issuedTokens));
                $this->issuedTokens[] = $current;
                $exchange['response']['body']['response']['token'] = $current;
            }
        }

        return $exchanges;
    }

    private function exercise(string $entry, string $source): void
    {
        $client = $this->whmcs->fixtures()->client();
        $fixtures = $this->whmcs->fixtures();
        $runner = $this->registrar;
        $result = match ($entry) {
            'MetaData' => $runner->metaData(),
            'getConfigArray' => $runner->configArray(),
            'AdminCustomButtonArray' => $runner->adminButtons(),
            'config_validate' => $runner->saveSettings(
                ['RequestTimeout' => '20'] + $this->whmcs->registrarSettings('odr'),
            ) ?? 'saved',
            'RegisterDomain' => $runner->register(
                $fixtures->order($client, 'example.nl'),
                ['ns1.example.net', 'ns2.example.net'],
            ),
            'TransferDomain' => $runner->transfer(
                $fixtures->order($client, 'example.nl', 'Transfer'),
                str_contains($source, 'refused') ? 'wrong' : 'Xk29-Pq&Lm7A',
                ['ns1.example.net', 'ns2.example.net'],
            ),
            'CheckAvailability' => $runner->checkAvailability('example', ['.nl', '.eu', '.xyz']),
            'GetDomainSuggestions' => $runner->getDomainSuggestions('example', ['.nl', '.eu', '.xyz']),
            'Sync' => $this->contactSync($client),
            'TransferSync' => $this->transferSync($client),
            'PreviewExpirySync' => $runner->customFunction(
                $fixtures->domain($client, 'example.nl', ['expirydate' => '2026-01-01']),
                'Preview expiry sync',
            ),
            'hook DailyCronJob' => $source === 'account_balance_low'
                ? $this->lowBalanceWarning()
                : $this->dailyPreview($client),
            'GetTldPricing' => $runner->tldPricing(),
            'ClientAreaCustomButtonArray' => $runner->call('ClientAreaCustomButtonArray', []),
            'dnssec' => $this->dnssecPage($client),
            'GetDNS', 'SaveDNS' => $this->dnsShowAndSave($client),
            'hook AdminHomeWidgets' => $this->balanceWidget(),
            default => $this->domainFunction($entry, $source, $client, $runner),
        };
        $this->shown[] = is_string($result) ? $result : print_r($result, true);
        foreach ($this->whmcs->outbox->all() as $mail) {
            $this->shown[] = $mail['subject'] . "\n" . $mail['message'];
        }
    }

    private function domainFunction(string $entry, string $source, int $client, RegistrarRunner $runner): mixed
    {
        $this->assertContains($entry, self::DOMAIN_FUNCTIONS);
        $fields = match ($source) {
            'renew_switches_auto_renew_on' => ['expirydate' => '2026-03-01'],
            'renew_refused_for_deleted_domain' => ['expirydate' => '2025-10-01', 'status' => 'Expired'],
            default => [],
        };
        if ($source === 'delete_now_deletes_at_odr') {
            $this->changeSettings(['DeleteMode' => 'now']);
        }
        $id = $this->whmcs->fixtures()->domain($client, 'example.nl', $fields);
        $whois = [
            'First Name' => 'Jan', 'Last Name' => 'Jansen', 'Company Name' => '', 'Email Address' => 'jan@new.example',
            'Address 1' => 'Dorpstraat 14', 'Address 2' => '', 'City' => 'Amsterdam', 'State' => 'Noord-Holland',
            'Postcode' => '1234AB', 'Country' => 'NL', 'Phone Number' => '+31.201234567', 'Fax Number' => '',
            'VAT Number' => '',
        ];
        if ($source === 'contacts_saved_new_holder') {
            $whois = ['First Name' => 'Piet', 'Last Name' => 'Pietersen', 'Email Address' => 'piet@example.nl',
                'Address 1' => 'Dorpstraat 12'] + $whois;
        }

        return match ($entry) {
            'RenewDomain' => $runner->renew($id),
            'GetNameservers' => in_array($source, ['odr_rate_limited', 'generated:database-fails'], true)
                ? $runner->getNameservers($id)
                : [$runner->getNameservers($id), $runner->getNameservers($id)],
            'SaveNameservers' => $runner->saveNameservers($id, ['ns1.new.example', 'ns2.new.example']),
            'GetEPPCode' => $runner->getEppCode($id),
            'RequestDelete' => $runner->requestDelete($id),
            'GetContactDetails' => $runner->getContactDetails($id),
            'SaveContactDetails' => $runner->saveContactDetails($id, ['Registrant' => $whois]),
            'GetDomainInformation' => $runner->getDomainInformation($id),
        };
    }

    /** The daily low-balance check with a warning amount above the balance. */
    private function lowBalanceWarning(): string
    {
        $this->changeSettings(['LowBalanceWarning' => '10']);
        $this->whmcs->cron()->run(true);
        $this->assertCount(1, $this->whmcs->localApi->callsOf('SendAdminEmail'));

        return 'daily cron run';
    }

    /** The dashboard widget's output. */
    private function balanceWidget(): string
    {
        $widget = $this->whmcs->hooks->run('AdminHomeWidgets')[0];

        return $widget->generateOutput($widget->getData());
    }

    /** The DNSSEC page shown, then saved without keys. @return list<mixed> */
    private function dnssecPage(int $client): array
    {
        $params = $this->registrar->domainParams($this->whmcs->fixtures()->domain($client, 'example.nl'));
        $shown = $this->registrar->call('dnssec', $params);
        $_POST = ['odr_dnssec' => 'save', 'publickey' => ['']];
        try {
            return [$shown, $this->registrar->call('dnssec', $params)];
        } finally {
            $_POST = [];
        }
    }

    /** GetDNS, then SaveDNS with the records dns_show_and_save expects. @return list<mixed> */
    private function dnsShowAndSave(int $client): array
    {
        $this->changeSettings(['DnsManagement' => 'on']);
        $params = $this->registrar->domainParams($this->whmcs->fixtures()->domain($client, 'example.nl'));
        $row = static fn (string $host, string $type, string $address, string $priority): array => [
            'hostname' => $host, 'type' => $type, 'address' => $address, 'priority' => $priority, 'recid' => '',
        ];

        return [
            $this->registrar->call('GetDNS', $params),
            $this->registrar->call('SaveDNS', $params + ['dnsrecords' => [
                $row('@', 'A', '192.0.2.2', 'N/A'),
                $row('www', 'CNAME', 'example.nl.', 'N/A'),
                $row('@', 'MX', 'mail.example.nl', '20'),
                $row('_sip._tcp', 'SRV', '5 5060 sip.example.nl', '10'),
            ]]),
        ];
    }

    private function contactSync(int $client): string
    {
        // contact_sync_new_holder: Sync with "Sync contacts" on, the client is a new holder.
        $this->changeSettings(['Synccontact' => 'on']);
        $this->whmcs->capsule->table('tblclients')->where('id', $client)
            ->update(['firstname' => 'Piet', 'lastname' => 'Pietersen', 'email' => 'piet@example.nl']);
        $this->whmcs->fixtures()->domain($client, 'first.nl', ['expirydate' => '2026-03-01']);

        return $this->whmcs->cron()->domainStatusSync();
    }

    private function transferSync(int $client): string
    {
        $this->whmcs->fixtures()->order($client, 'example.nl', 'Transfer', ['status' => 'Pending Transfer']);

        return $this->whmcs->cron()->domainTransferSync();
    }

    private function dailyPreview(int $client): string
    {
        $this->changeSettings(['SyncPreview' => 'on']);
        $this->whmcs->setConfig('DomainSyncEnabled', '');
        $this->whmcs->fixtures()->domain($client, 'example.nl', ['expirydate' => '2026-01-01']);

        return $this->whmcs->cron()->run(true) . implode("\n", $this->activity());
    }
}
