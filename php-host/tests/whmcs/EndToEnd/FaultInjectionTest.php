<?php

declare(strict_types=1);

namespace OdrTests\Whmcs\EndToEnd;

use OdrTests\Whmcs\Emulation\ErrorGuard;
use OdrTests\Whmcs\Support\EndToEndTestCase;
use OdrTests\Whmcs\Support\Faults\Fault;
use OdrTests\Whmcs\Support\Faults\FaultScenario;
use OdrTests\Whmcs\Support\Faults\FaultTable;
use OdrTests\Whmcs\Support\Faults\Scenarios\OrderScenario;
use OdrTests\Whmcs\Support\Faults\TableSnapshot;

/**
 * Fault injection, end to end: every scenario of FaultScenario::ALL under every fault of
 * Fault::ALL (WHMCS emulation → module → extension → component → the module's cURL transport →
 * `odr replay-server` serving the scenario's template with the fault at its fault point).
 *
 * Each case: a clear WHMCS error or the same result as without the fault; no PHP warning,
 * notice or deprecation (even one the module's dispatcher caught); tbldomains and tblclients
 * unchanged but for the scenario's intended writes; only the intended e-mails; and, from
 * EndToEndTestCase, every exchange used as recorded and no secret in any log or e-mail.
 * With ODR_FAULTS_DOC set, a run of the whole matrix writes the outcome table into that file.
 */
final class FaultInjectionTest extends EndToEndTestCase
{
    /** @return iterable<string, array{string, string}> */
    public static function matrix(): iterable
    {
        foreach (array_keys(FaultScenario::ALL) as $scenario) {
            foreach (Fault::ALL as $fault) {
                yield $scenario . ' / ' . $fault => [$scenario, $fault];
            }
        }
    }

    /** @dataProvider matrix */
    public function testFault(string $scenarioName, string $faultName): void
    {
        $scenario = FaultScenario::named($scenarioName);
        $fault = Fault::named($faultName);
        $this->changeSettings($scenario->settings() + ['RequestTimeout' => $fault->requestTimeout()]);
        $scenario->arrange($this->whmcs);
        if ($fault->isRefused()) {
            $this->changeSettings(['ApiUrl' => 'http://127.0.0.1:' . self::closedPort() . '/']);
        } else {
            $this->replayExchanges(
                sprintf('%s under fault "%s" (template %s)', $scenarioName, $faultName, $scenario->template()),
                $scenario->exchanges($fault),
            );
        }
        $before = TableSnapshot::take($this->whmcs->capsule, $scenario->ignoredColumns());
        ErrorGuard::reset();

        $outcome = $scenario->act($this->whmcs);

        $after = TableSnapshot::take($this->whmcs->capsule, $scenario->ignoredColumns());
        $label = match (true) {
            !$outcome->succeeded => 'error',
            $fault->name === 'none' => 'ok',
            default => 'recovered',
        };
        FaultTable::record($scenarioName, $fault, $label, $outcome->shown, $this->odrRequests());

        $this->assertSame([], ErrorGuard::raised(), 'PHP warnings, notices or deprecations');
        if ($fault->recovers($scenario->faultPointExchange())) {
            $this->assertTrue($outcome->succeeded, 'expected the action to succeed, WHMCS shows: ' . $outcome->shown);
            $this->assertSame(TableSnapshot::with($before, $scenario->writesOnSuccess()), $after);
        } else {
            $this->assertFalse($outcome->succeeded, 'expected an error, WHMCS shows: ' . $outcome->shown);
            $this->assertMatchesRegularExpression($fault->expectedError(), $outcome->shown);
            if ($scenario instanceof OrderScenario && $fault->losesTheAnswer()) {
                // The order may have gone through: the admin is told that trying again is safe.
                $this->assertStringContainsString('order may have reached ODR all the same', $outcome->shown);
                $this->assertStringContainsString('Retrying is safe', $outcome->shown);
            }
            $this->assertClearError($outcome->shown);
            $this->assertSame(TableSnapshot::with($before, $scenario->writesOnError($fault)), $after);
        }
        $this->assertSame(
            $scenario->mails($outcome->succeeded, $fault),
            array_column($this->whmcs->outbox->all(), 'subject'),
            'e-mails sent',
        );
    }

    public static function tearDownAfterClass(): void
    {
        FaultTable::publish();
        parent::tearDownAfterClass();
    }

    /** An error an admin can act on: ODR's or the module's words, not PHP's. */
    private function assertClearError(string $shown): void
    {
        $this->assertNotSame('', $shown);
        foreach (['Exception', 'Stack trace', '.php', 'Fatal', 'Warning:', 'Notice:', 'Odr\\', 'wasm'] as $internal) {
            $this->assertStringNotContainsString($internal, $shown, 'an internal detail in the error');
        }
    }

    /** A loopback port nothing listens on (bound, then released). */
    private static function closedPort(): int
    {
        $server = stream_socket_server('tcp://127.0.0.1:0', $errno, $error);
        if ($server === false) {
            throw new \RuntimeException('Cannot find a free port: ' . $error);
        }
        $name = (string) stream_socket_get_name($server, false);
        fclose($server);

        return (int) substr($name, (int) strrpos($name, ':') + 1);
    }
}
