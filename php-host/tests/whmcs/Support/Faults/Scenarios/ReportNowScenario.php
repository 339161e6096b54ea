<?php

declare(strict_types=1);

namespace OdrTests\Whmcs\Support\Faults\Scenarios;

use OdrTests\Whmcs\Emulation\Whmcs;
use OdrTests\Whmcs\Support\Faults\Outcome;

/** The admin clicks "Send domain report now" on a domain (the same two list pages). */
final class ReportNowScenario extends DailyReportScenario
{
    public function settings(): array
    {
        return ['Syncdomain' => '', 'Primairydomain' => ''];
    }

    public function act(Whmcs $whmcs): Outcome
    {
        $result = $whmcs->registrar()->customFunction($this->domainId, 'Send domain report now');
        if (isset($result['error'])) {
            return Outcome::of(false, (string) $result['error']);
        }
        $subjects = array_column($whmcs->outbox->all(), 'subject');

        return Outcome::of($result === ['success' => true] && $subjects === [self::SUBJECT], 'e-mailed: '
            . implode('; ', $subjects));
    }
}
