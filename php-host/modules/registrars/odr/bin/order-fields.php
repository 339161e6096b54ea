<?php

/**
 * Prints the additional domain fields ODR asks for when registering each TLD, as lines for
 * /resources/domains/additionalfields.php. From the WHMCS folder:
 *
 *   php modules/registrars/odr/bin/order-fields.php us eu >> resources/domains/additionalfields.php
 *
 * (check the lines first). RegisterDomain sends the fields named "odr:<field>" to ODR.
 */

declare(strict_types=1);

(require __DIR__ . '/boot.php')('order-fields');

$settings = getRegistrarConfigOptions('odr');
$context = WHMCS\Module\Registrar\Odr\Context::fromParams(is_array($settings) ? $settings : []);
exit((new WHMCS\Module\Registrar\Odr\Whmcs\OrderFieldsCommand($context))->run(array_slice($argv, 1), STDOUT));
