#!/usr/bin/env bash
# The WHMCS module tests, on the emulated WHMCS:
#   1. "unit": the module's own mapping against a scripted component (no extension loaded);
#   2. "e2e":  module -> extension -> component -> PHP cURL -> `odr replay-server` (loopback).
# Database: SQLite in memory; DB_DRIVER=mysql (DB_HOST, DB_PORT, DB_NAME, DB_USER, DB_PASS) for MariaDB.
# Paths (defaults relative to the repository root): ODR_PHP_EXT, ODR_CWASM, ODR_CLI.
set -euo pipefail
cd "$(dirname "$0")/../.."

PHP=${PHP:-php}
PHPUNIT=${PHPUNIT:-/usr/bin/phpunit}
export ODR_PHP_EXT=${ODR_PHP_EXT:-$PWD/target/host/libodr_php.so}
export ODR_CWASM=${ODR_CWASM:-$PWD/target/odr_registrar.cwasm}
export ODR_CLI=${ODR_CLI:-$PWD/target/host/odr}
CONFIG=php-host/tests/whmcs/phpunit.xml

for needed in "$ODR_PHP_EXT" "$ODR_CWASM" "$ODR_CLI"; do
  if [ ! -e "$needed" ]; then
    echo "run-whmcs-tests: missing $needed (make build cli)" >&2
    exit 1
  fi
done

echo "== WHMCS module, unit (scripted component), database: ${DB_DRIVER:-sqlite}"
"$PHP" "$PHPUNIT" -c "$CONFIG" --testsuite unit "$@"

echo "== WHMCS module, end to end (extension, component, replay server), database: ${DB_DRIVER:-sqlite}"
"$PHP" -d "extension=$ODR_PHP_EXT" "$PHPUNIT" -c "$CONFIG" --testsuite e2e "$@"
