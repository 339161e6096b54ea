<?php

declare(strict_types=1);

namespace OdrDemo;

use OdrTests\Whmcs\Emulation\DomainTable;
use OdrTests\Whmcs\Emulation\RegistrarRunner;
use OdrTests\Whmcs\Emulation\Whmcs;

/**
 * Prints what WHMCS would show after each step.
 */
final class Walkthrough
{
    private int $loggedCalls = 0;
    private int $activityShown = 0;
    private readonly RegistrarRunner $registrar;

    public function __construct(private readonly Whmcs $whmcs)
    {
        $this->registrar = $whmcs->registrar();
    }

    public function step(string $title, callable $action): mixed
    {
        echo "\n== $title\n";
        $result = $action($this->registrar);
        echo '   module returned: ' . self::describe($result) . "\n";
        $this->newRequests();
        $this->newActivity();

        return $result;
    }

    public function showDomain(int $id): void
    {
        $domain = $this->whmcs->domains->get($id);
        printf(
            "   WHMCS domain %s: status %s, expiry %s, next due %s\n",
            $domain->domain,
            $domain->status,
            self::date($domain->expirydate),
            self::date($domain->nextduedate),
        );
    }

    public static function describe(mixed $value): string
    {
        if ($value instanceof \WHMCS\Domain\Registrar\Domain) {
            return sprintf(
                'Domain object: %s, status %s, expiry %s, nameservers %s',
                $value->getDomain(),
                $value->getRegistrationStatus(),
                $value->getExpiryDate()?->toDateString() ?? 'none',
                implode(', ', $value->getNameservers()),
            );
        }

        return (string) json_encode($value, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE);
    }

    private function newRequests(): void
    {
        $rows = $this->rowsAfter('tblmodulelog', $this->loggedCalls);
        $this->loggedCalls += count($rows);
        $requests = [];
        foreach ($rows as $row) {
            if (preg_match('#^(GET|POST|PUT|DELETE) https?://[^/]+(/\S*)#', (string) $row->request, $m) === 1) {
                $requests[] = $m[1] . ' ' . $m[2];
            }
        }
        echo '   ODR requests: ' . ($requests === [] ? 'none' : implode(', ', $requests)) . "\n";
    }

    private function newActivity(): void
    {
        $rows = $this->rowsAfter('tblactivitylog', $this->activityShown);
        $this->activityShown += count($rows);
        foreach ($rows as $row) {
            echo '   activity log: ' . $row->description . "\n";
        }
    }

    /** @return list<object> the rows of $table after the first $seen */
    private function rowsAfter(string $table, int $seen): array
    {
        return $this->whmcs->capsule->table($table)->orderBy('id')->skip($seen)->take(PHP_INT_MAX)->get()->all();
    }

    private static function date(mixed $value): string
    {
        $date = DomainTable::dateOf($value);

        return $date === '0000-00-00' ? '-' : $date;
    }
}
