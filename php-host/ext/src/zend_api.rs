//! The few Zend and PHP API functions this extension needs that ext-php-rs does
//! not bind. All are exported by the `php` binary (ZEND_API / PHPAPI) since PHP
//! 8.0 and resolved when the extension is loaded.

use ext_php_rs::ffi::{zend_class_entry, zend_object, zval};
use ext_php_rs::types::{ZendObject, Zval};
use ext_php_rs::zend::{ce, ClassEntry};
use std::ffi::{c_char, c_int, CString};
use std::ptr;

#[allow(non_upper_case_globals)]
extern "C" {
    static spl_ce_InvalidArgumentException: *mut zend_class_entry;
    static spl_ce_RuntimeException: *mut zend_class_entry;

    fn zend_update_property(
        scope: *mut zend_class_entry,
        object: *mut zend_object,
        name: *const c_char,
        name_length: usize,
        value: *mut zval,
    );
    fn zend_exception_set_previous(exception: *mut zend_object, add_previous: *mut zend_object);
    fn zend_is_unwind_exit(exception: *const zend_object) -> bool;
    fn zend_is_graceful_exit(exception: *const zend_object) -> bool;
    fn zend_throw_unwind_exit();
    fn zend_throw_graceful_exit();
    fn php_log_err_with_severity(message: *const c_char, syslog_type: c_int);
}

/// syslog's LOG_WARNING, the severity of [`log_warning`] lines.
const LOG_WARNING: c_int = 4;

/// `\InvalidArgumentException` (SPL registers it before any loadable extension
/// starts; `\Exception` is the fallback should that ever change).
pub fn invalid_argument_exception() -> &'static ClassEntry {
    // SAFETY: SPL sets this pointer once in its MINIT and never changes it.
    unsafe { spl_ce_InvalidArgumentException.as_ref() }.unwrap_or_else(ce::exception)
}

/// `\RuntimeException` (see [`invalid_argument_exception`]).
pub fn runtime_exception() -> &'static ClassEntry {
    // SAFETY: as above.
    unsafe { spl_ce_RuntimeException.as_ref() }.unwrap_or_else(ce::exception)
}

/// Write property `name` of `object` as code of class `scope` would (so protected
/// and private properties of `scope` are reachable).
pub fn update_property(scope: &ClassEntry, object: &mut ZendObject, name: &str, value: &mut Zval) {
    // SAFETY: all pointers are valid for the call; the engine copies `value`
    // (adding a reference) and does not keep `name`.
    unsafe {
        zend_update_property(
            ptr::from_ref(scope).cast_mut(),
            object,
            name.as_ptr().cast(),
            name.len(),
            value,
        );
    }
}

/// Chain `previous` as the `getPrevious()` of `exception` (takes ownership of it).
pub fn set_previous(exception: &mut ZendObject, previous: *mut ZendObject) {
    // SAFETY: both are live Throwables; the engine takes over the reference held
    // through `previous`.
    unsafe { zend_exception_set_previous(exception, previous) }
}

/// How a PHP script is ending, when a capability's exception says so.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScriptEnd {
    /// `exit()` / `die()`.
    Exit,
    /// A graceful exit requested by the SAPI.
    GracefulExit,
}

/// Whether `exception` is PHP's internal "the script is exiting" marker rather
/// than a real Throwable.
pub fn script_end(exception: &ZendObject) -> Option<ScriptEnd> {
    // SAFETY: `exception` is a live object.
    unsafe {
        if zend_is_unwind_exit(exception) {
            Some(ScriptEnd::Exit)
        } else if zend_is_graceful_exit(exception) {
            Some(ScriptEnd::GracefulExit)
        } else {
            None
        }
    }
}

/// Resume an exit that a capability started and the extension held back until
/// the component finished.
pub fn resume_script_end(end: ScriptEnd) {
    // SAFETY: called from a PHP method with no exception pending.
    unsafe {
        match end {
            ScriptEnd::Exit => zend_throw_unwind_exit(),
            ScriptEnd::GracefulExit => zend_throw_graceful_exit(),
        }
    }
}

/// One line to PHP's error log (the `error_log` ini setting; stderr by default in
/// the CLI), bypassing error handlers: for failures that must not become
/// exceptions, such as a log sink that threw.
pub fn log_warning(message: &str) {
    let Ok(line) = CString::new(message.replace('\0', " ")) else {
        return;
    };
    // SAFETY: `line` is a valid C string for the duration of the call.
    unsafe { php_log_err_with_severity(line.as_ptr(), LOG_WARNING) }
}
