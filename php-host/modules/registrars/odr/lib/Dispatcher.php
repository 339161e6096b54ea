<?php

declare(strict_types=1);

namespace WHMCS\Module\Registrar\Odr;

use Odr\Panel\ErrorMessage;
use WHMCS\Exception\Module\InvalidConfiguration;
use WHMCS\Module\Registrar\Odr\Capability\PanelLog;
use WHMCS\Module\Registrar\Odr\Whmcs\DomainName;

/**
 * The single entry point of every module function: runs the action and turns any failure into
 * what WHMCS expects (an `error` array, or an exception for object-returning functions), logged
 * in the module log.
 */
final class Dispatcher
{
    /**
     * For functions that return an array: never throws.
     *
     * @param class-string<Action> $action
     * @param array<string, mixed> $params
     * @return array<string, mixed>
     */
    public static function run(string $action, array $params): array
    {
        try {
            $result = self::invoke($action, $params);
            if (!is_array($result)) {
                throw new \UnexpectedValueException(
                    sprintf('%s returned %s, not an array.', $action, get_debug_type($result))
                );
            }

            return $result;
        } catch (\Throwable $error) {
            return ['error' => self::report($action, $params, $error)];
        }
    }

    /**
     * For functions that return an object (GetDomainInformation, CheckAvailability, ...):
     * WHMCS expects an exception on failure.
     *
     * @param class-string<Action> $action
     * @param array<string, mixed> $params
     * @throws \Exception with the admin-facing message
     */
    public static function runOrThrow(string $action, array $params): mixed
    {
        try {
            return self::invoke($action, $params);
        } catch (\Throwable $error) {
            throw new \Exception(self::report($action, $params, $error), 0, $error);
        }
    }

    /**
     * For config_validate: WHMCS refuses to save the settings on InvalidConfiguration.
     *
     * @param class-string<Action> $action
     * @param array<string, mixed> $params
     * @throws InvalidConfiguration
     */
    public static function validateConfiguration(string $action, array $params): void
    {
        try {
            self::invoke($action, $params);
        } catch (\Throwable $error) {
            throw new InvalidConfiguration(self::report($action, $params, $error), 0, $error);
        }
    }

    /**
     * @param class-string<Action> $action
     * @param array<string, mixed> $params
     */
    private static function invoke(string $action, array $params): mixed
    {
        // Saving the settings checks what the admin entered, never settings carried over.
        $carryOver = $action !== Actions\Settings\ValidateConfiguration::class;
        $handler = new $action(Context::fromParams($params, $carryOver));

        return $handler($params);
    }

    /**
     * The API secret (and its SHA-1) and the EPP code of the call, masked in whatever it reports.
     *
     * @param array<string, mixed> $params
     * @return list<string>
     */
    private static function secrets(array $params): array
    {
        $secrets = [];
        foreach (['APISecret', 'eppcode', 'transfersecret'] as $name) {
            $value = $params[$name] ?? '';
            if (is_string($value) && trim($value) !== '') {
                $secrets[] = trim($value);
            }
        }
        if (is_string($params['APISecret'] ?? null) && trim($params['APISecret']) !== '') {
            $secrets[] = sha1(trim($params['APISecret']));
        }

        return $secrets;
    }

    /** @param array<string, mixed> $params */
    private static function report(string $action, array $params, \Throwable $error): string
    {
        $secrets = self::secrets($params);
        $message = ErrorMessage::of($error, $secrets);
        if (function_exists('logModuleCall')) {
            $name = substr($action, (int) strrpos($action, '\\') + 1);
            $request = DomainName::describe($params);
            $response = sprintf('%s: %s', get_class($error), $message);
            try {
                logModuleCall(PanelLog::MODULE, $name, $request, $response, '', $secrets);
            } catch (\Throwable) {
                // The admin still gets the error itself.
            }
        }

        return $message;
    }
}
