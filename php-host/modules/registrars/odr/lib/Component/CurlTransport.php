<?php

declare(strict_types=1);

namespace WHMCS\Module\Registrar\Odr\Component;

/**
 * The component's HTTP capability, on PHP's cURL.
 *
 * Gets `['method', 'url', 'headers', 'body', 'timeout_ms']` from the component and answers
 * `['status', 'headers', 'body']` or `['error' => 'timeout'|'connection-refused'|'other', 'message']`.
 * Bounded in time (connect and total), never follows redirects, never sends
 * `Expect: 100-continue` (ODR mishandles it). The component decides which host it may reach.
 */
final class CurlTransport
{
    public const DEFAULT_TIMEOUT_MS = 30000;
    public const CONNECT_TIMEOUT_MS = 10000;

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

        $handle = curl_init();
        $responseHeaders = [];
        curl_setopt_array($handle, [
            CURLOPT_URL => $url,
            CURLOPT_CUSTOMREQUEST => strtoupper((string) ($request['method'] ?? 'GET')),
            CURLOPT_HTTPHEADER => $this->headerLines($request['headers'] ?? []),
            CURLOPT_RETURNTRANSFER => true,
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

        $responseBody = curl_exec($handle);
        $errno = curl_errno($handle);
        $error = curl_error($handle);
        $status = (int) curl_getinfo($handle, CURLINFO_RESPONSE_CODE);
        curl_close($handle);

        if ($errno !== 0 || !is_string($responseBody)) {
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

    private function errorKind(int $errno): string
    {
        return match ($errno) {
            CURLE_OPERATION_TIMEDOUT => 'timeout',
            CURLE_COULDNT_CONNECT => 'connection-refused',
            default => 'other',
        };
    }
}
