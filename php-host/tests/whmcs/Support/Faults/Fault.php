<?php

declare(strict_types=1);

namespace OdrTests\Whmcs\Support\Faults;

use OdrTests\Whmcs\Support\Odr;

/**
 * One fault injected at a scenario's fault point: what the replay serves instead of ODR's
 * answer, whether the component sees it as a lost (ambiguous) answer, whether the call
 * should recover from it, and the phrase the admin's error must contain.
 */
final class Fault
{
    /** The faults of the matrix, by name, in the order of docs/faults.md's columns. */
    public const ALL = [
        'none', 'refused', 'timeout', 'http500', 'http502', 'http503', 'http503-persistent', 'http429', 'malformed',
        'truncated', 'soft-failure', 'token-expired',
    ];

    /** Column headings of docs/faults.md. */
    public const LABELS = [
        'none' => 'no fault',
        'refused' => 'connection refused',
        'timeout' => 'timeout',
        'http500' => 'HTTP 500',
        'http502' => 'HTTP 502',
        'http503' => 'HTTP 503',
        'http503-persistent' => 'HTTP 503, persistent',
        'http429' => '429 + Retry-After',
        'malformed' => 'malformed JSON',
        'truncated' => 'truncated body',
        'soft-failure' => 'soft failure',
        'token-expired' => 'token expired (401)',
    ];

    /** What each fault is, for docs/faults.md. */
    public const DESCRIPTIONS = [
        'none' => 'the template as recorded (baseline)',
        'refused' => 'nothing listens on the API URL\'s port (every request of the action)',
        'timeout' => 'the replay server holds the connection unanswered (`"fault": "timeout"`); '
            . 'the module\'s request timeout is 1 s. Once: on a read, the component\'s one retry (after 1 s) '
            . 'gets the recorded answer',
        'http500' => '500 with ODR\'s error envelope (`"message": "Internal server error"`), once (as for timeout)',
        'http502' => '502 with a proxy\'s HTML page, no envelope, once (as for timeout)',
        'http503' => '503 with an empty body, no envelope, once (as for timeout)',
        'http503-persistent' => 'the same 503, and on a read the retry gets it again',
        'http429' => '429 with `Retry-After: 30` and ODR\'s error envelope',
        'malformed' => '200 whose body is not JSON (a missing comma)',
        'truncated' => '200 whose JSON body stops halfway (complete HTTP response, cut document)',
        'soft-failure' => '200 `{"status":"success","response":{"status":"FAILED","data":{"message":...}}}`',
        'token-expired' => '401 "Access token is expired" on the fault point; the same request answers '
            . 'normally after a fresh login',
    ];

    /** The seconds of the Retry-After header of the 429. */
    public const RETRY_AFTER = 30;
    public const SOFT_FAILURE_MESSAGE = 'The registry did not answer in time, try again later';

    private function __construct(public readonly string $name)
    {
    }

    public static function named(string $name): self
    {
        if (!in_array($name, self::ALL, true)) {
            throw new \InvalidArgumentException('No fault ' . $name);
        }

        return new self($name);
    }

    public function label(): string
    {
        return self::LABELS[$this->name];
    }

    /** True when there is no server at all on the API URL's port. */
    public function isRefused(): bool
    {
        return $this->name === 'refused';
    }

    /** The module setting RequestTimeout (seconds) for this fault. */
    public function requestTimeout(): string
    {
        return $this->name === 'timeout' ? '1' : '30';
    }

    /**
     * The action should end as if nothing happened: no fault, or one the component recovers from
     * (a fresh login; on a read, one retry after a backoff that gets the recorded answer).
     *
     * @param array<string, mixed> $point the template's exchange at the fault point
     */
    public function recovers(array $point): bool
    {
        return in_array($this->name, ['none', 'token-expired'], true)
            || ($this->isRetriedOnce() && self::isRead($point));
    }

    /** A transient fault served once: a read is retried after the backoff and gets the recorded answer. */
    private function isRetriedOnce(): bool
    {
        return in_array($this->name, ['timeout', 'http500', 'http502', 'http503'], true);
    }

    /** @param array<string, mixed> $point */
    private static function isRead(array $point): bool
    {
        return ($point['request']['method'] ?? '') === 'GET';
    }

    /**
     * The component cannot tell whether ODR acted on the request (no answer, an unreadable one,
     * or ODR failing on its side: any 5xx): an order is looked up before anything is reported.
     */
    public function losesTheAnswer(): bool
    {
        return in_array(
            $this->name,
            ['timeout', 'http500', 'http502', 'http503', 'http503-persistent', 'malformed', 'truncated'],
            true,
        );
    }

