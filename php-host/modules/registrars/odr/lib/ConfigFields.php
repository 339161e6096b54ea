<?php

declare(strict_types=1);

namespace WHMCS\Module\Registrar\Odr;

/**
 * What WHMCS shows on Setup > Domain Registrars for this module, and the module's metadata.
 *
 * The keys APIKey, APISecret, TestMode, ApiUrl, Adminuser, Synccontact, Syncdomain and
 * Primairydomain are the ones the earlier ODR modules used, so existing settings carry over.
 */
final class ConfigFields
{
    public const DISPLAY_NAME = 'Open Domain Registry (ODR)';

    /** Contact-choice dropdown values (see Settings::contactChoice). */
    public const CONTACT_REGISTRANT = Settings::CONTACT_REGISTRANT;
    public const CONTACT_WHMCS = Settings::CONTACT_WHMCS;
    public const CONTACT_FIXED = Settings::CONTACT_FIXED;

    /** @return array<string, mixed> */
    public static function metaData(): array
    {
        return [
            'DisplayName' => self::DISPLAY_NAME,
            'APIVersion' => '1.1',
        ];
    }

    /** @return array<string, string> admin button label => function suffix */
    public static function adminButtons(): array
    {
        return [
            'Preview expiry sync' => 'PreviewExpirySync',
            'Send domain report now' => 'SendDomainReport',
        ];
    }

    /** @return array<string, array<string, mixed>> */
    public static function definitions(): array
    {
        $contactOptions = [
            self::CONTACT_REGISTRANT => 'Same as the registrant',
            self::CONTACT_WHMCS => 'WHMCS admin contact (Setup > General Settings > Domains)',
            self::CONTACT_FIXED => 'A fixed ODR contact (id below)',
        ];

        return [
            'FriendlyName' => ['Type' => 'System', 'Value' => self::DISPLAY_NAME],
            'Description' => [
                'Type' => 'System',
                'Value' => 'Register, transfer and manage domains at Open Domain Registry. '
                    . 'Needs the odr PHP extension (see INSTALL.md).' . self::installationNotice(),
            ],
            'APIKey' => [
                'FriendlyName' => 'API key',
                'Type' => 'text',
                'Size' => '40',
                'Description' => 'From the ODR dashboard, "API Keys". Starts with public$.',
            ],
            'APISecret' => [
                'FriendlyName' => 'API secret',
                'Type' => 'password',
                'Size' => '40',
                'Description' => 'From the ODR dashboard, "API Keys". Starts with secret$. '
                    . 'Checked against ODR when you save.',
            ],
            'TestMode' => [
                'FriendlyName' => 'Test mode',
                'Type' => 'yesno',
                'Description' => 'Use ODR\'s staging installation (api.odrregistry.nl). '
                    . 'Staging has its own account and its own API key and secret.',
            ],
            'ApiUrl' => [
                'FriendlyName' => 'API URL',
                'Type' => 'text',
                'Size' => '50',
                'Description' => 'Leave empty: production, or staging when test mode is on. '
                    . 'Only set this when ODR gives you another address.',
            ],
            'Adminuser' => [
                'FriendlyName' => 'Admin user',
                'Type' => 'text',
                'Size' => '20',
                'Description' => 'WHMCS admin username the module uses for internal API calls '
                    . '(activity log, e-mail, domain status). Empty: WHMCS picks one.',
            ],
            'OnsiteContact' => [
                'FriendlyName' => 'Onsite (admin) contact',
                'Type' => 'dropdown',
                'Options' => $contactOptions,
                'Default' => self::CONTACT_REGISTRANT,
                'Description' => 'Who becomes the ODR onsite contact of new and transferred domains.',
            ],
            'OnsiteContactId' => [
                'FriendlyName' => 'Fixed onsite contact id',
                'Type' => 'text',
                'Size' => '10',
                'Description' => 'The ODR contact id, only used with "A fixed ODR contact".',
            ],
            'TechContact' => [
                'FriendlyName' => 'Tech contact',
                'Type' => 'dropdown',
                'Options' => $contactOptions,
                'Default' => self::CONTACT_REGISTRANT,
                'Description' => 'Who becomes the ODR tech contact of new and transferred domains; '
                    . 'usually your own company as a fixed ODR contact.',
            ],
            'TechContactId' => [
                'FriendlyName' => 'Fixed tech contact id',
                'Type' => 'text',
                'Size' => '10',
                'Description' => 'The ODR contact id, only used with "A fixed ODR contact".',
            ],
            'RequestTimeout' => [
                'FriendlyName' => 'Request timeout',
                'Type' => 'text',
                'Size' => '5',
                'Default' => '30',
                'Description' => 'Seconds to wait for ODR per request (1-300, default 30), so a slow '
                    . 'ODR never hangs a WHMCS page or the cron.',
            ],
            'RequestsPerSecond' => [
                'FriendlyName' => 'Requests per second',
                'Type' => 'text',
                'Size' => '5',
                'Default' => '',
                'Description' => 'Politeness towards ODR (too many requests at once can get an account '
                    . 'banned): after a burst of 24 requests, at most this many per second (1-100; empty: 2). '
                    . 'A single action or a domain search never waits; long list reads are spread out.',
            ],
            'Synccontact' => [
                'FriendlyName' => 'Sync contacts',
                'Type' => 'yesno',
                'Description' => 'During the domain sync, bring the ODR contacts in line with WHMCS: '
                    . 'changed details update the ODR contact in place; a new holder (name, company) '
                    . 'gets a new ODR contact, which some registries report to the previous holder '
                    . 'by e-mail. Equal contacts are left alone.',
            ],
            'Syncdomain' => [
                'FriendlyName' => 'Daily domain report',
                'Type' => 'yesno',
                'Description' => 'Compare the active WHMCS domains with the domains at ODR every day '
                    . 'and e-mail the differences (none: no e-mail).',
            ],
            'Primairydomain' => [
                'FriendlyName' => 'Primary domain',
                'Type' => 'text',
                'Size' => '30',
                'Description' => 'The report goes to the WHMCS client who owns this domain. '
                    . 'Empty: to the WHMCS admins.',
            ],
            'SyncPreview' => [
                'FriendlyName' => 'Expiry sync preview',
                'Type' => 'yesno',
                'Description' => 'While ticked, the expiry sync changes nothing in WHMCS and the admins '
                    . 'get a daily e-mail listing each domain whose expiry and next due date would '
                    . 'move, and by how many days. Untick once the list looks right.',
            ],
        ] + FeatureSettings::definitions();
    }

    /**
     * What keeps the module from running on this server, for the settings page (the same text goes
     * to the module log): empty when the extension and the component load.
     */
    private static function installationNotice(): string
    {
        $problem = Component\Compatibility::diagnose(dirname(__DIR__));
        if ($problem === null) {
            return '';
        }

        return '<br><strong style="color:#c00">Not ready: '
            . htmlspecialchars($problem, ENT_QUOTES | ENT_SUBSTITUTE, 'UTF-8') . '</strong>';
    }
}
