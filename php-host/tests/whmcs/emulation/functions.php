<?php

/**
 * WHMCS's global functions that registrar modules call, backed by the emulated installation.
 */

declare(strict_types=1);

use OdrTests\Whmcs\Emulation\Whmcs;

if (!defined('WHMCS')) {
    define('WHMCS', true);
}

/** Registers a hook callback (lower priority numbers run first). */
function add_hook(string $hookPoint, int $priority, callable|string $function): void
{
    Whmcs::current()->hooks->add($hookPoint, $priority, $function);
}

/**
 * Runs every callback of a hook point.
 *
 * @param array<string, mixed> $vars
 * @return list<mixed>
 */
function run_hook(string $hookPoint, array $vars = []): array
{
    return Whmcs::current()->hooks->run($hookPoint, $vars);
}

/**
 * One row in the module log when module logging is on; the replace-vars are masked.
 *
 * @param string|array<mixed> $requestString
 * @param string|array<mixed> $responseData
 * @param string|array<mixed> $processedData
 * @param list<string> $replaceVars
 */
function logModuleCall(
    string $module,
    string $action,
    string|array $requestString,
    string|array $responseData,
    string|array $processedData = '',
    array $replaceVars = [],
): void {
    Whmcs::current()->logModuleCall($module, $action, $requestString, $responseData, $processedData, $replaceVars);
}

/** One row in the system activity log. */
function logActivity(string $description, int $userId = 0): void
{
    Whmcs::current()->logActivity($description, $userId);
}

/**
 * WHMCS's internal API.
 *
 * @param array<string, mixed> $postData
 * @return array<string, mixed>
 */
function localAPI(string $command, array $postData = [], string $adminUser = ''): array
{
    return Whmcs::current()->localApi->call($command, $postData, $adminUser);
}

/** WHMCS's reversible encryption of stored settings (a stand-in, not WHMCS's algorithm). */
function encrypt(string $value): string
{
    return 'enc:' . base64_encode(strrev($value));
}

function decrypt(string $value): string
{
    if (!str_starts_with($value, 'enc:')) {
        return '';
    }
    $decoded = base64_decode(substr($value, 4), true);

    return $decoded === false ? '' : strrev($decoded);
}

/**
 * A registrar's settings, decrypted (includes/registrarfunctions.php).
 *
 * @return array<string, string>
 */
function getRegistrarConfigOptions(string $registrar): array
{
    return Whmcs::current()->registrarSettings($registrar);
}

/** A MySQL date in the admin's date format. */
function fromMySQLDate(string $date): string
{
    $parsed = DateTimeImmutable::createFromFormat('!Y-m-d', substr($date, 0, 10));

    return $parsed === false ? $date : $parsed->format('d/m/Y');
}
