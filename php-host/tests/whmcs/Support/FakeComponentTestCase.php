<?php

declare(strict_types=1);

namespace OdrTests\Whmcs\Support;

use Odr\Registrar;

/**
 * Tests of the module's own mapping, against the scripted Odr\Registrar (no extension).
 */
abstract class FakeComponentTestCase extends WhmcsTestCase
{
    protected function setUp(): void
    {
        if (ODR_TESTS_REAL_EXTENSION) {
            $this->fail('The odr extension is loaded: these tests need the scripted component.');
        }
        parent::setUp();
        Registrar::reset();
    }

    protected function answer(string $function, mixed $answer): void
    {
        Registrar::answer($function, $answer);
    }

    /** @return list<array<string, mixed>> */
    protected function callsOf(string $function): array
    {
        return Registrar::callsOf($function);
    }

    /** @return list<string> the operations called, in order */
    protected function functionsCalled(): array
    {
        return array_map(static fn (array $call): string => $call['function'], Registrar::$calls);
    }

    /** @param array<string, string> $fields field => message */
    protected function odrError(
        string $kind,
        string $message,
        array $fields = [],
        ?int $retryAfter = null,
    ): \Odr\RegistrarException {
        return new \Odr\RegistrarException($kind, $message, $fields, $retryAfter);
    }

    /** A WIT odr-contact. */
    protected function odrContact(array $overrides = []): array
    {
        return $overrides + [
            'first-name' => 'Jan', 'middle-name' => '', 'last-name' => 'Jansen', 'full-name' => 'Jan Jansen',
            'initials' => 'J', 'gender' => 'NA', 'language' => 'NL', 'email' => 'jan@example.nl',
            'phone' => '+31.201234567', 'fax' => '', 'street' => 'Dorpstraat', 'house-number' => '12',
            'postal-code' => '1234AB', 'city' => 'Amsterdam', 'state' => 'Noord-Holland', 'country' => 'NL',
            'legal-form' => 'PERSOON', 'company-name' => 'Jan Jansen', 'vat-number' => '',
        ];
    }
}
