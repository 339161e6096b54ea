<?php

declare(strict_types=1);

namespace Odr;

/**
 * A scripted stand-in for the odr extension's classes, loaded only when the extension is not.
 *
 * Tests queue the component's answers per operation; every call is recorded. Arguments are
 * checked against the operations' WIT signatures (exact record keys, value types), as the real
 * extension does, so a mapping bug fails here before the extension exists.
 */
final class Registrar
{
    private const CONTACT = [
        'first-name', 'last-name', 'company-name', 'email', 'address1', 'address2', 'city', 'state',
        'postcode', 'country', 'phone', 'fax', 'vat-number', 'language',
    ];
    private const SETTINGS = [
        'api-key', 'api-secret', 'api-url', 'test-mode', 'onsite-contact', 'tech-contact', 'request-timeout-ms',
        'max-requests-per-second',
    ];
    private const ORDER = ['domain', 'period-years', 'registrant', 'admin', 'tech', 'nameservers', 'glue', 'auth-code'];
    private const DESIRED = ['registrant', 'admin', 'tech'];
    private const PANEL_DOMAIN = ['domain', 'expiry', 'next-due'];

    /** Operation => argument names (the WIT signature of wit/registrar.wit). */
    private const FUNCTIONS = [
        'api-endpoint' => ['settings'],
        'check-credentials' => ['settings'],
        'register-domain' => ['settings', 'order'],
        'transfer-domain' => ['settings', 'order'],
        'renew-domain' => ['settings', 'domain'],
        'get-domain-info' => ['settings', 'domain'],
        'get-nameservers' => ['settings', 'domain'],
        'save-nameservers' => ['settings', 'domain', 'nameservers', 'glue'],
        'get-auth-code' => ['settings', 'domain'],
        'request-delete' => ['settings', 'domain'],
        'check-availability' => ['settings', 'label', 'tlds'],
        'sync-domain' => ['settings', 'domain', 'options'],
        'transfer-sync' => ['settings', 'domain', 'ordered-on'],
        'get-contacts' => ['settings', 'domain'],
        'sync-contacts' => ['settings', 'domain', 'desired'],
        'build-domain-report' => ['settings', 'panel-domains'],
        'expiry-preview' => ['settings', 'panel-domains', 'next-due-offset-days'],
        'normalize-contact' => ['contact'],
        'panel-contact-of' => ['contact'],
        // The optional features
        'delete-domain-now' => ['settings', 'domain'],
        'get-tld-pricing' => ['settings'],
        'get-account' => ['settings'],
        'get-dnssec' => ['settings', 'domain'],
        'set-dnssec' => ['settings', 'domain', 'keys'],
        'get-dns-zone' => ['settings', 'domain'],
        'save-dns-zone' => ['settings', 'domain', 'records'],
        'list-importable-domains' => ['settings', 'panel-names'],
        'get-order-fields' => ['settings', 'tld'],
        'register-domain-with-fields' => ['settings', 'order', 'fields'],
    ];

    /** @var list<array{function: string, args: array<string, mixed>}> */
    public static array $calls = [];
    /** @var array<string, list<mixed>> */
    private static array $answers = [];
    /** @var list<array{path: string, transport: callable, state: object, log: object, options: array<string, mixed>}> */
    public static array $instances = [];

    /** @var callable */
    public $transport;

    /** @param array<string, mixed> $options */
    public function __construct(
        public readonly string $componentPath,
        callable $transport,
        public readonly object $state,
        public readonly object $log,
        public readonly array $options = [],
    ) {
        foreach (['get', 'set', 'delete', 'add'] as $method) {
            if (!method_exists($state, $method)) {
                throw new ArgumentException('state object lacks ' . $method . '()');
            }
        }
        foreach (['moduleCall', 'activity'] as $method) {
            if (!method_exists($log, $method)) {
                throw new ArgumentException('log object lacks ' . $method . '()');
            }
        }
        $this->transport = $transport;
        self::$instances[] = [
            'path' => $componentPath,
            'transport' => $transport,
            'state' => $state,
            'log' => $log,
            'options' => $options,
        ];
    }

