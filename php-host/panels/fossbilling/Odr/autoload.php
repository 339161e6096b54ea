<?php

/**
 * Class loading for the ODR adapter's own classes (`Odr\Fossbilling\...`, in src/) and the
 * panel-neutral library (`Odr\Panel\...`): shared/ beside this file in a release, php-host/lib
 * in the repository.
 */

declare(strict_types=1);

require_once is_file(__DIR__ . '/shared/autoload.php')
    ? __DIR__ . '/shared/autoload.php'
    : dirname(__DIR__, 3) . '/lib/autoload.php';

\Odr\Panel\Autoload::register('Odr\\Fossbilling\\', __DIR__ . '/src');
