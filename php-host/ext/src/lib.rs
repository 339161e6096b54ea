//! `odr`: the PHP extension that runs the ODR registrar component.
//!
//! PHP API (see `php-host/ext/odr.stub.php` and `docs/php-extension.md`):
//! - `Odr\Registrar`: loads the precompiled component once per process and calls
//!   its operations; PHP arrays map to and from the WIT records through odr-host's
//!   JSON mapping ([`values`] moves PHP values to JSON and back).
//! - `Odr\RegistrarException`, `Odr\ArgumentException`, `Odr\RuntimeException`.
//!
//! The extension has no ambient authority either: HTTP, state and logs come from
//! PHP ([`capabilities`]); it never opens a socket, a file (other than the
//! `.cwasm`) or a database. Wasmtime is linked runtime-only (no compiler).

use ext_php_rs::prelude::*;
use ext_php_rs::zend::ModuleEntry;
use ext_php_rs::{info_table_end, info_table_row, info_table_start};

mod capabilities;
mod exceptions;
mod loader;
mod registrar;
mod values;
mod zend_api;

pub use registrar::Registrar;

/// Registers the exception classes (MINIT). A panic must not cross into C here.
unsafe extern "C" fn startup(_type: i32, _module_number: i32) -> i32 {
    let registered = std::panic::catch_unwind(exceptions::register);
    match registered {
        Ok(Ok(())) => 0,
        Ok(Err(error)) => {
            zend_api::log_warning(&format!(
                "odr: cannot register the exception classes: {error}"
            ));
            -1
        }
        Err(_) => -1,
    }
}

/// `phpinfo()` / `php -i` section.
extern "C" fn info(_module: *mut ModuleEntry) {
    info_table_start!();
    info_table_row!("odr registrar component runtime", "enabled");
    info_table_row!("version", env!("CARGO_PKG_VERSION"));
    info_table_row!(
        "wasmtime",
        "48.0.8 (runtime only, loads precompiled .cwasm)"
    );
    info_table_end!();
}

/// The module: `extension=odr.so` (the build's `libodr_php.so`) in php.ini.
#[php_module]
pub fn get_module(module: ModuleBuilder) -> ModuleBuilder {
    module
        .name("odr")
        .startup_function(startup)
        .class::<Registrar>()
        .info_function(info)
}
