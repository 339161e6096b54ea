<?php

/**
 * One pure call into a release build: loads the extension's component (argv[1], a .cwasm) and
 * asks api-endpoint for the production and staging URLs. Prints one line starting "smoke ok"
 * with PHP's version, thread safety and machine, or the failure; exit 0 only when both answers
 * are right. Run as: php -n -d extension=PATH/odr.so smoke.php PATH/odr_registrar.cwasm
 */

declare(strict_types=1);

$state = new class {
    public function get(string $key): ?string
    {
        return null;
    }

    public function set(string $key, string $value, ?int $ttlSeconds): void
    {
    }

    /** Main's state interface adds `add` (set if absent); harmless for extensions without it. */
    public function add(string $key, string $value, ?int $ttlSeconds): bool
    {
        return true;
    }

    public function delete(string $key): void
    {
    }

    /** @return array<string, string> */
    public function listPrefix(string $prefix): array
    {
        return [];
    }
};
$log = new class {
    public function moduleCall(string $action, string $request, string $response): void
    {
    }

    public function activity(string $message, ?string $domain): void
    {
    }
};
$where = sprintf('PHP %s %s %s', PHP_VERSION, PHP_ZTS ? 'ZTS' : 'NTS', php_uname('m'));
try {
    if (!extension_loaded('odr')) {
        throw new RuntimeException('the odr extension is not loaded');
    }
    $offline = static fn (array $request): array => ['error' => 'other', 'message' => 'offline'];
    $registrar = new Odr\Registrar((string) ($argv[1] ?? ''), $offline, $state, $log);
    $settings = [
        'api-key' => 'public$smoke', 'api-secret' => 'secret$smoke', 'api-url' => '', 'test-mode' => false,
        'onsite-contact' => 'same-as-registrant', 'tech-contact' => 'same-as-registrant', 'request-timeout-ms' => 0,
        'max-requests-per-second' => 0,
    ];
    $production = $registrar->call('api-endpoint', ['settings' => $settings]);
    $staging = $registrar->call('api-endpoint', ['settings' => ['test-mode' => true] + $settings]);
    if (
        !is_string($production) || !is_string($staging) || $production === $staging
        || !str_starts_with($production, 'https://')
    ) {
        throw new RuntimeException('unexpected answers: ' . json_encode([$production, $staging]));
    }
    echo "smoke ok: $where, odr ", phpversion('odr'), ", api-endpoint: $production | $staging\n";
} catch (Throwable $e) {
    echo "smoke FAILED: $where: ", get_class($e), ': ', $e->getMessage(), "\n";
    exit(1);
}
