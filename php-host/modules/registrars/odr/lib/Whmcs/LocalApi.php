<?php

declare(strict_types=1);

namespace WHMCS\Module\Registrar\Odr\Whmcs;

/**
 * WHMCS's internal API (localAPI) as the configured admin user; a failed command throws.
 */
final class LocalApi
{
    public function __construct(private readonly string $adminUser)
    {
    }

    /**
     * @param array<string, mixed> $data
     * @return array<string, mixed>
     * @throws \RuntimeException when WHMCS answers anything but success
     */
    public function call(string $command, array $data): array
    {
        $result = localAPI($command, $data, $this->adminUser);
        if (!is_array($result) || ($result['result'] ?? '') !== 'success') {
            $message = is_array($result) ? (string) ($result['message'] ?? 'no message') : 'no answer';
            throw new \RuntimeException(sprintf('WHMCS %s failed: %s', $command, $message));
        }

        return $result;
    }
}
