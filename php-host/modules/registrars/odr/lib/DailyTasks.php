<?php

declare(strict_types=1);

namespace WHMCS\Module\Registrar\Odr;

use Odr\Panel\ErrorMessage;
use WHMCS\Module\Registrar\Odr\Actions\Cron\PreviewExpirySync;
use WHMCS\Module\Registrar\Odr\Actions\Cron\SendDomainReport;

/**
 * The DailyCronJob hook: the domain report (setting "Daily domain report"), the low-balance
 * warning (setting "Low balance warning") and, while "Expiry sync preview" is on, the first-sync
 * preview. Never throws into WHMCS's cron.
 */
final class DailyTasks
{
    public static function run(): void
    {
        try {
            $params = self::registrarSettings();
            $context = Context::fromParams($params);
            if ($context->settings->apiKey === '') {
                return;
            }
        } catch (\Throwable $error) {
            self::logFailure('daily tasks', $error);

            return;
        }
        if ($context->settings->domainReport) {
            try {
                (new SendDomainReport($context))->send(true);
            } catch (\Throwable $error) {
                self::logFailure('daily domain report', $error, $context->settings->secrets());
            }
        }
        try {
            (new Balance\LowBalanceWarning($context))->run($params);
        } catch (\Throwable $error) {
            self::logFailure('low balance check', $error, $context->settings->secrets());
        }
        if ($context->settings->syncPreview) {
            try {
                (new PreviewExpirySync($context))->send(true);
            } catch (\Throwable $error) {
                self::logFailure('daily expiry sync preview', $error, $context->settings->secrets());
            }
        }
    }

    /** @return array<string, mixed> the module's settings as stored by WHMCS (decrypted) */
    private static function registrarSettings(): array
    {
        if (!function_exists('getRegistrarConfigOptions') && defined('ROOTDIR')) {
            require_once constant('ROOTDIR') . '/includes/registrarfunctions.php';
        }
        $values = getRegistrarConfigOptions(Capability\PanelLog::MODULE);

        return is_array($values) ? $values : [];
    }

    /** @param list<string> $secrets */
    private static function logFailure(string $task, \Throwable $error, array $secrets = []): void
    {
        logActivity(sprintf('ODR: the %s failed: %s', $task, ErrorMessage::of($error, $secrets)));
    }
}
