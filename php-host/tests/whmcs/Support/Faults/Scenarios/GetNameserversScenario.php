<?php

declare(strict_types=1);

namespace OdrTests\Whmcs\Support\Faults\Scenarios;

use OdrTests\Whmcs\Emulation\Whmcs;
use OdrTests\Whmcs\Support\Faults\FaultScenario;
use OdrTests\Whmcs\Support\Faults\Outcome;

/** The admin or client opens the nameservers page of an active domain. */
final class GetNameserversScenario extends FaultScenario
{
    private int $domainId = 0;

    public function template(): string
    {
        return 'get_nameservers';
    }

    public function faultPoint(): string
    {
        return '`GET /domain/example.nl/info/`';
    }

    public function arrange(Whmcs $whmcs): void
    {
        $client = $whmcs->fixtures()->client();
        $this->domainId = $whmcs->fixtures()->domain($client, 'example.nl');
    }

    public function act(Whmcs $whmcs): Outcome
    {
        $result = $whmcs->registrar()->getNameservers($this->domainId);
        if (isset($result['error'])) {
            return Outcome::of(false, (string) $result['error']);
        }
        $succeeded = ($result['ns1'] ?? '') === 'ns1.example.net' && ($result['ns2'] ?? '') === 'ns2.example.net';

        return Outcome::of($succeeded, 'nameservers ' . implode(', ', array_filter($result)));
    }
}
