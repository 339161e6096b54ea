<?php

declare(strict_types=1);

namespace OdrTests\Whmcs\Support\Faults;

use OdrTests\Whmcs\Emulation\Whmcs;
use OdrTests\Whmcs\Support\Odr;

/**
 * One WHMCS action of the fault matrix: its template recording (the action without a fault;
 * the exchange noted "fault point ..." is where each fault is injected), the WHMCS state it
 * starts from, how WHMCS runs it, and what it may write.
 */
abstract class FaultScenario
{
    /** Where the templates live: php-host/tests/recordings/faults/. */
    public const TEMPLATES = __DIR__ . '/../../../recordings/faults';

    /** The scenarios of the matrix, in the order of docs/faults.md's rows. */
    public const ALL = [
        'GetNameservers' => Scenarios\GetNameserversScenario::class,
        'RegisterDomain' => Scenarios\RegisterDomainScenario::class,
        'TransferDomain' => Scenarios\TransferDomainScenario::class,
        'Sync (cron)' => Scenarios\SyncScenario::class,
        'Domain report (DailyCronJob)' => Scenarios\DailyReportScenario::class,
        'Domain report ("Send domain report now")' => Scenarios\ReportNowScenario::class,
    ];

    public static function named(string $name): self
    {
        $class = self::ALL[$name] ?? throw new \InvalidArgumentException('No scenario ' . $name);

        return new $class();
    }

    /** The template's file name (without .json) under recordings/faults/. */
    abstract public function template(): string;

    /** Clients, domains, WHMCS settings: the state the action starts from. */
    abstract public function arrange(Whmcs $whmcs): void;

    /** The action, as WHMCS runs it. */
    abstract public function act(Whmcs $whmcs): Outcome;

    /** What is faulted, for docs/faults.md. */
    abstract public function faultPoint(): string;

    /**
     * Module settings for this scenario (merged over the test's).
     *
     * @return array<string, string>
     */
    public function settings(): array
    {
        return [];
    }

    /**
     * tbldomains writes of a successful action.
     *
     * @return array<string, array<string, string>> domain => column => value
     */
    public function writesOnSuccess(): array
    {
        return [];
    }

    /**
     * tbldomains writes made before the fault point, which stay when the action then fails.
     *
     * @return array<string, array<string, string>>
     */
    public function writesOnError(Fault $fault): array
    {
        return [];
    }

    /** @return list<string> tbldomains columns WHMCS itself writes whatever the outcome */
    public function ignoredColumns(): array
    {
        return [];
    }

    /**
     * Subjects of the e-mails the action sends.
     *
     * @return list<string>
     */
    public function mails(bool $succeeded, Fault $fault): array
    {
        return [];
    }

    /**
     * The exchanges after a lost answer at the fault point (e.g. an order looked up).
     *
     * @return list<array<string, mixed>>
     */
    public function afterLostAnswer(): array
    {
        return [];
    }

    /** @return array<string, mixed> the template recording, decoded */
    private function templateRecording(): array
    {
        return json_decode(
            (string) file_get_contents(self::TEMPLATES . '/' . $this->template() . '.json'),
            true,
            512,
            JSON_THROW_ON_ERROR,
        );
    }

    /** @return array<string, mixed> the template's exchange at the fault point */
    public function faultPointExchange(): array
    {
        foreach ($this->templateRecording()['exchanges'] as $exchange) {
            if (str_starts_with((string) ($exchange['note'] ?? ''), 'fault point')) {
                return $exchange;
            }
        }
        throw new \LogicException('The template ' . $this->template() . ' has no exchange noted "fault point"');
    }

    /**
     * The template with the fault injected at its fault point.
     *
     * @return list<array<string, mixed>>
     */
    public function exchanges(Fault $fault): array
    {
        $template = $this->templateRecording();
        $exchanges = [];
        $found = false;
        foreach ($template['exchanges'] as $exchange) {
            if (str_starts_with((string) ($exchange['note'] ?? ''), 'fault point')) {
                $found = true;
                array_push($exchanges, ...$fault->exchanges($exchange, $this->afterLostAnswer()));
                continue;
            }
            $exchanges[] = $exchange;
        }
        if (!$found) {
            throw new \LogicException('The template ' . $this->template() . ' has no exchange noted "fault point"');
        }

        return $exchanges;
    }

    /** @return array<string, mixed> ODR's 404 for a domain that is not in the account */
    protected static function notInAccount(string $domain): array
    {
        return ['note' => 'after the lost answer: is the domain in the account?'] + Odr::exchange(
            'GET',
            '/domain/' . $domain . '/',
            '',
            null,
            ['message' => 'Domain not found', 'data' => []],
            404,
        );
    }
}
