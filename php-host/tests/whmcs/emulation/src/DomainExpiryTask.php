<?php

declare(strict_types=1);

namespace OdrTests\Whmcs\Emulation;

/**
 * WHMCS's daily "Domain Expiry" task (UpdateDomainExpiryStatus): an Active, Grace or Redemption
 * domain whose expiry date has passed moves to Grace, then Redemption, then Expired, by the days
 * since its expiry and its TLD's grace and redemption periods (docs/whmcs-behaviour.md, rule D1).
 *
 * A TLD counts as having a grace period when its tbldomainpricing row sets one (>= 0) or WHMCS's
 * built-in default for it is above 0, and its grace fee is not disabled (>= 0); likewise for
 * redemption. A TLD without a tbldomainpricing row has neither: its domains expire the day after
 * their expiry date. With WHMCS's column defaults (periods -1, grace fee 0.00, redemption fee
 * -1.00) a .nl domain has no grace (built-in 0) and no redemption (fee disabled), so it too is
 * Expired the day after its expiry date.
 */
final class DomainExpiryTask
{
    /**
     * WHMCS's built-in grace periods (WHMCS\Domain\TopLevel\GracePeriod) for the TLDs the tests
     * use; every TLD not listed here defaults to 0, as in WHMCS for unlisted TLDs.
     */
    public const DEFAULT_GRACE_DAYS = [
        'com' => 30, 'net' => 30, 'org' => 30, 'info' => 30, 'biz' => 30, 'me' => 30, 'it' => 10,
        'nl' => 0, 'eu' => 0, 'be' => 0, 'de' => 0, 'fr' => 0, 'at' => 0, 'co.uk' => 0, 'uk' => 0,
    ];

    /** WHMCS's built-in redemption periods (WHMCS\Domain\TopLevel\RedemptionGracePeriod), likewise. */
    public const DEFAULT_REDEMPTION_DAYS = [
        'com' => 30, 'net' => 30, 'org' => 30, 'info' => 30, 'biz' => 30, 'me' => 30, 'it' => 30, 'fr' => 30,
        'nl' => 40, 'eu' => 40, 'be' => 40, 'de' => 0, 'at' => 0, 'co.uk' => 0, 'uk' => 0,
    ];

    public function __construct(private readonly Whmcs $whmcs)
    {
    }

    /**
     * One run of the task.
     *
     * @return array{Grace: list<int>, Redemption: list<int>, Expired: list<int>} the domain ids moved to each status
     */
    public function run(): array
    {
        $today = $this->whmcs->clock->today();
        $moved = ['Grace' => [], 'Redemption' => [], 'Expired' => []];
        $domains = $this->whmcs->capsule->table('tbldomains')
            ->whereIn('status', ['Active', 'Grace', 'Redemption'])
            ->where('expirydate', '<', $today)
            ->where('expirydate', '!=', '0000-00-00')
            ->orderBy('id')
            ->get();
        foreach ($domains as $domain) {
            $expiry = DomainTable::dateOf($domain->expirydate);
            if (!DomainTable::isRealDate($expiry)) {
                continue;
            }
            $status = $this->statusFor((string) $domain->domain, $expiry, $today);
            if ($status !== (string) $domain->status) {
                $this->whmcs->domains->update((int) $domain->id, ['status' => $status]);
                $moved[$status][] = (int) $domain->id;
            }
        }
        (new Billing($this->whmcs))->cancelRenewalInvoicesOfExpired($moved['Expired']);

        return $moved;
    }

    /** The status WHMCS gives a domain whose expiry date ($expiry) is before $today. */
    public function statusFor(string $domain, string $expiry, string $today): string
    {
        $days = (int) (new \DateTimeImmutable($expiry))->diff(new \DateTimeImmutable($today))->days;
        $tld = explode('.', $domain, 2)[1] ?? '';
        $grace = $this->period($tld, 'grace_period', 'grace_period_fee', self::DEFAULT_GRACE_DAYS);
        $redemption = $this->period(
            $tld,
            'redemption_grace_period',
            'redemption_grace_period_fee',
            self::DEFAULT_REDEMPTION_DAYS,
        );
        if ($grace === null && $redemption === null) {
            return 'Expired';
        }
        if ($grace !== null) {
            if ($days <= $grace) {
                return 'Grace';
            }
            $days -= $grace;
        }

        return $redemption !== null && $days <= $redemption ? 'Redemption' : 'Expired';
    }

    /**
     * A TLD's grace or redemption days, or null when WHMCS gives the TLD none.
     *
     * @param array<string, int> $defaults
     */
    private function period(string $tld, string $periodColumn, string $feeColumn, array $defaults): ?int
    {
        $row = $this->whmcs->capsule->table('tbldomainpricing')->where('extension', '.' . $tld)->orderBy('id')->first();
        if ($row === null || $this->whmcs->config('DisableDomainGraceAndRedemptionFees') !== '') {
            return null;
        }
        $configured = (int) $row->{$periodColumn};
        $default = $defaults[$tld] ?? 0;
        if (!($configured >= 0 || $default > 0) || (float) $row->{$feeColumn} < 0) {
            return null;
        }

        return $configured >= 0 ? $configured : $default;
    }
}
