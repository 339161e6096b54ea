<?php

declare(strict_types=1);

namespace Odr\Panel\Capability;

/**
 * The component's HTTP capability, on PHP's cURL.
 *
 * Gets `['method', 'url', 'headers', 'body', 'timeout_ms']` from the component and answers
 * `['status', 'headers', 'body']` or `['error' => 'timeout'|'connection-refused'|'other', 'message']`.
 * Requests the component issues together (the checks of a domain search) come through
 * sendMany() and are in flight at once (curl_multi); the component caps how many.
 * Bounded in time (connect and total per request, and the whole component call's budget: see
 * startBudget()) and in size (a response body over MAX_BODY_BYTES is stopped while it is read),
 * never follows redirects, never sends `Expect: 100-continue` (ODR mishandles it). The component
 * decides which host it may reach. Each exchange is a CurlTransfer; reads reuse the transport's
 * open connections (see CurlTransfer for why writes never do).
 */
final class CurlTransport
{
    public const DEFAULT_TIMEOUT_MS = 30000;
    public const CONNECT_TIMEOUT_MS = CurlTransfer::CONNECT_TIMEOUT_MS;
    public const MAX_BODY_BYTES = CurlTransfer::MAX_BODY_BYTES;

    /** Unix time (microtime) after which no request starts, or null for no budget. */
    private ?float $deadline = null;
    private int $budgetSeconds = 0;
    /** Open connections, DNS answers and TLS sessions, kept for this transport's requests. */
    private ?\CurlShareHandle $share = null;

    /**
     * Starts the wall-clock budget of one component call: each request's timeout is cut to what
     * is left, and once it is used up every further request fails at once (the component then
     * stops with a transport error and sends nothing more).
     */
    public function startBudget(int $seconds): void
    {
        $this->budgetSeconds = max(1, $seconds);
        $this->deadline = microtime(true) + $this->budgetSeconds;
    }

    public function endBudget(): void
    {
        $this->deadline = null;
    }

    /**
     * @param array{method?: string, url?: string, headers?: array<string, string>, body?: string,
     *     timeout_ms?: int} $request
     * @return array<string, mixed>
     */
    public function __invoke(array $request): array
    {
        [$timeoutMs, $cutByBudget] = $this->timeout($request);
        if ($timeoutMs <= 0) {
            return $this->budgetUsedUp();
        }
        $transfer = new CurlTransfer($request, $timeoutMs, $this->share());
        $done = curl_exec($transfer->handle);
        $errno = curl_errno($transfer->handle);
        if ($errno === 0 && $done !== true) {
            // No error number, yet no transfer: report it rather than an empty response.
            return ['error' => 'other', 'message' => 'cURL error: the transfer did not complete'];
        }

        return $this->answer($transfer, $errno, curl_error($transfer->handle), $cutByBudget);
    }

    /**
     * Several requests in flight at once (curl_multi); the answers in request order, each as
     * __invoke() would give it.
     *
     * @param list<array{method?: string, url?: string, headers?: array<string, string>,
     *     body?: string, timeout_ms?: int}> $requests
     * @return list<array<string, mixed>>
     */
    public function sendMany(array $requests): array
    {
        $answers = [];
        /** @var array<int, array{CurlTransfer, bool}> $running */
        $running = [];
        $multi = curl_multi_init();
        foreach (array_values($requests) as $i => $request) {
            [$timeoutMs, $cutByBudget] = $this->timeout($request);
            if ($timeoutMs <= 0) {
                $answers[$i] = $this->budgetUsedUp();
                continue;
            }
            $transfer = new CurlTransfer($request, $timeoutMs, $this->share());
            curl_multi_add_handle($multi, $transfer->handle);
            $running[$i] = [$transfer, $cutByBudget];
        }

        $status = CURLM_OK;
        do {
            $status = curl_multi_exec($multi, $active);
            if ($active > 0 && $status === CURLM_OK && curl_multi_select($multi, 1.0) === -1) {
                usleep(1000);
            }
        } while ($active > 0 && $status === CURLM_OK);

        $results = [];
        while (($info = curl_multi_info_read($multi)) !== false) {
            $results[spl_object_id($info['handle'])] = (int) $info['result'];
        }
        foreach ($running as $i => [$transfer, $cutByBudget]) {
            $errno = $results[spl_object_id($transfer->handle)] ?? null;
            $answers[$i] = $errno === null
                ? ['error' => 'other', 'message' => sprintf(
                    'cURL multi error %d: %s; the transfer did not complete',
                    $status,
                    (string) curl_multi_strerror($status),
                )]
                : $this->answer($transfer, $errno, (string) curl_strerror($errno), $cutByBudget);
            curl_multi_remove_handle($multi, $transfer->handle);
        }
        curl_multi_close($multi);
        ksort($answers);

        return array_values($answers);
    }

    /** The share of this transport's transfers, made on first use (null where cURL has none). */
    private function share(): ?\CurlShareHandle
    {
        if ($this->share === null && function_exists('curl_share_init')) {
            $share = curl_share_init();
            curl_share_setopt($share, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
            curl_share_setopt($share, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION);
            // Connections themselves since cURL 7.57 (PHP defines the constant only then).
            if (defined('CURL_LOCK_DATA_CONNECT')) {
                curl_share_setopt($share, CURLSHOPT_SHARE, constant('CURL_LOCK_DATA_CONNECT'));
            }
            $this->share = $share;
        }

        return $this->share;
    }

    /**
     * The request's timeout, cut to what is left of the call's budget: [ms, cut by the budget];
     * 0 ms when the budget is used up.
     *
     * @param array<string, mixed> $request
     * @return array{int, bool}
     */
    private function timeout(array $request): array
    {
        $timeoutMs = (int) ($request['timeout_ms'] ?? 0);
        if ($timeoutMs <= 0) {
            $timeoutMs = self::DEFAULT_TIMEOUT_MS;
        }
        if ($this->deadline === null) {
            return [$timeoutMs, false];
        }
        $leftMs = (int) floor(($this->deadline - microtime(true)) * 1000);
        if ($leftMs < $timeoutMs) {
            return [max(0, $leftMs), true];
        }

        return [$timeoutMs, false];
    }

    /** @return array<string, mixed> */
    private function answer(CurlTransfer $transfer, int $errno, string $error, bool $cutByBudget): array
    {
        if ($errno === CURLE_OPERATION_TIMEDOUT && $cutByBudget) {
            return $this->budgetUsedUp();
        }

        return $transfer->answer($errno, $error);
    }

    /** @return array{error: string, message: string} */
    private function budgetUsedUp(): array
    {
        return ['error' => 'timeout', 'message' => sprintf(
            'the time budget of this call (%d s) is used up, so no further request is sent',
            $this->budgetSeconds,
        )];
    }
}
