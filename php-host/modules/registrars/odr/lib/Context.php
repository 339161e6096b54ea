<?php

declare(strict_types=1);

namespace WHMCS\Module\Registrar\Odr;

use Odr\Panel\Component;
use WHMCS\Module\Registrar\Odr\Component\ComponentFactory;
use WHMCS\Module\Registrar\Odr\Whmcs\LocalApi;
use WHMCS\Module\Registrar\Odr\Whmcs\SavedCredentials;
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
        // Usually ours are saved: the migration's own code is not even loaded then.
        if ($carryOver && !SavedCredentials::present()) {
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
