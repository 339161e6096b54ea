<?php

declare(strict_types=1);

namespace OdrTests\Whmcs\Emulation;

/**
 * add_hook / run_hook: callbacks per hook point, lower priority first, then in order added.
 */
final class Hooks
{
    /** @var array<string, list<array{priority: int, order: int, callback: callable|string}>> */
    private array $hooks = [];
    private int $order = 0;

    public function add(string $hookPoint, int $priority, callable|string $callback): void
    {
        $this->hooks[$hookPoint][] = ['priority' => $priority, 'order' => $this->order++, 'callback' => $callback];
    }

    /**
     * @param array<string, mixed> $vars
     * @return list<mixed> each callback's return value
     */
    public function run(string $hookPoint, array $vars = []): array
    {
        $hooks = $this->hooks[$hookPoint] ?? [];
        usort(
            $hooks,
            static fn (array $a, array $b): int => [$a['priority'], $a['order']] <=> [$b['priority'], $b['order']],
        );
        $results = [];
        foreach ($hooks as $hook) {
            $results[] = call_user_func($hook['callback'], $vars);
        }

        return $results;
    }

    /** @return list<string> every hook point with a callback */
    public function points(): array
    {
        return array_keys($this->hooks);
    }

    public function count(string $hookPoint): int
    {
        return count($this->hooks[$hookPoint] ?? []);
    }
}
