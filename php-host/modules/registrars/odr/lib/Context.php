<?php

declare(strict_types=1);

namespace WHMCS\Module\Registrar\Odr;

use WHMCS\Module\Registrar\Odr\Component\ComponentFactory;
use WHMCS\Module\Registrar\Odr\Component\OdrComponent;
use WHMCS\Module\Registrar\Odr\Whmcs\LocalApi;

/**
 * What an action works with: the settings, the ODR component and WHMCS's internal API.
 */
final class Context
{
    private ?OdrComponent $component = null;

    public function __construct(public readonly Settings $settings)
    {
    }

    /** @param array<string, mixed> $params a WHMCS parameter array or the stored registrar settings */
    public static function fromParams(array $params): self
    {
        return new self(Settings::fromArray($params));
    }

    public function component(): OdrComponent
    {
        return $this->component ??= ComponentFactory::forSettings($this->settings);
    }

    public function localApi(): LocalApi
    {
        return new LocalApi($this->settings->adminUser);
    }
}
