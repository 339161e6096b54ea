# odr-registrar: build, test and package.
#   make demo   the whole WHMCS module on an emulated WHMCS with SQLite, against the bundled recordings,
#               then the FOSSBilling adapter on an emulated FOSSBilling (make demo-fossbilling)
#   make test   every test (Rust unit + replay, PHP extension, WHMCS and FOSSBilling end to end) and the lints
#   make dist   an installable tree under dist/
#   make release the release matrix under dist/ (PHP 8.2/8.4 x x86_64/aarch64, glibc 2.28) + check
#   make test-release  the release tested: PHP 8.4 (Debian 13 root), arm64 under qemu, installer
#   make proof  faults, retries, secrets, sandbox, fuzzing (short) and benchmarks
# Each target installs missing prerequisites first (scripts/bootstrap.sh).

CARGO      ?= cargo
PHP        ?= php
PHPUNIT    ?= /usr/bin/phpunit
TARGET     := target
WASM       := $(TARGET)/wasm32-wasip2/release/odr_registrar.wasm
# Test-only: a component that tries to leave its sandbox (tests/escape, tests/sandbox.rs).
ESCAPE     := $(TARGET)/wasm32-wasip2/release/odr_escape_component.wasm
CWASM      := $(TARGET)/odr_registrar.cwasm
CLI        := $(TARGET)/host/odr
EXT        := $(TARGET)/host/libodr_php.so
MODULE_DIR := php-host/modules/registrars/odr
# The panel-neutral PHP library every panel adapter ships (as shared/).
PANEL_LIB  := php-host/lib
FOSSBILLING_ADAPTER := dist/fossbilling/library/Registrar/Adapter
PHPCS      ?= phpcs
BOOTSTRAP_FLAGS ?=

export ODR_COMPONENT := $(abspath $(WASM))
export ODR_CWASM     := $(abspath $(CWASM))
export ODR_CLI       := $(abspath $(CLI))
export ODR_PHP_EXT   := $(abspath $(EXT))
export ODR_ESCAPE_COMPONENT := $(abspath $(ESCAPE))

.PHONY: all prereqs component cli cwasm ext build test test-rust test-php test-whmcs test-fossbilling test-mariadb test-installer lint demo demo-fossbilling dist release test-release bench fuzz proof clean FORCE

all: build

prereqs:
	@scripts/bootstrap.sh $(BOOTSTRAP_FLAGS)

# Cargo decides what is stale; FORCE makes make ask it every time.
$(WASM): FORCE | prereqs
	$(CARGO) build --release --target wasm32-wasip2 -p odr-registrar

$(ESCAPE): FORCE | prereqs
	$(CARGO) build --release --target wasm32-wasip2 -p odr-escape-component

$(CLI): FORCE | prereqs
	$(CARGO) build --profile host -p odr-cli

# Built in its own cargo invocation so wasmtime stays runtime-only (no Cranelift) in the .so.
$(EXT): FORCE | prereqs
	$(CARGO) build --profile host -p odr-php

$(CWASM): $(WASM) $(CLI)
	$(CLI) precompile $(WASM) $(CWASM)

component: $(WASM)
cli: $(CLI)
cwasm: $(CWASM)
ext: $(EXT)
build: $(CWASM) $(EXT)

test: lint test-rust test-php test-whmcs test-fossbilling test-installer

test-rust: $(WASM) $(CWASM) $(ESCAPE) | prereqs
	$(CARGO) test -p odr-registrar -p odr-mask -p odr-recording --lib
	$(CARGO) test --profile host -p odr-host -p odr-cli -p odr-replay-tests
	# Its own invocation, so odr-host is built without the compiler: the CLI's .cwasm
	# must load into a runtime-only engine exactly as in the PHP extension.
	$(CARGO) test --profile host -p odr-host --test runtime_only

test-php: $(CWASM) $(EXT)
	$(PHP) -d extension=$(abspath $(EXT)) $(PHPUNIT) -c php-host/tests/ext/phpunit.xml

test-whmcs: $(CWASM) $(EXT) $(CLI)
	php-host/tests/run-whmcs-tests.sh

# The FOSSBilling adapter on an emulated FOSSBilling, on the same extension, component and
# recordings as the WHMCS tests (SQLite; DB_DRIVER=mysql for MariaDB).
test-fossbilling: $(CWASM) $(EXT) $(CLI)
	$(PHP) -d extension=$(abspath $(EXT)) $(PHPUNIT) -c php-host/tests/fossbilling/phpunit.xml

# The WHMCS and FOSSBilling end-to-end tests on MariaDB (CI runs them; .ci/run starts the server).
test-mariadb: $(CWASM) $(EXT) $(CLI)
	DB_DRIVER=mysql php-host/tests/run-whmcs-tests.sh
	DB_DRIVER=mysql $(MAKE) test-fossbilling

