<?php

declare(strict_types=1);

namespace WHMCS\Module\Registrar\Odr\Whmcs;

use WHMCS\Database\Capsule;
use WHMCS\Module\Registrar\Odr\Context;

/**
 * Domain import: the ODR account's live domains WHMCS does not hold (the component's
 * list-importable-domains), each matched to the WHMCS client whose e-mail is the registrant's,
 * and the chosen ones added to tbldomains: registrar odr, Active, expiry and next due date from
 * ODR (next due date moved by WHMCS's "sync next due date" offset), nothing invoiced.
 */
final class DomainImport
{
    public function __construct(private readonly Context $context)
    {
    }

    /**
     * What an import would do, per domain: the ODR data and the client it would go to.
     *
     * @return list<array{domain: string, expiry: ?string, nameservers: list<string>, email: string,
     *     name: string, client: ?int}>
     */
    public function candidates(): array
    {
        $held = array_map(
            static fn (object $row): string => strtolower((string) $row->domain),
            Capsule::table('tbldomains')->select('domain')->get()->all(),
        );
        $found = $this->context->component()->call('list-importable-domains', ['panel-names' => $held]);
        $rows = [];
        foreach ((array) $found as $domain) {
            $domain = (array) $domain;
            $email = (string) $domain['registrant-email'];
            $rows[] = [
                'domain' => (string) $domain['domain'],
                'expiry' => $domain['expiry'] === null ? null : (string) $domain['expiry'],
                'nameservers' => array_map('strval', (array) $domain['nameservers']),
                'email' => $email,
                'name' => (string) $domain['registrant-name'],
                'client' => $email === '' ? null : $this->clientWithEmail($email),
            ];
        }

        return $rows;
    }

    /**
     * Adds the chosen candidates; a domain without a matching client goes to $fallbackClient,
     * or is skipped when there is none.
     *
     * @param list<array{domain: string, expiry: ?string, nameservers: list<string>, email: string,
     *     name: string, client: ?int}> $candidates
     * @param list<string> $chosen
     * @return array{imported: list<array{domain: string, id: int, client: int}>, skipped: array<string, string>}
     */
    public function import(array $candidates, array $chosen, ?int $fallbackClient): array
    {
        $chosen = array_map('strtolower', $chosen);
        $byName = [];
        foreach ($candidates as $candidate) {
            $byName[$candidate['domain']] = $candidate;
        }
        $imported = [];
        $skipped = [];
        $offset = (new SystemSettings())->nextDueOffsetDays() ?? 0;
        $today = date('Y-m-d');
        foreach ($chosen as $name) {
            $candidate = $byName[$name] ?? null;
            if ($candidate === null) {
                $skipped[$name] = 'not an ODR domain unknown to WHMCS';
                continue;
            }
            $client = $candidate['client'] ?? $fallbackClient;
            if ($client === null) {
                $skipped[$name] = 'no WHMCS client with e-mail ' . ($candidate['email'] ?: '(none)')
                    . '; give --client';
                continue;
            }
            if ($candidate['expiry'] === null) {
                $skipped[$name] = 'ODR gives no expiry date';
                continue;
            }
            $nextDue = date('Y-m-d', (int) strtotime($candidate['expiry'] . ' -' . $offset . ' days'));
            $id = (int) Capsule::table('tbldomains')->insertGetId([
                'userid' => $client,
                'orderid' => 0,
                'type' => 'Register',
                'registrationdate' => $today,
                'domain' => $name,
                'firstpaymentamount' => 0,
                'recurringamount' => 0,
                'registrar' => 'odr',
                'registrationperiod' => 1,
                'expirydate' => $candidate['expiry'],
                'status' => 'Active',
                'nextduedate' => $nextDue,
                'nextinvoicedate' => $nextDue,
                'additionalnotes' => 'Imported from ODR on ' . $today . ' (nameservers '
                    . implode(', ', $candidate['nameservers']) . '). Set the recurring amount.',
            ]);
            $this->context->localApi()->call('LogActivity', [
                'description' => sprintf(
                    'ODR: domain %s imported from ODR for client %d (nothing invoiced)',
                    $name,
                    $client,
                ),
            ]);
            $imported[] = ['domain' => $name, 'id' => $id, 'client' => $client];
        }

        return ['imported' => $imported, 'skipped' => $skipped];
    }

    private function clientWithEmail(string $email): ?int
    {
        $id = Capsule::table('tblclients')->whereRaw('LOWER(email) = ?', [strtolower($email)])->value('id');

        return $id === null ? null : (int) $id;
    }
}
