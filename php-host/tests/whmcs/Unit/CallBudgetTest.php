<?php

declare(strict_types=1);

namespace OdrTests\Whmcs\Unit;

use Odr\Panel\Capability\CurlTransport;
use Odr\Panel\Component;
use PHPUnit\Framework\TestCase;
use WHMCS\Module\Registrar\Odr\Settings;

/**
 * Every component call runs within a wall-clock budget: a request is cut when the budget ends,
 * and every later request of the same call fails at once, so the component stops and sends
 * nothing more. Separate processes: the budgets are constants (configuration.php).
 *
 * @runTestsInSeparateProcesses
 * @preserveGlobalState disabled
 */
final class CallBudgetTest extends TestCase
{
    public function testTheDefaultBudgetsForAdminActionsAndTheCron(): void
    {
        $this->assertSame(120, Component::budgetSeconds('get-nameservers'));
        $this->assertSame(120, Component::budgetSeconds('register-domain'));
        $this->assertSame(1800, Component::budgetSeconds('sync-domain'));
        $this->assertSame(1800, Component::budgetSeconds('build-domain-report'));
    }

    public function testACallStopsAtItsBudgetAndSendsNothingMore(): void
    {
        define('ODR_ADMIN_CALL_BUDGET_SECONDS', 1);
        define('ODR_CRON_CALL_BUDGET_SECONDS', 7);
        $this->assertSame(7, Component::budgetSeconds('transfer-sync'));

        // Accepts connections (the kernel's backlog) and never answers.
        $silent = stream_socket_server('tcp://127.0.0.1:0');
        $this->assertIsResource($silent);
        $url = 'http://' . stream_socket_get_name($silent, false) . '/user/';
        $transport = new CurlTransport();
        $registrar = new class ($transport, $url) {
            /** @var list<array<string, mixed>> */
            public array $answers = [];

            public function __construct(private readonly CurlTransport $transport, private readonly string $url)
            {
            }

            /** Stands in for the component: two requests with a 10 s timeout each. */
            public function call(string $function, array $args): array
            {
                foreach ([1, 2] as $n) {
                    $this->answers[] = ($this->transport)([
                        'method' => 'GET', 'url' => $this->url, 'headers' => [], 'body' => '', 'timeout_ms' => 10000,
                    ]);
                }

                return $this->answers;
            }
        };
        $component = new Component($registrar, Settings::fromArray(['APIKey' => 'public$k'])->connection(), $transport);

        $started = microtime(true);
        [$first, $second] = $component->call('get-nameservers', ['domain' => 'example.nl']);
        $elapsed = microtime(true) - $started;

        $budget = 'the time budget of this call (1 s) is used up, so no further request is sent';
        $this->assertSame(['error' => 'timeout', 'message' => $budget], $first);
        $this->assertSame(['error' => 'timeout', 'message' => $budget], $second);
        $this->assertLessThan(3.0, $elapsed, 'cut at the 1 s budget, not at the 10 s request timeout');
        fclose($silent);

        // The budget belongs to the call: outside one, the transport is unbounded again.
        $after = $transport(['method' => 'GET', 'url' => 'http://127.0.0.1:9/', 'headers' => [], 'body' => '',
            'timeout_ms' => 2000]);
        $this->assertStringNotContainsString('time budget', (string) ($after['message'] ?? ''));
    }
}
