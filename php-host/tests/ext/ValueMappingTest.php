<?php

declare(strict_types=1);

namespace Odr\Tests\Ext;

use Odr\ArgumentException;
use Odr\Tests\Ext\Support\CannedOdr;
use Odr\Tests\Ext\Support\ExtensionTestCase;

/**
 * PHP values ⇄ WIT values: records, options, lists, tuples, enums, variants and
 * dates both ways, and errors that name the key path.
 */
final class ValueMappingTest extends ExtensionTestCase
{
    public function testARecordGoesInAndComesBackKeyedByWitFieldNamesInWitOrder(): void
    {
        $odrContact = self::registrar(self::noTransport())
            ->call('normalize-contact', ['contact' => self::panelContact()]);

        $this->assertSame([
            'first-name' => 'Jan',
            'middle-name' => '',
            'last-name' => 'Jansen',
            'full-name' => 'Jan Jansen',
            'initials' => 'J',
            'gender' => 'NA',
            'language' => 'NL',
            'email' => 'jan@example.nl',
            'phone' => '+31.201234567',
            'fax' => '',
            'street' => 'Kerkstraat',
            'house-number' => '42-f3',
            'postal-code' => '1234AB',
            'city' => 'Amsterdam',
            'state' => 'Noord-Holland',
            'country' => 'NL',
            'legal-form' => 'PERSOON',
            'company-name' => 'Jan Jansen',
            'vat-number' => '',
        ], $odrContact);
    }

    public function testKeyOrderOfTheInputDoesNotMatter(): void
    {
        $registrar = self::registrar(self::noTransport());
        $contact = self::panelContact();
        $reversed = array_reverse($contact, true);
        $this->assertSame(
            $registrar->call('normalize-contact', ['contact' => $contact]),
            $registrar->call('normalize-contact', ['contact' => $reversed])
        );
    }

    public function testVariantsGoInAsACaseNameOrAOneKeyArray(): void
    {
        $registrar = self::registrar(self::noTransport());
        foreach ([['fixed' => 4321], 'from-panel', 'same-as-registrant'] as $choice) {
            $this->assertSame('http://odr.test/', $registrar->call('api-endpoint', [
                'settings' => self::settings(['tech-contact' => $choice, 'onsite-contact' => $choice]),
            ]));
        }
    }

    public function testAStringComesBackAsAString(): void
    {
        $registrar = self::registrar(self::noTransport());
        $this->assertSame('http://api.odrregistry.nl/', $registrar->call('api-endpoint', [
            'settings' => self::settings(['api-url' => '', 'test-mode' => true]),
        ]));
    }

    public function testRecordsOptionsListsEnumsAndDatesComeBack(): void
    {
        $registrar = self::registrar(new CannedOdr(['GET /domain/example.nl/info/' => CannedOdr::domainInfo()]));

        $info = $registrar->call('get-domain-info', ['settings' => self::settings(), 'domain' => 'example.nl']);

        $this->assertSame([
            'domain' => 'example.nl',
            'id' => '5678',                                  // option<string>: the value
            'status' => 'registered',                        // variant case without payload: its name
            'expiry' => '2027-03-01',                        // option<date>: YYYY-MM-DD
            'auto-renew' => true,
            'nameservers' => ['ns1.example.net', 'ns2.example.net'],   // list<string>: a list
            'contacts' => ['registrant' => 1234, 'onsite' => 1235, 'tech' => null],  // option<u64>: null
        ], $info);
    }

    public function testAVariantCaseWithPayloadComesBackAsAOneKeyArray(): void
    {
        $registrar = self::registrar(new CannedOdr([
            'GET /domain/example.nl/info/' => CannedOdr::domainInfo('TRANSFER_OUT'),
            'GET /domain/auth-code/example.nl/' => CannedOdr::success(['auth_code' => 'Xk29PqLm7A']),
        ]));

        $info = $registrar->call('get-domain-info', ['settings' => self::settings(), 'domain' => 'example.nl']);
        $this->assertSame(['unknown' => 'TRANSFER_OUT'], $info['status']);

        $code = $registrar->call('get-auth-code', ['settings' => self::settings(), 'domain' => 'example.nl']);
        $this->assertSame(['code' => 'Xk29PqLm7A'], $code);
    }

