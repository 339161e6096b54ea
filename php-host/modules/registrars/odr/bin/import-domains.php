<?php

/**
 * Imports domains of the ODR account that WHMCS does not hold. From the WHMCS folder:
 *
 *   php modules/registrars/odr/bin/import-domains.php                          # dry run: lists them
 *   php modules/registrars/odr/bin/import-domains.php --import a.nl,b.nl [--client ID]
 *
 * Each imported domain goes to the client whose e-mail is the registrant's (else --client);
 * expiry and next due date come from ODR; nothing is invoiced. See docs/INSTALL.md.
 */

declare(strict_types=1);

(require __DIR__ . '/boot.php')('import-domains');

$settings = getRegistrarConfigOptions('odr');
$context = WHMCS\Module\Registrar\Odr\Context::fromParams(is_array($settings) ? $settings : []);
exit((new WHMCS\Module\Registrar\Odr\Whmcs\DomainImportCommand($context))->run(array_slice($argv, 1), STDOUT));
