<?php

declare(strict_types=1);

namespace OdrTests\Whmcs\Support\Faults\Scenarios;

use OdrTests\Whmcs\Emulation\Whmcs;
use OdrTests\Whmcs\Support\Faults\Outcome;

/** WHMCS registers a paid order (the client's ODR contact exists and is reused). */
final class RegisterDomainScenario extends OrderScenario
{
    public function template(): string
    {
        return 'register_domain';
    }

    public function faultPoint(): string
    {
        return 'the order, `POST /domain/example.nl/` (after login, account check, contact lookup)';
    }

    protected function orderType(): string
    {
        return 'Register';
    }

    public function act(Whmcs $whmcs): Outcome
    {
        $result = $whmcs->registrar()->register($this->domainId, self::NAMESERVERS);
        if (isset($result['error'])) {
            return Outcome::of(false, (string) $result['error']);
        }

        return Outcome::of($result === ['success' => true], 'registered (' . json_encode($result) . ')');
    }

    public function writesOnSuccess(): array
    {
        return ['example.nl' => [
            'status' => 'Active', 'registrationdate' => '2025-12-01', 'expirydate' => '2026-12-01',
        ]];
    }
}