# The release installer against fake cPanel/Plesk/CloudLinux/DirectAdmin/Debian trees.
test-installer: | prereqs
	$(PHP) $(PHPUNIT) -c php-host/tests/installer/phpunit.xml

# The release matrix: scripts/release.sh, checked by scripts/release-check.sh.
release: | prereqs
	scripts/release.sh

# The release tested where it runs (needs `make release` first): scripts/release-test.sh.
test-release: | prereqs
	scripts/release-test.sh

lint: | prereqs
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --workspace --all-targets --profile host -- -D warnings
	$(CARGO) clippy -p odr-registrar -p odr-escape-component --target wasm32-wasip2 -- -D warnings
	@find php-host -name '*.php' -not -path '*/vendor/*' -print0 | xargs -0 -n1 $(PHP) -l >/dev/null
	# PSR-12 (php-host/phpcs.xml): errors fail; the 120-character soft line limit warns, as PSR-12 says.
	$(PHPCS) -q --standard=php-host/phpcs.xml --runtime-set ignore_warnings_on_exit 1 --report=summary php-host

demo: $(CWASM) $(EXT) $(CLI)
	$(PHP) -d extension=$(abspath $(EXT)) php-host/demo/demo.php
	$(PHP) -d extension=$(abspath $(EXT)) php-host/demo/fossbilling.php

demo-fossbilling: $(CWASM) $(EXT) $(CLI)
	$(PHP) -d extension=$(abspath $(EXT)) php-host/demo/fossbilling.php

dist: $(CWASM) $(EXT) $(CLI)
	rm -rf dist
	mkdir -p dist/whmcs/modules/registrars dist/php dist/bin
	cp -r $(MODULE_DIR) dist/whmcs/modules/registrars/odr
	cp -r $(PANEL_LIB) dist/whmcs/modules/registrars/odr/shared
	mkdir -p dist/whmcs/modules/registrars/odr/component
	cp $(CWASM) dist/whmcs/modules/registrars/odr/component/odr_registrar.cwasm
	cp $(WASM) dist/whmcs/modules/registrars/odr/component/odr_registrar.wasm
	cp $(EXT) dist/php/odr.so
	cp $(CLI) dist/bin/odr
	strip --strip-unneeded dist/php/odr.so dist/bin/odr
	cp docs/INSTALL.md dist/INSTALL.md
	mkdir -p $(FOSSBILLING_ADAPTER)
	cp php-host/panels/fossbilling/Odr.php $(FOSSBILLING_ADAPTER)/Odr.php
	cp -r php-host/panels/fossbilling/Odr $(FOSSBILLING_ADAPTER)/Odr
	cp -r $(PANEL_LIB) $(FOSSBILLING_ADAPTER)/Odr/shared
	mkdir -p $(FOSSBILLING_ADAPTER)/Odr/component
	cp $(CWASM) $(WASM) $(FOSSBILLING_ADAPTER)/Odr/component/
	cp php-host/panels/fossbilling/INSTALL.md dist/fossbilling/INSTALL.md
	@echo "dist/ ready: see dist/INSTALL.md (WHMCS) and dist/fossbilling/INSTALL.md"

bench: $(CWASM) $(EXT) $(CLI)
	scripts/bench.sh

fuzz: | prereqs
	scripts/fuzz.sh

# In one command: the fault matrix, lost-order retries and secrets (WHMCS end to end;
# regenerates the table in docs/faults.md), the sandbox tests, every fuzz target for a short
# budget (FUZZ_SECONDS per target), and the benchmarks (regenerates docs/benchmarks.md).
# And the address-space run: the extension's tests and the secrets end to end in
# processes limited to 1 GiB of address space (PROOF_ADDRESS_SPACE_KIB, `ulimit -v`).
PROOF_FUZZ_SECONDS ?= 30
PROOF_ADDRESS_SPACE_KIB ?= 1048576
proof: $(CWASM) $(EXT) $(CLI) $(ESCAPE)
	ODR_FAULTS_DOC=$(abspath docs/faults.md) php-host/tests/run-whmcs-tests.sh \
	  --filter '(FaultInjectionTest|NoDoubleOrderTest|SecretsTest)'
	sh -c 'ulimit -v $(PROOF_ADDRESS_SPACE_KIB) && $(PHP) -d extension=$(abspath $(EXT)) $(PHPUNIT) \
	  -c php-host/tests/ext/phpunit.xml && php-host/tests/run-whmcs-tests.sh --filter SecretsTest'
	$(CARGO) test --profile host -p odr-replay-tests --test sandbox
	FUZZ_SECONDS=$(PROOF_FUZZ_SECONDS) $(MAKE) fuzz
	BENCH_DOC=$(abspath docs/benchmarks.md) scripts/bench.sh

clean:
	$(CARGO) clean
	rm -rf dist
