<?php

declare(strict_types=1);

namespace OdrTests\Whmcs\Emulation;

use WHMCS\Domains\Domain;

/**
 * Builds registrar-module parameter arrays the way WHMCS does (contract §2).
 */
final class ParamsBuilder
{
    /** What WHMCS's foreignChrReplace() does to the top-level copies of the values. */
    private const FOREIGN_CHARACTERS = [
        'á' => 'a', 'à' => 'a', 'â' => 'a', 'ä' => 'a', 'ã' => 'a', 'å' => 'a', 'æ' => 'ae', 'ç' => 'c',
        'é' => 'e', 'è' => 'e', 'ê' => 'e', 'ë' => 'e', 'í' => 'i', 'ì' => 'i', 'î' => 'i', 'ï' => 'i',
        'ñ' => 'n', 'ó' => 'o', 'ò' => 'o', 'ô' => 'o', 'ö' => 'o', 'õ' => 'o', 'ø' => 'o', 'ú' => 'u',
        'ù' => 'u', 'û' => 'u', 'ü' => 'u', 'ý' => 'y', 'ÿ' => 'y', 'ß' => 'ss', 'Á' => 'A', 'À' => 'A',
        'Â' => 'A', 'Ä' => 'A', 'Å' => 'A', 'Ç' => 'C', 'É' => 'E', 'È' => 'E', 'Ê' => 'E', 'Ë' => 'E',
        'Í' => 'I', 'Ï' => 'I', 'Ñ' => 'N', 'Ó' => 'O', 'Ö' => 'O', 'Ø' => 'O', 'Ú' => 'U', 'Ü' => 'U',
    ];

    public function __construct(private readonly Whmcs $whmcs)
    {
    }

    /**
     * What Sync and TransferSync may rely on: the settings plus the keys WHMCS's documentation
     * lists for both (developer docs, "Domain Synchronisation") that WHMCS 8's own parameter
     * builder also sets. No dates (WHMCS passes no expiry or due date), no `status` (documented,
     * but WHMCS 8's builder does not set it), no client, no contacts, no domainObj.
     * docs/whmcs-behaviour.md, rule P1.
     */
    public const SYNC_KEYS = [
        'domainid', 'domain', 'sld', 'tld', 'registrar', 'regperiod', 'dnsmanagement', 'emailforwarding',
        'idprotection',
    ];

    /**
     * The parameters of a Sync or TransferSync call: only SYNC_KEYS and the module settings.
     *
     * @return array<string, mixed>
     */
    public function syncParams(object $domain): array
    {
        $domainObj = new Domain((string) $domain->domain);

        return $this->whmcs->registrarSettings((string) $domain->registrar) + [
            'domainid' => (int) $domain->id,
            'domain' => (string) $domain->domain,
            'sld' => $domainObj->getSecondLevel(),
            'tld' => $domainObj->getTopLevel(),
            'registrar' => (string) $domain->registrar,
            'regperiod' => (int) $domain->registrationperiod,
            'dnsmanagement' => (bool) $domain->dnsmanagement,
            'emailforwarding' => (bool) $domain->emailforwarding,
            'idprotection' => (bool) $domain->idprotection,
        ];
    }

    /**
     * The registrar settings plus the domain's keys (what every domain function gets).
     *
     * @return array<string, mixed>
     */
    public function common(object $domain): array
    {
        $domainObj = new Domain((string) $domain->domain);
        $punycode = $domainObj->toPunycode();

        return $this->whmcs->registrarSettings((string) $domain->registrar) + [
            'domainid' => (int) $domain->id,
            'userid' => (int) $domain->userid,
            'domain' => (string) $domain->domain,
            'domainname' => (string) $domain->domain,
            'sld' => $domainObj->getSecondLevel(),
            'tld' => $domainObj->getTopLevel(),
            'regperiod' => (int) $domain->registrationperiod,
            'registrar' => (string) $domain->registrar,
            'status' => (string) $domain->status,
            'dnsmanagement' => (bool) $domain->dnsmanagement,
            'emailforwarding' => (bool) $domain->emailforwarding,
            'idprotection' => (bool) $domain->idprotection,
            'is_idn' => $domainObj->isIdn(),
            'idnlanguage' => '',
            'domain_punycode' => $punycode,
            'sld_punycode' => $domainObj->getPunycodeSecondLevel(),
            'tld_punycode' => $domainObj->getPunycodeTopLevel(),
            'premiumEnabled' => $this->whmcs->config('PremiumDomains') === '1',
            'whmcsVersion' => Whmcs::VERSION,
            'domainObj' => $domainObj,
        ];
    }

