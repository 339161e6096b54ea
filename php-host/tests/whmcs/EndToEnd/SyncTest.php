<?php

declare(strict_types=1);

namespace OdrTests\Whmcs\EndToEnd;

use OdrTests\Whmcs\Support\EndToEndTestCase;
use OdrTests\Whmcs\Support\Odr;

/**
 * The cron: expiry sync, transfer sync, the daily report and the first-sync preview, end to end.
 */
final class SyncTest extends EndToEndTestCase
{
    private int $client;

    protected function setUp(): void
    {
        parent::setUp();
        $this->client = $this->whmcs->fixtures()->client();
    }

    public function testOneCronRunSyncsFromOneDomainList(): void
    {
        $this->replay('sync_from_one_domain_list');
        $this->whmcs->setConfig('DomainSyncNextDueDate', 'on');
        $this->whmcs->setConfig('DomainSyncNextDueDateDays', '14');
        $ids = [];
        $expiries = [
            'example.nl' => '2026-01-01', 'quarantine.nl' => '2026-06-01', 'deleted.nl' => '2026-02-01',
            'scheduled.eu' => '2026-05-01', 'gone.nl' => '2026-04-01',
        ];
        foreach ($expiries as $name => $expiry) {
            $ids[$name] = $this->whmcs->fixtures()->domain($this->client, $name, ['expirydate' => $expiry]);
        }

        $report = $this->whmcs->cron()->run();

        $this->assertSame(['Active', '2026-03-01', '2026-02-15'], $this->row($ids['example.nl']));
        $this->assertSame(
            ['Active', '2025-11-20', '2025-11-06'],
            $this->row($ids['quarantine.nl']),
            'past expiry: WHMCS takes it through grace and redemption',
        );
        $this->assertSame('Cancelled', $this->domain($ids['deleted.nl'])->status);
        $this->assertSame(
            ['Active', '2026-05-01', '2026-04-17'],
            $this->row($ids['scheduled.eu']),
            'expiry in sync; WHMCS still aligns the next due date',
        );
        $this->assertSame('Transferred Away', $this->domain($ids['gone.nl'])->status);
        $this->assertStringContainsString(
            ' - example.nl: Expiry Date updated to 01/03/2026, Next Due Date updated to 15/02/2026',
            $report,
        );
        $this->assertSame(
            [
                'POST /user/login/', 'GET /domain/?page=1', 'GET /domain/quarantine.nl/info/',
                'GET /domain/deleted.nl/info/', 'GET /domain/gone.nl/info/',
            ],
            $this->odrRequests(),
            'five domains: the list answers the active ones; each destructive outcome reads its own record',
        );
    }

    public function testAnImplausibleExpiryIsNeverWritten(): void
    {
        $this->replay('sync_refuses_implausible_expiry');
        $id = $this->whmcs->fixtures()->domain($this->client, 'example.nl', ['expirydate' => '2026-01-01']);

        $report = $this->whmcs->cron()->run();

        $this->assertSame(['Active', '2026-01-01', '2026-12-01'], $this->row($id));
        $this->assertStringContainsString(' - example.nl: Error: ', $report);
        $this->assertStringContainsString('implausible', $report);
    }

    public function testTransferCompleted(): void
    {
        $this->replay('transfer_sync_completed');
        $this->whmcs->setConfig('DomainSyncNextDueDate', 'on');
        $id = $this->whmcs->fixtures()->order(
            $this->client,
            'example.nl',
            'Transfer',
            ['status' => 'Pending Transfer'],
        );

        $this->assertSame(" - example.nl: Transfer Completed - In Sync\n", $this->whmcs->cron()->domainTransferSync());
        $this->assertSame(['Active', '2026-11-30', '2026-11-30'], $this->row($id));
        $this->assertSame(['Domain Transfer Completed'], array_column($this->whmcs->outbox->toClients(), 'template'));
    }

    public function testTransferStillPendingIsQuiet(): void
    {
        $this->replay('transfer_sync_still_pending');
        $id = $this->whmcs->fixtures()->order(
            $this->client,
            'example.nl',
            'Transfer',
            ['status' => 'Pending Transfer'],
        );

        $this->assertSame(" - example.nl: Transfer Still In Progress\n", $this->whmcs->cron()->domainTransferSync());
        $this->assertSame('Pending Transfer', $this->domain($id)->status);
        $this->assertSame([], $this->whmcs->outbox->toClients());
    }

