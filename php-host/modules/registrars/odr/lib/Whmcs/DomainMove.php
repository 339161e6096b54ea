<?php

declare(strict_types=1);

namespace WHMCS\Module\Registrar\Odr\Whmcs;

use WHMCS\Database\Capsule;
use WHMCS\Module\Registrar\Odr\Capability\PanelLog;

/**
 * Moves the domains of a previous ODR module over to this one: only `tbldomains.registrar`
 * changes (no module call, no invoice, no sync, no date), one activity-log line per domain,
 * and "Expiry sync preview" is ticked afterwards so the first sync of the moved domains changes
 * nothing until the admin has checked the preview.
 *
 * ODR's own module is registrar `odr` already, so only the community module's name is listed.
 * Names are compared exactly in PHP: MySQL's default collations take `ODR` and `odr` as equal.
 */
final class DomainMove
{
    /** Registrar names of the previous ODR modules whose domains move to ours. */
    public const PREVIOUS_REGISTRARS = [SettingsMigration::COMMUNITY_REGISTRAR];

    /**
     * The domains that would move, oldest first.
     *
     * @return list<array{id: int, domain: string, status: string, userid: int, registrar: string}>
     */
    public function candidates(): array
    {
        $rows = Capsule::table('tbldomains')->whereIn('registrar', self::PREVIOUS_REGISTRARS)->orderBy('id')
            ->get(['id', 'domain', 'status', 'userid', 'registrar']);
        $domains = [];
        foreach ($rows as $row) {
            if (in_array((string) $row->registrar, self::PREVIOUS_REGISTRARS, true)) {
                $domains[] = [
                    'id' => (int) $row->id,
                    'domain' => (string) $row->domain,
                    'status' => (string) $row->status,
                    'userid' => (int) $row->userid,
                    'registrar' => (string) $row->registrar,
                ];
            }
        }

        return $domains;
    }

    /**
     * TLDs whose automatic registration still names a previous module (Setup > Domain Pricing):
     * left to the admin, listed so they are not forgotten.
     *
     * @return list<string>
     */
    public function autoRegistrationTlds(): array
    {
        $tlds = [];
        $rows = Capsule::table('tbldomainpricing')->whereIn('autoreg', self::PREVIOUS_REGISTRARS)->orderBy('id')
            ->get(['extension', 'autoreg']);
        foreach ($rows as $row) {
            if (in_array((string) $row->autoreg, self::PREVIOUS_REGISTRARS, true)) {
                $tlds[] = (string) $row->extension;
            }
        }

        return $tlds;
    }

    /**
     * Moves every candidate in one transaction.
     *
     * @return list<array{id: int, domain: string, status: string, userid: int, registrar: string}> the moved domains
     */
    public function apply(): array
    {
        $moved = [];
        Capsule::connection()->transaction(function () use (&$moved): void {
            foreach ($this->candidates() as $domain) {
                $changed = Capsule::table('tbldomains')
                    ->where('id', $domain['id'])
                    ->where('registrar', $domain['registrar'])
                    ->update(['registrar' => PanelLog::MODULE]);
                if ($changed !== 1) {
                    continue;
                }
                logActivity(sprintf(
                    'ODR module upgrade: domain %s (id %d) moved from registrar %s to %s; nothing invoiced or synced',
                    $domain['domain'],
                    $domain['id'],
                    $domain['registrar'],
                    PanelLog::MODULE,
                ), $domain['userid']);
                $moved[] = $domain;
            }
        });
        if ($moved !== [] && (new SettingsMigration())->forcePreview()) {
            logActivity('ODR module upgrade: "Expiry sync preview" ticked after moving domains over: the expiry '
                . 'sync changes nothing until you have checked the daily preview e-mail and unticked it.');
        }

        return $moved;
    }
}
