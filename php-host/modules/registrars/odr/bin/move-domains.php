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

declare(strict_types=1);

(require __DIR__ . '/boot.php')('move-domains');

exit((new WHMCS\Module\Registrar\Odr\Whmcs\DomainMoveCommand())->run(array_slice($argv, 1), STDOUT));
