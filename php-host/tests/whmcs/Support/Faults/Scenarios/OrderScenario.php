<?php

declare(strict_types=1);

namespace OdrTests\Whmcs\Support\Faults\Scenarios;

use OdrTests\Whmcs\Emulation\Whmcs;
use OdrTests\Whmcs\Support\Faults\FaultScenario;

/** A paid domain order for example.nl, as the order's acceptance leaves it. */
abstract class OrderScenario extends FaultScenario
{
    public const NAMESERVERS = ['ns1.example.net', 'ns2.example.net'];
    public const EPP_CODE = 'Xk29-Pq&Lm7A';

    protected int $domainId = 0;

    abstract protected function orderType(): string;

    public function arrange(Whmcs $whmcs): void
    {
        $client = $whmcs->fixtures()->client();
        $this->domainId = $whmcs->fixtures()->order($client, 'example.nl', $this->orderType());
    }

    public function afterLostAnswer(): array
    {
        return [self::notInAccount('example.nl')];
    }
}
