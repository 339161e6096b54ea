<?php

declare(strict_types=1);

namespace OdrTests\Whmcs\Unit;

use OdrTests\Whmcs\Support\WhmcsTestCase;
use WHMCS\Database\Capsule;
use WHMCS\Module\Registrar\Odr\Capability\StateStore;

/**
 * The component's state capability on the module table mod_odr_state (SQLite and MariaDB).
 */
final class StateStoreTest extends WhmcsTestCase
{
    public function testTheTableIsCreatedOnFirstUse(): void
    {
        $this->assertFalse(Capsule::schema()->hasTable('mod_odr_state'));
        $store = new StateStore();

        $this->assertNull($store->get('odr:token'));

        $this->assertTrue(Capsule::schema()->hasTable('mod_odr_state'));
        $this->assertSame(['key', 'value', 'expires_at'], Capsule::schema()->getColumnListing('mod_odr_state'));
    }

    public function testSetGetReplaceDelete(): void
    {
        $store = new StateStore();
        $store->set('odr:token', 'token$one', null);
        $store->set('odr:token', 'token$two', 3600);

        $this->assertSame('token$two', $store->get('odr:token'));
        $this->assertSame(1, Capsule::table('mod_odr_state')->count());
        $store->delete('odr:token');
        $store->delete('odr:token');
        $this->assertNull($store->get('odr:token'));
    }

    public function testExpiredValuesAreGone(): void
    {
        $store = new StateStore();
        $store->set('short', 'x', 3600);
        Capsule::table('mod_odr_state')->where('key', 'short')->update(['expires_at' => time() - 1]);

        $this->assertNull($store->get('short'));
        $this->assertTrue($store->add('short', 'y', null), 'an expired value counts as absent');
        $this->assertSame('y', $store->get('short'));
    }

    public function testAddStoresOnlyWhenAbsentAndKeysAreCaseSensitive(): void
    {
        $store = new StateStore();

        $this->assertTrue($store->add('odr:order:a:example.nl', 'first', 600));
        $this->assertFalse($store->add('odr:order:a:example.nl', 'second', 600));
        $this->assertSame('first', $store->get('odr:order:a:example.nl'));
        $this->assertTrue($store->add('odr:order:a:EXAMPLE.nl', 'other', null));
        $this->assertSame('first', $store->get('odr:order:a:example.nl'));
        $this->assertSame('other', $store->get('odr:order:a:EXAMPLE.nl'));
        $store->delete('odr:order:a:example.nl');
        $this->assertTrue($store->add('odr:order:a:example.nl', 'third', 600));
        $this->assertSame(2, Capsule::table('mod_odr_state')->count());
    }

    public function testAddOnAMissingTableCreatesIt(): void
    {
        Capsule::schema()->dropIfExists('mod_odr_state');
        $store = new StateStore();

        $this->assertTrue($store->add('lock', 'x', 60));
        $this->assertFalse($store->add('lock', 'y', 60));
    }

    public function testKeysAreCaseSensitiveAndLiteral(): void
    {
        $store = new StateStore();
        foreach (['contact:a' => '1', 'Contact:a' => 'X', 'contact:_' => '3', 'contact%' => 'Z'] as $key => $value) {
            $store->set($key, $value, null);
        }

        $this->assertSame('1', $store->get('contact:a'));
        $this->assertSame('X', $store->get('Contact:a'));
        $this->assertSame('3', $store->get('contact:_'));
        $this->assertSame('Z', $store->get('contact%'));
        $this->assertNull($store->get('contact:b'));
    }

    public function testTokenEntriesAreEncryptedAtRest(): void
    {
        $store = new StateStore();
        $entry = '{"token":"token$4f2a9c0e1d4f2a9c0e1d","header":"X-Access-Token","expires_at":1764550500}';
        $store->set('odr:token:0123456789abcdef', $entry, 3300);
        $store->set('odr:contact:0123456789abcdef:1', '{"id":1234}', null);

        $stored = Capsule::table('mod_odr_state')->pluck('value', 'key')->all();
        $this->assertSame(encrypt($entry), $stored['odr:token:0123456789abcdef']);
        $this->assertStringNotContainsString('token$', $stored['odr:token:0123456789abcdef']);
        $this->assertSame('{"id":1234}', $stored['odr:contact:0123456789abcdef:1'], 'other entries stay readable');
        $this->assertSame($entry, $store->get('odr:token:0123456789abcdef'));
    }

    public function testATokenEntryThatDoesNotDecryptReadsAsAbsent(): void
    {
        $store = new StateStore();
        $store->get('x');
        // Written in plain text by an earlier version, or encrypted with another installation's key.
        Capsule::table('mod_odr_state')->insert(
            ['key' => 'odr:token:0123456789abcdef', 'value' => '{"token":"token$abc"}', 'expires_at' => null],
        );

        $this->assertNull($store->get('odr:token:0123456789abcdef'));
    }

    public function testADatabaseFailureIsRethrownWithoutTheBoundValues(): void
    {
        $store = new StateStore();
        $store->get('x');
        $this->failStateWrites('disk I/O error');
        $entry = '{"token":"token$4f2a9c0e1d4f2a9c0e1d","header":"X-Access-Token","expires_at":1764550500}';

        try {
            $store->set('odr:token:0123456789abcdef', $entry, 3300);
            $this->fail('the write failed');
        } catch (\RuntimeException $e) {
            $this->assertNull($e->getPrevious(), 'the original exception (SQL and bindings) is not chained');
            $this->assertStringContainsString(
                "WHMCS database error while trying to write the module state 'odr:token:0123456789abcdef' "
                . 'in mod_odr_state: ',
                $e->getMessage(),
            );
            $this->assertStringContainsString('disk I/O error', $e->getMessage());
            foreach (['token$', encrypt($entry), 'insert into', '(SQL:', '1764550500'] as $leak) {
                $this->assertStringNotContainsStringIgnoringCase($leak, $e->getMessage());
            }
        }
    }

    public function testLargeUnicodeValues(): void
    {
        $store = new StateStore();
        $value = str_repeat('{"naam":"Müller – ☃"}', 5000);
        $store->set('snapshot', $value, 300);

        $this->assertSame($value, $store->get('snapshot'));
    }
}
