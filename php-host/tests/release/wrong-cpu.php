<?php

/**
 * The module's message for a component that needs a CPU feature the server lacks, with the real
 * extension: copies argv[1] (a release x86_64 .cwasm, which needs none), marks AVX as used in its
 * .wasmtime.engine section (as a .cwasm compiled on an AVX machine says), lets the extension refuse
 * it and the module's Compatibility explain it. Meant to run on a CPU without AVX:
 *   qemu-x86_64-static -cpu qemu64 php -n -d extension=odr.so wrong-cpu.php RELEASE.cwasm MODULE_DIR
 */

declare(strict_types=1);

use WHMCS\Module\Registrar\Odr\Component\Compatibility;
use WHMCS\Module\Registrar\Odr\Component\ComponentFactory;

require $argv[2] . '/autoload.php';

$bytes = (string) file_get_contents($argv[1]);
// The ISA flag as postcard writes it: name (length, bytes), FlagValue::Bool (variant 2), false.
$flag = "\x07has_avx\x02\x00";
$at = strpos($bytes, $flag);
if ($at === false) {
    echo "wrong-cpu FAILED: no has_avx=false flag in {$argv[1]}\n";
    exit(1);
}
$avx = sys_get_temp_dir() . '/odr-avx-' . getmypid() . '.cwasm';
file_put_contents($avx, substr_replace($bytes, "\x01", $at + strlen($flag) - 1, 1));

$platform = Compatibility::current();
try {
    ComponentFactory::probe($avx);
    echo "wrong-cpu FAILED: an AVX .cwasm loaded (does this CPU have AVX?)\n";
    exit(1);
} catch (Throwable $error) {
    $message = $platform->componentProblem($avx, $error);
} finally {
    unlink($avx);
}
echo '   ', $message, "\n";
exit(str_contains($message, 'needs a CPU feature this server lacks (has_avx)') ? 0 : 1);
