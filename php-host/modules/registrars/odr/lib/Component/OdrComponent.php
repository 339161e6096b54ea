<?php

declare(strict_types=1);

namespace WHMCS\Module\Registrar\Odr\Component;

use WHMCS\Module\Registrar\Odr\Settings;

/**
 * The ODR registrar component with this installation's settings: every operation of
 * wit/registrar.wit that takes `settings` gets them from here.
 */
final class OdrComponent
{
    public function __construct(
        private readonly object $registrar,
        private readonly Settings $settings,
    ) {
    }

    /**
     * Calls one component operation, e.g. call('get-nameservers', ['domain' => 'example.nl']).
     *
     * @param array<string, mixed> $args the operation's arguments except `settings`
     * @throws \Throwable Odr\RegistrarException (the operation's error), Odr\ArgumentException, Odr\RuntimeException
     */
    public function call(string $function, array $args = []): mixed
    {
        return $this->registrar->call($function, ['settings' => $this->settings->toWit()] + $args);
    }
}
