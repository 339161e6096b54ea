//! The extension's exception classes.
//!
//! - `Odr\RegistrarException extends \Exception`: the component's `registrar-error`,
//!   with `getKind()`, `getFields()` and `getRetryAfter()`.
//! - `Odr\ArgumentException extends \InvalidArgumentException`: a PHP value that
//!   does not fit the WIT type, an unknown function, a bad constructor argument.
//! - `Odr\RuntimeException extends \RuntimeException`: load failures, traps,
//!   tripped limits, capabilities that failed beyond what the component is told,
//!   refused calls.
//!
//! They are registered with a plain `ClassBuilder`, not `#[php_class]`, so that they
//! keep PHP's own exception object handler: file, line and trace are those of the
//! PHP code that called the extension, as for any exception thrown in PHP.

use crate::values::{new_array, utf8};
use crate::zend_api::{self, invalid_argument_exception, runtime_exception};
use ext_php_rs::boxed::ZBox;
use ext_php_rs::builders::{ClassBuilder, ClassProperty, FunctionBuilder};
use ext_php_rs::convert::IntoZval;
use ext_php_rs::exception::PhpException;
use ext_php_rs::ffi::zend_read_property;
use ext_php_rs::flags::{DataType, MethodFlags, PropertyFlags};
use ext_php_rs::types::{ZendObject, Zval};
use ext_php_rs::zend::{ce, run_handler, ClassEntry, ExecuteData};
use serde_json::Value;
use std::panic::AssertUnwindSafe;
use std::ptr;
use std::sync::atomic::{AtomicPtr, Ordering};

/// PHP name of the component's error.
pub const REGISTRAR_EXCEPTION: &str = "Odr\\RegistrarException";
/// PHP name of the mapping error.
pub const ARGUMENT_EXCEPTION: &str = "Odr\\ArgumentException";
/// PHP name of the host-side failure.
pub const RUNTIME_EXCEPTION: &str = "Odr\\RuntimeException";

static REGISTRAR_CE: AtomicPtr<ClassEntry> = AtomicPtr::new(ptr::null_mut());
static ARGUMENT_CE: AtomicPtr<ClassEntry> = AtomicPtr::new(ptr::null_mut());
static RUNTIME_CE: AtomicPtr<ClassEntry> = AtomicPtr::new(ptr::null_mut());

/// The protected properties behind `RegistrarException`'s getters.
const KIND: &str = "kind";
const FIELDS: &str = "fields";
const RETRY_AFTER: &str = "retryAfter";

/// Register the three classes. Called from the module's startup (MINIT).
pub fn register() -> ext_php_rs::error::Result<()> {
    let getter = |name: &str, handler, ty: DataType, nullable: bool| {
        FunctionBuilder::new(name, handler).returns(ty, false, nullable)
    };
    let property = |name: &str, doc: &'static [&'static str]| ClassProperty {
        name: name.into(),
        flags: PropertyFlags::Protected,
        default: Some(Box::new(|| Ok(Zval::null()))),
        docs: doc,
        ty: None,
        nullable: true,
        readonly: false,
        default_stub: Some("null".into()),
    };

    ClassBuilder::new(REGISTRAR_EXCEPTION)
        .extends((ce::exception, "\\Exception"))
        .property(property(KIND, &["The registrar-error case."]))
        .property(property(FIELDS, &["Field => message (invalid-input)."]))
        .property(property(RETRY_AFTER, &["Seconds to wait (rate-limited)."]))
        .method(
            getter("getKind", get_kind, DataType::String, false),
            MethodFlags::Public,
        )
        .method(
            getter("getFields", get_fields, DataType::Array, false),
            MethodFlags::Public,
        )
        .method(
            getter("getRetryAfter", get_retry_after, DataType::Long, true),
            MethodFlags::Public,
        )
        .docs(&["The component's registrar-error."])
        .registration(|ce, arg_info| {
            REGISTRAR_CE.store(ce, Ordering::Release);
            // The engine points into these tables for the life of the process.
            std::mem::forget(arg_info);
        })
        .register()?;

    ClassBuilder::new(ARGUMENT_EXCEPTION)
        .extends((invalid_argument_exception, "\\InvalidArgumentException"))
        .docs(&["A PHP value that does not fit the function's WIT types."])
        .registration(|ce, arg_info| {
            ARGUMENT_CE.store(ce, Ordering::Release);
            std::mem::forget(arg_info);
        })
        .register()?;

    ClassBuilder::new(RUNTIME_EXCEPTION)
        .extends((runtime_exception, "\\RuntimeException"))
        .docs(&["The host could not load the component or complete the call."])
        .registration(|ce, arg_info| {
            RUNTIME_CE.store(ce, Ordering::Release);
            std::mem::forget(arg_info);
        })
        .register()?;
    Ok(())
}

