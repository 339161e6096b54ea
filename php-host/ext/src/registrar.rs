//! `Odr\Registrar`: the component, its capabilities and its limits, for PHP.

// ext-php-rs names PHP parameters after the Rust ones: `$componentPath` (named
// arguments) needs a camelCase Rust parameter, and the macro drops item attributes.
#![allow(non_snake_case)]

use crate::capabilities::{Bound, CallContext, Halt, PhpCapabilities};
use crate::exceptions;
use crate::loader;
use crate::values::{self, entries, json_to_zval, type_name};
use crate::zend_api;
use ext_php_rs::boxed::ZBox;
use ext_php_rs::exception::PhpResult;
use ext_php_rs::flags::ClassFlags;
use ext_php_rs::prelude::*;
use ext_php_rs::types::{ZendHashTable, ZendObject, Zval};
use odr_host::{CallOptions, CallOutcome, Capabilities, Clock, HostError, Runtime};
use std::cell::Cell;

thread_local! {
    /// Set while a `call()` runs on this thread: a capability that calls back into
    /// `call()` is refused (the component is not re-entrant and neither is the host).
    static IN_CALL: Cell<bool> = const { Cell::new(false) };
}

/// Clears [`IN_CALL`] when the call ends, however it ends (including before a
/// resumed bailout, which skips destructors).
struct CallGuard;

impl CallGuard {
    fn enter() -> Option<CallGuard> {
        IN_CALL.with(|flag| {
            if flag.get() {
                None
            } else {
                flag.set(true);
                Some(CallGuard)
            }
        })
    }
}

impl Drop for CallGuard {
    fn drop(&mut self) {
        IN_CALL.with(|flag| flag.set(false));
    }
}

/// The registrar component for PHP: loads the precompiled component once per
/// process and runs its operations with capabilities supplied by PHP.
#[php_class]
#[php(name = "Odr\\Registrar")]
#[php(flags = ClassFlags::Final)]
pub struct Registrar {
    runtime: Runtime,
    capabilities: PhpCapabilities,
    options: CallOptions,
}

/// What `call()` must do once the component has finished.
enum Ending {
    /// Return this value or throw this exception.
    Done(PhpResult<Zval>),
    /// A capability hit a fatal error or `exit()`: resume it.
    Halt(Halt),
}

#[php_impl]
impl Registrar {
    /// Load the precompiled component (`.cwasm`, cached per process by path and
    /// modification time) and keep the capabilities.
    ///
    /// `$options`: `'fuel' => int` (the per-call deadline), `'memory_limit' => int`
    /// (bytes of component memory), `'now' => int` (Unix seconds: pins the clock).
    pub fn __construct(
        componentPath: &str,
        transport: &Zval,
        state: &Zval,
        log: &Zval,
        options: Option<&ZendHashTable>,
    ) -> PhpResult<Self> {
        let capabilities = PhpCapabilities::new(transport, state, log)
            .map_err(|message| exceptions::argument(format!("Odr\\Registrar: {message}")))?;
        let options = match options {
            Some(options) => call_options(options)
                .map_err(|message| exceptions::argument(format!("Odr\\Registrar: {message}")))?,
            None => CallOptions::default(),
        };
        let runtime =
            loader::runtime(componentPath).map_err(|message| exceptions::runtime(message, None))?;
        Ok(Registrar {
            runtime,
            capabilities,
            options,
        })
    }

    /// Call an export of `odr:registrar/registrar` with its arguments keyed by the
    /// WIT parameter names; returns the `ok` value, throws `Odr\RegistrarException`
    /// for the component's error.
    pub fn call(&self, function: &str, args: &ZendHashTable) -> PhpResult<Zval> {
        let Some(guard) = CallGuard::enter() else {
            return Err(exceptions::runtime(
                format!(
                    "Odr\\Registrar::call('{function}') was called from inside a capability of \
                     another call; the component does not run re-entrantly"
                ),
                None,
            ));
        };
        let ending = self.run(function, args);
        drop(guard);
        match ending {
            Ending::Done(result) => result,
            Ending::Halt(Halt::End(end)) => {
                zend_api::resume_script_end(end);
                Ok(Zval::null())
            }
            // SAFETY: everything this call owned is dropped (`run` returned); the
            // bailout continues the fatal error a capability raised.
            Ending::Halt(Halt::Bailout) => unsafe { ext_php_rs::zend::bailout() },
        }
    }

    /// The names of the functions the component exports, in WIT order.
    pub fn functions(&self) -> Vec<String> {
        self.runtime.functions()
    }

