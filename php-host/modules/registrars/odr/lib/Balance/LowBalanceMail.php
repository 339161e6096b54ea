<?php

declare(strict_types=1);

namespace WHMCS\Module\Registrar\Odr\Balance;

use WHMCS\Module\Registrar\Odr\Mail\ReportMail;

/**
 * The daily warning when the ODR balance is below the "Low balance warning" amount.
 */
final class LowBalanceMail implements ReportMail
{
    public function __construct(private readonly string $balance, private readonly float $threshold)
    {
    }

    public function subject(): string
    {
        return sprintf('ODR balance low: EUR %s', $this->balance);
    }

    public function summary(): string
    {
        return sprintf('ODR balance EUR %s is below the warning amount EUR %.2f', $this->balance, $this->threshold);
    }

    public function html(): string
    {
        return '<p>' . htmlspecialchars($this->text(), ENT_QUOTES | ENT_SUBSTITUTE, 'UTF-8') . '</p>';
    }

    public function text(): string
    {
        return sprintf(
            'The balance of the Open Domain Registry account is EUR %s, below the warning amount of EUR %.2f. '
            . 'Registrations and transfers fail when the balance is empty: top up the account in the ODR '
            . 'control panel. This warning is sent once a day while the balance stays low.',
            $this->balance,
            $this->threshold,
        );
    }
}
