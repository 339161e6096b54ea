<?php

/*
 * The child of `scripts/bench/process.php --phases`: GetNameservers with no token stored, in a
 * cold process, taken apart. The steps are those of the module function (Dispatcher, Context,
 * ComponentFactory, the action), done one by one with a clock between them; the component gets
 * the module's own capabilities, each wrapped so that the time every state row, HTTP exchange
 * and module-log row takes in PHP is recorded. Prints one JSON object: the steps in order, with
 * milliseconds. Included by process.php (which has booted the emulated WHMCS's library).
 */

declare(strict_types=1);

use Odr\Panel\Capability\CurlTransport;
use Odr\Panel\Component;
use WHMCS\Module\Registrar\Odr\Capability\PanelLog;
use WHMCS\Module\Registrar\Odr\Capability\StateStore;
use WHMCS\Module\Registrar\Odr\Component\ComponentFactory;
use WHMCS\Module\Registrar\Odr\Context;
use WHMCS\Module\Registrar\Odr\Whmcs\DomainName;
use WHMCS\Module\Registrar\Odr\Whmcs\Nameservers;

// The steps measured so far, in order ([label, ms]), and the clock between them.
$clock = new class {
    /** @var list<array{string, float}> */
    public array $steps = [];
    private int $last = 0;
    /** @var array<string, int> */
    private array $seen = [];

    public function start(): void
    {
        $this->last = hrtime(true);
    }

    public function step(string $label): void
    {
        $now = hrtime(true);
        $this->steps[] = [$label, ($now - $this->last) / 1e6];
        $this->last = hrtime(true);
    }

    /** Runs $work and records its time as one step inside the current one (numbered when repeated). */
    public function inside(string $label, callable $work): mixed
    {
        $this->seen[$label] = ($this->seen[$label] ?? 0) + 1;
        $label .= $this->seen[$label] > 1 ? ' (' . $this->seen[$label] . ')' : '';
        $start = hrtime(true);
        try {
            return $work();
        } finally {
            $this->steps[] = ['  ' . $label, (hrtime(true) - $start) / 1e6];
        }
    }
};

// A capability object whose every method is timed on its way through PHP.
$timed = static fn (object $inner, string $role): object => new class ($inner, $role, $clock) {
    public function __construct(
        private readonly object $inner,
        private readonly string $role,
        private readonly object $clock,
    ) {
    }

    /** @param list<mixed> $arguments */
    public function __call(string $method, array $arguments): mixed
    {
        $what = $this->role === 'state' ? (explode(':', (string) $arguments[0])[1] ?? '') : $arguments[0];

        return $this->clock->inside(
            sprintf('%s.%s %s', $this->role, $method, $what),
            fn () => $this->inner->$method(...$arguments),
        );
    }

    /** @param array<string, mixed> $request */
    public function __invoke(array $request): mixed
    {
        $path = parse_url((string) ($request['url'] ?? ''), PHP_URL_PATH);
        $label = sprintf('HTTP %s %s', $request['method'] ?? '', $path);

        return $this->clock->inside($label, fn () => ($this->inner)($request));
    }
};

$whmcs = bench_whmcs($url);
(new StateStore())->get('bench:no-such-key');
$params = $whmcs->registrar()->domainParams($whmcs->fixtures()->domain($whmcs->fixtures()->client(), 'example.nl'));
$start = hrtime(true);
$clock->start();
$context = Context::fromParams($params);
$clock->step('settings and the carry-over check (Context::fromParams)');
$path = ComponentFactory::componentPath();
$transport = new CurlTransport();
$log = new PanelLog($context->settings->secrets(), $context->settings->adminUser);
$clock->step('the capabilities (CurlTransport, StateStore, PanelLog)');
$registrar = new \Odr\Registrar(
    $path,
    $timed($transport, 'http'),
    $timed(new StateStore(), 'state'),
    $timed($log, 'log'),
    ODR_COMPONENT_OPTIONS,
);
$clock->step('loading the component (new Odr\Registrar)');
$component = new Component($registrar, $context->settings->connection(), $transport);
$domain = DomainName::fromParams($params);
$clock->step('the call\'s arguments (Component, DomainName)');
$callStart = hrtime(true);
$hosts = $component->call('get-nameservers', ['domain' => $domain]);
$callMs = (hrtime(true) - $callStart) / 1e6;
$capabilityMs = array_sum(array_map(
    static fn (array $step): float => str_starts_with($step[0], '  ') ? $step[1] : 0.0,
    $clock->steps,
));
$clock->step('the call (get-nameservers), of which in PHP:');
$clock->steps[] = ['  instantiating, the component\'s own work, the host (the rest)', $callMs - $capabilityMs];
Nameservers::toParams($hosts);
$clock->step('the answer for WHMCS (Nameservers::toParams)');
$clock->steps[] = ['all of it', (hrtime(true) - $start) / 1e6];
echo json_encode(['steps' => $clock->steps]), "\n";