    public function testAListOfTuplesComesBackAsAListOfPairs(): void
    {
        $registrar = self::registrar(new CannedOdr([
            'GET /domain/example.nl/info/' => CannedOdr::domainInfo(),
            'GET /contact/1234/' => CannedOdr::contact(1234),
            'GET /contact/1235/' => CannedOdr::contact(1235, 'Piet'),
        ]));

        $contacts = $registrar->call('get-contacts', ['settings' => self::settings(), 'domain' => 'example.nl']);

        $this->assertCount(2, $contacts);
        $this->assertSame(['registrant', 'onsite'], array_column($contacts, 0));   // enum contact-role
        $this->assertSame('Jan', $contacts[0][1]['first-name']);
        $this->assertSame('Piet', $contacts[1][1]['first-name']);
        $this->assertSame('1234AB', $contacts[1][1]['postal-code']);
    }

    public function testAListOfRecordsWithEnumsAndOptionsComesBack(): void
    {
        $registrar = self::registrar(new CannedOdr([
            'GET /domain/example.nl/available/' => CannedOdr::success(['is_available' => false]),
            'GET /domain/example.be/available/' => CannedOdr::success(['is_available' => true]),
        ]));

        $result = $registrar->call('check-availability', [
            'settings' => self::settings(),
            'label' => 'example',
            'tlds' => ['nl', 'be'],
        ]);

        $this->assertSame([
            ['domain' => 'example.nl', 'tld' => 'nl', 'status' => 'registered', 'message' => null],
            ['domain' => 'example.be', 'tld' => 'be', 'status' => 'available', 'message' => null],
        ], $result);
    }

    public function testAFunctionWithoutResultValueReturnsNull(): void
    {
        $info = CannedOdr::domainInfo();
        $odr = new CannedOdr([
            'GET /domain/example.nl/info/' => $info,
            'PUT /domain/example.nl/' => CannedOdr::success(['result' => true]),
        ]);
        $registrar = self::registrar($odr);

        $this->assertNull($registrar->call('save-nameservers', [
            'settings' => self::settings(),
            'domain' => 'example.nl',
            'nameservers' => ['ns1.example.nl', 'ns2.example.net'],
            'glue' => [['ns1.example.nl', '192.0.2.1']],    // list<tuple<string, string>>
        ]));
        $put = json_decode(end($odr->requests)['body'], true);
        $this->assertIsArray($put);
        $this->assertStringContainsString('192.0.2.1', json_encode($put));
    }

    /** @dataProvider invalidArguments */
    public function testArgumentErrorsNameThePath(string $function, array $args, string $message): void
    {
        $registrar = self::registrar(self::noTransport());
        try {
            $registrar->call($function, $args);
            $this->fail("expected an ArgumentException: $message");
        } catch (ArgumentException $e) {
            $this->assertStringContainsString($message, $e->getMessage());
            $this->assertStringStartsWith("$function: invalid argument ", $e->getMessage());
        }
    }

