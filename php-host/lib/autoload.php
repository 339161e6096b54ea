<?php

/**
 * Class loading for the panel-neutral library (`Odr\Panel\...`): the capabilities (HTTP on
 * cURL, state), the component wrapper, settings, error messages and contact mapping that every
 * panel adapter shares. Each adapter ships a copy of this folder and requires this file.
 */

declare(strict_types=1);

require_once __DIR__ . '/Autoload.php';

\Odr\Panel\Autoload::register('Odr\\Panel\\', __DIR__);
