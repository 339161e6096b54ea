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
        // One prepared statement (not the query builder); each value decrypted only when needed.
        $stored = [];
        $rows = $connection->select(
            'SELECT `registrar`, `setting`, `value` FROM `tblregistrars` WHERE `registrar` = ? '
                . 'AND `setting` IN (?, ?) ORDER BY `id`',
            [PanelLog::MODULE, 'APIKey', 'APISecret'],
        );
        foreach ($rows as $row) {
            if ((string) $row->registrar === PanelLog::MODULE) {
                $stored[(string) $row->setting] = (string) $row->value;
            }
        }
        foreach (['APIKey', 'APISecret'] as $setting) {
            if (isset($stored[$setting]) && trim((string) decrypt($stored[$setting])) !== '') {
                self::$found[$connection] = true;

                return true;
            }
        }

        return false;
    }
}
