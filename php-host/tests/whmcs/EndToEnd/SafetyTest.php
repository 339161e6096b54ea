<?php

declare(strict_types=1);

namespace OdrTests\Whmcs\EndToEnd;

use OdrTests\Whmcs\Support\EndToEndTestCase;
use WHMCS\Module\Registrar\Odr\Capability\StateStore;

/**
 * Production safety end to end (docs/requests.md): WHMCS's cron and admin pages against recordings in
 * which ODR answers as its own fixtures do (every error 404), from a wrong account, or asks for
 * a fresh login with a 404. Nothing may be cancelled, transferred away or failed on such
 * evidence.
 */
final class SafetyTest extends EndToEndTestCase
{
    private int $client;

    protected function setUp(): void
    {
        parent::setUp();
        $this->client = $this->whmcs->fixtures()->client();
    }

    public function testAnEmptyAccountMarksNothingTransferredAway(): void
    {
        $this->replay('safety_empty_account_brake');
        $ids = [];
        foreach (['a.nl', 'b.nl', 'c.nl'] as $name) {
            $ids[$name] = $this->whmcs->fixtures()->domain($this->client, $name, ['expirydate' => '2026-05-01']);
        }

        $report = $this->whmcs->cron()->domainStatusSync();

        foreach ($ids as $name => $id) {
            $this->assertSame(['Active', '2026-05-01'], $this->statusAndExpiry($id), $name);
            $this->assertMatchesRegularExpression(
                '/ - ' . preg_quote($name, '/') . ': Error: Safety brake: ODR\'s domain list for this account is '
                    . 'empty while the panel holds 3 domain\(s\) at ODR\. The module talks to http:\/\/127\.0\.0\.1:\d+\/ '
                    . '\(test mode off, API key public\$/',
                $report,
            );
        }
        $this->assertStringContainsString('Safety brake', implode("\n", $this->activity()));
    }

    public function testAnAccountSwitchMarksNothingTransferredAway(): void
    {
        (new StateStore())->set('odr:account-seen', (string) json_encode([
            'account' => '0123456789abcdef', 'api_url' => 'https://api.opendomainregistry.net/',
            'test_mode' => false, 'api_key' => 'public$previousaccount',
        ]), null);
        $this->replay('safety_account_switch_brake');
        $ids = [];
        foreach (['a.nl', 'b.nl', 'c.nl', 'd.nl', 'e.nl', 'f.nl'] as $name) {
            $ids[$name] = $this->whmcs->fixtures()->domain($this->client, $name, ['expirydate' => '2026-01-01']);
        }

        $report = $this->whmcs->cron()->domainStatusSync();

        $this->assertSame(['Active', '2026-01-01'], $this->statusAndExpiry($ids['a.nl']));
        $this->assertStringContainsString(
            ' - a.nl: Error: Safety brake: the module settings now name another ODR account than the last sync '
                . 'used (before: https://api.opendomainregistry.net/ (test mode off, API key public$previousaccount))',
            $report,
        );
        foreach (['b.nl', 'c.nl', 'd.nl', 'e.nl', 'f.nl'] as $name) {
            $this->assertSame(['Active', '2026-05-01'], $this->statusAndExpiry($ids[$name]), 'active: synced');
        }
    }

    public function testAGeneric404OnDomainInfoChangesNothing(): void
    {
        $this->replay('safety_forced_404_on_domain_info');
        $id = $this->whmcs->fixtures()->domain($this->client, 'example.nl', ['expirydate' => '2026-01-01']);

        $report = $this->whmcs->cron()->domainStatusSync();

        $this->assertSame(['Active', '2026-01-01'], $this->statusAndExpiry($id));
        $this->assertStringContainsString(
            ' - example.nl: Error: ODR does not find domain example.nl (ODR said: Forced error), but the '
                . "account's domain list still lists it; nothing was changed.",
            $report,
        );
    }

    public function testAGeneric404OnTheTransferCheckKeepsItPending(): void
    {
        $this->replay('safety_forced_404_on_transfer_check');
        $ordered = $this->whmcs->clock->now()->modify('-3 days')->format('Y-m-d');
        $id = $this->whmcs->fixtures()->order(
            $this->client,
            'example.nl',
            'Transfer',
            ['status' => 'Pending Transfer', 'registrationdate' => $ordered],
        );

        $this->assertSame(" - example.nl: Transfer Still In Progress\n", $this->whmcs->cron()->domainTransferSync());
        $this->assertSame('Pending Transfer', $this->domain($id)->status);
        $this->assertSame([], $this->whmcs->outbox->toClients(), 'no "transfer failed" mail');
    }

    public function testATokenErrorSentWithCode404LogsInAgain(): void
    {
        $this->replay('safety_token_error_with_code_404');
        $id = $this->whmcs->fixtures()->domain($this->client, 'example.nl');

        $this->assertSame(
            ['ns1' => 'ns1.example.net', 'ns2' => 'ns2.example.net', 'ns3' => '', 'ns4' => '', 'ns5' => ''],
            $this->registrar->getNameservers($id),
        );
        $this->assertSame(
            ['POST /user/login/', 'GET /domain/example.nl/info/', 'POST /user/login/', 'GET /domain/example.nl/info/'],
            $this->odrRequests(),
        );
    }

