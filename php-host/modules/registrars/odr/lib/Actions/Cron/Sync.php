<?php

declare(strict_types=1);

namespace WHMCS\Module\Registrar\Odr\Actions\Cron;

use Odr\Panel\ErrorMessage;
use WHMCS\Module\Registrar\Odr\Actions\Contacts\ContactSync;
use WHMCS\Module\Registrar\Odr\Actions\ContextAction;
use WHMCS\Module\Registrar\Odr\Whmcs\DomainName;
use WHMCS\Module\Registrar\Odr\Whmcs\PanelDomains;
use WHMCS\Module\Registrar\Odr\Whmcs\WhmcsDate;

/**
 * Sync (WHMCS's domain sync cron and the admin Sync button): status and expiry from ODR.
 *
 * Returns `active`, `cancelled`, `transferredAway` and, only when ODR gave a valid one,
 * `expirydate`. A renewal WHMCS billed that ODR carries out at expiry (`renewal-pending`) is
 * active without `expirydate`: WHMCS keeps its later date and next due date. Never the obsolete
 * `expired` key: WHMCS's own daily task moves a domain through grace and redemption from its
 * expiry date. With "Sync contacts" on, the contacts of a
 * registered domain are brought in line too; a contact failure never blocks the expiry sync.
 */
final class Sync extends ContextAction
{
    /**
     * How long the account snapshot (one paged read of ODR's whole domain list) answers the sync.
     *
     * WHMCS's domain sync runs every 5 minutes over a batch of domains. With 300 s every run
     * re-read the whole list, which for a large account costs far more than the batch it serves.
     * An hour means the list is read at most once an hour, and so at most once per cron run, and
     * an expiry change made at ODR (a renewal elsewhere, a manual correction) still reaches WHMCS
     * within the hour; a domain the snapshot cannot answer is still read on its own.
     */
    public const SNAPSHOT_MAX_AGE_SECONDS = 3600;

    public function __invoke(array $params): array
    {
        if ($this->context->settings->syncPreview) {
            return ['error' => 'Not synced: the ODR setting "Expiry sync preview" is on, so the sync changes '
                . 'nothing in WHMCS. Untick it once the daily preview looks right.'];
        }
        $domain = DomainName::fromParams($params);
        // WHMCS passes neither the expiry date nor the other domains to Sync: read them.
        $panel = new PanelDomains();
        try {
            $outcome = $this->context->component()->call('sync-domain', [
                'domain' => $domain,
                'options' => [
                    'snapshot-max-age-seconds' => self::SNAPSHOT_MAX_AGE_SECONDS,
                    'panel-expiry' => $panel->datesOf((int) ($params['domainid'] ?? 0))['expiry'],
                    'panel-domains' => $panel->liveNames(),
                ],
            ]);
        } catch (\Throwable $error) {
            // WHMCS skips the module's other domains for this run when an error starts with "curl":
            // right when ODR cannot be reached, and when it rate limits us (the next domain's
            // request would only be limited too and keep the limit going).
            $kind = ErrorMessage::kind($error);
            if ($kind === 'transport') {
                throw new \RuntimeException('cURL error reaching ODR: ' . $error->getMessage(), 0, $error);
            }
            if ($kind === 'rate-limited') {
                throw new \RuntimeException(
                    'cURL error: ODR is rate limiting this account, so the sync stops for this run: '
                        . $error->getMessage(),
                    0,
                    $error,
                );
            }
            throw $error;
        }

        $result = self::toWhmcs($outcome);
        $registered = is_array($outcome) && (isset($outcome['active']) || isset($outcome['renewal-pending']));
        if ($this->context->settings->syncContacts && $registered) {
            $this->syncContacts($params, $domain);
        }

        return $result;
    }

    /**
     * @param string|array<string, string> $outcome a WIT sync-outcome
     * @return array<string, bool|string>
     */
    public static function toWhmcs(string|array $outcome): array
    {
        $result = ['active' => false, 'cancelled' => false, 'transferredAway' => false];
        if (is_array($outcome) && isset($outcome['active'])) {
            $result['active'] = true;
            $result['expirydate'] = WhmcsDate::fromWit($outcome['active']);
        } elseif (is_array($outcome) && isset($outcome['renewal-pending'])) {
            $result['active'] = true;
        } elseif (is_array($outcome) && isset($outcome['expired'])) {
            $result['expirydate'] = WhmcsDate::fromWit($outcome['expired']);
        } elseif ($outcome === 'cancelled') {
            $result['cancelled'] = true;
        } elseif ($outcome === 'transferred-away') {
            $result['transferredAway'] = true;
        } elseif ($outcome !== 'pending') {
            throw new \UnexpectedValueException('The ODR component returned an unknown sync outcome.');
        }

        return $result;
    }

    /** @param array<string, mixed> $params */
    private function syncContacts(array $params, string $domain): void
    {
        try {
            (new ContactSync($this->context))->run($params, $domain);
        } catch (\Throwable $error) {
            $reason = ErrorMessage::of($error, $this->context->settings->secrets());
            $message = sprintf('ODR: contact sync of %s failed: %s', $domain, $reason);
            try {
                $this->context->localApi()->call('LogActivity', ['description' => $message]);
            } catch (\Throwable) {
                logActivity($message);
            }
        }
    }
}
