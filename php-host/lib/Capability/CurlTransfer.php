<?php

declare(strict_types=1);

namespace Odr\Panel\Capability;

/**
 * One HTTP exchange on a cURL handle, as CurlTransport configures it: the request's method,
 * URL, headers and body; no redirects, no proxy for loopback, no `Expect: 100-continue`; the
 * response's headers and body collected as they arrive and stopped past MAX_BODY_BYTES.
 *
 * Connections: a read (GET) may reuse an open connection of the transport's share (no TCP and
 * TLS handshake: two round trips to ODR saved); anything else goes on a fresh connection that is
 * closed after it. cURL sends a request once more when a reused connection turns out dead before
 * any answer; for a read that is harmless, for an order it could register a domain twice.
 * Run it with curl_exec() or in a curl_multi; then answer() turns the outcome into the
 * component's answer array.
 */
final class CurlTransfer
{
    public const CONNECT_TIMEOUT_MS = 10000;
    /** 32 MiB: the component's own cap on a response body (MAX_BODY_BYTES in src/component.rs). */
    public const MAX_BODY_BYTES = 33554432;

    public readonly \CurlHandle $handle;
    /**
     * What arrived: `body`, `headers`, `tooLarge`. A separate object, so that the handle's
     * callbacks do not hold this one (no cycle: the handle is freed with the transfer).
     */
    private readonly \stdClass $received;

    /**
     * @param array{method?: string, url?: string, headers?: array<string, string>, body?: string} $request
     */
    public function __construct(array $request, int $timeoutMs, ?\CurlShareHandle $share = null)
    {
        $received = new \stdClass();
        $received->body = '';
        $received->headers = [];
        $received->tooLarge = false;
        $this->received = $received;
        $this->handle = curl_init();
        curl_setopt_array($this->handle, [
            CURLOPT_URL => (string) ($request['url'] ?? ''),
            CURLOPT_CUSTOMREQUEST => strtoupper((string) ($request['method'] ?? 'GET')),
            CURLOPT_HTTPHEADER => self::headerLines($request['headers'] ?? []),
            // Read in chunks and stop past the cap, rather than buffer whatever the server sends.
            CURLOPT_WRITEFUNCTION => static function ($curl, string $chunk) use ($received): int {
                if (strlen($received->body) + strlen($chunk) > self::MAX_BODY_BYTES) {
                    $received->tooLarge = true;

                    return 0;
                }
                $received->body .= $chunk;

                return strlen($chunk);
            },
            CURLOPT_MAXFILESIZE_LARGE => self::MAX_BODY_BYTES,
            CURLOPT_FOLLOWLOCATION => false,
            CURLOPT_PROTOCOLS => CURLPROTO_HTTP | CURLPROTO_HTTPS,
            CURLOPT_CONNECTTIMEOUT_MS => min(self::CONNECT_TIMEOUT_MS, $timeoutMs),
            CURLOPT_TIMEOUT_MS => $timeoutMs,
            CURLOPT_NOSIGNAL => true,
            CURLOPT_NOPROXY => 'localhost,127.0.0.1,::1',
            CURLOPT_HEADERFUNCTION => static function ($curl, string $line) use ($received): int {
                if (preg_match('#^HTTP/\S+\s+\d+#', $line) === 1) {
                    $received->headers = [];
                } elseif (str_contains($line, ':')) {
                    [$name, $value] = explode(':', $line, 2);
                    $received->headers[strtolower(trim($name))] = trim($value);
                }

                return strlen($line);
            },
        ]);
        $body = (string) ($request['body'] ?? '');
        if ($body !== '') {
            curl_setopt($this->handle, CURLOPT_POSTFIELDS, $body);
        }
        if ($share !== null) {
            curl_setopt($this->handle, CURLOPT_SHARE, $share);
        }
        if (strtoupper((string) ($request['method'] ?? 'GET')) !== 'GET') {
            curl_setopt_array($this->handle, [CURLOPT_FRESH_CONNECT => true, CURLOPT_FORBID_REUSE => true]);
        }
    }

    /**
     * The component's answer once the transfer ended with cURL's $errno (0: complete).
     *
     * @return array<string, mixed>
     */
    public function answer(int $errno, string $error): array
    {
        if ($this->received->tooLarge || $errno === CURLE_FILESIZE_EXCEEDED) {
            return ['error' => 'other', 'message' => sprintf(
                'the response body is larger than %d bytes (32 MiB); the transfer was stopped',
                self::MAX_BODY_BYTES,
            )];
        }
        if ($errno !== 0) {
            return ['error' => self::errorKind($errno), 'message' => sprintf('cURL error %d: %s', $errno, $error)];
        }

        return [
            'status' => (int) curl_getinfo($this->handle, CURLINFO_RESPONSE_CODE),
            'headers' => $this->received->headers,
            'body' => $this->received->body,
        ];
    }

    /**
     * @param array<string, string> $headers
     * @return list<string>
     */
    private static function headerLines(array $headers): array
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

    private static function errorKind(int $errno): string
    {
        return match ($errno) {
            CURLE_OPERATION_TIMEDOUT => 'timeout',
            CURLE_COULDNT_CONNECT => 'connection-refused',
            default => 'other',
        };
    }
}
