<?php

declare(strict_types=1);

namespace OdrTests\Whmcs\EndToEnd;

use OdrTests\Whmcs\Emulation\Whmcs;
use OdrTests\Whmcs\Support\EndToEndTestCase;
use WHMCS\Module\Registrar\Odr\Whmcs\DomainMoveCommand;

/**
 * The drop-in upgrade end to end: the credentials a previous ODR module left are carried over and log in to
 * ODR (the replay server verifies the login signature) on the very first call.
 */
final class UpgradeTest extends EndToEndTestCase
{
    /** Ours empty: only what the module was given besides the credentials (the replay's URL follows). */
    protected function settings(): array
    {
        return ['Adminuser' => Whmcs::ADMIN_USER];
    }

    public function testOfficialModulesCredentialsLogInOnTheFirstCall(): void
    {
        $this->replay('epp_code_shown');
        $this->seedRegistrar('odr', [
            'OdrApiKey' => self::API_KEY, 'OdrApiSecret' => self::API_SECRET, 'OdrTestmode' => '',
            'OdrTestApiKey' => 'public$staging', 'OdrTestApiSecret' => 'secret$staging',
        ]);
        $id = $this->whmcs->fixtures()->domain($this->whmcs->fixtures()->client(), 'example.nl');

        $this->assertSame(['eppcode' => 'Xk29&lt;Pq&gt;Lm7A'], $this->registrar->getEppCode($id));
        $this->assertSame(self::API_KEY, $this->stored('odr', 'APIKey'));
        $this->assertSame('on', $this->stored('odr', 'SyncPreview'));
    }

    public function testCommunityModulesDomainMovesAndLogsInWithItsCredentials(): void
    {
        $this->replay('epp_code_shown');
        $this->seedRegistrar('ODR', ['APIKey' => self::API_KEY, 'APISecret' => self::API_SECRET]);
        $client = $this->whmcs->fixtures()->client();
        $id = $this->whmcs->fixtures()->domain($client, 'example.nl', ['registrar' => 'ODR']);
        $out = fopen('php://memory', 'w+');
        $this->assertSame(0, (new DomainMoveCommand())->run(['--apply'], $out));
        fclose($out);

        $this->assertSame(['eppcode' => 'Xk29&lt;Pq&gt;Lm7A'], $this->registrar->getEppCode($id));
        $this->assertSame('odr', (string) $this->domain($id)->registrar);
        $this->assertSame(self::API_KEY, $this->stored('odr', 'APIKey'));
        $this->assertSame('on', $this->stored('odr', 'SyncPreview'));
    }

    /** @param array<string, string> $values */
    private function seedRegistrar(string $registrar, array $values): void
    {
        foreach ($values as $setting => $value) {
            $this->whmcs->capsule->table('tblregistrars')->insert([
                'registrar' => $registrar, 'setting' => $setting, 'value' => encrypt($value),
            ]);
        }
    }

    private function stored(string $registrar, string $setting): ?string
    {
        foreach ($this->whmcs->capsule->table('tblregistrars')->where('setting', $setting)->get() as $row) {
            if ($row->registrar === $registrar) {
                return decrypt((string) $row->value);
            }
        }

        return null;
    }
}