    /** A phrase the error WHMCS shows must contain (a regular expression). */
    public function expectedError(): string
    {
        return match ($this->name) {
            'refused', 'timeout' => '/could not be reached/',
            'http500' => '/unavailable \(HTTP 500\) while .*: Internal server error; try again later/',
            'http502' => '/unavailable \(HTTP 502\)/',
            'http503', 'http503-persistent' => '/unavailable \(HTTP 503\)/',
            'http429' => '/Try again in ' . self::RETRY_AFTER . ' seconds/i',
            'malformed', 'truncated' => '/not JSON/',
            'soft-failure' => '/' . preg_quote(self::SOFT_FAILURE_MESSAGE, '/') . '/',
            default => '/^$/',
        };
    }

    /**
     * The exchanges replacing the fault point.
     *
     * @param array<string, mixed> $point the template's exchange at the fault point
     * @param list<array<string, mixed>> $afterLostAnswer what the component asks after a lost answer
     * @return list<array<string, mixed>>
     */
    public function exchanges(array $point, array $afterLostAnswer): array
    {
        $request = $point['request'];
        $answer = fn (array $response): array => ['request' => $request, 'response' => $response,
            'note' => 'fault: ' . $this->label()];
        $json = ['content-type' => 'application/json'];
        $unavailable = ['status' => 503, 'headers' => ['content-type' => 'text/html'], 'body_text' => ''];
        $faulted = match ($this->name) {
            'none' => [$point],
            'timeout' => [$answer(['fault' => 'timeout'])],
            'http500' => [$answer(['status' => 500, 'headers' => $json, 'body' => [
                'status' => 'error', 'code' => 500, 'response' => ['message' => 'Internal server error', 'data' => []],
            ]])],
            'http502' => [$answer(['status' => 502, 'headers' => ['content-type' => 'text/html'],
                'body_text' => "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
                    . "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n"
                    . "</body>\r\n</html>\r\n"])],
            'http503' => [$answer($unavailable)],
            // A read is retried once (the same 503); a write is never repeated.
            'http503-persistent' => self::isRead($point) ? [$answer($unavailable), $answer($unavailable)]
                : [$answer($unavailable)],
            'http429' => [$answer(['status' => 429, 'headers' => $json + ['retry-after' => (string) self::RETRY_AFTER],
                'body' => ['status' => 'error', 'code' => 429,
                    'response' => ['message' => 'Too many requests', 'data' => []]]])],
            'malformed' => [$answer(['status' => 200, 'headers' => $json,
                'body_text' => '{"status": "success", "code": 200 "response": {"status": "REGISTERED"}}'])],
            'truncated' => [$answer(['status' => 200, 'headers' => $json,
                'body_text' => self::truncate($point['response'])])],
            'soft-failure' => [$answer(['status' => 200, 'headers' => $json, 'body' => [
                'status' => 'success', 'code' => 200,
                'response' => ['status' => 'FAILED', 'data' => ['message' => self::SOFT_FAILURE_MESSAGE]],
            ]])],
            'token-expired' => [
                $answer(['status' => 401, 'headers' => $json, 'body' => [
                    'status' => 'error', 'code' => 401,
                    'response' => ['message' => 'Access token is expired', 'data' => []],
                ]]),
                ['note' => 'log in again'] + Odr::login(),
                ['note' => 'the same request, once more'] + $point,
            ],
            'refused' => [],
        };

        if ($this->isRetriedOnce() && self::isRead($point)) {
            // The component's one retry of the read, after its backoff, gets the recorded answer.
            $faulted[] = ['note' => 'the one retry of the read, after the backoff'] + $point;
        }

        // A refused order may mean the domain is ours already: the component looks it up too.
        $refusedWrite = $this->name === 'soft-failure' && !self::isRead($point);

        return $this->losesTheAnswer() || $refusedWrite ? array_merge($faulted, $afterLostAnswer) : $faulted;
    }

    /** @param array<string, mixed> $response the recorded answer; its JSON cut in the middle */
    private static function truncate(array $response): string
    {
        $text = (string) json_encode($response['body'] ?? null, JSON_UNESCAPED_SLASHES | JSON_THROW_ON_ERROR);

        return substr($text, 0, intdiv(strlen($text), 2));
    }
}
