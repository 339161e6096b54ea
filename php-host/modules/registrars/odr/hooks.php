<?php

/**
 * WHMCS hooks of the ODR registrar module (auto-discovered by WHMCS).
 */

// phpcs:disable PSR1.Files.SideEffects

declare(strict_types=1);

use WHMCS\Module\Registrar\Odr\Balance\BalanceWidget;
use WHMCS\Module\Registrar\Odr\DailyTasks;

if (!defined('WHMCS')) {
    die('This file cannot be accessed directly');
}

require_once __DIR__ . '/autoload.php';

add_hook('DailyCronJob', 1, static function (): void {
    DailyTasks::run();
});

add_hook('AdminHomeWidgets', 1, static function (): BalanceWidget {
    return new BalanceWidget();
});
