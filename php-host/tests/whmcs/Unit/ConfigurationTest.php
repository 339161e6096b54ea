<?php

declare(strict_types=1);

namespace OdrTests\Whmcs\Unit;

use OdrTests\Whmcs\Support\FakeComponentTestCase;

/**
 * Saving the settings: config_validate and the settings record every call gets.
 */
final class ConfigurationTest extends FakeComponentTestCase
{
    public function testGoodCredentialsAreSaved(): void
    {
        $this->answer('check-credentials', ['user-id' => '12', 'balance' => '250.00']);

        $error = $this->registrar->saveSettings(
            ['APIKey' => 'public$new', 'APISecret' => 'secret$new', 'TestMode' => 'on'],
        );

        $this->assertNull($error);
        $this->assertSame([
            'api-key' => 'public$new', 'api-secret' => 'secret$new', 'api-url' => '', 'test-mode' => true,
            'onsite-contact' => 'same-as-registrant', 'tech-contact' => 'same-as-registrant',
            'request-timeout-ms' => 30000, 'max-requests-per-second' => 0,
        ], $this->callsOf('check-credentials')[0]['settings']);
        $this->assertSame('secret$new', $this->whmcs->registrarSettings('odr')['APISecret']);
        $stored = $this->whmcs->capsule->table('tblregistrars')->where('setting', 'APISecret')->value('value');
        $this->assertStringNotContainsString('secret$new', (string) $stored, 'WHMCS stores settings encrypted');
    }

    public function testBadCredentialsAreRefusedOnSave(): void
    {
        $this->answer(
            'check-credentials',
            $this->odrError('authentication-failed', 'ODR refused the API key or secret: Invalid signature'),
        );

        $error = $this->registrar->saveSettings(['APIKey' => 'public$wrong', 'APISecret' => 'secret$wrong']);

        $this->assertSame('ODR refused the API key or secret: Invalid signature', $error);
        $this->assertSame(self::API_KEY, $this->whmcs->registrarSettings('odr')['APIKey'], 'the old settings stay');
    }

    public function testMissingCredentialsAreRefusedWithoutCallingOdr(): void
    {
        $error = $this->registrar->saveSettings(['APIKey' => '', 'APISecret' => '']);

        $this->assertSame('Enter the API key and API secret from the ODR dashboard ("API Keys").', $error);
        $this->assertSame([], $this->functionsCalled());
    }

    public function testFixedContactNeedsAnId(): void
    {
        $error = $this->registrar->saveSettings(
            ['APIKey' => 'k', 'APISecret' => 's', 'TechContact' => 'fixed', 'TechContactId' => 'abc'],
        );

        $this->assertSame(
            'The tech contact is set to a fixed ODR contact, but "abc" is not an ODR contact id (a number).',
            $error,
        );
    }

    public function testTimeoutMustBeSeconds(): void
    {
        $error = $this->registrar->saveSettings(['APIKey' => 'k', 'APISecret' => 's', 'RequestTimeout' => '0']);

        $this->assertSame('The request timeout must be a number of seconds from 1 to 300, not "0".', $error);
    }

    public function testAdminUserMustExist(): void
    {
        $error = $this->registrar->saveSettings(['APIKey' => 'k', 'APISecret' => 's', 'Adminuser' => 'nobody']);

        $this->assertSame(
            'Admin user: WHMCS has no admin user "nobody"; enter an existing username or leave it empty.',
            $error,
        );
        $this->assertSame([], $this->functionsCalled());
    }

    public function testPrimaryDomainMustBeAWhmcsDomain(): void
    {
        $this->answer('check-credentials', ['user-id' => '12', 'balance' => '250.00']);

        $error = $this->registrar->saveSettings(
            ['APIKey' => 'k', 'APISecret' => 's', 'Primairydomain' => 'nowhere.nl'],
        );

        $this->assertSame(
            'Primary domain: "nowhere.nl" is not a domain in WHMCS; the report goes to the owner of that domain.',
            $error,
        );
    }