    public function testTransferFailed(): void
    {
        $this->replay('transfer_sync_failed_unknown_domain');
        $ordered = $this->whmcs->clock->now()->modify('-30 days')->format('Y-m-d');
        $id = $this->whmcs->fixtures()->order(
            $this->client,
            'example.nl',
            'Transfer',
            ['status' => 'Pending Transfer', 'registrationdate' => $ordered],
        );

        $this->assertSame(" - example.nl: Transfer Failed\n", $this->whmcs->cron()->domainTransferSync());
        $this->assertSame('Cancelled', $this->domain($id)->status);
        $mail = $this->whmcs->outbox->toClients()[0];
        $this->assertSame('Domain Transfer Failed', $mail['template']);
        $this->assertStringContainsString('Domain not found', $mail['vars']['domain_transfer_failure_reason']);
    }

    public function testTransferCheckErrorIsRetriedNextRun(): void
    {
        $this->replay('transfer_sync_odr_error');
        $pending = ['status' => 'Pending Transfer'];
        $id = $this->whmcs->fixtures()->order($this->client, 'example.nl', 'Transfer', $pending);

        $report = $this->whmcs->cron()->domainTransferSync();

        $this->assertStringStartsWith(' - example.nl: Error: ', $report);
        $this->assertSame('Pending Transfer', $this->domain($id)->status);
        $this->assertSame([], $this->whmcs->outbox->toClients());
    }

    public function testSendDomainReportNow(): void
    {
        $this->changeSettings(['Primairydomain' => '']);
        $id = $this->whmcs->fixtures()->domain($this->client, 'example.nl', ['expirydate' => '2026-03-01']);
        $this->replayExchanges('Send domain report now: everything matches, the admins get it anyway.', [
            Odr::login(),
            Odr::domainListPage(1, 1, [Odr::listedDomain('example.nl', 'REGISTERED', '2026-03-01')]),
        ]);

        $this->assertSame(['success' => true], $this->registrar->customFunction($id, 'Send domain report now'));
        $this->assertSame('ODR domain report: WHMCS and ODR match', $this->whmcs->outbox->toAdmins()[0]['subject']);
    }

    public function testPreviewFailureIsAnError(): void
    {
        $id = $this->whmcs->fixtures()->domain($this->client, 'example.nl');
        $this->replayExchanges('Preview expiry sync: ODR refuses the login.', [
            Odr::exchange('POST', '/user/login/', '', [
                'timestamp' => \OdrTests\Whmcs\Emulation\Clock::RECORDING_NOW,
                'api_key' => '<API_KEY>',
                'signature' => '<SIGNATURE>',
            ], ['message' => 'API key is blocked', 'data' => []], 403),
            Odr::exchange('POST', '/info/user/login/', '', null, ['fields' => ['signature' => [
                'signature_rule' => '#SHA1(#API_KEY# #TIMESTAMP# #SHA1(API_SECRET)#)#',
                'signature_rule_clear' => '#API_KEY# #TIMESTAMP# #SHA1(API_SECRET)#',
            ]]]),
        ]);

        $result = $this->registrar->customFunction($id, 'Preview expiry sync');

        $this->assertSame(['error'], array_keys($result));
        $this->assertStringContainsString('API key is blocked', $result['error']);
        $this->assertSame([], $this->whmcs->outbox->all());
    }

    public function testExpirySyncOf500DomainsNeedsOnlyTheListPagesAndOneLogin(): void
    {
        $exchanges = [Odr::login()];
        $pages = 5;
        for ($page = 1; $page <= $pages; $page++) {
            $items = [];
            for ($i = ($page - 1) * 100 + 1; $i <= $page * 100; $i++) {
                $items[] = Odr::listedDomain(sprintf('domain%03d.nl', $i), 'REGISTERED', '2026-06-01');
            }
            $exchanges[] = Odr::domainListPage($page, $pages, $items);
        }
        $this->replayExchanges(
            'Expiry sync of 500 domains over ten cron runs: one login and the five list pages.',
            $exchanges,
        );
        $rows = [];
        for ($i = 1; $i <= 500; $i++) {
            $rows[] = $this->domainRow(sprintf('domain%03d.nl', $i), '2026-01-01');
        }
        $this->whmcs->capsule->table('tbldomains')->insert($rows);

        for ($run = 1; $run <= 10; $run++) {
            $this->whmcs->cron()->domainStatusSync();
        }

        $this->assertSame(1 + $pages, count($this->odrRequests()));
        $this->assertSame(500, $this->whmcs->capsule->table('tbldomains')->where('expirydate', '2026-06-01')->count());
    }

