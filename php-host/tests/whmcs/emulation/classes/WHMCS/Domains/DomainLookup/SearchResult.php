<?php

declare(strict_types=1);

namespace WHMCS\Domains\DomainLookup;

/**
 * One availability result. Modules compare against the constants only: their values are
 * WHMCS internals (the strings below are the ones seen in a decoded WHMCS copy).
 */
class SearchResult extends \WHMCS\Domains\Domain
{
    public const STATUS_NOT_REGISTERED = 'available for registration';
    public const STATUS_REGISTERED = 'registered';
    public const STATUS_RESERVED = 'reserved';
    public const STATUS_TLD_NOT_SUPPORTED = 'tld not supported';
    public const STATUS_UNKNOWN = 'unknown';

    private const STATUSES = [
        self::STATUS_NOT_REGISTERED,
        self::STATUS_REGISTERED,
        self::STATUS_RESERVED,
        self::STATUS_TLD_NOT_SUPPORTED,
        self::STATUS_UNKNOWN,
    ];

    protected string $status = self::STATUS_UNKNOWN;
    protected bool $premiumDomain = false;
    /** @var array<string, mixed> */
    protected array $premiumCostPricing = [];
    protected float $score = 1.0;

    public function __construct(string $sld, string $tld)
    {
        parent::__construct();
        $this->setSecondLevel($sld);
        $this->setTopLevel($tld);
    }

    public function setStatus(string $status): static
    {
        if (!in_array($status, self::STATUSES, true)) {
            throw new \InvalidArgumentException('Unknown SearchResult status: ' . $status);
        }
        $this->status = $status;

        return $this;
    }

    public function getStatus(): string
    {
        return $this->status;
    }

    public function setPremiumDomain(bool $premium): static
    {
        $this->premiumDomain = $premium;

        return $this;
    }

    public function isPremium(): bool
    {
        return $this->premiumDomain;
    }

    /** @param array<string, mixed> $pricing */
    public function setPremiumCostPricing(array $pricing): static
    {
        $this->premiumCostPricing = $pricing;

        return $this;
    }

    /** @return array<string, mixed> */
    public function getPremiumCostPricing(): array
    {
        return $this->premiumCostPricing;
    }

    public function setScore(float $score): static
    {
        $this->score = $score;

        return $this;
    }

    public function getScore(): float
    {
        return $this->score;
    }

    /** @return array<string, mixed> */
    public function toArray(): array
    {
        return [
            'domainName' => $this->getDomain(),
            'sld' => $this->getSecondLevel(),
            'tld' => $this->getTopLevel(),
            'status' => $this->status,
            'isPremium' => $this->premiumDomain,
            'premiumCostPricing' => $this->premiumCostPricing,
            'score' => $this->score,
        ];
    }
}
