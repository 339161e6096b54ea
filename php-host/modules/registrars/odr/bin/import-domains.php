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

// phpcs:disable PSR1.Files.SideEffects

declare(strict_types=1);

if (PHP_SAPI !== 'cli') {
    http_response_code(404);
    exit(1);
}

$init = dirname(__DIR__, 4) . '/init.php';
if (!is_file($init)) {
    fwrite(STDERR, "import-domains: no WHMCS init.php at $init; keep this file in modules/registrars/odr/bin/\n");
    exit(1);
}
require_once $init;
require_once dirname(__DIR__) . '/autoload.php';
require_once dirname(__DIR__, 4) . '/includes/registrarfunctions.php';

$settings = getRegistrarConfigOptions('odr');
$context = WHMCS\Module\Registrar\Odr\Context::fromParams(is_array($settings) ? $settings : []);
exit((new WHMCS\Module\Registrar\Odr\Whmcs\DomainImportCommand($context))->run(array_slice($argv, 1), STDOUT));
