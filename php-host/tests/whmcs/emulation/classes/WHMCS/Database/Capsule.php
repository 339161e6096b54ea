<?php

/**
 * WHMCS exposes Laravel's database layer as WHMCS\Database\Capsule; the emulation makes that
 * name the real Illuminate Capsule (OdrTests\Whmcs\Emulation\Database sets it up as global).
 */

declare(strict_types=1);

namespace WHMCS\Database;

if (!class_exists(Capsule::class, false)) {
    class_alias(\Illuminate\Database\Capsule\Manager::class, Capsule::class);
}