    public function testSettingsRecordForEveryChoice(): void
    {
        $this->changeSettings([
            'ApiUrl' => ' https://api.example.test/ ', 'OnsiteContact' => 'whmcs', 'TechContact' => 'fixed',
            'TechContactId' => '4321', 'RequestTimeout' => '12', 'TestMode' => 'on',
        ]);
        $id = $this->whmcs->fixtures()->domain($this->whmcs->fixtures()->client(), 'example.nl');
        $this->answer('get-nameservers', []);

        $this->registrar->getNameservers($id);

        $this->assertSame([
            'api-key' => self::API_KEY, 'api-secret' => self::API_SECRET, 'api-url' => 'https://api.example.test/',
            'test-mode' => true, 'onsite-contact' => 'from-panel', 'tech-contact' => ['fixed' => 4321],
            'request-timeout-ms' => 12000, 'max-requests-per-second' => 0,
        ], $this->callsOf('get-nameservers')[0]['settings']);
    }

    public function testTheComponentIsLoadedOncePerProcessWithItsCapabilities(): void
    {
        $id = $this->whmcs->fixtures()->domain($this->whmcs->fixtures()->client(), 'example.nl');
        $this->answer('get-nameservers', []);
        $this->answer('get-nameservers', []);
        $before = count(\Odr\Registrar::$instances);

        $this->registrar->getNameservers($id);
        $this->registrar->getNameservers($id);

        $this->assertLessThanOrEqual($before + 1, count(\Odr\Registrar::$instances));
        $instance = end(\Odr\Registrar::$instances);
        $this->assertSame(ODR_COMPONENT_PATH, $instance['path']);
        $this->assertSame(['now' => 1764547200], $instance['options']);
        $this->assertInstanceOf(\Odr\Panel\Capability\CurlTransport::class, $instance['transport']);
        $this->assertInstanceOf(\WHMCS\Module\Registrar\Odr\Capability\StateStore::class, $instance['state']);
        $this->assertInstanceOf(\WHMCS\Module\Registrar\Odr\Capability\PanelLog::class, $instance['log']);
    }

    public function testAnInternalErrorIsAWhmcsErrorNotACrash(): void
    {
        $id = $this->whmcs->fixtures()->domain($this->whmcs->fixtures()->client(), 'example.nl');
        $this->answer('get-nameservers', new \Odr\RuntimeException('fuel exhausted'));

        $this->assertSame(
            ['error' => 'The ODR component failed: fuel exhausted'],
            $this->registrar->getNameservers($id),
        );
    }

    public function testRateLimitsSayWhenToTryAgainOnce(): void
    {
        $id = $this->whmcs->fixtures()->domain($this->whmcs->fixtures()->client(), 'example.nl');
        $this->answer('get-nameservers', $this->odrError('rate-limited', 'ODR asked us to slow down', [], 30));
        $this->answer(
            'get-nameservers',
            $this->odrError('rate-limited', 'ODR asked us to slow down; try again in 30 seconds.', [], 30),
        );

        $this->assertSame(
            ['error' => 'ODR asked us to slow down Try again in 30 seconds.'],
            $this->registrar->getNameservers($id),
        );
        $this->assertSame(
            ['error' => 'ODR asked us to slow down; try again in 30 seconds.'],
            $this->registrar->getNameservers($id),
        );
    }

    public function testSecretsNeverReachErrorsOrLogs(): void
    {
        $id = $this->whmcs->fixtures()->domain($this->whmcs->fixtures()->client(), 'example.nl');
        $this->answer(
            'get-nameservers',
            $this->odrError('transport', 'could not reach http://x/?secret=' . self::API_SECRET),
        );

        $result = $this->registrar->getNameservers($id);

        $this->assertSame(['error' => 'could not reach http://x/?secret=********'], $result);
        $this->assertNoSecretsAnywhere();
    }
}
