<?php

declare(strict_types=1);

namespace WHMCS\Database;

/**
 * WHMCS exposes Laravel's database layer under this name; the emulation makes it the real
 * Illuminate Capsule (see OdrTests\Whmcs\Emulation\Database, which registers the alias).
 */
if (!class_exists(Capsule::class, false)) {
    class_alias(\Illuminate\Database\Capsule\Manager::class, Capsule::class);
}
