<?php

declare(strict_types=1);

namespace WHMCS\Module\Registrar\Odr\Whmcs;

/**
 * Dates between WHMCS columns and the component's `date` type (`YYYY-MM-DD`).
 */
final class WhmcsDate
{
    /**
     * A WHMCS date column as an optional component date: WHMCS writes `0000-00-00` (or nothing)
     * for "no date"; a column that holds no real calendar date is passed as none.
     */
    public static function toWit(mixed $column): ?string
    {
        if ($column instanceof \DateTimeInterface) {
            return $column->format('Y-m-d');
        }
        if (!is_string($column) || preg_match('/^(\d{4})-(\d{2})-(\d{2})/', $column, $parts) !== 1) {
            return null;
        }
        if (!checkdate((int) $parts[2], (int) $parts[3], (int) $parts[1])) {
            return null;
        }

        return $parts[0];
    }

    /**
     * A date the component returned, checked once more before it reaches WHMCS: a wrong expiry
     * date means wrong invoices, so anything but a real `YYYY-MM-DD` is refused.
     *
     * @throws \UnexpectedValueException
     */
    public static function fromWit(mixed $date): string
    {
        if (is_string($date) && preg_match('/^\d{4}-\d{2}-\d{2}$/', $date) === 1 && self::toWit($date) === $date) {
            return $date;
        }
        throw new \UnexpectedValueException(sprintf(
            'The ODR component returned %s where a date was expected; nothing was changed.',
            is_string($date) ? '"' . $date . '"' : get_debug_type($date),
        ));
    }
}
