<?php

declare(strict_types=1);

namespace OdrTests\Whmcs\Unit;

use Odr\Panel\Capability\CurlTransport;
use PHPUnit\Framework\TestCase;

/**
 * The component's HTTP capability against a local PHP web server.
 */
final class CurlTransportTest extends TestCase
{
    /** @var resource|null */
    private static $server = null;
    private static int $port = 0;

    public static function setUpBeforeClass(): void
    {
        self::$port = self::freePort();
        $router = dirname(__DIR__) . '/Support/http-echo-router.php';
        self::$server = proc_open(
            [PHP_BINARY, '-S', '127.0.0.1:' . self::$port, $router],
            [0 => ['file', '/dev/null', 'r'], 1 => ['file', '/dev/null', 'w'], 2 => ['file', '/dev/null', 'w']],
            $pipes,
        );
        $deadline = microtime(true) + 5;
        while (microtime(true) < $deadline) {
            $socket = @fsockopen('127.0.0.1', self::$port, $errno, $error, 0.1);
            if ($socket !== false) {
                fclose($socket);

                return;
            }
            usleep(20000);
        }
        self::fail('php -S did not start');
    }

    public static function tearDownAfterClass(): void
    {
        if (is_resource(self::$server)) {
            proc_terminate(self::$server);
            proc_close(self::$server);
        }
    }

    public function testRequestGoesOutAsGivenWithoutExpectContinue(): void
    {
        $body = json_encode(['data' => str_repeat('x', 200000)]);
        $response = (new CurlTransport())([
            'method' => 'PUT',
            'url' => $this->url('/domain/example.nl/?page=2'),
            'headers' => ['Content-Type' => 'application/json', 'X-Access-Token' => 'token$abc'],
            'body' => $body,
            'timeout_ms' => 5000,
        ]);

        $this->assertSame(200, $response['status']);
        $this->assertSame('3', $response['headers']['x-pagination-totalpages']);
        $this->assertSame('application/json', $response['headers']['content-type']);
        $echo = json_decode($response['body'], true);
        $this->assertSame('PUT', $echo['method']);
        $this->assertSame('/domain/example.nl/?page=2', $echo['uri']);
        $this->assertSame($body, $echo['body']);
        $this->assertSame('token$abc', $echo['headers']['X-Access-Token']);
        $this->assertArrayNotHasKey('Expect', $echo['headers']);
    }

    public function testGetWithoutBody(): void
    {
        $response = (new CurlTransport())(
            ['method' => 'GET', 'url' => $this->url('/user/'), 'headers' => [], 'body' => '', 'timeout_ms' => 0],
        );

        $echo = json_decode($response['body'], true);
        $this->assertSame('GET', $echo['method']);
        $this->assertSame('', $echo['body']);
    }

    public function testRedirectsAreNotFollowed(): void
    {
        $response = (new CurlTransport())(
            ['method' => 'GET', 'url' => $this->url('/redirect'), 'headers' => [], 'body' => '', 'timeout_ms' => 5000],
        );

        $this->assertSame(302, $response['status']);
        $this->assertSame('/elsewhere', $response['headers']['location']);
    }

    public function testSlowServerTimesOut(): void
    {
        $response = (new CurlTransport())(
            ['method' => 'GET', 'url' => $this->url('/slow'), 'headers' => [], 'body' => '', 'timeout_ms' => 300],
        );

        $this->assertSame('timeout', $response['error']);
        // cURL error 28 is its own timeout; the slow endpoint answers far later.
        $this->assertStringContainsString('cURL error 28', $response['message']);
    }

    public function testABodyOverTheCapIsStoppedWhileItIsRead(): void
    {
        $before = memory_get_usage();
        memory_reset_peak_usage();
        $response = (new CurlTransport())(
            ['method' => 'GET', 'url' => $this->url('/huge'), 'headers' => [], 'body' => '', 'timeout_ms' => 20000],
        );

        $this->assertSame('other', $response['error']);
        $this->assertStringContainsString('larger than 33554432 bytes (32 MiB)', $response['message']);
        // The server offers 128 MiB; what was held is the cap plus a chunk, never the whole body.
        $this->assertLessThan(CurlTransport::MAX_BODY_BYTES + (8 << 20), memory_get_peak_usage() - $before);
    }

    public function testABodyAnnouncedOverTheCapIsRefusedBeforeReading(): void
    {
        $response = (new CurlTransport())(
            ['method' => 'GET', 'url' => $this->url('/huge-announced'), 'headers' => [], 'body' => '',
                'timeout_ms' => 5000],
        );

        $this->assertSame('other', $response['error']);
        $this->assertStringContainsString('larger than 33554432 bytes', $response['message']);
    }

