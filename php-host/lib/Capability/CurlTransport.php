<?php

declare(strict_types=1);

namespace Odr\Panel\Capability;

/**
 * The component's HTTP capability, on PHP's cURL.
 *
 * Gets `['method', 'url', 'headers', 'body', 'timeout_ms']` from the component and answers
 * `['status', 'headers', 'body']` or `['error' => 'timeout'|'connection-refused'|'other', 'message']`.
 * Bounded in time (connect and total per request, and the whole component call's budget: see
 * startBudget()) and in size (a response body over MAX_BODY_BYTES is stopped while it is read),
 * never follows redirects, never sends `Expect: 100-continue` (ODR mishandles it). The component
 * decides which host it may reach.
 */
final class CurlTransport
{
    public const DEFAULT_TIMEOUT_MS = 30000;
    public const CONNECT_TIMEOUT_MS = 10000;
    /** 32 MiB: the component's own cap on a response body (MAX_BODY_BYTES in src/component.rs). */
    public const MAX_BODY_BYTES = 33554432;

    /** Unix time (microtime) after which no request starts, or null for no budget. */
    private ?float $deadline = null;
    private int $budgetSeconds = 0;

    /**
     * Starts the wall-clock budget of one component call: each request's timeout is cut to what
     * is left, and once it is used up every further request fails at once (the component then
     * stops with a transport error and sends nothing more).
     */
    public function startBudget(int $seconds): void
    {
        $this->budgetSeconds = max(1, $seconds);
        $this->deadline = microtime(true) + $this->budgetSeconds;
    }

    public function endBudget(): void
    {
        $this->deadline = null;
    }

    /**
     * @param array{method?: string, url?: string, headers?: array<string, string>, body?: string,
     *     timeout_ms?: int} $request
     * @return array<string, mixed>
     */
    public function __invoke(array $request): array
    {
        $url = (string) ($request['url'] ?? '');
        $timeoutMs = (int) ($request['timeout_ms'] ?? 0);
        if ($timeoutMs <= 0) {
            $timeoutMs = self::DEFAULT_TIMEOUT_MS;
        }
        $cutByBudget = false;
        if ($this->deadline !== null) {
            $leftMs = (int) floor(($this->deadline - microtime(true)) * 1000);
            if ($leftMs <= 0) {
                return ['error' => 'timeout', 'message' => $this->budgetMessage()];
            }
            if ($leftMs < $timeoutMs) {
                $timeoutMs = $leftMs;
                $cutByBudget = true;
            }
        }

        $handle = curl_init();
        $responseHeaders = [];
        $responseBody = '';
        $tooLarge = false;
        curl_setopt_array($handle, [
            CURLOPT_URL => $url,
            CURLOPT_CUSTOMREQUEST => strtoupper((string) ($request['method'] ?? 'GET')),
            CURLOPT_HTTPHEADER => $this->headerLines($request['headers'] ?? []),
            // Read in chunks and stop past the cap, rather than buffer whatever the server sends.
            CURLOPT_WRITEFUNCTION => static function ($curl, string $chunk) use (&$responseBody, &$tooLarge): int {
                if (strlen($responseBody) + strlen($chunk) > self::MAX_BODY_BYTES) {
                    $tooLarge = true;

                    return 0;
                }
                $responseBody .= $chunk;

                return strlen($chunk);
            },
            CURLOPT_MAXFILESIZE_LARGE => self::MAX_BODY_BYTES,
            CURLOPT_FOLLOWLOCATION => false,
            CURLOPT_PROTOCOLS => CURLPROTO_HTTP | CURLPROTO_HTTPS,
            CURLOPT_CONNECTTIMEOUT_MS => min(self::CONNECT_TIMEOUT_MS, $timeoutMs),
            CURLOPT_TIMEOUT_MS => $timeoutMs,
            CURLOPT_NOSIGNAL => true,
            CURLOPT_NOPROXY => 'localhost,127.0.0.1,::1',
            CURLOPT_HEADERFUNCTION => static function ($curl, string $line) use (&$responseHeaders): int {
                if (preg_match('#^HTTP/\S+\s+\d+#', $line) === 1) {
                    $responseHeaders = [];
                } elseif (str_contains($line, ':')) {
                    [$name, $value] = explode(':', $line, 2);
                    $responseHeaders[strtolower(trim($name))] = trim($value);
                }

                return strlen($line);
            },
        ]);
        $body = (string) ($request['body'] ?? '');
        if ($body !== '') {
            curl_setopt($handle, CURLOPT_POSTFIELDS, $body);
        }

        $done = curl_exec($handle);
        $errno = curl_errno($handle);
        $error = curl_error($handle);
        $status = (int) curl_getinfo($handle, CURLINFO_RESPONSE_CODE);
        curl_close($handle);

        if ($tooLarge || $errno === CURLE_FILESIZE_EXCEEDED) {
            return ['error' => 'other', 'message' => sprintf(
                'the response body is larger than %d bytes (32 MiB); the transfer was stopped',
                self::MAX_BODY_BYTES,
            )];
        }
        if ($errno === CURLE_OPERATION_TIMEDOUT && $cutByBudget) {
            return ['error' => 'timeout', 'message' => $this->budgetMessage()];
        }
        if ($errno !== 0 || $done !== true) {
            return ['error' => $this->errorKind($errno), 'message' => sprintf('cURL error %d: %s', $errno, $error)];
        }

        return ['status' => $status, 'headers' => $responseHeaders, 'body' => $responseBody];
    }

    /**
     * @param array<string, string> $headers
     * @return list<string>
     */
    private function headerLines(array $headers): array
    {
        $lines = [];
        foreach ($headers as $name => $value) {
            if (strcasecmp((string) $name, 'expect') !== 0) {
                $lines[] = $name . ': ' . $value;
            }
        }
        $lines[] = 'Expect:';

        return $lines;
    }

    private function budgetMessage(): string
    {
        return sprintf(
            'the time budget of this call (%d s) is used up, so no further request is sent',
            $this->budgetSeconds,
        );
    }

    private function errorKind(int $errno): string
    {
        return match ($errno) {
            CURLE_OPERATION_TIMEDOUT => 'timeout',
            CURLE_COULDNT_CONNECT => 'connection-refused',
            default => 'other',
        };
    }
}
