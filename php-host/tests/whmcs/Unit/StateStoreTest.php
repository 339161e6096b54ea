<?php

declare(strict_types=1);

namespace OdrTests\Whmcs\Unit;

use OdrTests\Whmcs\Support\WhmcsTestCase;
use WHMCS\Database\Capsule;
use WHMCS\Module\Registrar\Odr\Component\StateStore;

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

    public function testLargeUnicodeValues(): void
    {
        $store = new StateStore();
        $value = str_repeat('{"naam":"Müller – ☃"}', 5000);
        $store->set('snapshot', $value, 300);

        $this->assertSame($value, $store->get('snapshot'));
    }
}
