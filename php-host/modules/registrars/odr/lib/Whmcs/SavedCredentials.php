<?php

declare(strict_types=1);

namespace WHMCS\Module\Registrar\Odr\Whmcs;

use WHMCS\Database\Capsule;
use WHMCS\Module\Registrar\Odr\Capability\PanelLog;

/**
 * Are our own API key or secret saved? The question every module call asks before it may carry a
 * previous module's settings over (SettingsMigration), kept apart from the migration so that the
 * usual answer, yes, costs one query and this small class, once per process and database
 * connection.
 *
 * Read by exact registrar name in PHP: MySQL's default collations compare `ODR` (the community
 * module) and `odr` as equal. Of several rows for one setting the last (by id) counts, as WHMCS
 * reads them.
 */
final class SavedCredentials
{
    /** @var \WeakMap<object, true>|null the connections in which ours were found saved */
    private static ?\WeakMap $found = null;

    public static function present(): bool
    {
        self::$found ??= new \WeakMap();
        $connection = Capsule::connection();
        if (isset(self::$found[$connection])) {
            return true;
        }
        $values = [];
        $rows = Capsule::table('tblregistrars')->where('registrar', PanelLog::MODULE)
            ->whereIn('setting', ['APIKey', 'APISecret'])->orderBy('id')->get(['registrar', 'setting', 'value']);
        foreach ($rows as $row) {
            if ((string) $row->registrar === PanelLog::MODULE) {
                $values[(string) $row->setting] = trim((string) decrypt((string) $row->value));
            }
        }
        if (($values['APIKey'] ?? '') === '' && ($values['APISecret'] ?? '') === '') {
            return false;
        }
        self::$found[$connection] = true;

        return true;
    }
}
