<?php

declare(strict_types=1);

/*
 * One PHP process of the per-process benchmark: `load` constructs the registrar
 * (loads the .cwasm), `pure` adds one normalize-contact call, `http` one
 * get-nameservers call (login and domain info through the PHP transport).
 */

require __DIR__ . '/fixtures.php';

$registrar = bench_registrar();
switch ($argv[1] ?? 'load') {
    case 'pure':
        $registrar->call('normalize-contact', ['contact' => bench_contact()]);
        break;
    case 'http':
        $registrar->call('get-nameservers', ['settings' => bench_settings(), 'domain' => 'example.nl']);
        break;
}
