<?php

/**
 * Shared by the command-line tools in this folder: returns the function that refuses a web
 * request, loads WHMCS (its init.php, four folders up) and this module, or says why it cannot.
 */

declare(strict_types=1);

return static function (string $tool): void {
    if (PHP_SAPI !== 'cli') {
        http_response_code(404);
        exit(1);
    }
    $whmcs = dirname(__DIR__, 4);
    if (!is_file($whmcs . '/init.php')) {
        fwrite(STDERR, "$tool: no WHMCS init.php at $whmcs/init.php; keep this file in modules/registrars/odr/bin/\n");
        exit(1);
    }
    require_once $whmcs . '/init.php';
    require_once dirname(__DIR__) . '/autoload.php';
    require_once $whmcs . '/includes/registrarfunctions.php';
};
