<?php

declare(strict_types=1);

namespace Odr;

/**
 * Stand-in of the extension's Odr\RegistrarException: an operation's registrar-error.
 */
class RegistrarException extends \Exception
{
    /** @param array<string, string> $fields field => message, as the extension gives them */
    public function __construct(
        private readonly string $kind,
        string $message,
        private readonly array $fields = [],
        private readonly ?int $retryAfter = null,
    ) {
        parent::__construct($message);
    }

    public function getKind(): string
    {
        return $this->kind;
    }

    /** @return array<string, string> field => message */
    public function getFields(): array
    {
        return $this->fields;
    }

    public function getRetryAfter(): ?int
    {
        return $this->retryAfter;
    }
}
