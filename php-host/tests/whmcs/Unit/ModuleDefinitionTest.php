<?php

declare(strict_types=1);

namespace OdrTests\Whmcs\Unit;

use OdrTests\Whmcs\Support\WhmcsTestCase;

/**
 * What WHMCS reads from the module without calling ODR: settings, metadata, functions, files.
 */
final class ModuleDefinitionTest extends WhmcsTestCase
{
    public function testSettingsKeepTheLegacyKeysAndDescribeEveryField(): void
    {
        $fields = $this->registrar->configArray();

        $legacy = [
            'APIKey', 'APISecret', 'TestMode', 'ApiUrl', 'Adminuser', 'Synccontact', 'Syncdomain', 'Primairydomain',
        ];
        foreach ($legacy as $key) {
            $this->assertArrayHasKey($key, $fields);
        }
        $this->assertSame('password', $fields['APISecret']['Type']);
        $this->assertSame('yesno', $fields['TestMode']['Type']);
        $this->assertSame('yesno', $fields['Synccontact']['Type']);
        $this->assertSame('yesno', $fields['Syncdomain']['Type']);
        $this->assertSame('Primary domain', $fields['Primairydomain']['FriendlyName']);
        $this->assertSame(['Type' => 'System', 'Value' => 'Open Domain Registry (ODR)'], $fields['FriendlyName']);
        foreach ($fields as $key => $field) {
            if (($field['Type'] ?? '') !== 'System') {
                $this->assertNotSame('', $field['FriendlyName'] ?? '', $key);
                $this->assertNotSame('', $field['Description'] ?? '', $key);
                $this->assertContains(
                    $field['Type'],
                    ['text', 'password', 'yesno', 'dropdown', 'radio', 'textarea'],
                    $key,
                );
            }
        }
        $this->assertSame(
            ['registrant', 'whmcs', 'fixed'],
            array_keys($fields['OnsiteContact']['Options']),
        );
        $this->assertSame(
            array_keys($fields['OnsiteContact']['Options']),
            array_keys($fields['TechContact']['Options']),
        );
    }

    public function testMetaData(): void
    {
        $this->assertSame(
            ['DisplayName' => 'Open Domain Registry (ODR)', 'APIVersion' => '1.1'],
            $this->registrar->metaData(),
        );
    }

    public function testOnlyFunctionsOdrSupportsAreDefined(): void
    {
        $defined = [
            'MetaData', 'getConfigArray', 'config_validate', 'RegisterDomain', 'TransferDomain', 'RenewDomain',
            'GetNameservers', 'SaveNameservers', 'GetEPPCode', 'RequestDelete', 'GetContactDetails',
            'SaveContactDetails', 'CheckAvailability', 'GetDomainSuggestions', 'Sync', 'TransferSync',
            'GetDomainInformation', 'AdminCustomButtonArray', 'PreviewExpirySync', 'SendDomainReport',
            'GetTldPricing', 'ClientAreaCustomButtonArray', 'dnssec', 'GetDNS', 'SaveDNS',
        ];
        foreach ($defined as $function) {
            $this->assertTrue($this->registrar->functionExists($function), $function);
        }
        $unsupported = [
            'GetRegistrarLock', 'SaveRegistrarLock', 'RegisterNameserver', 'ModifyNameserver', 'DeleteNameserver',
            'IDProtectToggle', 'GetEmailForwarding', 'SaveEmailForwarding', 'ReleaseDomain',
            'ClientArea',
        ];
        foreach ($unsupported as $function) {
            $this->assertFalse($this->registrar->functionExists($function), $function);
        }
    }

    public function testAdminButtons(): void
    {
        $this->assertSame(
            ['Preview expiry sync' => 'PreviewExpirySync', 'Send domain report now' => 'SendDomainReport'],
            $this->registrar->adminButtons(),
        );
    }

    public function testHooksFileRegistersTheDailyReport(): void
    {
        $this->assertSame(1, $this->whmcs->hooks->count('DailyCronJob'));
    }

    public function testAppsAndIntegrationsMetadataAndLogo(): void
    {
        $dir = dirname(__DIR__, 3) . '/modules/registrars/odr';
        $json = json_decode((string) file_get_contents($dir . '/whmcs.json'), true, 512, JSON_THROW_ON_ERROR);
        $this->assertSame('1.0', $json['schema']);
        $this->assertSame('whmcs-registrars', $json['type']);
        $this->assertSame('odr', $json['name']);
        $this->assertSame('registrar', $json['category']);
        $this->assertSame('logo.png', $json['logo']['filename']);
        $size = getimagesize($dir . '/logo.png');
        $this->assertIsArray($size);
        $this->assertLessThanOrEqual(500, $size[0]);
        $this->assertSame(IMAGETYPE_PNG, $size[2]);
    }

    public function testEveryModuleFileDeclaresStrictTypesAndRefusesDirectAccess(): void
    {
        $dir = dirname(__DIR__, 3) . '/modules/registrars/odr';
        $files = new \RecursiveIteratorIterator(new \RecursiveDirectoryIterator($dir, \FilesystemIterator::SKIP_DOTS));
        $count = 0;
        foreach ($files as $file) {
            if ($file->getExtension() !== 'php') {
                continue;
            }
            $count++;
            $this->assertStringContainsString(
                'declare(strict_types=1);',
                (string) file_get_contents($file->getPathname()),
                $file->getPathname(),
            );
        }
        $this->assertGreaterThan(30, $count);
        foreach (['odr.php', 'hooks.php'] as $entry) {
            $this->assertStringContainsString(
                "if (!defined('WHMCS'))",
                (string) file_get_contents($dir . '/' . $entry),
            );
        }
    }
}
