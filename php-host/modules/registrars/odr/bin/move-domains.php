<?php

/**
 * Moves the domains of a previous ODR module (the community module, registrar "ODR") to this
 * module. From the WHMCS folder:
 *
 *   php modules/registrars/odr/bin/move-domains.php            # dry run: lists them
 *   php modules/registrars/odr/bin/move-domains.php --apply    # moves them
 *
 * Only tbldomains.registrar changes; see docs/INSTALL.md, "Upgrading from ODR's module / the
 * community module".
 */

// phpcs:disable PSR1.Files.SideEffects

declare(strict_types=1);

if (PHP_SAPI !== 'cli') {
    http_response_code(404);
    exit(1);
}

$init = dirname(__DIR__, 4) . '/init.php';
if (!is_file($init)) {
    fwrite(STDERR, "move-domains: no WHMCS init.php at $init; keep this file in modules/registrars/odr/bin/\n");
    exit(1);
}
require_once $init;
require_once dirname(__DIR__) . '/autoload.php';

exit((new WHMCS\Module\Registrar\Odr\Whmcs\DomainMoveCommand())->run(array_slice($argv, 1), STDOUT));
