<?php

declare(strict_types=1);

namespace WHMCS\Domain\Registrar;

use WHMCS\Carbon;

/**
 * What GetDomainInformation returns, built with chained setters.
 */
class Domain
{
    public const STATUS_ACTIVE = 'Active';
    public const STATUS_EXPIRED = 'Expired';
    public const STATUS_SUSPENDED = 'Suspended';
    public const STATUS_PENDING_DELETE = 'Pending Delete';
    public const STATUS_DELETED = 'Deleted';
    public const STATUS_ARCHIVED = 'Archived';
    public const STATUS_INACTIVE = 'Inactive';

    private string $domain = '';
    /** @var array<string, string> */
    private array $nameservers = [];
    private ?string $registrationStatus = null;
    private ?bool $transferLock = null;
    private ?Carbon $transferLockExpiryDate = null;
    private ?Carbon $expiryDate = null;
    private bool $restorable = false;
    private ?bool $idProtectionStatus = null;
    private ?bool $dnsManagementStatus = null;
    private ?bool $emailForwardingStatus = null;
    private bool $isIrtpEnabled = false;
    private ?bool $irtpOptOutStatus = null;
    private ?bool $irtpTransferLock = null;
    private ?Carbon $irtpTransferLockExpiryDate = null;
    private bool $domainContactChangePending = false;
    private bool $pendingSuspension = false;
    private ?Carbon $domainContactChangeExpiryDate = null;
    private ?string $registrantEmailAddress = null;
    /** @var array<string, list<string>> */
    private array $irtpVerificationTriggerFields = [];

    public function setDomain(string $domain): self
    {
        $this->domain = $domain;

        return $this;
    }

    public function getDomain(): string
    {
        return $this->domain;
    }

    /** @param array<string, string> $nameservers keyed ns1..ns5 */
    public function setNameservers(array $nameservers): self
    {
        foreach (array_keys($nameservers) as $key) {
            if (preg_match('/^ns[1-9]$/', (string) $key) !== 1) {
                throw new \InvalidArgumentException('Nameservers must be keyed ns1..ns5, got ' . $key);
            }
        }
        $this->nameservers = $nameservers;

        return $this;
    }

    /** @return array<string, string> */
    public function getNameservers(): array
    {
        return $this->nameservers;
    }

    public function setRegistrationStatus(string $status): self
    {
        $this->registrationStatus = $status;

        return $this;
    }

    public function getRegistrationStatus(): ?string
    {
        return $this->registrationStatus;
    }

    public function setTransferLock(bool $locked): self
    {
        $this->transferLock = $locked;

        return $this;
    }

    public function getTransferLock(): ?bool
    {
        return $this->transferLock;
    }

    public function hasTransferLock(): bool
    {
        return $this->transferLock !== null;
    }

    public function setTransferLockExpiryDate(?Carbon $date): self
    {
        $this->transferLockExpiryDate = $date;

        return $this;
    }

    public function getTransferLockExpiryDate(): ?Carbon
    {
        return $this->transferLockExpiryDate;
    }

    public function setExpiryDate(?\Carbon\Carbon $date): self
    {
        $this->expiryDate = $date === null ? null : Carbon::instance($date);

        return $this;
    }

    public function getExpiryDate(): ?Carbon
    {
        return $this->expiryDate;
    }

    public function setRestorable(bool $restorable): self
    {
        $this->restorable = $restorable;

        return $this;
    }

    public function getRestorable(): bool
    {
        return $this->restorable;
    }

    public function setIdProtectionStatus(bool $status): self
    {
        $this->idProtectionStatus = $status;

        return $this;
    }

    public function getIdProtectionStatus(): ?bool
    {
        return $this->idProtectionStatus;
    }

    public function setDnsManagementStatus(bool $status): self
    {
        $this->dnsManagementStatus = $status;

        return $this;
    }

    public function getDnsManagementStatus(): ?bool
    {
        return $this->dnsManagementStatus;
    }

    public function setEmailForwardingStatus(bool $status): self
    {
        $this->emailForwardingStatus = $status;

        return $this;
    }

    public function getEmailForwardingStatus(): ?bool
    {
        return $this->emailForwardingStatus;
    }

    public function setIsIrtpEnabled(bool $enabled): self
    {
        $this->isIrtpEnabled = $enabled;

        return $this;
    }

    public function isIrtpEnabled(): bool
    {
        return $this->isIrtpEnabled;
    }

    public function setIrtpOptOutStatus(bool $status): self
    {
        $this->irtpOptOutStatus = $status;

        return $this;
    }

    public function getIrtpOptOutStatus(): ?bool
    {
        return $this->irtpOptOutStatus;
    }

    public function setIrtpTransferLock(bool $locked): self
    {
        $this->irtpTransferLock = $locked;

        return $this;
    }

    public function getIrtpTransferLock(): ?bool
    {
        return $this->irtpTransferLock;
    }

    public function setIrtpTransferLockExpiryDate(?Carbon $date): self
    {
        $this->irtpTransferLockExpiryDate = $date;

        return $this;
    }

    public function getIrtpTransferLockExpiryDate(): ?Carbon
    {
        return $this->irtpTransferLockExpiryDate;
    }

    public function setDomainContactChangePending(bool $pending): self
    {
        $this->domainContactChangePending = $pending;

        return $this;
    }

    public function getDomainContactChangePending(): bool
    {
        return $this->domainContactChangePending;
    }

    public function setPendingSuspension(bool $pending): self
    {
        $this->pendingSuspension = $pending;

        return $this;
    }

    public function getPendingSuspension(): bool
    {
        return $this->pendingSuspension;
    }

    public function setDomainContactChangeExpiryDate(?Carbon $date): self
    {
        $this->domainContactChangeExpiryDate = $date;

        return $this;
    }

    public function getDomainContactChangeExpiryDate(): ?Carbon
    {
        return $this->domainContactChangeExpiryDate;
    }

    public function setRegistrantEmailAddress(string $email): self
    {
        $this->registrantEmailAddress = $email;

        return $this;
    }

    public function getRegistrantEmailAddress(): ?string
    {
        return $this->registrantEmailAddress;
    }

    /** @param array<string, list<string>> $fields */
    public function setIrtpVerificationTriggerFields(array $fields): self
    {
        $this->irtpVerificationTriggerFields = $fields;

        return $this;
    }

    /** @return array<string, list<string>> */
    public function getIrtpVerificationTriggerFields(): array
    {
        return $this->irtpVerificationTriggerFields;
    }
}
