<?php

declare(strict_types=1);

namespace Odr\Panel;

use Odr\Panel\Capability\CurlTransport;

/**
 * The ODR registrar component with one installation's settings: every operation of
 * wit/registrar.wit that takes `settings` gets them from here. Panel-neutral.
 *
 * Every call runs within a wall-clock budget (see CurlTransport::startBudget()): the bulk
 * operations a panel's cron runs get CRON_BUDGET_SECONDS, everything else (admin and client area
 * actions) ADMIN_BUDGET_SECONDS. The constants ODR_ADMIN_CALL_BUDGET_SECONDS and
 * ODR_CRON_CALL_BUDGET_SECONDS (e.g. in the panel's configuration file) change them.
 */
final class Component
{
    public const ADMIN_BUDGET_SECONDS = 120;
    public const CRON_BUDGET_SECONDS = 1800;
    /** The operations a panel's cron (and its "run now" buttons) calls. */
    public const CRON_FUNCTIONS = ['sync-domain', 'transfer-sync', 'build-domain-report', 'expiry-preview'];

    public function __construct(
        private readonly object $registrar,
        private readonly ConnectionSettings $settings,
        private readonly ?CurlTransport $transport = null,
    ) {
    }

    /** The wall-clock budget in seconds of one call of $function. */
    public static function budgetSeconds(string $function): int
    {
        $cron = in_array($function, self::CRON_FUNCTIONS, true);
        $name = $cron ? 'ODR_CRON_CALL_BUDGET_SECONDS' : 'ODR_ADMIN_CALL_BUDGET_SECONDS';
        if (defined($name) && is_int(constant($name)) && constant($name) > 0) {
            return constant($name);
        }

        return $cron ? self::CRON_BUDGET_SECONDS : self::ADMIN_BUDGET_SECONDS;
    }

    /**
     * An ODR contact (a WIT odr-contact, e.g. from get-contacts) in panel form (a WIT
     * panel-contact): the component knows ODR's legal forms and address fields, the panel does not.
     *
     * @param array<string, mixed> $odrContact
     * @return array<string, string>
     */
    public function panelContactOf(array $odrContact): array
    {
        return $this->registrar->call('panel-contact-of', ['contact' => $odrContact]);
    }

    /**
     * Calls one component operation, e.g. call('get-nameservers', ['domain' => 'example.nl']).
     *
     * @param array<string, mixed> $args the operation's arguments except `settings`
     * @throws \Throwable Odr\RegistrarException (the operation's error), Odr\ArgumentException, Odr\RuntimeException
     */
    public function call(string $function, array $args = []): mixed
    {
        $this->transport?->startBudget(self::budgetSeconds($function));
        try {
            return $this->registrar->call($function, ['settings' => $this->settings->toWit()] + $args);
        } finally {
            $this->transport?->endBudget();
        }
    }
}
