<?php

declare(strict_types=1);

/*
 * Per-call cost in a warm process: after a warm-up, 5 batches of N calls of each
 * kind; prints the median batch's time per call.
 */

require __DIR__ . '/fixtures.php';

$calls = max(1, (int) ($argv[1] ?? 1000));
$registrar = bench_registrar();
$settings = bench_settings();
$contact = bench_contact();
$exampleNl = ['settings' => $settings, 'domain' => 'example.nl'];
$kinds = [
    'normalize-contact (pure: map in, run, map out)'
        => static fn () => $registrar->call('normalize-contact', ['contact' => $contact]),
    'api-endpoint (pure, smallest call)'
        => static fn () => $registrar->call('api-endpoint', ['settings' => $settings]),
    'get-nameservers (state get + 1 HTTP exchange + log, token kept)'
        => static fn () => $registrar->call('get-nameservers', $exampleNl),
];
foreach ($kinds as $name => $call) {
    for ($i = 0; $i < 50; $i++) {
        $call();
    }
    $batches = [];
    for ($batch = 0; $batch < 5; $batch++) {
        $start = hrtime(true);
        for ($i = 0; $i < $calls; $i++) {
            $call();
        }
        $batches[] = (hrtime(true) - $start) / $calls;
    }
    sort($batches);
    printf("  %-66s %8.3f ms\n", $name, $batches[2] / 1e6);
}
preg_match('/^VmHWM:\s+(\d+) kB$/m', (string) file_get_contents('/proc/self/status'), $peak);
printf("  %-66s %8.1f MiB\n", 'peak RSS of this process', (int) ($peak[1] ?? 0) / 1024);
