<?php

declare(strict_types=1);

namespace WHMCS\Module\Registrar\Odr\Whmcs;

use WHMCS\Database\Capsule;
use WHMCS\Module\Registrar\Odr\Capability\PanelLog;

/**
 * The module's domains in tbldomains, as the component's `panel-domain` records.
 */
final class PanelDomains
{
    /** Statuses the expiry sync works on (WHMCS's rolling Sync batch). */
    public const SYNCED_STATUSES = ['Active', 'Pending Registration'];

    /** Statuses of a domain the registrar still holds for the panel (the brake's panel list). */
    public const LIVE_STATUSES = ['Active', 'Pending Registration', 'Pending Transfer', 'Grace', 'Redemption'];

    /** How long a process reuses the live-domain names it read (a cron run syncs 50 domains). */
    public const LIVE_NAMES_REUSE_SECONDS = 60;

    /**
     * The live-domain names last read per database connection, and when.
     *
     * @var \WeakMap<object, array{at: int, names: list<string>}>|null
     */
    private static ?\WeakMap $liveNames = null;

    /**
     * The names of every live domain with registrar odr: the component's wrong-account brake
     * compares them with ODR's list when it reads the list anew. Read once per minute per
     * process: with 10,000 domains the query and the IDN conversion take about 9 ms, which every
     * Sync call of a cron run paid before.
     *
     * @return list<string>
     */
    public function liveNames(): array
    {
        self::$liveNames ??= new \WeakMap();
        $connection = Capsule::connection();
        $kept = self::$liveNames[$connection] ?? null;
        if ($kept !== null && time() - $kept['at'] < self::LIVE_NAMES_REUSE_SECONDS) {
            return $kept['names'];
        }
        $names = $this->readLiveNames();
        self::$liveNames[$connection] = ['at' => time(), 'names' => $names];

        return $names;
    }

    /** @return list<string> */
    private function readLiveNames(): array
    {
        $names = [];
        $rows = Capsule::table('tbldomains')
            ->where('registrar', PanelLog::MODULE)
            ->whereIn('status', self::LIVE_STATUSES)
            ->pluck('domain');
        foreach ($rows as $domain) {
            $name = DomainName::ascii((string) $domain);
            if ($name !== '') {
                $names[$name] = true;
            }
        }

        return array_keys($names);
    }

    /**
     * What WHMCS knows of one domain but does not pass to Sync and TransferSync: its expiry
     * date and its order (registration) date, by domainid (null when the row or a valid date
     * is missing).
     *
     * @return array{expiry: ?string, ordered: ?string}
     */
    public function datesOf(int $domainId): array
    {
        $row = $domainId > 0
            ? Capsule::table('tbldomains')->where('id', $domainId)->first(['expirydate', 'registrationdate'])
            : null;

        return [
            'expiry' => $row === null ? null : WhmcsDate::toWit($row->expirydate),
            'ordered' => $row === null ? null : WhmcsDate::toWit($row->registrationdate),
        ];
    }

    /**
     * Active domains with registrar odr: what the domain report compares with ODR.
     *
     * @return list<array{domain: string, expiry: ?string, next-due: ?string}>
     */
    public function active(): array
    {
        return $this->withStatus(['Active']);
    }

    /**
     * The domains an expiry sync would touch: what the first-sync preview lists.
     *
     * @return list<array{domain: string, expiry: ?string, next-due: ?string}>
     */
    public function synced(): array
    {
        return $this->withStatus(self::SYNCED_STATUSES);
    }

    /**
     * @param list<string> $statuses
     * @return list<array{domain: string, expiry: ?string, next-due: ?string}>
     */
    private function withStatus(array $statuses): array
    {
        $domains = [];
        $rows = Capsule::table('tbldomains')
            ->where('registrar', PanelLog::MODULE)
            ->whereIn('status', $statuses)
            ->orderBy('domain')
            ->get(['domain', 'expirydate', 'nextduedate']);
        foreach ($rows as $row) {
            $name = DomainName::ascii((string) $row->domain);
            if ($name === '' || isset($domains[$name])) {
                continue;
            }
            $domains[$name] = [
                'domain' => $name,
                'expiry' => WhmcsDate::toWit($row->expirydate),
                'next-due' => WhmcsDate::toWit($row->nextduedate),
            ];
        }

        return array_values($domains);
    }
}
