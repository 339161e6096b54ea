<?php

declare(strict_types=1);

namespace OdrTests\Whmcs\Unit;

use OdrTests\Whmcs\Support\FakeComponentTestCase;

/**
 * The daily domain report, the first-sync preview, and their admin buttons.
 */
final class ReportsTest extends FakeComponentTestCase
{
    private const DIFFERENT = [
        'panel-count' => 3, 'odr-count' => 3,
        'missing-at-odr' => ['lost.nl'],
        'unknown-to-panel' => ['stray.eu'],
        'expiry-mismatches' => [['domain' => 'example.nl', 'panel' => '2026-01-01', 'odr' => '2026-03-01']],
        'requests' => 2,
    ];
    private const MATCHING = [
        'panel-count' => 2, 'odr-count' => 2, 'missing-at-odr' => [], 'unknown-to-panel' => [],
        'expiry-mismatches' => [], 'requests' => 1,
    ];

    private int $client;
    private int $primary;

    protected function setUp(): void
    {
        parent::setUp();
        $this->client = $this->whmcs->fixtures()->client();
        $this->primary = $this->whmcs->fixtures()->domain(
            $this->client,
            'example.nl',
            ['expirydate' => '2026-01-01', 'nextduedate' => '2025-12-18'],
        );
        $this->whmcs->fixtures()->domain($this->client, 'lost.nl', ['expirydate' => '0000-00-00']);
        $this->whmcs->fixtures()->domain($this->client, 'cancelled.nl', ['status' => 'Cancelled']);
        $this->whmcs->fixtures()->domain($this->client, 'other.com', ['registrar' => 'enom']);
        $this->whmcs->fixtures()->domain(
            $this->client,
            'new.nl',
            ['status' => 'Pending Registration', 'expirydate' => '0000-00-00', 'nextduedate' => '0000-00-00'],
        );
        $this->changeSettings(['Syncdomain' => 'on', 'Primairydomain' => 'example.nl']);
        // Only the daily hook under test: no domain sync tasks in these cron runs.
        $this->whmcs->setConfig('DomainSyncEnabled', '');
    }

    public function testDailyReportComparesTheActiveOdrDomainsAndMailsThePrimaryDomainOwner(): void
    {
        $this->answer('build-domain-report', self::DIFFERENT);

        $this->whmcs->cron()->run(true);

        $this->assertSame([
            ['domain' => 'example.nl', 'expiry' => '2026-01-01', 'next-due' => '2025-12-18'],
            ['domain' => 'lost.nl', 'expiry' => null, 'next-due' => '2026-12-01'],
        ], $this->callsOf('build-domain-report')[0]['panel-domains']);
        $mails = $this->whmcs->outbox->toClients();
        $this->assertCount(1, $mails);
        $this->assertSame('jan@example.nl', $mails[0]['to']);
        $this->assertSame('ODR domain report: 3 difference(s) between WHMCS and ODR', $mails[0]['subject']);
        $this->assertStringContainsString(
            '<td style="border:1px solid #ccc;padding:2px 6px;text-align:left">lost.nl</td>',
            $mails[0]['message'],
        );
        $this->assertStringContainsString('stray.eu', $mails[0]['message']);
        $this->assertStringNotContainsString('{', $mails[0]['message'], 'WHMCS runs custom messages through Smarty');
        $send = $this->whmcs->localApi->callsOf('SendEmail')[0]['values'];
        $this->assertSame('domain', $send['customtype']);
        $this->assertSame($this->primary, $send['id']);
        $this->assertContains(
            'ODR: domain report: 3 WHMCS domain(s), 3 ODR domain(s), 1 missing at ODR, 1 unknown to WHMCS, '
                . '1 expiry mismatch(es); e-mailed to the owner of example.nl',
            $this->activity(),
        );
    }

    public function testNoMailWhenEverythingMatches(): void
    {
        $this->answer('build-domain-report', self::MATCHING);

        $this->whmcs->cron()->run(true);

        $this->assertSame([], $this->whmcs->localApi->callsOf('SendEmail'));
        $this->assertSame([], $this->whmcs->localApi->callsOf('SendAdminEmail'));
    }

    public function testWithoutPrimaryDomainTheAdminsGetTheReport(): void
    {
        $this->changeSettings(['Primairydomain' => '']);
        $this->answer('build-domain-report', self::DIFFERENT);

        $this->whmcs->cron()->run(true);

        $this->assertSame([], $this->whmcs->outbox->toClients());
        $this->assertSame(
            'ODR domain report: 3 difference(s) between WHMCS and ODR',
            $this->whmcs->localApi->callsOf('SendAdminEmail')[0]['values']['customsubject'],
        );
    }

