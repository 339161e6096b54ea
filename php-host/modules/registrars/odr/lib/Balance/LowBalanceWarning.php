<?php

declare(strict_types=1);

namespace WHMCS\Module\Registrar\Odr\Balance;

use WHMCS\Module\Registrar\Odr\Context;
use WHMCS\Module\Registrar\Odr\Mail\ReportMailer;

/**
 * The daily low-balance check (DailyCronJob): with a "Low balance warning" amount set, reads the
 * ODR balance and e-mails the admins when it is below the amount.
 */
final class LowBalanceWarning
{
    public function __construct(private readonly Context $context)
    {
    }

    /**
     * @param array<string, mixed> $params the module's settings
     * @return bool true when a warning was sent
     */
    public function run(array $params): bool
    {
        if (Balance::threshold($params) === null) {
            return false;
        }
        $balance = Balance::read($this->context, $params);
        if (!$balance->isLow() || $balance->amount === null || $balance->threshold === null) {
            return false;
        }
        $mail = new LowBalanceMail(trim($balance->amount), $balance->threshold);
        $to = (new ReportMailer($this->context->localApi()))->sendToAdmins($mail);
        $this->context->localApi()->call('LogActivity', [
            'description' => 'ODR: ' . $mail->summary() . '; e-mailed to ' . $to,
        ]);

        return true;
    }
}
