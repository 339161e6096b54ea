<?php

/**
 * Loads the scripted stand-ins of the odr extension's classes (only when the extension is not
 * loaded): Odr\Registrar and its exceptions, in Support/FakeOdr/.
 */

declare(strict_types=1);

require_once __DIR__ . '/FakeOdr/RegistrarException.php';
require_once __DIR__ . '/FakeOdr/ArgumentException.php';
require_once __DIR__ . '/FakeOdr/RuntimeException.php';
require_once __DIR__ . '/FakeOdr/Registrar.php';
