<?php

/**
 * Prints the additional domain fields ODR asks for when registering each TLD, as lines for
 * /resources/domains/additionalfields.php. From the WHMCS folder:
 *
 *   php modules/registrars/odr/bin/order-fields.php us eu >> resources/domains/additionalfields.php
 *
 * (check the lines first). RegisterDomain sends the fields named "odr:<field>" to ODR.
 */

// phpcs:disable PSR1.Files.SideEffects

declare(strict_types=1);

if (PHP_SAPI !== 'cli') {
    http_response_code(404);
    exit(1);
}

$init = dirname(__DIR__, 4) . '/init.php';
if (!is_file($init)) {
    fwrite(STDERR, "order-fields: no WHMCS init.php at $init; keep this file in modules/registrars/odr/bin/\n");
    exit(1);
}
require_once $init;
require_once dirname(__DIR__) . '/autoload.php';
require_once dirname(__DIR__, 4) . '/includes/registrarfunctions.php';

$settings = getRegistrarConfigOptions('odr');
$context = WHMCS\Module\Registrar\Odr\Context::fromParams(is_array($settings) ? $settings : []);
exit((new WHMCS\Module\Registrar\Odr\Whmcs\OrderFieldsCommand($context))->run(array_slice($argv, 1), STDOUT));
