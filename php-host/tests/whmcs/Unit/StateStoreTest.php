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
        $this->assertSame([], $store->listPrefix('sh'));
    }

    public function testListPrefixIsExactSortedAndCaseSensitive(): void
    {
        $store = new StateStore();
        $values = [
            'contact:b' => '2', 'contact:a' => '1', 'Contact:c' => 'X', 'contacts' => 'Y', 'contact%x' => 'Z',
            'contact:_' => '3',
        ];
        foreach ($values as $key => $value) {
            $store->set($key, $value, null);
        }

        $this->assertSame([['contact:_', '3'], ['contact:a', '1'], ['contact:b', '2']], $store->listPrefix('contact:'));
        $this->assertSame([['contact%x', 'Z']], $store->listPrefix('contact%'));
        $this->assertSame('X', $store->get('Contact:c'));
        $this->assertSame('3', $store->get('contact:_'));
    }

    public function testLargeUnicodeValues(): void
    {
        $store = new StateStore();
        $value = str_repeat('{"naam":"Müller – ☃"}', 5000);
        $store->set('snapshot', $value, 300);

        $this->assertSame($value, $store->get('snapshot'));
    }
}