    public static function reset(): void
    {
        self::$calls = [];
        self::$answers = [];
    }

    /**
     * Queues the answer to the next call of $function: a value, a \Throwable to throw, or a
     * callable(array $args, Registrar $registrar) whose result is the answer.
     */
    public static function answer(string $function, mixed $answer): void
    {
        self::$answers[$function][] = $answer;
    }

    /** @return list<array<string, mixed>> the arguments of each call of $function */
    public static function callsOf(string $function): array
    {
        return array_values(array_map(
            static fn (array $call): array => $call['args'],
            array_filter(self::$calls, static fn (array $call): bool => $call['function'] === $function),
        ));
    }

    /** @param array<string, mixed> $args */
    public function call(string $function, array $args): mixed
    {
        if (!isset(self::FUNCTIONS[$function])) {
            throw new ArgumentException('unknown function ' . $function);
        }
        self::checkKeys($function, $args, self::FUNCTIONS[$function]);
        foreach ($args as $name => $value) {
            if ($function === 'panel-contact-of') {
                self::checkOdrContact($value);
                continue;
            }
            self::checkArgument($name, $value);
        }
        self::$calls[] = ['function' => $function, 'args' => $args];
        if (empty(self::$answers[$function]) && $function === 'panel-contact-of') {
            return self::panelContactOf($args['contact']);
        }
        if (empty(self::$answers[$function])) {
            throw new \LogicException('The test queued no answer for ' . $function);
        }
        $answer = array_shift(self::$answers[$function]);
        if ($answer instanceof \Throwable) {
            throw $answer;
        }

        return is_callable($answer) && !is_string($answer) ? $answer($args, $this) : $answer;
    }

    /**
     * The pure panel-contact-of without a queued answer: the component's mapping in short (a
     * person's company empty, street and number joined), enough for the module's own tests.
     *
     * @param array<string, mixed> $c
     * @return array<string, string>
     */
    private static function panelContactOf(array $c): array
    {
        return [
            'first-name' => $c['first-name'], 'last-name' => $c['last-name'],
            'company-name' => $c['legal-form'] === 'PERSOON' ? '' : $c['company-name'], 'email' => $c['email'],
            'address1' => trim($c['street'] . ' ' . $c['house-number']), 'address2' => '', 'city' => $c['city'],
            'state' => $c['state'], 'postcode' => $c['postal-code'], 'country' => $c['country'], 'phone' => $c['phone'],
            'fax' => $c['fax'], 'vat-number' => $c['vat-number'], 'language' => strtolower($c['language']),
        ];
    }

    /** @return list<string> */
    public function functions(): array
    {
        return array_keys(self::FUNCTIONS);
    }

    /** An odr-contact as get-contacts gives it: every field a string. */
    private static function checkOdrContact(mixed $value): void
    {
        $fields = ['first-name', 'middle-name', 'last-name', 'full-name', 'initials', 'gender', 'language', 'email',
            'phone', 'fax', 'street', 'house-number', 'postal-code', 'city', 'state', 'country', 'legal-form',
            'company-name', 'vat-number'];
        if (!is_array($value)) {
            throw new ArgumentException('contact: expected an odr-contact');
        }
        foreach ($fields as $field) {
            self::checkString('contact.' . $field, $value[$field] ?? null);
        }
    }

