<?php

declare(strict_types=1);

namespace OdrTests\Whmcs\Support\Faults;

/**
 * What WHMCS showed after a scenario's action: success or not, and the text an admin sees
 * (the error, the sync report line, the activity line, or a summary of the success).
 */
final class Outcome
{
    public function __construct(public readonly bool $succeeded, public readonly string $shown)
    {
    }

    public static function of(bool $succeeded, string $shown): self
    {
        return new self($succeeded, trim($shown));
    }
}
