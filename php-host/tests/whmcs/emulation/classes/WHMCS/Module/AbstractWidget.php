<?php

declare(strict_types=1);

namespace WHMCS\Module;

/**
 * Base of admin home-page widgets.
 */
abstract class AbstractWidget
{
    protected string $title = '';
    protected string $description = '';
    protected int $weight = 100;
    protected int $columns = 1;
    protected bool $cache = false;
    protected int $cacheExpiry = 3600;
    protected string $requiredPermission = '';

    /** @return mixed the data generateOutput() renders */
    abstract public function getData();

    /** @param mixed $data */
    abstract public function generateOutput($data): string;

    public function getTitle(): string
    {
        return $this->title;
    }

    public function getDescription(): string
    {
        return $this->description;
    }

    public function getWeight(): int
    {
        return $this->weight;
    }

    public function getColumnSize(): int
    {
        return $this->columns;
    }
}