    public function testADeletedRecordInTheListNeverCancelsADomainRegisteredSince(): void
    {
        // Point 1: the list (read by the first cron run) holds an older DELETED record of
        // example.nl; the admin registers it; the next run within the hour must not cancel it.
        $this->replay('safety_deleted_in_list_then_registered_again');
        $other = $this->whmcs->fixtures()->domain($this->client, 'other.nl', ['expirydate' => '2026-03-01']);
        $id = $this->whmcs->fixtures()->order($this->client, 'example.nl');

        $this->whmcs->cron()->domainStatusSync();
        $this->assertSame(['success' => true], $this->registrar->register($id, ['ns1.example.net', 'ns2.example.net']));
        $report = $this->whmcs->cron()->domainStatusSync();

        $this->assertSame(['Active', '2026-12-01'], $this->statusAndExpiry($id));
        $this->assertSame(['Active', '2026-03-01'], $this->statusAndExpiry($other));
        $this->assertStringNotContainsString('Cancelled', $report);
        $this->assertSame('GET /domain/example.nl/info/', $this->odrRequests()[count($this->odrRequests()) - 1]);
    }

    public function testAnAccountHoldingOnlyOtherDomainsMarksNothingTransferredAway(): void
    {
        // Point 2: another account's keys: none of WHMCS's domains is in its list.
        $this->replay('safety_account_holds_only_other_domains');
        $ids = [];
        foreach (['a.nl', 'b.nl', 'c.nl'] as $name) {
            $ids[$name] = $this->whmcs->fixtures()->domain($this->client, $name, ['expirydate' => '2026-05-01']);
        }

        $report = $this->whmcs->cron()->domainStatusSync();

        foreach ($ids as $name => $id) {
            $this->assertSame(['Active', '2026-05-01'], $this->statusAndExpiry($id), $name);
            $this->assertStringContainsString(
                ' - ' . $name . ': Error: Safety brake: 3 of the panel\'s 3 domains are missing from ODR\'s domain list',
                $report,
            );
        }
    }

    public function testAWriteAnsweredWithATokenMessageIsNotSentTwice(): void
    {
        // Point 4: words about a token prove nothing about a write; only 401/403 re-send it.
        $this->replay('safety_write_answered_with_a_token_message');
        $id = $this->whmcs->fixtures()->domain($this->client, 'example.nl');

        $result = $this->registrar->saveNameservers($id, ['ns1.new.example', 'ns2.new.example']);

        $this->assertStringContainsString('Token expired (the module logged in again but did not send the change '
            . 'a second time', (string) ($result['error'] ?? ''));
        $this->assertSame(
            ['POST /user/login/', 'GET /domain/example.nl/info/', 'PUT /domain/example.nl/', 'POST /user/login/'],
            $this->odrRequests(),
        );
    }

    public function testASecondAttemptWhileTheFirstOrderIsUnresolvedSendsNothing(): void
    {
        // Point 6: the lock of a registration whose answer was lost holds the retry back.
        $this->replay('safety_order_lock_refuses_a_second_attempt');
        $id = $this->whmcs->fixtures()->order($this->client, 'example.nl');
        $nameservers = ['ns1.example.net', 'ns2.example.net'];

        $first = $this->registrar->register($id, $nameservers);
        $second = $this->registrar->register($id, $nameservers);

        $this->assertStringContainsString('may have reached ODR', (string) ($first['error'] ?? ''));
        $this->assertStringContainsString(
            'has no known outcome, and ODR does not show the domain in the account yet. So that it is not ordered '
                . 'twice, nothing was sent.',
            (string) ($second['error'] ?? ''),
        );
        $orders = array_filter($this->odrRequests(), static fn (string $r): bool => $r === 'POST /domain/example.nl/');
        $this->assertCount(1, $orders, 'one order request in all');
        $this->assertSame('Pending', $this->domain($id)->status);
    }

    public function testAListThatBreaksOffBeforeItsLastPageBuildsNoReport(): void
    {
        // Point 7: an empty page 2 of 3 is an incomplete list, not an account without domains.
        $this->changeSettings(['Primairydomain' => '']);
        $this->replay('safety_list_breaks_off_before_the_last_page');
        $id = $this->whmcs->fixtures()->domain($this->client, 'example.nl', ['expirydate' => '2026-03-01']);

        $result = $this->registrar->customFunction($id, 'Send domain report now');

        $this->assertStringContainsString(
            "ODR's domain list could not be read completely",
            (string) ($result['error'] ?? ''),
        );
        $this->assertSame([], $this->whmcs->outbox->toAdmins(), 'no report mail');
    }

    public function testRetryAfterHoldsForTheNextCall(): void
    {
        // Point 10: ODR's Retry-After is kept across calls (page views, cron runs).
        $this->replay('safety_retry_after_holds_across_calls');
        $id = $this->whmcs->fixtures()->domain($this->client, 'example.nl');

        $first = $this->registrar->getNameservers($id);
        $second = $this->registrar->getNameservers($id);

        $this->assertStringContainsString('try again in 120 seconds', (string) ($first['error'] ?? ''));
        $this->assertStringContainsString(
            'ODR asked the module earlier (Retry-After) to wait; nothing was sent',
            (string) ($second['error'] ?? ''),
        );
        $this->assertSame(['POST /user/login/', 'GET /domain/example.nl/info/'], $this->odrRequests());
    }

    /** @return array{0: string, 1: string} */
    private function statusAndExpiry(int $id): array
    {
        $row = $this->domain($id);

        return [(string) $row->status, substr((string) $row->expirydate, 0, 10)];
    }
}