    private static function checkArgument(string $name, mixed $value): void
    {
        match ($name) {
            'settings' => self::checkSettings($value),
            'order' => self::checkOrder($value),
            'domain', 'label', 'tld' => self::checkString($name, $value),
            'fields' => self::checkPairs($name, $value),
            'nameservers', 'tlds', 'panel-names' => self::checkStrings($name, $value),
            'glue' => self::checkGlue($name, $value),
            'options' => self::checkSyncOptions($value),
            'ordered-on' => $value === null || (is_string($value) && preg_match('/^\d{4}-\d{2}-\d{2}$/', $value) === 1)
                ? null : throw new ArgumentException($name . ': expected none or a YYYY-MM-DD date'),
            'desired' => self::checkDesired($value),
            'panel-domains' => self::checkPanelDomains($value),
            'next-due-offset-days' => $value === null || (is_int($value) && $value >= 0)
                ? null : throw new ArgumentException($name . ': expected none or a number'),
            'contact' => self::checkContact($name, $value),
            'keys' => self::checkDnssecKeys($value),
            'records' => self::checkDnsRecords($value),
            default => throw new ArgumentException('unexpected argument ' . $name),
        };
    }

    private static function checkDnssecKeys(mixed $keys): void
    {
        if (!is_array($keys) || !array_is_list($keys)) {
            throw new ArgumentException('keys: expected a list');
        }
        foreach ($keys as $i => $key) {
            self::checkKeys("keys[$i]", $key, ['flag', 'protocol', 'algorithm', 'public-key']);
            foreach (['flag' => 65535, 'protocol' => 255, 'algorithm' => 255] as $field => $max) {
                if (!is_int($key[$field]) || $key[$field] < 0 || $key[$field] > $max) {
                    throw new ArgumentException("keys[$i].$field: expected a number in 0..=$max");
                }
            }
            self::checkString("keys[$i].public-key", $key['public-key']);
        }
    }

    private static function checkPairs(string $name, mixed $pairs): void
    {
        if (!is_array($pairs) || !array_is_list($pairs)) {
            throw new ArgumentException($name . ': expected a list');
        }
        foreach ($pairs as $i => $pair) {
            if (!is_array($pair) || count($pair) !== 2 || !array_is_list($pair)) {
                throw new ArgumentException("{$name}[$i]: expected a list of two");
            }
            self::checkString("{$name}[$i][0]", $pair[0]);
            self::checkString("{$name}[$i][1]", $pair[1]);
        }
    }

    private static function checkDnsRecords(mixed $records): void
    {
        if (!is_array($records) || !array_is_list($records)) {
            throw new ArgumentException('records: expected a list');
        }
        foreach ($records as $i => $record) {
            self::checkKeys("records[$i]", $record, ['name', 'record-type', 'content', 'priority', 'ttl']);
            foreach (['name', 'record-type', 'content'] as $field) {
                self::checkString("records[$i].$field", $record[$field]);
            }
            if ($record['priority'] !== null && !is_int($record['priority'])) {
                throw new ArgumentException("records[$i].priority: expected none or a number");
            }
            if (!is_int($record['ttl']) || $record['ttl'] < 0) {
                throw new ArgumentException("records[$i].ttl: expected a number");
            }
        }
    }

    private static function checkSyncOptions(mixed $options): void
    {
        self::checkKeys('options', $options, ['snapshot-max-age-seconds', 'panel-expiry', 'panel-domains']);
        $expiry = $options['panel-expiry'];
        if ($expiry !== null && (!is_string($expiry) || preg_match('/^\d{4}-\d{2}-\d{2}$/', $expiry) !== 1)) {
            throw new ArgumentException('options.panel-expiry: expected none or a YYYY-MM-DD date');
        }
        self::checkStrings('options.panel-domains', $options['panel-domains']);
    }

    private static function checkSettings(mixed $settings): void
    {
        self::checkKeys('settings', $settings, self::SETTINGS);
        foreach (['api-key', 'api-secret', 'api-url'] as $key) {
            self::checkString('settings.' . $key, $settings[$key]);
        }
        if (!is_bool($settings['test-mode'])) {
            throw new ArgumentException('settings.test-mode: expected a bool');
        }
        foreach (['onsite-contact', 'tech-contact'] as $key) {
            $choice = $settings[$key];
            $fixed = is_array($choice) && array_keys($choice) === ['fixed'] && is_int($choice['fixed']);
            $valid = in_array($choice, ['same-as-registrant', 'from-panel'], true) || ($fixed && $choice['fixed'] > 0);
            if (!$valid) {
                throw new ArgumentException('settings.' . $key . ': not a contact-choice: ' . json_encode($choice));
            }
        }
        if (!is_int($settings['request-timeout-ms']) || $settings['request-timeout-ms'] < 0) {
            throw new ArgumentException('settings.request-timeout-ms: expected a number');
        }
    }

