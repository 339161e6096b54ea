<?php

declare(strict_types=1);

namespace OdrTests\Whmcs\Emulation;

/**
 * Every e-mail WHMCS would have sent: to clients (templates or custom) and to admins.
 */
final class Outbox
{
    /** @var list<array{to: string, userid: int, template: ?string, subject: string, message: string, relid: int, vars: array<string, mixed>}> */
    private array $mails = [];

    /** @param array<string, mixed> $vars */
    public function add(
        string $to,
        int $userId,
        ?string $template,
        string $subject,
        string $message,
        int $relatedId = 0,
        array $vars = [],
    ): void {
        $this->mails[] = [
            'to' => $to,
            'userid' => $userId,
            'template' => $template,
            'subject' => $subject,
            'message' => $message,
            'relid' => $relatedId,
            'vars' => $vars,
        ];
    }

    /** @return list<array{to: string, userid: int, template: ?string, subject: string, message: string, relid: int, vars: array<string, mixed>}> */
    public function all(): array
    {
        return $this->mails;
    }

    /** @return list<array{to: string, userid: int, template: ?string, subject: string, message: string, relid: int, vars: array<string, mixed>}> */
    public function toAdmins(): array
    {
        return array_values(array_filter($this->mails, static fn (array $mail): bool => $mail['to'] === 'admins'));
    }

    /** @return list<array{to: string, userid: int, template: ?string, subject: string, message: string, relid: int, vars: array<string, mixed>}> */
    public function toClients(): array
    {
        return array_values(array_filter($this->mails, static fn (array $mail): bool => $mail['to'] !== 'admins'));
    }
}
