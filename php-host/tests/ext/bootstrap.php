<?php

declare(strict_types=1);

/*
 * The extension's tests need the extension itself (php -d extension=...) and the
 * precompiled component (ODR_CWASM, default target/odr_registrar.cwasm).
 */

error_reporting(E_ALL);

if (!extension_loaded('odr')) {
    fwrite(STDERR, "The odr extension is not loaded: run php -d extension=target/host/libodr_php.so "
        . "/usr/bin/phpunit -c php-host/tests/ext/phpunit.xml (or make test-php).\n");
    exit(1);
}

require __DIR__ . '/Support/MemoryState.php';
require __DIR__ . '/Support/RecordingLog.php';
require __DIR__ . '/Support/CannedOdr.php';
require __DIR__ . '/Support/ExtensionTestCase.php';

$cwasm = \Odr\Tests\Ext\Support\ExtensionTestCase::cwasmPath();
if (!is_file($cwasm)) {
    fwrite(STDERR, "No precompiled component at $cwasm: run make cwasm, or set ODR_CWASM.\n");
    exit(1);
}