    public function testDailyReportOverA2500DomainAccount(): void
    {
        $this->changeSettings(['Syncdomain' => 'on', 'Primairydomain' => 'domain0001.nl']);
        $this->whmcs->setConfig('DomainSyncEnabled', '');
        $exchanges = [Odr::login()];
        $pages = 25;
        for ($page = 1; $page <= $pages; $page++) {
            $items = [];
            for ($i = ($page - 1) * 100 + 1; $i <= $page * 100; $i++) {
                $name = $i <= 2490 ? sprintf('domain%04d.nl', $i) : sprintf('stray%04d.nl', $i);
                $items[] = Odr::listedDomain($name, 'REGISTERED', $i === 7 ? '2027-01-01' : '2026-06-01');
            }
            $exchanges[] = Odr::domainListPage($page, $pages, $items);
        }
        $this->replayExchanges('The daily report over 2,500 ODR domains (25 pages).', $exchanges);
        $rows = [];
        for ($i = 1; $i <= 2495; $i++) {
            $rows[] = $this->domainRow(sprintf('domain%04d.nl', $i), '2026-06-01');
        }
        foreach (array_chunk($rows, 500) as $chunk) {
            $this->whmcs->capsule->table('tbldomains')->insert($chunk);
        }

        $this->whmcs->cron()->run(true);

        $mails = $this->whmcs->outbox->toClients();
        $this->assertCount(1, $mails);
        $this->assertSame('ODR domain report: 16 difference(s) between WHMCS and ODR', $mails[0]['subject']);
        $this->assertStringContainsString('domain2495.nl', $mails[0]['message']);
        $this->assertStringContainsString('stray2500.nl', $mails[0]['message']);
        $this->assertStringContainsString('2027-01-01', $mails[0]['message']);
        $this->assertCount(1 + $pages, $this->odrRequests());
        $this->assertStringContainsString(
            '5 missing at ODR, 10 unknown to WHMCS, 1 expiry mismatch(es)',
            implode("\n", $this->activity()),
        );
    }

    public function testNoReportWhenWhmcsAndOdrMatch(): void
    {
        $this->changeSettings(['Syncdomain' => 'on', 'Primairydomain' => 'example.nl']);
        $this->whmcs->setConfig('DomainSyncEnabled', '');
        $this->whmcs->fixtures()->domain($this->client, 'example.nl', ['expirydate' => '2026-03-01']);
        $this->replayExchanges('Daily report: everything matches.', [
            Odr::login(),
            Odr::domainListPage(1, 1, [Odr::listedDomain('example.nl', 'REGISTERED', '2026-03-01')]),
        ]);

        $this->whmcs->cron()->run(true);

        $this->assertSame([], $this->whmcs->outbox->all());
    }

    public function testFirstSyncPreviewWritesNothing(): void
    {
        $this->whmcs->setConfig('DomainSyncNextDueDate', 'on');
        $this->whmcs->setConfig('DomainSyncNextDueDateDays', '14');
        $id = $this->whmcs->fixtures()->domain(
            $this->client,
            'example.nl',
            ['expirydate' => '2026-01-01', 'nextduedate' => '2025-12-18'],
        );
        $this->whmcs->fixtures()->domain(
            $this->client,
            'same.nl',
            ['expirydate' => '2026-06-01', 'nextduedate' => '2026-05-18'],
        );
        $this->replayExchanges('First-sync preview: one list answers both domains.', [
            Odr::login(),
            Odr::domainListPage(1, 1, [
                Odr::listedDomain('example.nl', 'REGISTERED', '2026-03-01'),
                Odr::listedDomain('same.nl', 'REGISTERED', '2026-06-01'),
            ]),
        ]);
        $before = $this->whmcs->capsule->table('tbldomains')->orderBy('id')->get()->all();

        $this->assertSame(['success' => true], $this->registrar->customFunction($id, 'Preview expiry sync'));

        $mail = $this->whmcs->outbox->toAdmins()[0];
        $this->assertSame('ODR expiry sync preview: 1 of 2 domain(s) would change', $mail['subject']);
        $this->assertStringContainsString('+59', $mail['message']);
        $this->assertStringContainsString('2026-02-15', $mail['message']);
        $this->assertEquals($before, $this->whmcs->capsule->table('tbldomains')->orderBy('id')->get()->all());
    }

