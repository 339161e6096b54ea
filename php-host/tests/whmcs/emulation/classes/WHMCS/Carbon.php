<?php

declare(strict_types=1);

namespace WHMCS;

/**
 * WHMCS's date class: Carbon with WHMCS's formatting helpers.
 */
class Carbon extends \Carbon\Carbon
{
    public function toAdminDateFormat(): string
    {
        return $this->format('d/m/Y');
    }

    public function toAdminDateTimeFormat(): string
    {
        return $this->format('d/m/Y H:i');
    }
}
