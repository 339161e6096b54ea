<?php

declare(strict_types=1);

namespace OdrTests\Whmcs\Emulation;

/**
 * WHMCS's notion of "now", pinned so tests are deterministic (the component's clock is pinned
 * to the same instant through the Odr\Registrar 'now' option).
 */
final class Clock
{
    /** 2025-12-01 00:00:00 UTC: the instant every recording is made at. */
    public const RECORDING_NOW = 1764547200;

    private function __construct(private \DateTimeImmutable $now)
    {
    }

    public static function pinned(int $timestamp = self::RECORDING_NOW): self
    {
        return new self((new \DateTimeImmutable('@' . $timestamp))->setTimezone(new \DateTimeZone('UTC')));
    }

    public function now(): \DateTimeImmutable
    {
        return $this->now;
    }

    public function today(): string
    {
        return $this->now->format('Y-m-d');
    }

    public function advance(string $modifier): void
    {
        $this->now = $this->now->modify($modifier);
    }

    /**
     * Moves WHMCS's "now" by whole days (negative: back). Only WHMCS's side moves: the
     * component's clock stays pinned to the recordings' instant.
     */
    public function advanceDays(int $days): void
    {
        $this->advance(sprintf('%+d days', $days));
    }
}
