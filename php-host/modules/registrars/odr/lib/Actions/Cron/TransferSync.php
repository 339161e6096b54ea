<?php

declare(strict_types=1);

namespace WHMCS\Module\Registrar\Odr\Actions\Cron;

use Odr\Panel\ErrorMessage;
use WHMCS\Module\Registrar\Odr\Actions\ContextAction;
use WHMCS\Module\Registrar\Odr\Whmcs\DomainName;
use WHMCS\Module\Registrar\Odr\Whmcs\PanelDomains;
use WHMCS\Module\Registrar\Odr\Whmcs\WhmcsDate;

/**
 * TransferSync: still pending → nothing to report (an empty array, quietly); completed →
 * `completed` with the expiry date; failed → `failed` with ODR's reason. The component fails a
 * transfer only on an explicit failure, or when ODR does not know the domain 10 days after the
 * order and a fresh, complete list confirms it.
 */
final class TransferSync extends ContextAction
{
    public function __invoke(array $params): array
    {
        try {
            $outcome = $this->context->component()->call('transfer-sync', [
                'domain' => DomainName::fromParams($params),
                // WHMCS does not pass the order date: the grace period for a transfer ODR does
                // not list yet counts from it when the component holds no order time of its own.
                'ordered-on' => (new PanelDomains())->datesOf((int) ($params['domainid'] ?? 0))['ordered'],
            ]);
        } catch (\Throwable $error) {
            if (ErrorMessage::kind($error) === 'transport') {
                throw new \RuntimeException('cURL error reaching ODR: ' . $error->getMessage(), 0, $error);
            }
            throw $error;
        }

        return self::toWhmcs($outcome);
    }

    /**
     * @param string|array<string, string> $outcome a WIT transfer-outcome
     * @return array<string, bool|string>
     */
    public static function toWhmcs(string|array $outcome): array
    {
        if ($outcome === 'pending') {
            return [];
        }
        if (is_array($outcome) && isset($outcome['completed'])) {
            return ['completed' => true, 'expirydate' => WhmcsDate::fromWit($outcome['completed'])];
        }
        if (is_array($outcome) && array_key_exists('failed', $outcome)) {
            return ['failed' => true, 'reason' => (string) $outcome['failed']];
        }
        throw new \UnexpectedValueException('The ODR component returned an unknown transfer outcome.');
    }
}
