<?php

declare(strict_types=1);

namespace Odr\Tests\Ext;

use Odr\ArgumentException;
use Odr\Registrar;
use Odr\RegistrarException;
use Odr\Tests\Ext\Support\CannedOdr;
use Odr\Tests\Ext\Support\ExtensionTestCase;
use Odr\Tests\Ext\Support\MemoryState;

/** 1,000 calls in one process: PHP's heap and the process's RSS stay flat (no leak). */
final class MemoryTest extends ExtensionTestCase
{
    private const CALLS = 1000;

    /** Zend heap growth allowed over 1,000 calls, bytes. */
    private const HEAP_SLACK = 16 * 1024;

    /** RSS growth allowed over 1,000 calls, bytes (allocator noise, not a leak: a leak of 1 KB per call is 1 MB). */
    private const RSS_SLACK = 1024 * 1024;

    public function testAThousandCallsLeakNothing(): void
    {
        $odr = new CannedOdr([
            'GET /domain/example.nl/info/' => CannedOdr::domainInfo(),
            'GET /domain/gone.nl/info/' => CannedOdr::error(404, 'Domain not found'),
        ]);
        $log = new class () {
            public int $lines = 0;

            public function moduleCall(string $action, string $request, string $response): void
            {
                $this->lines++;
            }

            public function activity(string $message, ?string $domain): void
            {
                $this->lines++;
            }
        };
        $state = new MemoryState();
        $registrar = self::registrar($odr, $state, $log);

        // Warm up: the component is loaded, PHP's and wasmtime's caches are filled.
        $this->mixedCalls($registrar, $odr, $state, 100);
        $heapBefore = memory_get_usage();
        $rssBefore = self::rss();

        $this->mixedCalls($registrar, $odr, $state, self::CALLS);

        gc_collect_cycles();
        $heapGrowth = memory_get_usage() - $heapBefore;
        $rssGrowth = self::rss() - $rssBefore;
        fwrite(STDERR, sprintf(
            "\n%d calls: PHP heap %+d bytes, RSS %+d KiB (%d log lines)\n",
            self::CALLS,
            $heapGrowth,
            intdiv($rssGrowth, 1024),
            $log->lines
        ));
        $this->assertLessThan(self::HEAP_SLACK, $heapGrowth, 'PHP heap growth over 1,000 calls');
        $this->assertLessThan(self::RSS_SLACK, $rssGrowth, 'RSS growth over 1,000 calls');
    }

    /** Pure calls, calls with every capability, and every way a call can end. */
    private function mixedCalls(Registrar $registrar, CannedOdr $odr, MemoryState $state, int $count): void
    {
        $settings = self::settings();
        $contact = self::panelContact();
        $exampleNl = ['settings' => $settings, 'domain' => 'example.nl'];
        for ($i = 0; $i < $count; $i++) {
            switch ($i % 5) {
                case 0:
                    $odrContact = $registrar->call('normalize-contact', ['contact' => $contact]);
                    $this->assertSame('Jansen', $odrContact['last-name']);
                    break;
                case 1:
                    $nameservers = $registrar->call('get-nameservers', $exampleNl);
                    $this->assertCount(2, $nameservers);
                    break;
                case 2:
                    $info = $registrar->call('get-domain-info', $exampleNl);
                    $this->assertSame('registered', $info['status']);
                    break;
                case 3:
                    try {
                        $registrar->call('get-nameservers', ['settings' => $settings, 'domain' => 'gone.nl']);
                        $this->fail('expected a RegistrarException');
                    } catch (RegistrarException $e) {
                        $this->assertSame('not-found', $e->getKind());
                    }
                    break;
                default:
                    try {
                        $registrar->call('normalize-contact', ['contact' => ['country' => 7] + $contact]);
                        $this->fail('expected an ArgumentException');
                    } catch (ArgumentException $e) {
                        $this->assertStringContainsString('contact.country', $e->getMessage());
                    }
            }
            // The fakes record every call; forget them so that only the extension could grow.
            $odr->requests = [];
            $state->calls = [];
        }
    }

    private static function rss(): int
    {
        $status = (string) file_get_contents('/proc/self/status');
        if (preg_match('/^VmRSS:\s+(\d+) kB$/m', $status, $match) !== 1) {
            self::fail('no VmRSS in /proc/self/status');
        }

        return (int) $match[1] * 1024;
    }
}