    /// `$text` masked by the component's own policy (the `odr-mask` crate the
    /// component is built with): each of `$secrets` (also JSON-escaped and
    /// percent-encoded), every token-shaped string (`token$` + hex, `secret$...`)
    /// and the value of every sensitive JSON member (`auth_code`, `signature`,
    /// `token`, ...). Static: usable without a component, and inside a capability.
    pub fn mask(text: &str, secrets: Option<Vec<String>>) -> String {
        odr_mask::mask(text, &secrets.unwrap_or_default())
    }
}

impl Registrar {
    fn run(&self, function: &str, args: &ZendHashTable) -> Ending {
        let args = match values::array_to_json(args) {
            Ok(args) => args,
            Err(error) => {
                return Ending::Done(Err(exceptions::argument(format!(
                    "{function}: invalid argument {error}"
                ))))
            }
        };
        let context = CallContext::new();
        let outcome = {
            let bound = Bound {
                php: &self.capabilities,
                context: &context,
            };
            let capabilities = Capabilities {
                transport: &bound,
                state: &bound,
                log: &bound,
            };
            self.runtime
                .call(capabilities, function, &args, &self.options)
        };
        let (halt, thrown) = context.finish();
        if let Some(halt) = halt {
            return Ending::Halt(halt);
        }
        Ending::Done(result_to_php(function, outcome, thrown, &self.options))
    }
}

fn result_to_php(
    function: &str,
    outcome: Result<CallOutcome, HostError>,
    thrown: Option<ZBox<ZendObject>>,
    options: &CallOptions,
) -> PhpResult<Zval> {
    match outcome {
        Ok(CallOutcome::Ok(value)) => json_to_zval(&value).map_err(|message| {
            exceptions::runtime(
                format!("{function}: cannot return the result: {message}"),
                None,
            )
        }),
        Ok(CallOutcome::Err(error)) => Err(exceptions::registrar(&error, thrown)),
        Err(HostError::Argument { path, message }) => Err(exceptions::argument(format!(
            "{function}: invalid argument {path}: {message}"
        ))),
        Err(error @ HostError::UnknownFunction(_)) => Err(exceptions::argument(error.to_string())),
        // Name the PHP option, not the Rust field the host's message names.
        Err(HostError::DeadlineExceeded) => Err(exceptions::runtime(
            format!(
                "{function}: the call exceeded its deadline: it used up its fuel budget (option \
                 'fuel' => {}); the component may be looping, or the work needs a larger budget",
                options.fuel
            ),
            thrown,
        )),
        Err(HostError::MemoryLimitExceeded) => Err(exceptions::runtime(
            format!(
                "{function}: the call exceeded its memory limit (option 'memory_limit' => {} \
                 bytes): the component needed more memory than allowed",
                options.memory_limit_bytes
            ),
            thrown,
        )),
        Err(error) => Err(exceptions::runtime(format!("{function}: {error}"), thrown)),
    }
}

/// The constructor's `$options`.
fn call_options(options: &ZendHashTable) -> Result<CallOptions, String> {
    let mut call_options = CallOptions::default();
    for (key, value) in entries(options).map_err(|e| format!("options: {e}"))? {
        let positive = |what: &str| -> Result<u64, String> {
            match value.dereference().long() {
                Some(number) if number > 0 => Ok(number.unsigned_abs()),
                _ => Err(format!(
                    "options['{key}']: expected {what}, got {}",
                    describe(value)
                )),
            }
        };
        match key.as_str() {
            "fuel" => call_options.fuel = positive("a positive int (fuel units)")?,
            "memory_limit" => {
                let bytes = positive("a positive int (bytes)")?;
                call_options.memory_limit_bytes = usize::try_from(bytes).unwrap_or(usize::MAX);
            }
            "now" => match value.dereference().long() {
                Some(seconds) if seconds >= 0 => {
                    call_options.clock = Clock::Pinned {
                        unix_seconds: seconds.unsigned_abs(),
                    }
                }
                _ => {
                    return Err(format!(
                        "options['now']: expected Unix seconds (an int >= 0), got {}",
                        describe(value)
                    ))
                }
            },
            _ => {
                return Err(format!(
                    "options: unknown key '{key}' (expected 'fuel', 'memory_limit', 'now')"
                ))
            }
        }
    }
    Ok(call_options)
}

fn describe(value: &Zval) -> String {
    match value.dereference().long() {
        Some(number) => format!("{number}"),
        None => type_name(value),
    }
}
