<?php

declare(strict_types=1);

namespace WHMCS\Results;

/**
 * A list of result objects (used by GetTldPricing).
 */
class ResultsList extends \ArrayObject
{
    /** @return list<mixed> */
    public function toArray(): array
    {
        return array_values(array_map(
            static fn ($item) => is_object($item) && method_exists($item, 'toArray') ? $item->toArray() : $item,
            $this->getArrayCopy(),
        ));
    }
}
