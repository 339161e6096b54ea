<?php

declare(strict_types=1);

namespace Odr\Panel;

/**
 * The text of the component's log lines as every panel writes them.
 */
final class LogLine
{
    /** An activity line: "ODR: " and the message, with the domain added when it does not name it. */
    public static function activity(string $message, ?string $domain): string
    {
        $line = 'ODR: ' . $message;
        if ($domain !== null && $domain !== '' && stripos($message, $domain) === false) {
            $line .= ' (' . $domain . ')';
        }

        return $line;
    }
}
