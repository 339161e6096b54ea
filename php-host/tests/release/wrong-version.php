<?php

/**
 * The module's message for a component made by another wasmtime, with the real extension: copies
 * argv[1] (a release .cwasm), changes the wasmtime version recorded in its .wasmtime.engine
 * section from 48 to 47 (as a .cwasm of an older release would say), lets the extension refuse
 * it and the module's Compatibility explain it. Run as:
 *   php -n -d extension=odr.so wrong-version.php RELEASE.cwasm MODULE_DIR
 */

declare(strict_types=1);

use WHMCS\Module\Registrar\Odr\Component\Compatibility;
use WHMCS\Module\Registrar\Odr\Component\ComponentFactory;

require $argv[2] . '/autoload.php';

$bytes = (string) file_get_contents($argv[1]);
$arch = basename(dirname($argv[1]));
// The section starts: layout 0, version length 2, "48", then the target triple (postcard string).
$marker = "\x00\x02" . '48' . chr(strlen($arch . '-unknown-linux-gnu')) . $arch . '-unknown-linux-gnu';
$at = strpos($bytes, $marker);
if ($at === false) {
    echo "wrong-version FAILED: no wasmtime 48 engine section in {$argv[1]}\n";
    exit(1);
}
$old = sys_get_temp_dir() . '/odr-wasmtime47-' . getmypid() . '.cwasm';
file_put_contents($old, substr_replace($bytes, '47', $at + 2, 2));

$platform = Compatibility::current();
try {
    ComponentFactory::probe($old);
    echo "wrong-version FAILED: a wasmtime 47 .cwasm loaded\n";
    exit(1);
} catch (Throwable $error) {
    $message = $platform->componentProblem($old, $error);
} finally {
    unlink($old);
}
echo '   ', $message, "\n";
exit(str_contains($message, 'was made by wasmtime 47, which is not the one inside the loaded odr extension') ? 0 : 1);
