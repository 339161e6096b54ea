<?php

declare(strict_types=1);

namespace WHMCS\Module\Registrar\Odr;

use Odr\Panel\Component;
use WHMCS\Module\Registrar\Odr\Component\ComponentFactory;
use WHMCS\Module\Registrar\Odr\Whmcs\LocalApi;
use WHMCS\Module\Registrar\Odr\Whmcs\SettingsMigration;

/**
 * What an action works with: the settings, the ODR component and WHMCS's internal API.
 */
final class Context
{
    private ?Component $component = null;

    public function __construct(public readonly Settings $settings)
    {
    }

    /**
     * The one place the module reads its settings. With $carryOver (every call but saving the
     * settings), a previous ODR module's settings are carried over first when ours are empty.
     *
     * @param array<string, mixed> $params a WHMCS parameter array or the stored registrar settings
     */
    public static function fromParams(array $params, bool $carryOver = true): self
    {
        // WHMCS passes the saved settings: with our credentials in them there is nothing to carry
        // over, and the migration (rows to read, a class to compile) is skipped.
        $given = static fn (string $key): bool => is_scalar($params[$key] ?? null)
            && trim((string) $params[$key]) !== '';
        if ($carryOver && !$given('APIKey') && !$given('APISecret')) {
            $params = (new SettingsMigration())->carryOver($params);
        }

        return new self(Settings::fromArray($params));
    }

    public function component(): Component
    {
        return $this->component ??= ComponentFactory::forSettings($this->settings);
    }

    public function localApi(): LocalApi
    {
        return new LocalApi($this->settings->adminUser);
    }
}
