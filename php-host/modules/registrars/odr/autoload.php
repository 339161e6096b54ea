<?php

/**
 * Class loading for the module's lib/ folder.
 *
 * WHMCS autoloads `WHMCS\Module\Registrar\Odr\...` from lib/ by itself; this loader makes the
 * module independent of that (hooks.php runs on pages where WHMCS may not have set it up yet).
 * The panel-neutral library (`Odr\Panel\...`) is the module's shared/ folder in a release, and
 * php-host/lib in the repository.
 */

declare(strict_types=1);

require_once is_file(__DIR__ . '/shared/autoload.php')
    ? __DIR__ . '/shared/autoload.php'
    : dirname(__DIR__, 3) . '/lib/autoload.php';

\Odr\Panel\Autoload::register('WHMCS\\Module\\Registrar\\Odr\\', __DIR__ . '/lib');
