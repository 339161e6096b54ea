<?php

/**
 * The module's message for a component of another architecture, with the real extension and the
 * release's real files: loads argv[1] (the other architecture's .cwasm), lets the module's
 * Compatibility explain the extension's refusal, and checks it names both architectures and the
 * file to use. Run as: php -n -d extension=odr.so wrong-arch.php OTHER.cwasm MODULE_DIR
 */

declare(strict_types=1);

use WHMCS\Module\Registrar\Odr\Component\Compatibility;
use WHMCS\Module\Registrar\Odr\Component\ComponentFactory;

require $argv[2] . '/autoload.php';

$platform = Compatibility::current();
try {
    ComponentFactory::probe($argv[1]);
    echo "wrong-arch FAILED: {$argv[1]} loaded on {$platform->arch}\n";
    exit(1);
} catch (Throwable $error) {
    $message = $platform->componentProblem($argv[1], $error);
}
$other = basename(dirname($argv[1])); // component/<arch>/odr_registrar.cwasm
$expected = sprintf('compiled for %s, but this server is %s: use component/%s/odr_registrar.cwasm', $other, $platform->arch, $platform->arch);
echo '   ', $message, "\n";
exit(str_contains($message, $expected) ? 0 : 1);
