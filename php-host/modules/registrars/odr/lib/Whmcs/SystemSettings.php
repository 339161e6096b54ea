<?php

declare(strict_types=1);

namespace WHMCS\Module\Registrar\Odr\Whmcs;

use WHMCS\Database\Capsule;

/**
 * The WHMCS system settings (tblconfiguration) the module reads.
 */
final class SystemSettings
{
    public function value(string $setting): string
    {
        $value = Capsule::table('tblconfiguration')->where('setting', $setting)->value('value');

        return $value === null ? '' : trim((string) $value);
    }

    /** "Use Clients Details" for the domain admin contact (Setup > General Settings > Domains). */
    public function adminUsesClientDetails(): bool
    {
        return $this->value('RegistrarAdminUseClientDetails') === 'on';
    }

    /** The "Sync Next Due Date" offset in days, or null when WHMCS leaves the next due date alone. */
    public function nextDueOffsetDays(): ?int
    {
        if ($this->value('DomainSyncNextDueDate') === '' || $this->value('DomainSyncNextDueDate') === '0') {
            return null;
        }

        return max(0, (int) $this->value('DomainSyncNextDueDateDays'));
    }

    /**
     * The hosting company's default domain admin contact, in WHMCS parameter form (admin* keys).
     *
     * @return array<string, string>
     */
    public function defaultAdminContact(): array
    {
        return [
            'adminfirstname' => $this->value('RegistrarAdminFirstName'),
            'adminlastname' => $this->value('RegistrarAdminLastName'),
            'admincompanyname' => $this->value('RegistrarAdminCompanyName'),
            'adminemail' => $this->value('RegistrarAdminEmailAddress'),
            'adminaddress1' => $this->value('RegistrarAdminAddress1'),
            'adminaddress2' => $this->value('RegistrarAdminAddress2'),
            'admincity' => $this->value('RegistrarAdminCity'),
            'adminfullstate' => $this->value('RegistrarAdminStateProvince'),
            'adminpostcode' => $this->value('RegistrarAdminPostalCode'),
            'admincountry' => $this->value('RegistrarAdminCountry'),
            'adminphonenumber' => $this->value('RegistrarAdminPhone'),
        ];
    }
}