    public static function invalidArguments(): array
    {
        $contact = self::panelContact();
        $withoutEmail = $contact;
        unset($withoutEmail['email']);
        $order = [
            'domain' => 'example.nl',
            'period-years' => 1,
            'registrant' => $contact,
            'admin' => null,
            'tech' => null,
            'nameservers' => ['ns1.example.net'],
            'glue' => [],
            'auth-code' => null,
        ];
        $registrantWithoutCountry = $order;
        unset($registrantWithoutCountry['registrant']['country']);
        $objectInside = $contact;
        $objectInside['city'] = new \DateTimeImmutable('2025-01-01');
        $invalidUtf8 = $contact;
        $invalidUtf8['city'] = "Amst\xffrdam";
        $floatForString = $contact;
        $floatForString['postcode'] = 1234.5;

        return [
            'missing key' => ['normalize-contact', ['contact' => $withoutEmail], 'contact.email: missing key'],
            'unknown key' => ['normalize-contact', ['contact' => $contact + ['mobile' => '06']], 'contact.mobile'],
            'mistyped' => [
                'normalize-contact',
                ['contact' => ['phone' => 612345678] + $contact],
                'contact.phone: expected a string, got 612345678',
            ],
            'a float for a string' => [
                'normalize-contact',
                ['contact' => $floatForString],
                'contact.postcode: expected a string',
            ],
            'missing argument' => ['normalize-contact', [], 'contact'],
            'unknown argument' => ['normalize-contact', ['contact' => $contact, 'extra' => 1], 'extra'],
            'a list for a record' => ['normalize-contact', ['contact' => array_values($contact)], 'contact'],
            'nested missing key' => [
                'register-domain',
                ['settings' => self::settings(), 'order' => $registrantWithoutCountry],
                'order.registrant.country: missing key',
            ],
            'option: wrong payload' => [
                'register-domain',
                ['settings' => self::settings(), 'order' => ['admin' => 'nobody'] + $order],
                'order.admin',
            ],
            'option: a missing option is still missing' => [
                'register-domain',
                ['settings' => self::settings(), 'order' => array_diff_key($order, ['auth-code' => 1])],
                'order.auth-code: missing key',
            ],
            'list element' => [
                'register-domain',
                ['settings' => self::settings(), 'order' => ['nameservers' => ['ns1.example.net', 7]] + $order],
                'order.nameservers[1]',
            ],
            'tuple of three' => [
                'register-domain',
                [
                    'settings' => self::settings(),
                    'order' => ['glue' => [['ns1.example.nl', '192.0.2.1', 'x']]] + $order,
                ],
                'order.glue[0]',
            ],
            'integer out of range' => [
                'register-domain',
                ['settings' => self::settings(), 'order' => ['period-years' => 300] + $order],
                'order.period-years',
            ],
            'negative unsigned' => [
                'api-endpoint',
                ['settings' => self::settings(['request-timeout-ms' => -1])],
                'settings.request-timeout-ms',
            ],
            'unknown variant case' => [
                'api-endpoint',
                ['settings' => self::settings(['tech-contact' => 'nobody'])],
                'settings.tech-contact',
            ],
            'variant payload mistyped' => [
                'api-endpoint',
                ['settings' => self::settings(['tech-contact' => ['fixed' => 'abc']])],
                'settings.tech-contact.fixed',
            ],
            'bool mistyped' => [
                'api-endpoint',
                ['settings' => self::settings(['test-mode' => 'yes'])],
                'settings.test-mode',
            ],
            'unknown enum case' => [
                'sync-contacts',
                [
                    'settings' => self::settings(),
                    'domain' => 'example.nl',
                    'desired' => ['registrant' => $contact, 'admin' => null, 'tech' => 5],
                ],
                'desired.tech',
            ],
            'an object' => [
                'normalize-contact',
                ['contact' => $objectInside],
                'contact.city: objects are not accepted (got DateTimeImmutable)',
            ],
            'invalid UTF-8' => [
                'normalize-contact',
                ['contact' => $invalidUtf8],
                'contact.city: not valid UTF-8 (byte 0xff at offset 4)',
            ],
            'invalid UTF-8 key' => [
                'normalize-contact',
                ['contact' => ["ci\xfety" => 'x'] + $contact],
                'contact: the key "ci',
            ],
            'NAN' => [
                'normalize-contact',
                ['contact' => ['city' => NAN] + $contact],
                'contact.city: NAN has no JSON form',
            ],
            'a list with holes' => [
                'check-availability',
                ['settings' => self::settings(), 'label' => 'x', 'tlds' => [0 => 'nl', 2 => 'be']],
                'tlds',
            ],
            'a resource' => [
                'normalize-contact',
                ['contact' => ['city' => STDERR] + $contact],
                'contact.city: a resource has no JSON form',
            ],
        ];
    }

    public function testArgumentsThatAreTooDeepAreRefused(): void
    {
        $deep = 'leaf';
        for ($i = 0; $i < 40; $i++) {
            $deep = ['x' => $deep];
        }
        $this->expectException(ArgumentException::class);
        $this->expectExceptionMessage('nested deeper than 32 levels');
        self::registrar(self::noTransport())->call('normalize-contact', ['contact' => $deep]);
    }

    public function testARecursiveArrayIsRefusedNotFollowedForever(): void
    {
        $contact = self::panelContact();
        $contact['self'] = &$contact;
        $this->expectException(ArgumentException::class);
        $this->expectExceptionMessage('nested deeper than');
        self::registrar(self::noTransport())->call('normalize-contact', ['contact' => $contact]);
    }

    public function testReferencesInsideArgumentsAreFollowed(): void
    {
        $city = 'Utrecht';
        $contact = self::panelContact();
        $contact['city'] = &$city;
        $result = self::registrar(self::noTransport())->call('normalize-contact', ['contact' => $contact]);
        $this->assertSame('Utrecht', $result['city']);
    }

    public function testAnUnknownFunctionIsAnArgumentError(): void
    {
        $this->expectException(ArgumentException::class);
        $this->expectExceptionMessage('the component exports no function `renew-everything`');
        self::registrar(self::noTransport())->call('renew-everything', []);
    }

    public function testSecretsAreNotEchoedInArgumentErrors(): void
    {
        try {
            self::registrar(self::noTransport())->call('api-endpoint', [
                'settings' => self::settings(['api-secret' => ['s3cr3t-value']]),
            ]);
            $this->fail('expected an ArgumentException');
        } catch (ArgumentException $e) {
            $this->assertStringContainsString('settings.api-secret', $e->getMessage());
            $this->assertStringNotContainsString('s3cr3t-value', $e->getMessage());
        }
    }
}