    public function testTheCallBudgetCutsARequestAndRefusesTheNextOnes(): void
    {
        $transport = new CurlTransport();
        $transport->startBudget(1);
        $started = microtime(true);
        $slow = $transport(
            ['method' => 'GET', 'url' => $this->url('/slow'), 'headers' => [], 'body' => '', 'timeout_ms' => 10000],
        );
        $next = $transport(
            ['method' => 'GET', 'url' => $this->url('/user/'), 'headers' => [], 'body' => '', 'timeout_ms' => 10000],
        );

        $this->assertSame('timeout', $slow['error']);
        $this->assertStringContainsString('time budget of this call (1 s) is used up', $slow['message']);
        $this->assertSame('timeout', $next['error']);
        $this->assertStringContainsString('time budget of this call (1 s) is used up', $next['message']);
        // The slow endpoint answers after 3 s: the request was cut at the budget, not at its 10 s timeout.
        $this->assertLessThan(2.5, microtime(true) - $started);

        $transport->endBudget();
        $after = $transport(
            ['method' => 'GET', 'url' => $this->url('/user/'), 'headers' => [], 'body' => '', 'timeout_ms' => 5000],
        );
        $this->assertSame(200, $after['status']);
    }

    public function testClosedPortIsConnectionRefused(): void
    {
        $response = (new CurlTransport())(
            [
                'method' => 'GET',
                'url' => 'http://127.0.0.1:' . self::freePort() . '/',
                'headers' => [],
                'body' => '',
                'timeout_ms' => 2000,
            ],
        );

        $this->assertSame('connection-refused', $response['error']);
    }

    public function testSendManyAnswersInRequestOrderEachAsASingleSendWould(): void
    {
        $get = fn (string $url): array
            => ['method' => 'GET', 'url' => $url, 'headers' => [], 'body' => '', 'timeout_ms' => 5000];
        // (That they are in flight together is shown against `odr replay-server`, which serves
        // connections in parallel: php -S serves one worker's connections one by one.)
        $requests = [
            $get($this->url('/domain/example.nl/available/')),
            $get('http://127.0.0.1:' . self::freePort() . '/'),
            $get($this->url('/redirect')),
            $get($this->url('/huge-announced')),
            ['method' => 'POST', 'url' => $this->url('/user/login/'), 'headers' => ['X-A' => 'b'],
                'body' => '{"a":1}', 'timeout_ms' => 5000],
        ];

        $answers = (new CurlTransport())->sendMany($requests);

        $this->assertCount(5, $answers);
        $this->assertSame('/domain/example.nl/available/', json_decode($answers[0]['body'], true)['uri']);
        $this->assertSame('connection-refused', $answers[1]['error']);
        $this->assertSame(302, $answers[2]['status']);
        $this->assertStringContainsString('larger than 33554432 bytes', $answers[3]['message']);
        $echo = json_decode($answers[4]['body'], true);
        $this->assertSame(['POST', '{"a":1}', 'b'], [$echo['method'], $echo['body'], $echo['headers']['X-A']]);
        $this->assertArrayNotHasKey('Expect', $echo['headers']);
        $this->assertSame([], (new CurlTransport())->sendMany([]));
    }

    public function testSendManyKeepsTheCallBudget(): void
    {
        $transport = new CurlTransport();
        $transport->startBudget(1);
        $get = fn (string $path): array
            => ['method' => 'GET', 'url' => $this->url($path), 'headers' => [], 'body' => '', 'timeout_ms' => 10000];

        $started = microtime(true);
        $cut = $transport->sendMany([$get('/slow'), $get('/slow')]);
        $late = $transport->sendMany([$get('/user/')]);

        foreach ([...$cut, ...$late] as $answer) {
            $this->assertSame('timeout', $answer['error']);
            $this->assertStringContainsString('time budget of this call (1 s) is used up', $answer['message']);
        }
        // The slow endpoint answers after 3 s: both were cut at the budget, not at their 10 s timeout.
        $this->assertLessThan(2.5, microtime(true) - $started);
    }

    public function testOnlyHttpSchemes(): void
    {
        $response = (new CurlTransport())(
            ['method' => 'GET', 'url' => 'file:///etc/passwd', 'headers' => [], 'body' => '', 'timeout_ms' => 2000],
        );

        $this->assertSame('other', $response['error']);
    }

    private function url(string $path): string
    {
        return 'http://127.0.0.1:' . self::$port . $path;
    }

    private static function freePort(): int
    {
        $socket = stream_socket_server('tcp://127.0.0.1:0');
        $name = stream_socket_get_name($socket, false);
        fclose($socket);

        return (int) substr((string) $name, strrpos((string) $name, ':') + 1);
    }
}
