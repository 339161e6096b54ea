<?php

/**
 * Emulation of FOSSBilling's logger Box_Log (library/Box/Log.php), as `$di['logger']` and as
 * set on a registrar adapter with setLog(): a method per priority (emerg ... debug). With one
 * argument the message is logged as it is; with more, vsprintf() formats it (as FOSSBilling's
 * does), so a stray "%" in a message with extra arguments fails. Entries are kept for the tests.
 */

// phpcs:disable PSR1.Classes.ClassDeclaration.MissingNamespace, Squiz.Classes.ValidClassName.NotCamelCaps

declare(strict_types=1);

class Box_Log
{
    public const PRIORITIES = ['emerg', 'alert', 'crit', 'err', 'warn', 'notice', 'info', 'debug'];

    /** @var list<array{priority: string, message: string}> */
    public array $entries = [];

    /** @param list<mixed> $params */
    public function __call(string $method, array $params): void
    {
        if (!in_array(strtolower($method), self::PRIORITIES, true)) {
            throw new FOSSBilling\Exception('Bad log priority');
        }
        if ($params === []) {
            throw new FOSSBilling\Exception('Missing log message');
        }
        $message = (string) array_shift($params);
        if ($params !== []) {
            $message = vsprintf($message, $params);
        }
        $this->entries[] = ['priority' => strtolower($method), 'message' => $message];
    }

    /** @return list<string> the messages of one priority */
    public function messages(string $priority): array
    {
        return array_values(array_map(
            static fn (array $entry): string => $entry['message'],
            array_filter($this->entries, static fn (array $entry): bool => $entry['priority'] === $priority),
        ));
    }
}
