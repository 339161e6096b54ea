<?php

declare(strict_types=1);

namespace OdrTests\Whmcs\Emulation;

/**
 * The loopback ODR stand-in: `odr replay-server` serving one recording's exchanges strictly,
 * in order, on 127.0.0.1. verify() asks it whether every exchange was used and none mismatched.
 */
final class ReplayServer
{
    /** @var resource */
    private $process;
    private bool $stopped = false;

    /** @param resource $process */
    private function __construct(
        $process,
        private readonly int $port,
        private readonly string $portFile,
        private readonly string $logFile,
    ) {
        $this->process = $process;
    }

    /** The CLI: env ODR_CLI, else target/host/odr in the repository. */
    public static function cli(): string
    {
        $cli = getenv('ODR_CLI');

        return is_string($cli) && $cli !== '' ? $cli : dirname(__DIR__, 5) . '/target/host/odr';
    }

    public static function available(): bool
    {
        return is_executable(self::cli());
    }

    /** @param int $latencyMs added to every exchange before its answer (a simulated round trip) */
    public static function start(string $recording, int $latencyMs = 0): self
    {
        if (!is_file($recording)) {
            throw new \RuntimeException('No recording ' . $recording);
        }
        $portFile = tempnam(sys_get_temp_dir(), 'odr-replay-port-');
        $logFile = tempnam(sys_get_temp_dir(), 'odr-replay-log-');
        unlink($portFile);
        $command = [self::cli(), 'replay-server', '--recording', $recording, '--port', '0', '--port-file', $portFile];
        if ($latencyMs > 0) {
            array_push($command, '--latency-ms', (string) $latencyMs);
        }
        $streams = [0 => ['file', '/dev/null', 'r'], 1 => ['file', $logFile, 'a'], 2 => ['file', $logFile, 'a']];
        $process = proc_open($command, $streams, $pipes);
        if (!is_resource($process)) {
            throw new \RuntimeException('Could not start ' . self::cli());
        }
        $deadline = microtime(true) + 15;
        while (microtime(true) < $deadline) {
            clearstatcache(true, $portFile);
            $port = is_file($portFile) ? trim((string) file_get_contents($portFile)) : '';
            if (ctype_digit($port) && (int) $port > 0) {
                return new self($process, (int) $port, $portFile, $logFile);
            }
            if (!proc_get_status($process)['running']) {
                break;
            }
            usleep(20000);
        }
        proc_terminate($process);
        proc_close($process);
        throw new \RuntimeException('The replay server did not start: ' . file_get_contents($logFile));
    }

    /** The API base URL to put in the module's ApiUrl setting. */
    public function url(): string
    {
        return 'http://127.0.0.1:' . $this->port . '/';
    }

    /** @return array{0: int, 1: string} status and body of GET /__replay__/verify */
    public function verify(): array
    {
        return $this->get('__replay__/verify');
    }

    /**
     * Requests served, the most in flight at once, and the connections they came on.
     *
     * @return array{served: int, peak_in_flight: int, connections: int} of GET /__replay__/stats
     */
    public function stats(): array
    {
        [, $body] = $this->get('__replay__/stats');
        $stats = json_decode($body, true);
        if (!is_array($stats)) {
            throw new \RuntimeException('The replay server gave no stats: ' . var_export($body, true));
        }

        return [
            'served' => (int) $stats['served'],
            'peak_in_flight' => (int) $stats['peak_in_flight'],
            'connections' => (int) $stats['connections'],
        ];
    }

    /** @return array{0: int, 1: string} status and body of GET $path on the server */
    private function get(string $path): array
    {
        $curl = curl_init($this->url() . $path);
        curl_setopt_array($curl, [CURLOPT_RETURNTRANSFER => true, CURLOPT_TIMEOUT => 10, CURLOPT_NOPROXY => '*']);
        $body = curl_exec($curl);
        $status = (int) curl_getinfo($curl, CURLINFO_RESPONSE_CODE);
        curl_close($curl);

        return [$status, is_string($body) ? $body : 'no answer'];
    }

    public function log(): string
    {
        return is_file($this->logFile) ? (string) file_get_contents($this->logFile) : '';
    }

    public function stop(): void
    {
        if ($this->stopped) {
            return;
        }
        $this->stopped = true;
        proc_terminate($this->process);
        proc_close($this->process);
        foreach ([$this->portFile, $this->logFile] as $file) {
            if (is_file($file)) {
                unlink($file);
            }
        }
    }

    public function __destruct()
    {
        $this->stop();
    }
}
