<?php

declare(strict_types=1);

namespace Odr\Tests\Ext\Support;

/**
 * A transport capability that answers like ODR from canned responses, keyed by
 * "METHOD /path/" (the query string is ignored). Records every request it gets.
 * Login always succeeds unless a test overrides "POST /user/login/".
 */
final class CannedOdr
{
    public const TOKEN = 'canned-token';

    /** @var array<string, array{status: int, headers: array<string, string>, body: string}|callable> */
    private array $routes;

    /** @var list<array{method: string, url: string, headers: array<string, string>, body: string, timeout_ms: int}> */
    public array $requests = [];

    /** @param array<string, array{status: int, headers: array<string, string>, body: string}|callable> $routes */
    public function __construct(array $routes = [])
    {
        $this->routes = $routes + [
            'POST /user/login/' => self::success(['token' => self::TOKEN, 'as_header' => 'X-Access-Token']),
        ];
    }

    /** @param array<string, mixed> $request */
    public function __invoke(array $request): array
    {
        $this->requests[] = $request;
        $path = (string) parse_url((string) $request['url'], PHP_URL_PATH);
        $route = $this->routes[$request['method'] . ' ' . $path] ?? null;
        if ($route === null) {
            return self::error(404, 'No canned response for ' . $request['method'] . ' ' . $path);
        }

        return is_callable($route) ? $route($request) : $route;
    }

    /** "METHOD /path/" of each request so far. */
    public function requestLines(): array
    {
        return array_map(
            static fn (array $r): string => $r['method'] . ' ' . parse_url($r['url'], PHP_URL_PATH),
            $this->requests
        );
    }

    /** An ODR success envelope around $response. */
    public static function success(array $response): array
    {
        return self::json(200, ['status' => 'success', 'code' => 200, 'response' => $response]);
    }

    /** An ODR error envelope (E1) with optional field errors. */
    public static function error(int $code, string $message, array $fields = [], array $headers = []): array
    {
        return self::json(
            $code,
            ['status' => 'error', 'code' => $code, 'response' => ['message' => $message, 'data' => $fields]],
            $headers
        );
    }

    /** @param array<string, string> $headers */
    public static function json(int $status, array $body, array $headers = []): array
    {
        return [
            'status' => $status,
            'headers' => ['Content-Type' => 'application/json'] + $headers,
            'body' => json_encode($body, JSON_THROW_ON_ERROR),
        ];
    }

    /** GET /domain/{name}/info/ for a registered domain (ODR's documented example). */
    public static function domainInfo(string $status = 'REGISTERED'): array
    {
        return self::success([
            'id' => 5678,
            'domain_id' => 5678,
            'status' => $status,
            'name' => 'example',
            'tld' => 'nl',
            'autorenew' => 'ON',
            'expiration_date' => '2027-03-01 00:00:00',
            'auth_code' => 'Xk29PqLm7A',
            'contacts' => ['REGISTRANT' => 'EXA001', 'ONSITE' => 'EXA001'],
            'contacts_map' => ['REGISTRANT' => 1234, 'ONSITE' => '1235'],
            'nameservers' => ['ns1.example.net', 'ns2.example.net'],
        ]);
    }

    /** GET /contact/{id}/ (ODR's documented example). */
    public static function contact(int $id, string $firstName = 'Jan'): array
    {
        return self::success([
            'id' => $id, 'first_name' => $firstName, 'middle_name' => '', 'last_name' => 'Jansen',
            'full_name' => "$firstName Jansen", 'initials' => $firstName[0], 'gender' => 'MALE',
            'language' => 'NL', 'email' => 'jan@example.nl', 'phone' => '+31.201234567', 'fax' => null,
            'street' => 'Dorpstraat', 'house_number' => '12', 'address' => 'Dorpstraat, 12',
            'postal_code' => '1234AB', 'city' => 'Amsterdam', 'state' => 'Noord-Holland', 'country' => 'NL',
            'organization_legal_form' => 'PERSOON', 'company_name' => "$firstName Jansen",
            'company_email' => 'jan@example.nl', 'company_phone' => '+31.201234567',
            'company_street' => 'Dorpstraat', 'company_house_number' => '12',
            'company_postal_code' => '1234AB', 'company_city' => 'Amsterdam', 'company_vatin' => null,
            'created' => '2016-02-02 10:07:52', 'updated' => '2016-02-02 10:07:52',
        ]);
    }
}
