<?php

declare(strict_types=1);

namespace OdrTests\Whmcs\Emulation;

/**
 * Rows for tests: clients, their contacts and domains, with WHMCS's defaults.
 */
final class Fixtures
{
    public function __construct(private readonly Whmcs $whmcs)
    {
    }

    /** @param array<string, mixed> $overrides */
    public function client(array $overrides = []): int
    {
        $now = $this->whmcs->clock->now()->format('Y-m-d H:i:s');

        return (int) $this->whmcs->capsule->table('tblclients')->insertGetId($overrides + [
            'uuid' => bin2hex(random_bytes(8)),
            'firstname' => 'Jan',
            'lastname' => 'Jansen',
            'companyname' => '',
            'email' => 'jan@example.nl',
            'address1' => 'Dorpstraat 12',
            'address2' => '',
            'city' => 'Amsterdam',
            'state' => 'Noord-Holland',
            'postcode' => '1234 AB',
            'country' => 'NL',
            'phonenumber' => '020 1234567',
            'tax_id' => '',
            'password' => '',
            'defaultgateway' => 'banktransfer',
            'notes' => '',
            'language' => 'dutch',
            'datecreated' => $this->whmcs->clock->today(),
            'created_at' => $now,
            'updated_at' => $now,
        ]);
    }

    /** @param array<string, mixed> $overrides */
    public function contact(int $userId, array $overrides = []): int
    {
        return (int) $this->whmcs->capsule->table('tblcontacts')->insertGetId($overrides + [
            'userid' => $userId,
            'firstname' => 'Piet',
            'lastname' => 'Pietersen',
            'companyname' => '',
            'email' => 'piet@example.nl',
            'address1' => 'Kerkstraat 1',
            'address2' => '',
            'city' => 'Utrecht',
            'state' => 'Utrecht',
            'postcode' => '3511 AA',
            'country' => 'NL',
            'phonenumber' => '030 7654321',
            'tax_id' => '',
            'domainemails' => true,
        ]);
    }

    /**
     * A domain with registrar odr; Active with an expiry a year from now unless overridden.
     *
     * @param array<string, mixed> $overrides
     */
    public function domain(int $userId, string $domain, array $overrides = []): int
    {
        $today = $this->whmcs->clock->now();

        return $this->whmcs->domains->insert($overrides + [
            'userid' => $userId,
            'orderid' => 0,
            'type' => 'Register',
            'registrationdate' => $today->format('Y-m-d'),
            'domain' => $domain,
            'firstpaymentamount' => '9.95',
            'recurringamount' => '9.95',
            'registrar' => 'odr',
            'registrationperiod' => 1,
            'expirydate' => $today->modify('+1 year')->format('Y-m-d'),
            'subscriptionid' => '',
            'status' => 'Active',
            'nextduedate' => $today->modify('+1 year')->format('Y-m-d'),
            'nextinvoicedate' => $today->modify('+1 year')->format('Y-m-d'),
            'additionalnotes' => '',
            'paymentmethod' => 'banktransfer',
            'reminders' => '',
        ]);
    }

    /**
     * A domain as a paid order leaves it: Pending, no registration or expiry date yet, the next
     * due date a period ahead (WHMCS advances it when the order's invoice is paid).
     *
     * @param array<string, mixed> $overrides
     */
    public function order(int $userId, string $domain, string $type = 'Register', array $overrides = []): int
    {
        $period = (int) ($overrides['registrationperiod'] ?? 1);
        $due = $this->whmcs->clock->now()->modify('+' . $period . ' years')->format('Y-m-d');

        return $this->domain($userId, $domain, $overrides + [
            'type' => $type,
            'status' => 'Pending',
            'registrationdate' => '0000-00-00',
            'expirydate' => '0000-00-00',
            'nextduedate' => $due,
            'nextinvoicedate' => $due,
        ]);
    }

    /**
     * A TLD in tbldomainpricing (Setup > Domain Pricing) with WHMCS's column defaults: grace and
     * redemption periods -1 ("use WHMCS's built-in period"), grace fee 0.00, redemption fee -1.00
     * (disabled, so no redemption status). Override e.g. ['redemption_grace_period_fee' => 0].
     *
     * @param string $tld without the leading dot, e.g. 'nl'
     * @param array<string, mixed> $overrides
     */
    public function tld(string $tld, array $overrides = []): int
    {
        $now = $this->whmcs->clock->now()->format('Y-m-d H:i:s');

        return (int) $this->whmcs->capsule->table('tbldomainpricing')->insertGetId($overrides + [
            'extension' => '.' . ltrim($tld, '.'),
            'autoreg' => 'odr',
            'created_at' => $now,
            'updated_at' => $now,
        ]);
    }
}