fn class(
    slot: &AtomicPtr<ClassEntry>,
    fallback: fn() -> &'static ClassEntry,
) -> &'static ClassEntry {
    // SAFETY: set once in MINIT to a class entry the engine keeps for the process.
    unsafe { slot.load(Ordering::Acquire).as_ref() }.unwrap_or_else(fallback)
}

fn registrar_class() -> &'static ClassEntry {
    class(&REGISTRAR_CE, ce::exception)
}

/// A new exception object of class `ce` with `message`, chained to `previous`.
fn build(
    ce: &'static ClassEntry,
    message: &str,
    previous: Option<ZBox<ZendObject>>,
) -> ZBox<ZendObject> {
    // `ZendObject::new` runs the class's create_object: PHP's exception handler,
    // which records file, line and trace of the calling PHP code.
    let mut exception = ZendObject::new(ce);
    let mut text = Zval::new();
    // A message with a NUL byte cannot fail here: PHP strings are binary-safe.
    if text.set_string(message, false).is_ok() {
        zend_api::update_property(ce::exception(), &mut exception, "message", &mut text);
    }
    if let Some(previous) = previous {
        zend_api::set_previous(&mut exception, previous.into_raw());
    }
    exception
}

fn into_php_exception(
    ce: &'static ClassEntry,
    message: &str,
    object: ZBox<ZendObject>,
) -> PhpException {
    // The zval takes over the reference the box owns.
    match object.into_zval(false) {
        Ok(zval) => PhpException::new(message.to_owned(), 0, ce).with_object(zval),
        Err(_) => PhpException::new(message.to_owned(), 0, ce),
    }
}

/// `Odr\ArgumentException` with `message`.
pub fn argument(message: impl AsRef<str>) -> PhpException {
    let ce = class(&ARGUMENT_CE, invalid_argument_exception);
    let message = message.as_ref();
    into_php_exception(ce, message, build(ce, message, None))
}

/// `Odr\RuntimeException` with `message`, chained to the Throwable a capability threw.
pub fn runtime(message: impl AsRef<str>, previous: Option<ZBox<ZendObject>>) -> PhpException {
    let ce = class(&RUNTIME_CE, runtime_exception);
    let message = message.as_ref();
    into_php_exception(ce, message, build(ce, message, previous))
}

