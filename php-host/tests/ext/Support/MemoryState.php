<?php

declare(strict_types=1);

namespace Odr\Tests\Ext\Support;

/**
 * The state capability in memory (the WHMCS module keeps it in a database table).
 * Records every call; throws $failWith from every method when set.
 */
final class MemoryState
{
    /** @var array<string, string> */
    public array $values = [];

    /** @var list<string> method names, in call order */
    public array $calls = [];

    public ?\Throwable $failWith = null;

    public function get(string $key): ?string
    {
        $this->enter('get');

        return $this->values[$key] ?? null;
    }

    public function set(string $key, string $value, ?int $ttlSeconds): void
    {
        $this->enter('set');
        $this->values[$key] = $value;
    }

    public function delete(string $key): void
    {
        $this->enter('delete');
        unset($this->values[$key]);
    }

    private function enter(string $method): void
    {
        $this->calls[] = $method;
        if ($this->failWith !== null) {
            throw $this->failWith;
        }
    }
}
