<?php

declare(strict_types=1);

namespace WHMCS\Domain\TopLevel;

/**
 * One TLD's pricing for Registrar TLD Sync (GetTldPricing).
 */
class ImportItem
{
    /** The documented setters (developers.whmcs.com, "TLD & Pricing Sync"), without "set". */
    private const PROPERTIES = [
        'extension', 'minYears', 'maxYears', 'yearsStep', 'registerPrice', 'renewPrice', 'transferPrice',
        'graceFeeDays', 'graceFeePrice', 'redemptionFeeDays', 'redemptionFeePrice', 'currency', 'eppRequired',
        'years',
    ];

    /** @var array<string, mixed> */
    private array $values = [];

    /** @param list<mixed> $arguments */
    public function __call(string $method, array $arguments): mixed
    {
        $property = lcfirst(substr($method, 3));
        if (!in_array($property, self::PROPERTIES, true)) {
            throw new \BadMethodCallException(self::class . '::' . $method . ' does not exist');
        }
        if (str_starts_with($method, 'set') && count($arguments) === 1) {
            $this->values[$property] = $arguments[0];

            return $this;
        }
        if (str_starts_with($method, 'get') && $arguments === []) {
            return $this->values[$property] ?? null;
        }
        throw new \BadMethodCallException(self::class . '::' . $method . ' does not exist');
    }

    /** @return array<string, mixed> */
    public function toArray(): array
    {
        return $this->values;
    }
}
