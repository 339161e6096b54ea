<?php

declare(strict_types=1);

namespace OdrTests\Whmcs\EndToEnd;

use OdrTests\Whmcs\Support\EndToEndTestCase;
use OdrTests\Whmcs\Support\Odr;

/**
 * Point 8: an order ODR accepts as PENDING leaves the domain pending in WHMCS (Pending
 * Registration, Pending Transfer) and the cron takes it to Active once ODR has it registered
 * (docs/whmcs-behaviour.md, rules O1-O4).
 */
final class PendingOrderTest extends EndToEndTestCase
{
    private int $client;

    protected function setUp(): void
    {
        parent::setUp();
        $this->client = $this->whmcs->fixtures()->client();
    }

    public function testAPendingRegistrationBecomesActiveThroughTheCronSync(): void
    {
        $exchanges = $this->recordingExchanges('register_creates_registrant_contact');
        $order = array_key_last($exchanges);
        $this->assertSame('POST /domain/example.nl/', $exchanges[$order]['request']['method'] . ' '
            . $exchanges[$order]['request']['path']);
        $exchanges[$order]['response']['body']['response']['status'] = 'PENDING';
        $this->replayExchanges(
            'RegisterDomain as in register_creates_registrant_contact, but ODR accepts the order as PENDING.',
            $exchanges,
        );
        $id = $this->whmcs->fixtures()->order($this->client, 'example.nl');

        $result = $this->registrar->register($id, ['ns1.example.net', 'ns2.example.net']);

        $this->assertSame(['success' => true, 'pending' => true], $result);
        $this->assertSame(['Pending Registration', '0000-00-00', '2026-12-01'], $this->domainDates($id));
        $this->assertContains(
            'Domain Pending Registration Successful - Domain ID: ' . $id . ' - Domain: example.nl',
            $this->activity(),
        );

        $this->replayNextExchanges('Sync: the registration went through, example.nl is REGISTERED.', [
            Odr::login(),
            Odr::domainListPage(1, 1, [Odr::listedDomain('example.nl', 'REGISTERED', '2026-12-01')]),
        ]);
        $report = $this->whmcs->cron()->domainStatusSync();

        $this->assertSame(['Active', '2026-12-01', '2026-12-01'], $this->domainDates($id));
        $this->assertStringContainsString(
            ' - example.nl: Status Changed to Active, Expiry Date updated to 01/12/2026',
            $report,
        );
        $this->assertSame(['RegisterDomain', 'Sync'], array_column($this->whmcs->moduleCalls, 'function'));
    }

    public function testAPendingTransferBecomesActiveThroughTransferSync(): void
    {
        $this->whmcs->setConfig('DomainSyncNextDueDate', 'on');
        $this->replay('transfer_pending_with_auth_code');
        $id = $this->whmcs->fixtures()->order($this->client, 'example.nl', 'Transfer');

        $result = $this->registrar->transfer($id, 'Xk29-Pq&Lm7A', ['ns1.example.net', 'ns2.example.net']);

        $this->assertSame(['success' => true, 'pending' => true], $result);
        $this->assertSame('Pending Transfer', $this->domain($id)->status);

        $this->replayNext('transfer_sync_completed');
        $report = $this->whmcs->cron()->run();

        $this->assertSame(['Active', '2026-11-30', '2026-11-30'], $this->domainDates($id));
        $this->assertStringContainsString(' - example.nl: Transfer Completed - In Sync', $report);
        $this->assertSame(
            ['TransferDomain', 'TransferSync'],
            array_column($this->whmcs->moduleCalls, 'function'),
            'the status sync leaves a Pending Transfer domain to TransferSync',
        );
        $this->assertSame(['Domain Transfer Completed'], array_column($this->whmcs->outbox->toClients(), 'template'));
    }
}