    public function testNoReportWhenTheSettingIsOffOrTheModuleIsNotConfigured(): void
    {
        $this->changeSettings(['Syncdomain' => '']);
        $this->whmcs->cron()->run(true);
        $this->whmcs->saveRegistrarSettings('odr', []);
        $this->whmcs->cron()->run(true);

        $this->assertSame([], $this->functionsCalled());
    }

    public function testOnlyTheDailyRunReports(): void
    {
        $this->whmcs->cron()->run(false);

        $this->assertSame([], $this->functionsCalled());
    }

    public function testReportFailureIsLoggedAndDoesNotBreakTheCron(): void
    {
        $this->answer(
            'build-domain-report',
            $this->odrError('authentication-failed', 'ODR refused the API key or secret'),
        );

        $this->whmcs->cron()->run(true);

        $this->assertContains(
            'ODR: the daily domain report failed: ODR refused the API key or secret',
            $this->activity(),
        );
    }

    public function testSendDomainReportNowSendsEvenWhenEverythingMatches(): void
    {
        $this->answer('build-domain-report', self::MATCHING);

        $result = $this->registrar->customFunction($this->primary, 'Send domain report now');

        $this->assertSame(['success' => true], $result);
        $this->assertSame('ODR domain report: WHMCS and ODR match', $this->whmcs->outbox->toClients()[0]['subject']);
    }

    public function testPreviewListsWhatWouldMoveAndWritesNothing(): void
    {
        $this->whmcs->setConfig('DomainSyncNextDueDate', 'on');
        $this->whmcs->setConfig('DomainSyncNextDueDateDays', '14');
        $before = $this->whmcs->capsule->table('tbldomains')->orderBy('id')->get()->all();
        $this->answer('expiry-preview', [
            ['domain' => 'example.nl', 'current-expiry' => '2026-01-01', 'new-expiry' => '2026-03-01',
                'shift-days' => 59,
                'current-next-due' => '2025-12-18', 'new-next-due' => '2026-02-15', 'problem' => null],
            ['domain' => 'lost.nl', 'current-expiry' => null, 'new-expiry' => null, 'shift-days' => null,
                'current-next-due' => '2026-12-01', 'new-next-due' => null, 'problem' => 'not in the ODR account'],
            ['domain' => 'new.nl', 'current-expiry' => null, 'new-expiry' => null, 'shift-days' => null,
                'current-next-due' => null, 'new-next-due' => null, 'problem' => null],
        ]);

        $this->assertSame(['success' => true], $this->registrar->customFunction($this->primary, 'Preview expiry sync'));

        $call = $this->callsOf('expiry-preview')[0];
        $this->assertSame(14, $call['next-due-offset-days']);
        $this->assertSame(['example.nl', 'lost.nl', 'new.nl'], array_column($call['panel-domains'], 'domain'));
        $mail = $this->whmcs->outbox->toAdmins()[0];
        $this->assertSame('ODR expiry sync preview: 2 of 3 domain(s) would change', $mail['subject']);
        $this->assertStringContainsString('+59', $mail['message']);
        $this->assertStringContainsString('not in the ODR account', $mail['message']);
        $this->assertStringNotContainsString('new.nl', $mail['message']);
        $this->assertEquals($before, $this->whmcs->capsule->table('tbldomains')->orderBy('id')->get()->all());
    }

    public function testDailyPreviewOnlyWhileTheSettingIsOnAndSomethingWouldChange(): void
    {
        $this->changeSettings(['Syncdomain' => '', 'SyncPreview' => 'on']);
        $this->answer('expiry-preview', []);
        $this->whmcs->cron()->run(true);
        $this->assertSame([], $this->whmcs->outbox->toAdmins());
        $this->assertNull($this->callsOf('expiry-preview')[0]['next-due-offset-days'], 'Sync Next Due Date is off');

        $this->answer('expiry-preview', [
            ['domain' => 'example.nl', 'current-expiry' => '2026-01-01', 'new-expiry' => '2026-03-01',
                'shift-days' => 59,
                'current-next-due' => '2025-12-18', 'new-next-due' => null, 'problem' => null],
        ]);
        $this->whmcs->cron()->run(true);
        $this->assertSame(
            'ODR expiry sync preview: 1 of 3 domain(s) would change',
            $this->whmcs->outbox->toAdmins()[0]['subject'],
        );
    }
}
