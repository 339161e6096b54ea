<?php

declare(strict_types=1);

/*
 * Shared by the benchmark scripts (also scripts/bench/search.php): a registrar whose transport
 * answers like ODR from memory (no network), an in-memory state store and a log that drops lines.
 */

function bench_settings(): array
{
    return [
        'api-key' => 'public$bench', 'api-secret' => 'bench-secret', 'api-url' => 'http://odr.test/',
        'test-mode' => false, 'onsite-contact' => 'same-as-registrant', 'tech-contact' => 'same-as-registrant',
        'request-timeout-ms' => 0,
        'max-requests-per-second' => 0,
    ];
}

function bench_contact(): array
{
    return [
        'first-name' => 'Jan', 'last-name' => 'Jansen', 'company-name' => '', 'email' => 'jan@example.nl',
        'address1' => 'Kerkstraat 42-f3', 'address2' => '', 'city' => 'Amsterdam', 'state' => 'Noord-Holland',
        'postcode' => '1234 ab', 'country' => 'NL', 'phone' => '020-1234567', 'fax' => '', 'vat-number' => '',
        'language' => '',
    ];
}

function bench_registrar(): Odr\Registrar
{
    $envelope = static fn (array $response): array => [
        'status' => 200,
        'headers' => ['Content-Type' => 'application/json'],
        'body' => json_encode(['status' => 'success', 'code' => 200, 'response' => $response]),
    ];
    $login = $envelope(['token' => 'bench-token', 'as_header' => 'X-Access-Token']);
    $info = $envelope([
        'id' => 5678, 'status' => 'REGISTERED', 'name' => 'example', 'tld' => 'nl', 'autorenew' => 'ON',
        'expiration_date' => '2027-03-01 00:00:00', 'contacts_map' => ['REGISTRANT' => 1234],
        'nameservers' => ['ns1.example.net', 'ns2.example.net'],
    ]);
    $transport = static fn (array $request): array => str_ends_with($request['url'], '/user/login/') ? $login : $info;
    $state = bench_state();
    $log = bench_log();

    return new Odr\Registrar((string) getenv('ODR_CWASM'), $transport, $state, $log, ['now' => 1764547200]);
}

/** The state capability in memory. */
function bench_state(): object
{
    return new class () {
        private array $values = [];

        public function get(string $key): ?string
        {
            return $this->values[$key] ?? null;
        }

        public function set(string $key, string $value, ?int $ttlSeconds): void
        {
            $this->values[$key] = $value;
        }

        public function delete(string $key): void
        {
            unset($this->values[$key]);
        }

        public function add(string $key, string $value, ?int $ttlSeconds): bool
        {
            if (isset($this->values[$key])) {
                return false;
            }
            $this->values[$key] = $value;

            return true;
        }
    };
}

/** A log capability that drops every line. */
function bench_log(): object
{
    return new class () {
        public function moduleCall(string $action, string $request, string $response): void
        {
        }

        public function activity(string $message, ?string $domain): void
        {
        }
    };
}
