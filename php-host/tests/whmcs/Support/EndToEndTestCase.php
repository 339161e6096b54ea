<?php

declare(strict_types=1);

namespace OdrTests\Whmcs\Support;

use OdrTests\Whmcs\Emulation\ReplayServer;

/**
 * End to end: WHMCS function → module → odr extension → component → the module's cURL
 * transport → `odr replay-server` on 127.0.0.1 serving a recording strictly. After each test
 * the server must report every exchange used and none mismatched.
 */
abstract class EndToEndTestCase extends WhmcsTestCase
{
    /** Recordings of the end-to-end tests. */
    public const RECORDINGS = __DIR__ . '/../../recordings';

    /**
     * The token every recording's login issues (the component sends it back as is).
     */
    public const REPLAY_TOKEN = '<TOKEN>';

    /** @var list<string> further tokens this test's exchanges issue (see secrets()) */
    protected array $issuedTokens = [];

    private ?ReplayServer $server = null;
    /** @var list<string> generated recordings to delete */
    private array $generated = [];

    protected function setUp(): void
    {
        if (!ODR_TESTS_REAL_EXTENSION) {
            $this->fail('Needs the odr extension (php -d extension=...; see run-whmcs-tests.sh).');
        }
        if (!is_file(ODR_COMPONENT_PATH)) {
            $this->fail('No component at ' . ODR_COMPONENT_PATH . ' (make cwasm).');
        }
        if (!ReplayServer::available()) {
            $this->fail('No replay server at ' . ReplayServer::cli() . ' (make cli).');
        }
        parent::setUp();
    }

    /**
     * Serves php-host/tests/recordings/<name>.json and points the module's API URL at it.
     *
     * @param int $latencyMs added to every exchange (a simulated round trip)
     */
    protected function replay(string $name, int $latencyMs = 0): void
    {
        $this->serve(self::RECORDINGS . '/' . $name . '.json', $latencyMs);
    }

    /** @return array{served: int, peak_in_flight: int, connections: int} what the replay server counted */
    protected function replayStats(): array
    {
        if ($this->server === null) {
            $this->fail('No replay running');
        }

        return $this->server->stats();
    }

    /**
     * A later step of the same test against another recording: the current replay must be
     * complete (every exchange used, none mismatched), then the next one is served. Each server
     * has its own URL, so the module holds no token for it and logs in again, as the recordings
     * expect.
     */
    protected function replayNext(string $name): void
    {
        $this->finishReplay();
        $this->replay($name);
    }

    /**
     * Like replayNext(), with exchanges built by the test.
     *
     * @param list<array<string, mixed>> $exchanges
     */
    protected function replayNextExchanges(string $description, array $exchanges): void
    {
        $this->finishReplay();
        $this->replayExchanges($description, $exchanges);
    }

    /**
     * A recording's exchanges, to be changed by a test and served with replayExchanges().
     *
     * @return list<array<string, mixed>>
     */
    protected function recordingExchanges(string $name): array
    {
        $recording = json_decode(
            (string) file_get_contents(self::RECORDINGS . '/' . $name . '.json'),
            true,
            512,
            JSON_THROW_ON_ERROR,
        );

        return $recording['exchanges'];
    }

    /**
     * Serves exchanges built by the test (bulk scenarios: thousands of domains).
     *
     * @param list<array<string, mixed>> $exchanges
     */
    protected function replayExchanges(string $description, array $exchanges): void
    {
        $file = tempnam(sys_get_temp_dir(), 'odr-recording-');
        $this->generated[] = $file;
        file_put_contents($file, json_encode([
            'description' => $description,
            'now' => \OdrTests\Whmcs\Emulation\Clock::RECORDING_NOW,
            'calls' => [],
            'exchanges' => $exchanges,
        ], JSON_THROW_ON_ERROR | JSON_UNESCAPED_SLASHES));
        $this->serve($file);
    }

    /** The replay is complete: every exchange used, no request differed. */
    protected function assertPostConditions(): void
    {
        parent::assertPostConditions();
        if ($this->server !== null) {
            $this->assertReplayComplete();
        }
        $this->assertNoInvalidDomainDates();
        $this->assertNoSecretsAnywhere();
    }

    /** The EPP codes of the recordings (ODR's answers) and of the transfer orders the tests place. */
    public const EPP_CODES = ['Xk29PqLm7A', 'Xk29<Pq>Lm7A', 'Xk29-Pq&Lm7A'];

    /** Besides the API secret and signature: every token the replay issued, and the EPP codes. */
    protected function secrets(): array
    {
        $secrets = parent::secrets() + ['the token the replay issued' => self::REPLAY_TOKEN];
        foreach (self::EPP_CODES as $n => $code) {
            $secrets['EPP code ' . ($n + 1)] = $code;
            if (htmlspecialchars($code) !== $code) {
                $secrets['EPP code ' . ($n + 1) . ', HTML-escaped'] = htmlspecialchars($code);
            }
        }
        foreach ($this->issuedTokens as $n => $token) {
            $secrets['token ' . ($n + 1) . ' the replay issued'] = $token;
        }

        return $secrets;
    }

    protected function tearDown(): void
    {
        $this->server?->stop();
        $this->server = null;
        foreach ($this->generated as $file) {
            if (is_file($file)) {
                unlink($file);
            }
        }
        parent::tearDown();
    }

    /** @return list<string> the ODR requests in the module log, e.g. "GET /domain/example.nl/info/" */
    protected function odrRequests(): array
    {
        $requests = [];
        foreach ($this->moduleLog() as $row) {
            if (preg_match('#^(GET|POST|PUT|DELETE) https?://[^/]+(/\S*)#', (string) $row->request, $m) === 1) {
                $requests[] = $m[1] . ' ' . $m[2];
            }
        }

        return $requests;
    }

    private function assertReplayComplete(): void
    {
        [$status, $body] = $this->server->verify();
        $this->assertSame(200, $status, "The replay server reports:\n" . $body);
        $this->assertSame('ok', trim($body));
    }

    private function finishReplay(): void
    {
        if ($this->server === null) {
            $this->fail('No replay to finish');
        }
        $this->assertReplayComplete();
        $this->server->stop();
        $this->server = null;
    }

    private function serve(string $file, int $latencyMs = 0): void
    {
        $this->server = ReplayServer::start($file, $latencyMs);
        $this->changeSettings(['ApiUrl' => $this->server->url()]);
    }
}