    private static function checkOrder(mixed $order): void
    {
        self::checkKeys('order', $order, self::ORDER);
        self::checkString('order.domain', $order['domain']);
        if (!is_int($order['period-years']) || $order['period-years'] < 1 || $order['period-years'] > 255) {
            throw new ArgumentException('order.period-years: expected a number in 1..=255');
        }
        self::checkContact('order.registrant', $order['registrant']);
        foreach (['admin', 'tech'] as $role) {
            if ($order[$role] !== null) {
                self::checkContact('order.' . $role, $order[$role]);
            }
        }
        self::checkStrings('order.nameservers', $order['nameservers']);
        self::checkGlue('order.glue', $order['glue']);
        if ($order['auth-code'] !== null) {
            self::checkString('order.auth-code', $order['auth-code']);
        }
    }

    private static function checkDesired(mixed $desired): void
    {
        self::checkKeys('desired', $desired, self::DESIRED);
        self::checkContact('desired.registrant', $desired['registrant']);
        foreach (['admin', 'tech'] as $role) {
            if ($desired[$role] !== null) {
                self::checkContact('desired.' . $role, $desired[$role]);
            }
        }
    }

    private static function checkPanelDomains(mixed $domains): void
    {
        if (!is_array($domains) || !array_is_list($domains)) {
            throw new ArgumentException('panel-domains: expected a list');
        }
        foreach ($domains as $index => $domain) {
            self::checkKeys('panel-domains.' . $index, $domain, self::PANEL_DOMAIN);
            self::checkString('panel-domains.' . $index . '.domain', $domain['domain']);
            foreach (['expiry', 'next-due'] as $key) {
                $date = $domain[$key];
                if ($date !== null && (!is_string($date) || preg_match('/^\d{4}-\d{2}-\d{2}$/', $date) !== 1)) {
                    throw new ArgumentException('panel-domains.' . $index . '.' . $key . ': not a date');
                }
            }
        }
    }

    private static function checkContact(string $path, mixed $contact): void
    {
        self::checkKeys($path, $contact, self::CONTACT);
        foreach ($contact as $key => $value) {
            self::checkString($path . '.' . $key, $value);
        }
    }

    private static function checkGlue(string $path, mixed $glue): void
    {
        if (!is_array($glue) || !array_is_list($glue)) {
            throw new ArgumentException($path . ': expected a list');
        }
        foreach ($glue as $pair) {
            if (!is_array($pair) || count($pair) !== 2 || !array_is_list($pair)) {
                throw new ArgumentException($path . ': expected (host, ip) tuples');
            }
        }
    }

    private static function checkStrings(string $path, mixed $values): void
    {
        if (!is_array($values) || !array_is_list($values)) {
            throw new ArgumentException($path . ': expected a list');
        }
        foreach ($values as $index => $value) {
            self::checkString($path . '.' . $index, $value);
        }
    }

    private static function checkString(string $path, mixed $value): void
    {
        if (!is_string($value)) {
            throw new ArgumentException($path . ': expected a string, got ' . get_debug_type($value));
        }
    }

    /** @param list<string> $keys */
    private static function checkKeys(string $path, mixed $record, array $keys): void
    {
        if (!is_array($record)) {
            throw new ArgumentException($path . ': expected a record');
        }
        foreach ($keys as $key) {
            if (!array_key_exists($key, $record)) {
                throw new ArgumentException($path . '.' . $key . ': missing key');
            }
        }
        foreach (array_keys($record) as $key) {
            if (!in_array($key, $keys, true)) {
                throw new ArgumentException($path . '.' . $key . ': unknown key');
            }
        }
    }
}
