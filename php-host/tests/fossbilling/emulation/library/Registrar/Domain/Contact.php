<?php

/**
 * Emulation of FOSSBilling's Registrar_Domain_Contact (library/Registrar/Domain/Contact.php in
 * FOSSBilling's source): a contact as FOSSBilling hands it to a registrar adapter. The fields an
 * adapter reads: names, e-mail, company and company number, three address lines, city, state,
 * zip, country, and the phone and fax numbers with their dial codes kept apart (tel_cc, tel).
 */

// phpcs:disable PSR1.Classes.ClassDeclaration.MissingNamespace, Squiz.Classes.ValidClassName.NotCamelCaps

declare(strict_types=1);

class Registrar_Domain_Contact
{
    private mixed $id = null;
    private mixed $name = null;
    private mixed $firstName = null;
    private mixed $lastName = null;
    private mixed $email = null;
    private mixed $city = null;
    private mixed $zip = null;
    private mixed $country = null;
    private mixed $state = null;
    private mixed $tel = null;
    private mixed $telCc = null;
    private mixed $fax = null;
    private mixed $faxCc = null;
    private mixed $company = null;
    private mixed $companyNumber = null;
    private mixed $address1 = null;
    private mixed $address2 = null;
    private mixed $address3 = null;
    private mixed $idnLanguageCode = null;

    public function setId($value): static
    {
        $this->id = $value;

        return $this;
    }

    public function getId()
    {
        return $this->id;
    }

    public function setFirstName($value): static
    {
        $this->firstName = $value;

        return $this;
    }

    /** The first name, or the first word of the full name when only that was set. */
    public function getFirstName()
    {
        if ($this->firstName) {
            return $this->firstName;
        }

        return explode(' ', (string) $this->name)[0];
    }

    public function setLastName($value): static
    {
        $this->lastName = $value;

        return $this;
    }

    /** The last name, or the full name after its first word when only that was set. */
    public function getLastName()
    {
        if ($this->lastName) {
            return $this->lastName;
        }
        $words = explode(' ', (string) $this->name, 2);

        return $words[1] ?? '';
    }

    public function setName($value): static
    {
        $this->name = $value;

        return $this;
    }

    /** The full name, or first and last name joined. */
    public function getName()
    {
        return $this->name ?: trim($this->firstName . ' ' . $this->lastName);
    }

    public function setEmail($value): static
    {
        $this->email = $value;

        return $this;
    }

    public function getEmail()
    {
        return $this->email;
    }

    public function setCity($value): static
    {
        $this->city = $value;

        return $this;
    }

    public function getCity()
    {
        return $this->city;
    }

    public function setZip($value): static
    {
        $this->zip = $value;

        return $this;
    }

    public function getZip()
    {
        return $this->zip;
    }

    public function setCountry($value): static
    {
        $this->country = $value;

        return $this;
    }

    public function getCountry()
    {
        return $this->country;
    }

    public function setState($value): static
    {
        $this->state = $value;

        return $this;
    }

    public function getState()
    {
        return $this->state;
    }

    public function setTel($value): static
    {
        $this->tel = $value;

        return $this;
    }

    public function getTel()
    {
        return $this->tel;
    }

    public function setTelCc($value): static
    {
        $this->telCc = $value;

        return $this;
    }

    public function getTelCc()
    {
        return $this->telCc;
    }

    public function setFax($value): static
    {
        $this->fax = $value;

        return $this;
    }

    public function getFax()
    {
        return $this->fax;
    }

    public function setFaxCc($value): static
    {
        $this->faxCc = $value;

        return $this;
    }

    public function getFaxCc()
    {
        return $this->faxCc;
    }

    public function setCompany($value): static
    {
        $this->company = $value;

        return $this;
    }

    public function getCompany()
    {
        return $this->company;
    }

    public function setCompanyNumber($value): static
    {
        $this->companyNumber = $value;

        return $this;
    }

    public function getCompanyNumber()
    {
        return $this->companyNumber;
    }

    public function setAddress1($value): static
    {
        $this->address1 = $value;

        return $this;
    }

    public function getAddress1()
    {
        return $this->address1;
    }

    public function setAddress2($value): static
    {
        $this->address2 = $value;

        return $this;
    }

    public function getAddress2()
    {
        return $this->address2;
    }

    public function setAddress3($value): static
    {
        $this->address3 = $value;

        return $this;
    }

    public function getAddress3()
    {
        return $this->address3;
    }

    public function setIdnLanguageCode($value): static
    {
        $this->idnLanguageCode = $value;

        return $this;
    }

    public function getIdnLanguageCode()
    {
        return $this->idnLanguageCode;
    }
}
