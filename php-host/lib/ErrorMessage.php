<?php

declare(strict_types=1);

namespace Odr\Panel;

/**
 * Turns any failure into the short text a panel shows an admin.
 */
final class ErrorMessage
{
    /** See ConnectionSettings::MIN_SECRET_LENGTH (kept there: every call reads it, few fail). */
    public const MIN_SECRET_LENGTH = ConnectionSettings::MIN_SECRET_LENGTH;

    /** @param list<string> $secrets strings that must never appear in the text */
    public static function of(\Throwable $error, array $secrets = []): string
    {
        $message = match (true) {
            self::isA($error, 'Odr\\RegistrarException') => self::registrarError($error),
            self::isA($error, 'Odr\\ArgumentException') => 'Internal error: the module passed the ODR component '
                . 'an invalid value: ' . $error->getMessage(),
            self::isA($error, 'Odr\\RuntimeException') => 'The ODR component failed: ' . $error->getMessage(),
            $error instanceof \PDOException, self::isA($error, 'Illuminate\\Database\\QueryException')
                => 'Database error: ' . $error->getMessage(),
            default => $error->getMessage(),
        };
        $message = trim($message) === '' ? get_class($error) : trim($message);

        return self::mask($message, $secrets);
    }

    /**
     * $text masked by the component's own policy (Odr\Registrar::mask(): the secrets, token-shaped
     * strings, EPP codes and other sensitive JSON members), so PHP keeps no second copy of it. Without
     * the extension (its absence is then the error being reported) only the secrets are replaced.
     *
     * @param list<string> $secrets
     */
    public static function mask(string $text, array $secrets = []): string
    {
        $secrets = array_values(array_filter(
            $secrets,
            static fn (string $secret): bool => strlen($secret) >= self::MIN_SECRET_LENGTH,
        ));
        if (method_exists('Odr\\Registrar', 'mask')) {
            return \Odr\Registrar::mask($text, $secrets);
        }
        usort($secrets, static fn (string $a, string $b): int => strlen($b) <=> strlen($a));

        return str_replace($secrets, '********', $text);
    }

    /** The error kind of an Odr\RegistrarException (e.g. 'transport'), or null for anything else. */
    public static function kind(\Throwable $error): ?string
    {
        return self::isA($error, 'Odr\\RegistrarException') ? (string) $error->getKind() : null;
    }

    private static function registrarError(\Throwable $error): string
    {
        $message = $error->getMessage();
        $details = [];
        // The extension gives field => message (two messages for one field joined by '; ').
        foreach ((array) $error->getFields() as $name => $text) {
            $name = (string) $name;
            $text = (string) $text;
            if ($text !== '' && !str_contains($message, $text)) {
                $details[] = $name === '' ? $text : $name . ': ' . $text;
            }
        }
        if ($details !== []) {
            $message .= ' (' . implode('; ', $details) . ')';
        }
        $retryAfter = $error->getRetryAfter();
        if ($retryAfter !== null && !str_contains(strtolower($message), $retryAfter . ' second')) {
            $message .= sprintf(' Try again in %d seconds.', $retryAfter);
        }

        return $message;
    }

    private static function isA(\Throwable $error, string $class): bool
    {
        return is_a($error, $class);
    }
}
