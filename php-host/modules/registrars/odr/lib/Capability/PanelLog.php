<?php

declare(strict_types=1);

namespace WHMCS\Module\Registrar\Odr\Capability;

use Odr\Panel\LogLine;
use WHMCS\Database\Capsule;

/**
 * The component's log capability: WHMCS's module log and activity log.
 *
 * The component masks the API secret, signature and token itself; the secrets are passed to
 * logModuleCall as replace-vars as well, so WHMCS scrubs them even if one slipped through.
 * Logging never fails a registrar operation.
 */
final class PanelLog
{
    public const MODULE = 'odr';

    /** @param list<string> $secrets */
    public function __construct(
        private readonly array $secrets,
        private readonly string $adminUser,
    ) {
    }

    /** One ODR request and its response, for Configuration > System Logs > Module Log. */
    public function moduleCall(string $action, string $request, string $response): void
    {
        if (!function_exists('logModuleCall')) {
            return;
        }
        try {
            logModuleCall(self::MODULE, $action, $request, $response, '', $this->secrets);
        } catch (\Throwable) {
            // A full or unwritable module log must not fail the ODR operation it describes.
        }
    }

    /** One line for the activity log: a change the component made, or a warning. */
    public function activity(string $message, ?string $domain): void
    {
        $line = LogLine::activity($message, $domain);
        $data = ['description' => $line];
        $clientId = $domain === null ? null : $this->clientOf($domain);
        if ($clientId !== null) {
            $data['clientid'] = $clientId;
        }
        try {
            $result = localAPI('LogActivity', $data, $this->adminUser);
            if (($result['result'] ?? '') === 'success') {
                return;
            }
        } catch (\Throwable) {
            // Fall through to the plain WHMCS function below.
        }
        try {
            logActivity($line, $clientId ?? 0);
        } catch (\Throwable) {
            // The activity log records a change; failing to write it must not undo or fail the change.
        }
    }

    private function clientOf(string $domain): ?int
    {
        try {
            $userId = Capsule::table('tbldomains')->where('domain', $domain)->orderBy('id', 'desc')->value('userid');
        } catch (\Throwable) {
            return null;
        }

        return $userId === null ? null : (int) $userId;
    }
}
