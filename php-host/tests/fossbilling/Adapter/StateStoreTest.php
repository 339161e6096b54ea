<?php

declare(strict_types=1);

namespace OdrTests\Fossbilling\Adapter;

use Odr\Panel\Capability\PdoStateStore;
use OdrTests\Fossbilling\Emulation\Fossbilling;
use PHPUnit\Framework\TestCase;

/**
 * The state capability in FOSSBilling's database (PdoStateStore on its PDO, Box_Crypt for the
 * token): the rules of wit/registrar.wit's state interface, on SQLite (and MariaDB with
 * DB_DRIVER=mysql).
 */
final class StateStoreTest extends TestCase
{
    private Fossbilling $fossbilling;
    private PdoStateStore $store;

    protected function setUp(): void
    {
        $this->fossbilling = new Fossbilling();
        $crypt = $this->fossbilling->di['crypt'];
        $this->store = new PdoStateStore(
            $this->fossbilling->pdo,
            'odr_state',
            'FOSSBilling',
            $crypt->encrypt(...),
            $crypt->decrypt(...),
        );
    }

    protected function tearDown(): void
    {
        unset($GLOBALS['di']);
    }

    public function testSetGetReplaceDelete(): void
    {
        $this->assertNull($this->store->get('odr:contact-map'));
        $this->store->set('odr:contact-map', '{"a":1}', null);
        $this->store->set('odr:contact-map', '{"a":2}', null);
        $this->assertSame('{"a":2}', $this->store->get('odr:contact-map'));
        $this->store->delete('odr:contact-map');
        $this->store->delete('odr:contact-map');
        $this->assertNull($this->store->get('odr:contact-map'));
    }

    public function testKeysAreCaseSensitive(): void
    {
        $this->store->set('odr:Key', 'upper', null);
        $this->store->set('odr:key', 'lower', null);

        $this->assertSame('upper', $this->store->get('odr:Key'));
        $this->assertSame('lower', $this->store->get('odr:key'));
    }

    public function testAnExpiredValueReadsAsAbsentAndAddTakesItsPlace(): void
    {
        $this->store->set('odr:lock:example.nl', 'first', 60);
        $this->assertFalse($this->store->add('odr:lock:example.nl', 'second', 60), 'a live value is kept');
        $this->fossbilling->pdo->exec('UPDATE odr_state SET expires_at = 1');

        $this->assertNull($this->store->get('odr:lock:example.nl'));
        $this->assertTrue($this->store->add('odr:lock:example.nl', 'third', 60));
        $this->assertSame('third', $this->store->get('odr:lock:example.nl'));
    }

    public function testTheTokenIsStoredEncryptedAndAnUndecryptableOneReadsAsAbsent(): void
    {
        $this->store->set('odr:token:0123456789abcdef', 'token$secret-value', 3600);

        $stored = $this->fossbilling->pdo->query('SELECT value FROM odr_state')->fetchColumn();
        $this->assertStringNotContainsString('token$secret-value', (string) $stored);
        $this->assertSame('token$secret-value', $this->store->get('odr:token:0123456789abcdef'));

        $this->fossbilling->pdo->exec("UPDATE odr_state SET value = 'not-encrypted'");
        $this->assertNull($this->store->get('odr:token:0123456789abcdef'));
    }

    public function testADatabaseFailureNamesTheKeyButNotTheValue(): void
    {
        $this->store->get('create the table');
        $this->fossbilling->pdo->exec('DROP TABLE odr_state');
        $this->fossbilling->pdo->exec('CREATE TABLE odr_state (other TEXT)');

        try {
            $this->store->set('odr:contact-map', 'value-that-must-not-leak', null);
            $this->fail('Expected a RuntimeException');
        } catch (\RuntimeException $e) {
            $this->assertStringStartsWith(
                "FOSSBilling database error while trying to write the module state 'odr:contact-map' in odr_state: ",
                $e->getMessage(),
            );
            $this->assertStringNotContainsString('value-that-must-not-leak', $e->getMessage());
            $this->assertNull($e->getPrevious());
        }
    }
}
