<?php

declare(strict_types=1);

namespace WHMCS\Module\Registrar\Odr;

/**
 * One WHMCS module function: maps $params to component calls and the results back.
 */
interface Action
{
    /**
     * @param array<string, mixed> $params WHMCS's parameter array
     * @return mixed the WHMCS return value (array or object, per the function's contract)
     */
    public function __invoke(array $params): mixed;
}
