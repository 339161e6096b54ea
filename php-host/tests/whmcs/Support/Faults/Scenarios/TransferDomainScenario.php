<?php

declare(strict_types=1);

namespace OdrTests\Whmcs\Support\Faults\Scenarios;

use OdrTests\Whmcs\Emulation\Whmcs;
use OdrTests\Whmcs\Support\Faults\Outcome;

/** WHMCS starts a paid transfer order with the EPP code. */
final class TransferDomainScenario extends OrderScenario
{
    public function template(): string
    {
        return 'transfer_domain';
    }

    public function faultPoint(): string
    {
        return 'the order, `PUT /domain/example.nl/transfer/` (after login, account check, contact lookup)';
    }

    protected function orderType(): string
    {
        return 'Transfer';
    }

    public function act(Whmcs $whmcs): Outcome
    {
        $result = $whmcs->registrar()->transfer($this->domainId, self::EPP_CODE, self::NAMESERVERS);
        if (isset($result['error'])) {
            return Outcome::of(false, (string) $result['error']);
        }
        $succeeded = $result === ['success' => true, 'pending' => true];

        return Outcome::of($succeeded, 'transfer pending (' . json_encode($result) . ')');
    }

    public function writesOnSuccess(): array
    {
        return ['example.nl' => ['status' => 'Pending Transfer']];
    }
}
