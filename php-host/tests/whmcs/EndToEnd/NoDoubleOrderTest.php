<?php

declare(strict_types=1);

namespace OdrTests\Whmcs\EndToEnd;

use OdrTests\Whmcs\Support\EndToEndTestCase;
use OdrTests\Whmcs\Support\Faults\Fault;
use OdrTests\Whmcs\Support\Faults\FaultScenario;
use OdrTests\Whmcs\Support\Faults\Scenarios\OrderScenario;
use OdrTests\Whmcs\Support\Odr;

/**
 * No double registration, end to end: the order request reaches ODR and ODR acts on it, but
 * its answer is lost (the replay server resets the connection, or never answers within the
 * module's 1 s timeout). Either the component's follow-up lookup already finds the domain,
 * or WHMCS's retry does, before ordering: the strict replay holds exactly one order request,
 * so a second one would fail the test.
 */
final class NoDoubleOrderTest extends EndToEndTestCase
{
    /** @return iterable<string, array{string, string, ?string, ?string}> */
    public static function lostAnswers(): iterable
    {
        // [WHMCS function, fault on the order, status the lookup right after shows (null: not yet),
        //  status WHMCS's retry finds (null: no retry needed)]
        yield 'register, timeout, found on retry (REGISTERED)' => ['RegisterDomain', 'timeout', null, 'REGISTERED'];
        yield 'register, reset, found on retry (PENDING)' => ['RegisterDomain', 'reset', null, 'PENDING'];
        yield 'register, reset, found by the lookup at once' => ['RegisterDomain', 'reset', 'REGISTERED', null];
        yield 'transfer, timeout, found on retry (PENDING)' => ['TransferDomain', 'timeout', null, 'PENDING'];
        yield 'transfer, reset, found on retry (REGISTERED)' => ['TransferDomain', 'reset', null, 'REGISTERED'];
        yield 'transfer, timeout, found by the lookup at once' => ['TransferDomain', 'timeout', 'PENDING', null];
    }

    /** @dataProvider lostAnswers */
    public function testALostOrderAnswerNeverLeadsToASecondOrder(
        string $function,
        string $fault,
        ?string $foundAtOnce,
        ?string $foundOnRetry,
    ): void {
        $register = $function === 'RegisterDomain';
        $client = $this->whmcs->fixtures()->client();
        $id = $this->whmcs->fixtures()->order($client, 'example.nl', $register ? 'Register' : 'Transfer');
        $this->changeSettings(['RequestTimeout' => '1']);
        $exchanges = FaultScenario::named($function)->exchanges(Fault::named('none'));
        $order = array_pop($exchanges);
        $exchanges[] = [
            'request' => $order['request'],
            'response' => ['fault' => $fault],
            'note' => 'ODR acted on the order; its answer is lost',
        ];
        $exchanges[] = $this->lookup($foundAtOnce, 'the component checks the account at once');
        if ($foundOnRetry !== null) {
            $exchanges[] = $this->lookup($foundOnRetry, 'WHMCS retries: the check before ordering finds it');
        }
        $this->replayExchanges(sprintf('%s: the order\'s answer is lost (%s)', $function, $fault), $exchanges);
        $order = fn (): array => $register
            ? $this->registrar->register($id, OrderScenario::NAMESERVERS)
            : $this->registrar->transfer($id, OrderScenario::EPP_CODE, OrderScenario::NAMESERVERS);

        $first = $order();

        if ($foundAtOnce === null) {
            $this->assertSame(['error'], array_keys($first));
            $this->assertStringContainsString('could not be reached while ordering', $first['error']);
            $this->assertStringContainsString('order may have reached ODR all the same', $first['error']);
            $this->assertStringContainsString('Retrying is safe', $first['error']);
            $this->assertSame('Pending', $this->domain($id)->status, 'WHMCS keeps the order for a retry');
            $result = $order();
            $status = $foundOnRetry;
            $this->assertStringContainsString(
                'not sent to ODR: an earlier order\'s answer was lost, but the domain is in the account (status '
                    . $status . ')',
                implode("\n", $this->activity()),
            );
        } else {
            $result = $first;
            $status = $foundAtOnce;
            $this->assertStringContainsString(
                'ODR\'s answer could not be used',
                implode("\n", $this->activity()),
            );
        }

        $pending = $status === 'PENDING';
        $this->assertSame($pending ? ['success' => true, 'pending' => true] : ['success' => true], $result);
        $this->assertSame(
            $register ? ($pending ? 'Pending Registration' : 'Active') : 'Pending Transfer',
            $this->domain($id)->status,
        );
        $orders = array_filter(
            $this->odrRequests(),
            static fn (string $request): bool => in_array(
                $request,
                ['POST /domain/example.nl/', 'PUT /domain/example.nl/transfer/'],
                true,
            ),
        );
        $this->assertCount(1, $orders, 'exactly one order reached ODR');
        $this->assertStringNotContainsString('Failed', implode("\n", array_slice($this->activity(), -1)));
    }

    /** @return array<string, mixed> `GET /domain/example.nl/`: 404, or the domain with this status */
    private function lookup(?string $status, string $note): array
    {
        if ($status === null) {
            return ['note' => $note . ': not visible yet'] + Odr::exchange(
                'GET',
                '/domain/example.nl/',
                '',
                null,
                ['message' => 'Domain not found', 'data' => []],
                404,
            );
        }

        return ['note' => $note . ': ' . $status] + Odr::exchange('GET', '/domain/example.nl/', '', null, [
            'id' => '5678', 'name' => 'example', 'api_handle' => 'example', 'tld' => 'nl', 'status' => $status,
            'autorenew' => 'ON', 'created' => '2025-12-01 00:00:00', 'updated' => '2025-12-01 00:00:00',
            'expiration_date' => $status === 'REGISTERED' ? '2026-12-01 00:00:00' : null,
        ]);
    }
}
