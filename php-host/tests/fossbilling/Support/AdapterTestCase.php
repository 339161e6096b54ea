<?php

declare(strict_types=1);

namespace OdrTests\Fossbilling\Support;

use OdrTests\Fossbilling\Emulation\Fossbilling;
use OdrTests\Whmcs\Emulation\ReplayServer;
use PHPUnit\Framework\TestCase;

/**
 * End to end on FOSSBilling: adapter method → odr extension → component → the shared cURL
 * transport → `odr replay-server` on 127.0.0.1 serving one of the WHMCS tests' recordings
 * (php-host/tests/recordings) strictly. After each test the server must report every exchange
 * used and none mismatched, and no secret may be in FOSSBilling's log or in clear in its database.
 */
abstract class AdapterTestCase extends TestCase
{
    public const RECORDINGS = __DIR__ . '/../../recordings';
    public const API_KEY = 'public$testkey';
    public const API_SECRET = 'secret$testsecret';
    /** The token every recording's login issues, and the recordings' EPP codes. */
    public const SECRETS = ['<TOKEN>', 'Xk29PqLm7A', 'Xk29<Pq>Lm7A', 'Xk29-Pq&Lm7A'];

    protected Fossbilling $fossbilling;
    private ?ReplayServer $server = null;
    private ?string $generated = null;

    protected function setUp(): void
    {
        if (!class_exists('Odr\\Registrar')) {
            $this->fail('Needs the odr extension (php -d extension=...; see make test-fossbilling).');
        }
        if (!is_file(ODR_COMPONENT_PATH)) {
            $this->fail('No component at ' . ODR_COMPONENT_PATH . ' (make cwasm).');
        }
        if (!ReplayServer::available()) {
            $this->fail('No replay server at ' . ReplayServer::cli() . ' (make cli).');
        }
        $this->fossbilling = new Fossbilling();
    }

    protected function tearDown(): void
    {
        $this->server?->stop();
        $this->server = null;
        if ($this->generated !== null && is_file($this->generated)) {
            unlink($this->generated);
        }
        unset($GLOBALS['di']);
    }

    /**
     * Serves a recording (only the exchanges at $only, in order, when given) and answers the
     * adapter FOSSBilling makes with its API URL pointing there.
     *
     * @param list<int>|null $only
     * @param array<string, string> $config changes to the registrar's configuration
     */
    protected function replay(string $name, ?array $only = null, array $config = []): \Registrar_AdapterAbstract
    {
        $file = self::RECORDINGS . '/' . $name . '.json';
        if ($only !== null) {
            $recording = json_decode((string) file_get_contents($file), true, 512, JSON_THROW_ON_ERROR);
            $recording['exchanges'] = array_map(static fn (int $i): array => $recording['exchanges'][$i], $only);
            $recording['description'] .= ' (exchanges ' . implode(', ', $only) . ' only)';
            $file = $this->generated = (string) tempnam(sys_get_temp_dir(), 'odr-recording-');
            file_put_contents($file, json_encode($recording, JSON_THROW_ON_ERROR | JSON_UNESCAPED_SLASHES));
        }
        $this->server = ReplayServer::start($file);

        return $this->adapter(['api_url' => $this->server->url()] + $config);
    }

    /** @param array<string, string> $config */
    protected function adapter(array $config = []): \Registrar_AdapterAbstract
    {
        return $this->fossbilling->adapter($config + [
            'api_key' => self::API_KEY,
            'api_secret' => self::API_SECRET,
            'api_url' => 'http://127.0.0.1:9/',
            'request_timeout' => '',
            'requests_per_second' => '',
            'onsite_contact' => 'registrant',
            'tech_contact' => 'registrant',
        ]);
    }

    /** Runs $call, which must throw Registrar_Exception; returns its message. */
    protected function registrarError(callable $call): string
    {
        try {
            $call();
        } catch (\Registrar_Exception $e) {
            return $e->getMessage();
        }
        $this->fail('Expected a Registrar_Exception');
    }

    /** @return list<string> the ODR requests in FOSSBilling's log, e.g. "GET /domain/example.nl/info/" */
    protected function odrRequests(): array
    {
        $requests = [];
        foreach ($this->fossbilling->log->messages('debug') as $message) {
            if (preg_match('#^Request: (GET|POST|PUT|DELETE) https?://[^/]+(/\S*)#m', $message, $m) === 1) {
                $requests[] = $m[1] . ' ' . $m[2];
            }
        }

        return $requests;
    }

    protected function assertPostConditions(): void
    {
        if ($this->server !== null) {
            [$status, $body] = $this->server->verify();
            $this->assertSame(200, $status, "The replay server reports:\n" . $body);
        }
        $logged = implode("\n", array_column($this->fossbilling->log->entries, 'message'));
        $stored = implode("\n", array_map(
            static fn (array $row): string => implode("\t", array_map('strval', $row)),
            $this->fossbilling->stateRowsIfAny(),
        ));
        foreach ([self::API_SECRET, sha1(self::API_SECRET), ...self::SECRETS] as $secret) {
            $this->assertStringNotContainsString($secret, $logged, 'a secret in FOSSBilling\'s log');
            $this->assertStringNotContainsString($secret, $stored, 'a secret in clear in the state table');
        }
    }
}
