<?php

/**
 * Router for `php -S` in the transport tests: echoes the request, or misbehaves on purpose.
 */

declare(strict_types=1);

$path = parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH);
if ($path === '/slow') {
    sleep(3);
}
if ($path === '/huge') {
    // 128 MiB in 1 MiB chunks, without a Content-Length (the client cannot know in advance).
    header('Content-Type: application/octet-stream');
    $chunk = str_repeat('x', 1 << 20);
    for ($i = 0; $i < 128 && !connection_aborted(); $i++) {
        echo $chunk;
        flush();
    }

    return true;
}
if ($path === '/huge-announced') {
    header('Content-Length: ' . (40 << 20));
    echo 'x';

    return true;
}
if ($path === '/redirect') {
    header('Location: /elsewhere', true, 302);

    return true;
}
header('Content-Type: application/json');
header('X-Pagination-TotalPages: 3');
echo json_encode([
    'method' => $_SERVER['REQUEST_METHOD'],
    'uri' => $_SERVER['REQUEST_URI'],
    'headers' => getallheaders(),
    'body' => file_get_contents('php://input'),
]);

return true;
