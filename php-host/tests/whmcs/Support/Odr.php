<?php

declare(strict_types=1);

namespace OdrTests\Whmcs\Support;

/**
 * Building blocks of generated recordings: ODR's envelope and the common exchanges.
 */
final class Odr
{
    /**
     * One exchange.
     *
     * @param array<string, mixed>|null $body request body (null: none)
     * @param array<string, mixed>|list<mixed> $payload the envelope's `response`
     * @param array<string, string> $headers response headers
     * @return array<string, mixed>
     */
    public static function exchange(
        string $method,
        string $path,
        string $query,
        ?array $body,
        array|string $payload,
        int $status = 200,
        array $headers = [],
    ): array {
        $success = $status < 400;

        return [
            'request' => ['method' => $method, 'path' => $path, 'query' => $query, 'body' => $body],
            'response' => [
                'status' => $status,
                'headers' => ['content-type' => 'application/json'] + $headers,
                'body' => ['status' => $success ? 'success' : 'error', 'code' => $status, 'response' => $payload],
            ],
        ];
    }

    /** @return array<string, mixed> */
    public static function login(): array
    {
        return self::exchange('POST', '/user/login/', '', [
            'timestamp' => \OdrTests\Whmcs\Emulation\Clock::RECORDING_NOW,
            'api_key' => '<API_KEY>',
            'signature' => '<SIGNATURE>',
        ], ['token' => '<TOKEN>', 'as_header' => 'X-Access-Token']);
    }

    /**
     * One page of GET /domain/ with ODR's paging headers.
     *
     * @param list<array<string, mixed>> $items
     * @return array<string, mixed>
     */
    public static function domainListPage(int $page, int $totalPages, array $items): array
    {
        return self::exchange('GET', '/domain/', 'page=' . $page, null, $items, 200, [
            'x-pagination-currentpage' => (string) $page,
            'x-pagination-totalpages' => (string) $totalPages,
        ]);
    }

    /** @return array<string, mixed> a domain list item */
    public static function listedDomain(string $domain, string $status, ?string $expiry): array
    {
        [$name, $tld] = explode('.', $domain, 2);

        return [
            'id' => (string) (abs(crc32($domain)) % 900000 + 1000),
            'name' => $name,
            'api_handle' => $name,
            'tld' => $tld,
            'status' => $status,
            'expiration_date' => $expiry === null ? null : $expiry . ' 00:00:00',
        ];
    }
}
