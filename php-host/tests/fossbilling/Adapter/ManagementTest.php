<?php

declare(strict_types=1);

namespace OdrTests\Fossbilling\Adapter;

use Odr\Fossbilling\ContactForm;
use OdrTests\Fossbilling\Emulation\Fossbilling;
use OdrTests\Fossbilling\Support\AdapterTestCase;

/**
 * Nameservers, contacts, EPP code and domain details through the FOSSBilling adapter, on the
 * WHMCS module's recordings; what ODR does not offer (privacy, lock) is refused without a request.
 */
final class ManagementTest extends AdapterTestCase
{
    public function testNameserversSavedKeepingTheContacts(): void
    {
        $adapter = $this->replay('nameservers_saved_keeping_contacts');

        $domain = $this->fossbilling->domain('example.nl', ['ns1.new.example', 'ns2.new.example']);

        $this->assertTrue($adapter->modifyNs($domain));
        $this->assertSame(
            ['POST /user/login/', 'GET /domain/example.nl/info/', 'PUT /domain/example.nl/'],
            $this->odrRequests(),
        );
    }

    public function testNameserversOfAPendingDomainAreRefused(): void
    {
        $adapter = $this->replay('nameservers_refused_while_pending');

        $domain = $this->fossbilling->domain('example.nl', ['ns1.new.example']);

        $message = $this->registrarError(fn () => $adapter->modifyNs($domain));

        $this->assertStringContainsString('PENDING', $message);
    }

    public function testContactUpdatedInPlace(): void
    {
        $adapter = $this->replay('contacts_saved_update_in_place');
        $client = Fossbilling::client(['Email' => 'jan@new.example', 'Address1' => 'Dorpstraat 14']);

        $this->assertTrue($adapter->modifyContact($this->fossbilling->domain('example.nl', [], $client)));
        $this->assertSame(
            ['POST /user/login/', 'GET /domain/example.nl/info/', 'GET /contact/1234/', 'PUT /contact/1234/'],
            $this->odrRequests(),
        );
    }

    public function testUnchangedContactWritesNothing(): void
    {
        $adapter = $this->replay('contacts_saved_unchanged_writes_nothing');

        $this->assertTrue($adapter->modifyContact($this->fossbilling->domain('example.nl')));
        $this->assertNotContains('PUT /contact/1234/', $this->odrRequests());
    }

    public function testContactRefusedByOdrNamesTheField(): void
    {
        $adapter = $this->replay('contacts_save_refused_by_odr');
        $client = Fossbilling::client(['Email' => 'jan@new.example', 'Address1' => 'Dorpstraat 14']);

        $domain = $this->fossbilling->domain('example.nl', [], $client);

        $message = $this->registrarError(fn () => $adapter->modifyContact($domain));

        $this->assertStringContainsString('E-mail address is not valid', $message);
        $this->assertNotEmpty(preg_grep('/^ODR: sync-contacts failed: /', $this->fossbilling->log->messages('info')));
    }

    public function testAContactChangeWithoutARegistrantSendsNothing(): void
    {
        $domain = (new \Registrar_Domain())->setSld('example')->setTld('.nl');

        $message = $this->registrarError(fn () => $this->adapter()->modifyContact($domain));

        $this->assertSame('FOSSBilling passed no registrant contact for example.nl.', $message);
        $this->assertSame([], $this->odrRequests());
    }

    public function testEppCodeShown(): void
    {
        $adapter = $this->replay('epp_code_shown');

        $this->assertSame('Xk29<Pq>Lm7A', $adapter->getEpp($this->fossbilling->domain('example.nl')));
    }

    public function testEppCodeEmailedToTheRegistrant(): void
    {
        $adapter = $this->replay('epp_code_emailed_to_registrant');

        $message = $this->registrarError(fn () => $adapter->getEpp($this->fossbilling->domain('example.nl')));

        $this->assertStringContainsString('e-mailed the EPP code of example.nl to the domain\'s registrant', $message);
    }

    public function testEppCodeOfAnUnknownDomain(): void
    {
        $adapter = $this->replay('epp_code_unknown_domain');

        $this->assertStringContainsString('not found', strtolower($this->registrarError(
            fn () => $adapter->getEpp($this->fossbilling->domain('example.nl')),
        )));
    }

    public function testDomainDetails(): void
    {
        $adapter = $this->replay('domain_information');

        $domain = $adapter->getDomainDetails($this->fossbilling->domain('example.nl'));

        $this->assertSame('2026-03-01', gmdate('Y-m-d', (int) $domain->getExpirationTime()));
        $this->assertSame('ns1.example.net', $domain->getNs1());
        $this->assertFalse($domain->getPrivacyEnabled());
        $this->assertFalse($domain->getLocked());
    }

    public function testDomainDetailsOfAnUnknownDomain(): void
    {
        $adapter = $this->replay('domain_information_unknown_domain');

        $this->assertStringContainsString('not found', strtolower($this->registrarError(
            fn () => $adapter->getDomainDetails($this->fossbilling->domain('example.nl')),
        )));
    }

    public function testPrivacyAndLockAreNotSupportedByOdr(): void
    {
        $adapter = $this->adapter();
        $domain = $this->fossbilling->domain('example.nl');

        foreach (['enablePrivacyProtection', 'disablePrivacyProtection', 'lock', 'unlock'] as $method) {
            $message = $this->registrarError(fn () => $adapter->{$method}($domain));
            $this->assertStringStartsWith('Not supported by ODR: ', $message, $method);
        }
        $this->assertSame([], $this->odrRequests());
    }

    public function testContactFormKeepsTheDialCodeApart(): void
    {
        $panel = ContactForm::toPanelContact(Fossbilling::client(['Address2' => 'Achterhuis', 'Address3' => 'B']));
        $this->assertSame('+31.201234567', $panel['phone']);
        $this->assertSame('Achterhuis B', $panel['address2']);
        $this->assertSame('+44.2071234567', ContactForm::toPanelContact(
            Fossbilling::client(['TelCc' => '+44', 'Tel' => '2071234567'])
        )['phone']);
        $this->assertSame('+31.612345678', ContactForm::toPanelContact(
            Fossbilling::client(['TelCc' => '', 'Tel' => '+31.612345678'])
        )['phone'], 'a number already in +CC.NUMBER form is kept');
    }
}
