<?php

declare(strict_types=1);

namespace WHMCS\Module\Registrar\Odr\Actions\Orders;

/**
 * A component `order-result` as WHMCS's RegisterDomain/TransferDomain answer.
 */
final class OrderOutcome
{
    /**
     * `pending` (WHMCS 8) leaves a registration in Pending Registration until Sync sees it
     * registered; older WHMCS versions ignore the key and treat the call as a success.
     *
     * @param array<string, mixed> $result
     * @return array<string, bool>
     */
    public static function toWhmcs(array $result): array
    {
        return ($result['status'] ?? '') === 'pending'
            ? ['success' => true, 'pending' => true]
            : ['success' => true];
    }
}