    /**
     * Adds the registrant (client, or an order's contact) and admin contact fields, then keeps
     * the untouched copy in `original` and replaces foreign characters in the top level.
     *
     * @param array<string, mixed> $params
     * @return array<string, mixed>
     */
    public function withContacts(array $params, int $userId, int $contactId = 0): array
    {
        $client = $this->whmcs->localApi->call('GetClientsDetails', ['clientid' => $userId], '');
        if (($client['result'] ?? '') !== 'success') {
            throw new \RuntimeException('Client ' . $userId . ' not found');
        }
        $details = $client['client'];
        if ($contactId > 0) {
            $contact = $this->whmcs->capsule->table('tblcontacts')->where('id', $contactId)->first();
            $details = array_merge($details, ClientDetails::fromRow((object) ((array) $contact + [
                'uuid' => '', 'groupid' => 0, 'status' => 'Active', 'credit' => '0', 'taxexempt' => false,
                'language' => '', 'currency' => 1, 'notes' => '', 'id' => $contact->id,
            ])));
        }
        $details['state'] = $details['statecode'];
        $details['fullphonenumber'] = $details['phonenumberformatted'];
        $details['faxnumber'] = '';

        $params = array_merge($params, $details);
        foreach ($this->adminContact($details) as $key => $value) {
            $params[$key] = $value;
        }
        // WHMCS passes the domain's additional fields (tbldomainsadditionalfields) as name => value.
        $params['additionalfields'] = [];
        foreach (
            $this->whmcs->capsule->table('tbldomainsadditionalfields')
            ->where('domainid', (int) ($params['domainid'] ?? 0))->orderBy('id')->get() as $field
        ) {
            $params['additionalfields'][(string) $field->name] = (string) $field->value;
        }

        $original = $params;
        $params = array_map(
            static fn (mixed $value): mixed => is_string($value) ? strtr($value, self::FOREIGN_CHARACTERS) : $value,
            $params,
        );
        $params['original'] = $original;

        return $params;
    }

    /**
     * @param array<string, mixed> $client
     * @return array<string, string>
     */
    private function adminContact(array $client): array
    {
        if ($this->whmcs->config('RegistrarAdminUseClientDetails') === 'on') {
            return [
                'adminfirstname' => $client['firstname'],
                'adminlastname' => $client['lastname'],
                'admincompanyname' => $client['companyname'],
                'adminemail' => $client['email'],
                'adminaddress1' => $client['address1'],
                'adminaddress2' => $client['address2'],
                'admincity' => $client['city'],
                'adminfullstate' => $client['fullstate'],
                'adminstate' => $client['state'],
                'adminpostcode' => $client['postcode'],
                'admincountry' => $client['country'],
                'adminphonenumber' => $client['phonenumber'],
                'adminphonecc' => $client['phonecc'],
                'adminfullphonenumber' => $client['phonenumberformatted'],
            ];
        }
        $country = $this->whmcs->config('RegistrarAdminCountry');
        $phone = ClientDetails::formatPhone($this->whmcs->config('RegistrarAdminPhone'), $country);

        return [
            'adminfirstname' => $this->whmcs->config('RegistrarAdminFirstName'),
            'adminlastname' => $this->whmcs->config('RegistrarAdminLastName'),
            'admincompanyname' => $this->whmcs->config('RegistrarAdminCompanyName'),
            'adminemail' => $this->whmcs->config('RegistrarAdminEmailAddress'),
            'adminaddress1' => $this->whmcs->config('RegistrarAdminAddress1'),
            'adminaddress2' => $this->whmcs->config('RegistrarAdminAddress2'),
            'admincity' => $this->whmcs->config('RegistrarAdminCity'),
            'adminfullstate' => $this->whmcs->config('RegistrarAdminStateProvince'),
            'adminstate' => $this->whmcs->config('RegistrarAdminStateProvince'),
            'adminpostcode' => $this->whmcs->config('RegistrarAdminPostalCode'),
            'admincountry' => $country,
            'adminphonenumber' => $phone['number'],
            'adminphonecc' => $phone['cc'],
            'adminfullphonenumber' => $phone['formatted'],
        ];
    }
}
