<?php

declare(strict_types=1);

namespace WHMCS\Module\Registrar\Odr\Balance;

use WHMCS\Module\Registrar\Odr\Context;

/**
 * The ODR account balance (the component's get-account) against the "Low balance warning"
 * amount: what the dashboard widget shows and the daily warning checks.
 */
final class Balance
{
    private function __construct(
        public readonly ?string $amount,
        public readonly ?float $threshold,
    ) {
    }

    /** @param array<string, mixed> $params the module's settings */
    public static function read(Context $context, array $params): self
    {
        $account = $context->component()->call('get-account', []);
        $amount = is_array($account) && is_string($account['balance'] ?? null) ? $account['balance'] : null;

        return new self($amount, self::threshold($params));
    }

    /**
     * The "Low balance warning" amount; null when empty (no warning).
     *
     * @param array<string, mixed> $params
     * @throws \InvalidArgumentException when it is not an amount
     */
    public static function threshold(array $params): ?float
    {
        $value = $params['LowBalanceWarning'] ?? '';
        $text = is_scalar($value) ? str_replace(',', '.', trim((string) $value)) : '';
        if ($text === '') {
            return null;
        }
        if (preg_match('/^\d{1,9}(\.\d{1,2})?$/', $text) !== 1) {
            throw new \InvalidArgumentException(sprintf(
                'The low balance warning must be an amount such as 50 or 12.50, not "%s".',
                $text,
            ));
        }

        return (float) $text;
    }

    /** The balance as a number; null when ODR gave none or not a number. */
    public function value(): ?float
    {
        if ($this->amount === null || !is_numeric(trim($this->amount))) {
            return null;
        }

        return (float) trim($this->amount);
    }

    /** True when a warning amount is set and the balance is below it. */
    public function isLow(): bool
    {
        $value = $this->value();

        return $this->threshold !== null && $value !== null && $value < $this->threshold;
    }
}
