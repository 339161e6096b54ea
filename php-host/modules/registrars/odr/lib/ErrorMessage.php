<?php

declare(strict_types=1);

namespace WHMCS\Module\Registrar\Odr;

/**
 * Turns any failure into the short text WHMCS shows an admin.
 */
final class ErrorMessage
{
    /** Shorter "secrets" are test values or typos; masking them would garble every message. */
    public const MIN_SECRET_LENGTH = 6;

    /** @param list<string> $secrets strings that must never appear in the text */
    public static function of(\Throwable $error, array $secrets = []): string
    {
        $message = match (true) {
            self::isA($error, 'Odr\\RegistrarException') => self::registrarError($error),
            self::isA($error, 'Odr\\ArgumentException') => 'Internal error: the module passed the ODR component '
                . 'an invalid value: ' . $error->getMessage(),
            self::isA($error, 'Odr\\RuntimeException') => 'The ODR component failed: ' . $error->getMessage(),
            $error instanceof \PDOException, self::isA($error, 'Illuminate\\Database\\QueryException')
                => 'WHMCS database error: ' . $error->getMessage(),
            default => $error->getMessage(),
        };
        $message = trim($message) === '' ? get_class($error) : trim($message);
        foreach ($secrets as $secret) {
            if (strlen($secret) >= self::MIN_SECRET_LENGTH) {
                $message = str_replace($secret, '***', $message);
            }
        }

        return $message;
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