/// `Odr\RegistrarException` from the component's `registrar-error` as JSON
/// (`{"not-found": "..."}`, `{"invalid-input": {"message", "fields"}}`,
/// `{"rate-limited": {"message", "retry-after-seconds"}}`...).
pub fn registrar(error: &Value, previous: Option<ZBox<ZendObject>>) -> PhpException {
    let Some((kind, payload)) = error.as_object().and_then(|o| {
        let mut cases = o.iter();
        match (cases.next(), cases.next()) {
            (Some(case), None) => Some(case),
            _ => None,
        }
    }) else {
        return runtime(
            format!("the component returned an error of an unknown shape: {error}"),
            previous,
        );
    };
    let text = |value: Option<&Value>| value.and_then(Value::as_str).unwrap_or_default().to_owned();
    let (message, fields, retry_after) = match payload {
        Value::String(message) => (message.clone(), Vec::new(), None),
        Value::Object(details) => {
            let fields = details
                .get("fields")
                .and_then(Value::as_array)
                .map(|fields| {
                    fields
                        .iter()
                        .map(|f| (text(f.get("field")), text(f.get("message"))))
                        .collect()
                })
                .unwrap_or_default();
            let retry_after = details.get("retry-after-seconds").and_then(Value::as_i64);
            (text(details.get("message")), fields, retry_after)
        }
        other => (other.to_string(), Vec::new(), None),
    };

    let ce = registrar_class();
    let mut exception = build(ce, &message, previous);
    let mut zval = Zval::new();
    if zval.set_string(kind, false).is_ok() {
        zend_api::update_property(ce, &mut exception, KIND, &mut zval);
    }
    let mut by_field = new_array(fields.len());
    for (field, message) in fields {
        // Two messages for one field are joined rather than one lost.
        let joined = match by_field.get(field.as_str()).and_then(Zval::str) {
            Some(earlier) => format!("{earlier}; {message}"),
            None => message,
        };
        let _ = by_field.insert(field.as_str(), joined);
    }
    let mut fields = Zval::new();
    fields.set_hashtable(by_field);
    zend_api::update_property(ce, &mut exception, FIELDS, &mut fields);
    let mut retry = Zval::new();
    if let Some(seconds) = retry_after {
        retry.set_long(seconds);
    }
    zend_api::update_property(ce, &mut exception, RETRY_AFTER, &mut retry);
    into_php_exception(ce, &message, exception)
}

/// Read a protected property of `$this` (a `RegistrarException`) into `retval`.
fn read_own(ex: &mut ExecuteData, name: &str, retval: &mut Zval, default: impl FnOnce(&mut Zval)) {
    if ex.parser().parse().is_err() {
        return; // ArgumentCountError already thrown
    }
    let ce = registrar_class();
    let Some(this) = ex.get_self() else {
        default(retval);
        return;
    };
    let mut scratch = Zval::new();
    // SAFETY: `this` is the live `$this`; the returned pointer is either the
    // property slot or `scratch`, both valid until the end of this function.
    let value = unsafe {
        zend_read_property(
            ptr::from_ref(ce).cast_mut(),
            this,
            name.as_ptr().cast(),
            name.len(),
            true,
            &mut scratch,
        )
        .as_ref()
    };
    match value.map(Zval::dereference) {
        Some(value) if !value.is_null() => *retval = value.shallow_clone(),
        _ => default(retval),
    }
}

extern "C" fn get_kind(ex: &mut ExecuteData, retval: &mut Zval) {
    run_handler(AssertUnwindSafe(|| {
        read_own(ex, KIND, retval, |retval| {
            let _ = retval.set_string("", false);
        });
        // A subclass may have stored something odd; getKind() promises a string.
        if !retval.is_string() && !ext_php_rs::zend::ExecutorGlobals::has_exception() {
            let _ = retval.set_string("", false);
        }
    }));
}

extern "C" fn get_fields(ex: &mut ExecuteData, retval: &mut Zval) {
    run_handler(AssertUnwindSafe(|| {
        read_own(ex, FIELDS, retval, |retval| {
            retval.set_hashtable(new_array(0))
        });
        if !retval.is_array() && !ext_php_rs::zend::ExecutorGlobals::has_exception() {
            retval.set_hashtable(new_array(0));
        }
    }));
}

extern "C" fn get_retry_after(ex: &mut ExecuteData, retval: &mut Zval) {
    run_handler(AssertUnwindSafe(|| {
        read_own(ex, RETRY_AFTER, retval, Zval::set_null);
        if !retval.is_long() {
            retval.set_null();
        }
    }));
}

/// Messages of PHP strings that may not be UTF-8, for exception texts.
pub fn lossy(zval: &Zval) -> String {
    match zval.zend_str() {
        Some(string) => match utf8(string) {
            Ok(text) => text.to_owned(),
            Err(_) => String::from_utf8_lossy(string.as_bytes()).into_owned(),
        },
        None => String::new(),
    }
}
