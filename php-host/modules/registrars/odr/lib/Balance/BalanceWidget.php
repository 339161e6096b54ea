<?php

declare(strict_types=1);

namespace WHMCS\Module\Registrar\Odr\Balance;

use WHMCS\Module\AbstractWidget;
use WHMCS\Module\Registrar\Odr\Capability\PanelLog;
use WHMCS\Module\Registrar\Odr\Context;
use Odr\Panel\ErrorMessage;

/**
 * The admin dashboard widget: the ODR balance, in red below the "Low balance warning" amount
 * (registrations fail when the balance is empty). WHMCS caches its data for 10 minutes.
 */
final class BalanceWidget extends AbstractWidget
{
    protected string $title = 'ODR balance';
    protected string $description = 'The balance of the Open Domain Registry account';
    protected int $weight = 150;
    protected int $columns = 1;
    protected bool $cache = true;
    protected int $cacheExpiry = 600;

    /** @return array{balance: ?string, low: bool, threshold: ?float, error: ?string} */
    public function getData(): array
    {
        $params = self::registrarSettings();
        $secrets = [];
        try {
            $context = Context::fromParams($params);
            $secrets = $context->settings->secrets();
            if ($context->settings->apiKey === '') {
                return self::failed('The ODR module is not set up.');
            }
            $balance = Balance::read($context, $params);

            return [
                'balance' => $balance->amount,
                'low' => $balance->isLow(),
                'threshold' => $balance->threshold,
                'error' => null,
            ];
        } catch (\Throwable $error) {
            return self::failed(ErrorMessage::of($error, $secrets));
        }
    }

    /** @return array{balance: null, low: false, threshold: null, error: string} */
    private static function failed(string $message): array
    {
        return ['balance' => null, 'low' => false, 'threshold' => null, 'error' => $message];
    }

    /** @param mixed $data */
    public function generateOutput($data): string
    {
        $data = is_array($data) ? $data : [];
        $escape = static fn (string $text): string => htmlspecialchars($text, ENT_QUOTES | ENT_SUBSTITUTE, 'UTF-8');
        if (($data['error'] ?? null) !== null) {
            return '<div class="widget-content-padded">' . $escape((string) $data['error']) . '</div>';
        }
        $balance = $data['balance'] ?? null;
        $text = $balance === null ? 'ODR did not say' : 'EUR ' . (string) $balance;
        $style = !empty($data['low']) ? 'color:#c00;font-weight:bold' : '';
        $html = '<div class="widget-content-padded"><span style="font-size:1.6em;' . $style . '">'
            . $escape($text) . '</span>';
        if (!empty($data['low'])) {
            $html .= '<br>' . $escape(sprintf(
                'Below the warning amount of EUR %.2f: top up the ODR account, registrations fail when it is empty.',
                (float) $data['threshold'],
            ));
        }

        return $html . '</div>';
    }

    /** @return array<string, mixed> */
    private static function registrarSettings(): array
    {
        if (!function_exists('getRegistrarConfigOptions') && defined('ROOTDIR')) {
            require_once constant('ROOTDIR') . '/includes/registrarfunctions.php';
        }
        $values = getRegistrarConfigOptions(PanelLog::MODULE);

        return is_array($values) ? $values : [];
    }
}