    public function testContactSyncUpdatesASharedContactOnce(): void
    {
        $this->changeSettings(['Synccontact' => 'on']);
        $client = $this->whmcs->fixtures()->client(['email' => 'jan@new.example']);
        $first = $this->whmcs->fixtures()->domain($client, 'first.nl', ['expirydate' => '2026-03-01']);
        $second = $this->whmcs->fixtures()->domain($client, 'second.nl', ['expirydate' => '2026-04-01']);
        $this->replay('contact_sync_shared_contact_updated_once');

        $report = $this->whmcs->cron()->domainStatusSync();

        $this->assertStringContainsString(' - first.nl: In Sync', $report);
        $this->assertStringContainsString(' - second.nl: In Sync', $report);
        $this->assertSame([
            'POST /user/login/', 'GET /domain/?page=1', 'GET /domain/first.nl/info/', 'GET /contact/1234/',
            'PUT /contact/1234/', 'GET /domain/second.nl/info/',
        ], $this->odrRequests());
        $this->assertSame(['Active', 'Active'], [$this->domain($first)->status, $this->domain($second)->status]);
        $this->assertStringContainsString('1234', implode("\n", $this->activity()));
    }

    public function testContactSyncWithANewHolderWarnsAboutOwnerChangeMails(): void
    {
        $this->changeSettings(['Synccontact' => 'on']);
        $client = $this->whmcs->fixtures()->client(
            ['firstname' => 'Piet', 'lastname' => 'Pietersen', 'email' => 'piet@example.nl'],
        );
        $this->whmcs->fixtures()->domain($client, 'first.nl', ['expirydate' => '2026-03-01']);
        $this->replay('contact_sync_new_holder');

        $this->whmcs->cron()->domainStatusSync();

        $this->assertStringContainsString('previous holder', implode("\n", $this->activity()));
    }

    public function testAResetConnectionSkipsTheOtherDomainsThisRun(): void
    {
        $this->whmcs->fixtures()->domain($this->client, 'one.nl');
        $this->whmcs->fixtures()->domain($this->client, 'two.nl');
        $this->replay('odr_connection_reset_stops_the_sync_run');

        $report = $this->whmcs->cron()->domainStatusSync();

        $this->assertMatchesRegularExpression('/ - one\.nl: Error: cURL error reaching ODR: /', $report);
        $this->assertStringContainsString(' - two.nl: Sync Skipped Due to cURL Error', $report);
    }

    /** @return array<string, mixed> a tbldomains row for bulk inserts */
    private function domainRow(string $domain, string $expiry): array
    {
        return [
            'userid' => $this->client, 'orderid' => 0, 'type' => 'Register', 'registrationdate' => '2025-06-01',
            'domain' => $domain, 'firstpaymentamount' => '9.95', 'recurringamount' => '9.95', 'registrar' => 'odr',
            'registrationperiod' => 1, 'expirydate' => $expiry, 'subscriptionid' => '', 'status' => 'Active',
            'nextduedate' => $expiry, 'nextinvoicedate' => $expiry, 'additionalnotes' => '',
            'paymentmethod' => 'banktransfer',
            'reminders' => '',
        ];
    }

    /** @return array{string, string, string} */
    private function row(int $id): array
    {
        $domain = $this->domain($id);

        return [
            (string) $domain->status,
            substr((string) $domain->expirydate, 0, 10),
            substr((string) $domain->nextduedate, 0, 10),
        ];
    }
}
