<?php

/**
 * Emulation of the service container FOSSBilling keeps in the global `$di` (a Pimple\Container,
 * see FOSSBilling's di.php): services by name (`pdo`, `crypt`, `logger`, ...), set as values.
 */

declare(strict_types=1);

namespace Pimple;

/** @implements \ArrayAccess<string, mixed> */
class Container implements \ArrayAccess
{
    /** @var array<string, mixed> */
    private array $services = [];

    public function offsetExists(mixed $offset): bool
    {
        return isset($this->services[$offset]);
    }

    public function offsetGet(mixed $offset): mixed
    {
        if (!isset($this->services[$offset])) {
            throw new \InvalidArgumentException(sprintf('Identifier "%s" is not defined.', (string) $offset));
        }

        return $this->services[$offset];
    }

    public function offsetSet(mixed $offset, mixed $value): void
    {
        $this->services[(string) $offset] = $value;
    }

    public function offsetUnset(mixed $offset): void
    {
        unset($this->services[$offset]);
    }
}
