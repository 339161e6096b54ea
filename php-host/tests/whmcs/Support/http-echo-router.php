<?php

/**
 * Router for `php -S` in the transport tests: echoes the request, or misbehaves on purpose.
 */

declare(strict_types=1);

$path = parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH);
if ($path === '/slow') {
    sleep(3);
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
