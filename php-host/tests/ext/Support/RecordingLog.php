<?php

declare(strict_types=1);

namespace Odr\Tests\Ext\Support;

/**
 * The log capability: keeps what the component logged. Throws $failWith from every
 * method when set (the extension must carry on regardless).
 */
final class RecordingLog
{
    /** @var list<array{action: string, request: string, response: string}> */
    public array $moduleCalls = [];

    /** @var list<array{message: string, domain: ?string}> */
    public array $activities = [];

    public ?\Throwable $failWith = null;

    public function moduleCall(string $action, string $request, string $response): void
    {
        if ($this->failWith !== null) {
            throw $this->failWith;
        }
        $this->moduleCalls[] = ['action' => $action, 'request' => $request, 'response' => $response];
    }

    public function activity(string $message, ?string $domain): void
    {
        if ($this->failWith !== null) {
            throw $this->failWith;
        }
        $this->activities[] = ['message' => $message, 'domain' => $domain];
    }
}
