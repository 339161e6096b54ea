//! The component's capabilities, supplied by PHP: a transport callable, a state
//! object and a log object, behind odr-host's [`Transport`], [`StateStore`] and
//! [`LogSink`] traits.
//!
//! # Where PHP runs
//!
//! odr-host calls every capability from its broker, which `Runtime::call` polls on
//! the calling thread's own stack (never on wasmtime's fiber stack, never on
//! another thread). [`CallContext`] checks both on every capability call (thread
//! id, and a stack address within reach of the one recorded when `call()` began)
//! and refuses to enter PHP otherwise, so a host bug would surface as an error
//! instead of corrupting PHP. This keeps PHP 8.3+'s C stack checks
//! (`zend.max_allowed_stack_size`) meaningful as well.
//!
//! # Containment
//!
//! Each call into PHP runs inside `zend_try` (ext-php-rs `try_catch`):
//! - a Throwable it throws is taken off the engine (nothing stays pending), its
//!   class and message become the capability's error (the component sees a
//!   transport or store failure) and the first one is kept to chain as
//!   `getPrevious()` of the exception `call()` finally throws;
//! - `exit()` is held back: later capability calls are refused, and the exit
//!   resumes when the component has finished;
//! - a fatal error (bailout) likewise: the component finishes without PHP, then
//!   `call()` resumes the bailout, as if the fatal error had happened there.
//!
//! A log sink that fails is ignored (logging never breaks an operation); the
//! failure goes to PHP's error log.

use crate::exceptions::lossy;
use crate::values::{entries, new_array, type_name, utf8};
use crate::zend_api::{self, ScriptEnd};
use ext_php_rs::boxed::ZBox;
use ext_php_rs::convert::IntoZvalDyn;
use ext_php_rs::types::{ZendCallable, ZendHashTable, ZendObject, ZendStr, Zval};
use ext_php_rs::zend::{try_catch, CatchError, ExecutorGlobals};
use odr_host::{HttpRequest, HttpResponse, LogSink, StateStore, Transport, TransportError};
use std::cell::{Cell, RefCell};
use std::panic::AssertUnwindSafe;
use std::thread::{self, ThreadId};

/// How far below `call()`'s frame a capability may run and still count as "on
/// the caller's stack". The host's frames in between take a few kilobytes; a
/// fiber or another thread's stack is elsewhere in the address space.
const MAX_STACK_DISTANCE: usize = 8 << 20;

/// Room above the recorded mark (the frame that took it is gone by then).
const STACK_MARK_SLACK: usize = 16 << 10;

/// The methods the state object must have, with their PHP signatures for messages.
pub const STATE_METHODS: [(&str, &str); 4] = [
    ("get", "get(string $key): ?string"),
    (
        "set",
        "set(string $key, string $value, ?int $ttlSeconds): void",
    ),
    ("delete", "delete(string $key): void"),
    (
        "add",
        "add(string $key, string $value, ?int $ttlSeconds): bool",
    ),
];

/// The methods the log object must have.
pub const LOG_METHODS: [(&str, &str); 2] = [
    (
        "moduleCall",
        "moduleCall(string $action, string $request, string $response): void",
    ),
    (
        "activity",
        "activity(string $message, ?string $domain): void",
    ),
];

/// The PHP side of the capabilities, held by an `Odr\Registrar` for its lifetime.
pub struct PhpCapabilities {
    transport: Zval,
    /// `[$transport, 'sendMany']` when the transport object has that method: it
    /// takes a list of request arrays and returns their answers in order, with
    /// the requests in flight together (a domain search).
    transport_many: Option<Zval>,
    state: [Zval; 4],
    log: [Zval; 2],
}

impl PhpCapabilities {
    /// Check and keep the constructor's `$transport`, `$state` and `$log`.
    pub fn new(transport: &Zval, state: &Zval, log: &Zval) -> Result<Self, String> {
        if !transport.is_callable() {
            return Err(format!(
                "transport: expected a callable (a closure, an invokable object or a function \
                 name) taking the request array, got {}",
                type_name(transport)
            ));
        }
        Ok(PhpCapabilities {
            transport: transport.shallow_clone(),
            transport_many: optional_method(transport, "sendMany"),
            state: methods("state", state, STATE_METHODS)?,
            log: methods("log", log, LOG_METHODS)?,
        })
    }
}

/// `[$object, 'name']` when `object` is an object with that public method.
fn optional_method(object: &Zval, name: &str) -> Option<Zval> {
    let object = object.dereference();
    if !object.is_object() {
        return None;
    }
    let mut pair = new_array(2);
    pair.push(object.shallow_clone()).ok()?;
    pair.push(name).ok()?;
    let mut callable = Zval::new();
    callable.set_hashtable(pair);
    callable.is_callable().then_some(callable)
}

/// `[$object, 'method']` callables for each required method, checked now so that a
/// missing method is reported by the constructor, not in the middle of an operation.
fn methods<const N: usize>(
    role: &str,
    object: &Zval,
    required: [(&str, &str); N],
) -> Result<[Zval; N], String> {
    let object = object.dereference();
    if !object.is_object() {
        return Err(format!(
            "{role}: expected an object with the methods {}, got {}",
            required.map(|(_, signature)| signature).join(", "),
            type_name(object)
        ));
    }
    let mut callables = Vec::with_capacity(N);
    for (name, signature) in required {
        let callable = optional_method(object, name).ok_or_else(|| {
            format!(
                "{role}: the {} object has no public method {signature}",
                type_name(object)
            )
        })?;
        callables.push(callable);
    }
    callables
        .try_into()
        .map_err(|_| format!("{role}: internal error collecting methods"))
}

/// Why PHP may not be entered any more during this call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Halt {
    /// A fatal error unwound out of a capability (a bailout); resume it afterwards.
    Bailout,
    /// `exit()` or a graceful exit; resume it afterwards.
    End(ScriptEnd),
}

/// The bookkeeping of one `Registrar::call`.
pub struct CallContext {
    thread: ThreadId,
    stack_mark: usize,
    halt: Cell<Option<Halt>>,
    thrown: RefCell<Option<ZBox<ZendObject>>>,
}

impl CallContext {
    /// Start a call: record this thread and (roughly) this stack position.
    #[inline(never)]
    pub fn new() -> Self {
        let mark = 0u8;
        CallContext {
            thread: thread::current().id(),
            stack_mark: std::ptr::addr_of!(mark) as usize,
            halt: Cell::new(None),
            thrown: RefCell::new(None),
        }
    }

    /// How the call must end in PHP, and the first Throwable a capability threw.
    pub fn finish(self) -> (Option<Halt>, Option<ZBox<ZendObject>>) {
        (self.halt.get(), self.thrown.into_inner())
    }

    /// Whether PHP may be entered here and now.
    #[inline(never)]
    fn admit(&self, what: &str) -> Result<(), String> {
        if thread::current().id() != self.thread {
            return Err(format!(
                "{what} was called on another thread than the PHP request's; refused"
            ));
        }
        let mark = 0u8;
        let here = std::ptr::addr_of!(mark) as usize;
        // The mark was taken in a frame that has returned; allow a little above it.
        let top = self.stack_mark.saturating_add(STACK_MARK_SLACK);
        if here > top || top - here > MAX_STACK_DISTANCE {
            return Err(format!(
                "{what} was called off the PHP request's stack (e.g. on a wasm fiber); refused"
            ));
        }
        match self.halt.get() {
            None => Ok(()),
            Some(Halt::Bailout) => Err(format!(
                "{what} was not called: PHP hit a fatal error earlier in this call"
            )),
            Some(Halt::End(_)) => Err(format!("{what} was not called: the PHP script is exiting")),
        }
    }

    /// Call `callable` with `args`; any way PHP can fail becomes an `Err(message)`
    /// and nothing stays pending in the engine. With `keep`, a thrown Throwable is
    /// kept for chaining (not for log sinks: their failures do not end a call).
    fn invoke(
        &self,
        what: &str,
        callable: &Zval,
        args: &[&Zval],
        keep: bool,
    ) -> Result<Zval, String> {
        self.admit(what)?;
        let outcome = try_catch(AssertUnwindSafe(|| {
            let params: Vec<&dyn IntoZvalDyn> =
                args.iter().map(|a| *a as &dyn IntoZvalDyn).collect();
            ZendCallable::new(callable).and_then(|callable| callable.try_call(params))
        }));
        match outcome {
            Err(CatchError::Bailout) => {
                self.halt.set(Some(Halt::Bailout));
                Err(format!("{what} stopped with a PHP fatal error"))
            }
            Err(error) => Err(format!("{what} failed: {error}")),
            Ok(result) => {
                if let Some(exception) = ExecutorGlobals::take_exception() {
                    return Err(self.contain(what, exception, keep));
                }
                result.map_err(|e| format!("{what} could not be called: {e}"))
            }
        }
    }

    /// Describe a Throwable a capability threw and keep it (or the exit it stands for).
    fn contain(&self, what: &str, exception: ZBox<ZendObject>, keep: bool) -> String {
        if let Some(end) = zend_api::script_end(&exception) {
            self.halt.set(Some(Halt::End(end)));
            return format!("{what} was interrupted: the PHP script is exiting");
        }
        let class = exception
            .get_class_name()
            .unwrap_or_else(|_| "Throwable".into());
        let message = exception
            .try_call_method("getMessage", vec![])
            .map(|message| lossy(&message))
            .unwrap_or_default();
        // getMessage() of a userland Throwable could itself throw.
        drop(ExecutorGlobals::take_exception());
        let mut thrown = self.thrown.borrow_mut();
        if keep && thrown.is_none() {
            *thrown = Some(exception);
        }
        format!("{what} threw {class}: {message}")
    }
}

impl Default for CallContext {
    fn default() -> Self {
        Self::new()
    }
}

/// The capabilities of one call: the Registrar's PHP values and the call's context.
pub struct Bound<'a> {
    /// The PHP values.
    pub php: &'a PhpCapabilities,
    /// The call's bookkeeping.
    pub context: &'a CallContext,
}

fn string_zval(text: &str) -> Zval {
    let mut zval = Zval::new();
    if zval.set_string(text, false).is_err() {
        zval.set_null();
    }
    zval
}

fn bytes_zval(bytes: &[u8]) -> Zval {
    let mut zval = Zval::new();
    zval.set_zend_string(ZendStr::new(bytes, false));
    zval
}

fn optional_string_zval(text: Option<&str>) -> Zval {
    text.map_or_else(Zval::null, string_zval)
}

/// The request array handed to the PHP transport.
fn request_to_php(request: &HttpRequest) -> Result<Zval, String> {
    let build = || -> ext_php_rs::error::Result<Zval> {
        let mut headers = new_array(request.headers.len());
        for (name, value) in &request.headers {
            // A repeated header is joined, as HTTP allows for list-valued headers.
            let joined = match headers.get(name.as_str()).and_then(Zval::str) {
                Some(earlier) => format!("{earlier}, {value}"),
                None => value.clone(),
            };
            headers.insert(name.as_str(), joined)?;
        }
        let mut headers_zval = Zval::new();
        headers_zval.set_hashtable(headers);

        let mut array = new_array(5);
        array.insert("method", request.method.as_str())?;
        array.insert("url", request.url.as_str())?;
        array.insert("headers", headers_zval)?;
        array.insert("body", bytes_zval(&request.body))?;
        let timeout_ms = i64::try_from(request.timeout.as_millis()).unwrap_or(i64::MAX);
        array.insert("timeout_ms", timeout_ms)?;
        let mut zval = Zval::new();
        zval.set_hashtable(array);
        Ok(zval)
    };
    build().map_err(|e| format!("cannot build the request array: {e}"))
}

/// The transport's answer: a response, or the error it reported.
fn response_from_php(result: &Zval) -> Result<HttpResponse, TransportError> {
    let invalid = |message: String| {
        TransportError::Other(format!(
            "the PHP transport returned an invalid answer: {message}"
        ))
    };
    let Some(array) = result.dereference().array() else {
        return Err(invalid(format!(
            "expected an array with 'status', 'headers' and 'body' (or 'error' and \
             'message'), got {}",
            type_name(result)
        )));
    };
    if let Some(kind) = array.get("error") {
        return Err(transport_error(kind, array.get("message")).unwrap_or_else(invalid));
    }
    for (key, _) in entries(array).map_err(invalid)? {
        let known = matches!(key.as_str(), "status" | "headers" | "body");
        if !known {
            return Err(invalid(format!(
                "unknown key '{key}' (expected 'status', 'headers', 'body')"
            )));
        }
    }
    let status = match array.get("status").map(Zval::dereference) {
        Some(status) => match status.long().and_then(|s| u16::try_from(s).ok()) {
            Some(code) if (100..=599).contains(&code) => code,
            _ => {
                return Err(invalid(format!(
                    "'status' must be an int from 100 to 599, got {}",
                    describe(status)
                )))
            }
        },
        None => return Err(invalid("'status' is missing".into())),
    };
    let body = match array.get("body").map(Zval::dereference) {
        Some(body) => match body.zend_str() {
            Some(bytes) => bytes.as_bytes().to_vec(),
            None if body.is_null() => Vec::new(),
            None => {
                return Err(invalid(format!(
                    "'body' must be a string, got {}",
                    type_name(body)
                )))
            }
        },
        None => return Err(invalid("'body' is missing".into())),
    };
    let headers = match array.get("headers").map(Zval::dereference) {
        None => Vec::new(),
        Some(headers) => match headers.array() {
            Some(headers) => response_headers(headers).map_err(invalid)?,
            None => {
                return Err(invalid(format!(
                    "'headers' must be an array of name => value, got {}",
                    type_name(headers)
                )))
            }
        },
    };
    Ok(HttpResponse {
        status,
        headers,
        body,
    })
}

/// `['error' => 'timeout'|'connection-refused'|'other', 'message' => string]`.
fn transport_error(kind: &Zval, message: Option<&Zval>) -> Result<TransportError, String> {
    let message = match message.map(Zval::dereference) {
        Some(message) if message.is_string() => lossy(message),
        None => String::new(),
        Some(other) => {
            return Err(format!(
                "'message' must be a string, got {}",
                type_name(other)
            ))
        }
    };
    match kind.dereference().str() {
        Some("timeout") => Ok(TransportError::Timeout(message)),
        Some("connection-refused") => Ok(TransportError::ConnectionRefused(message)),
        Some("other") => Ok(TransportError::Other(message)),
        _ => Err(format!(
            "'error' must be 'timeout', 'connection-refused' or 'other', got {}",
            describe(kind)
        )),
    }
}

fn response_headers(headers: &ZendHashTable) -> Result<Vec<(String, String)>, String> {
    let mut out = Vec::with_capacity(headers.len());
    for (name, value) in entries(headers)? {
        let value = value.dereference();
        if let Some(text) = value.zend_str() {
            let text = header_text(text, &name)?;
            out.push((name, text));
        } else if let Some(values) = value.array() {
            for (_, item) in values.iter() {
                match item.dereference().zend_str() {
                    Some(text) => out.push((name.clone(), header_text(text, &name)?)),
                    None => {
                        return Err(format!(
                            "headers['{name}'] must be a string or a list of strings, got a \
                             list with {}",
                            type_name(item)
                        ))
                    }
                }
            }
        } else {
            return Err(format!(
                "headers['{name}'] must be a string or a list of strings, got {}",
                type_name(value)
            ));
        }
    }
    Ok(out)
}

fn header_text(text: &ZendStr, name: &str) -> Result<String, String> {
    utf8(text)
        .map(str::to_owned)
        .map_err(|e| format!("headers['{name}']: {e}"))
}

/// A value for an error message: its type, and the value itself when short.
fn describe(zval: &Zval) -> String {
    let zval = zval.dereference();
    if let Some(int) = zval.long() {
        return format!("int {int}");
    }
    if let Some(text) = zval.str() {
        if text.len() <= 40 {
            return format!("'{text}'");
        }
    }
    type_name(zval)
}

impl Transport for Bound<'_> {
    fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        let argument = request_to_php(&request).map_err(TransportError::Other)?;
        let answer = self
            .context
            .invoke("the PHP transport", &self.php.transport, &[&argument], true)
            .map_err(TransportError::Other)?;
        response_from_php(&answer)
    }

    /// Through the transport's `sendMany(array $requests): array` when it has
    /// one (all in flight together); otherwise one `send` after another.
    fn send_many(&self, requests: Vec<HttpRequest>) -> Vec<Result<HttpResponse, TransportError>> {
        let Some(many) = &self.php.transport_many else {
            return requests.into_iter().map(|r| self.send(r)).collect();
        };
        let count = requests.len();
        match self.send_many_php(many, &requests) {
            Ok(answers) => answers,
            Err(message) => (0..count)
                .map(|_| Err(TransportError::Other(message.clone())))
                .collect(),
        }
    }
}

impl Bound<'_> {
    /// One `sendMany()` call: the answers in request order, or why there are none.
    fn send_many_php(
        &self,
        many: &Zval,
        requests: &[HttpRequest],
    ) -> Result<Vec<Result<HttpResponse, TransportError>>, String> {
        const WHAT: &str = "the PHP transport's sendMany()";
        let mut list = new_array(requests.len());
        for request in requests {
            list.push(request_to_php(request)?)
                .map_err(|e| format!("cannot build the request list: {e}"))?;
        }
        let mut argument = Zval::new();
        argument.set_hashtable(list);
        let answer = self.context.invoke(WHAT, many, &[&argument], true)?;
        let answer = answer.dereference();
        let Some(answers) = answer.array() else {
            return Err(format!(
                "{WHAT} must return a list of answers, returned {}",
                type_name(answer)
            ));
        };
        if answers.len() != requests.len() {
            return Err(format!(
                "{WHAT} returned {} answers for {} requests",
                answers.len(),
                requests.len()
            ));
        }
        Ok((0..requests.len())
            .map(|i| {
                let index = i64::try_from(i).unwrap_or(i64::MAX);
                match answers.get_index(index) {
                    Some(one) => response_from_php(one),
                    None => Err(TransportError::Other(format!(
                        "{WHAT} returned no answer at index {i} (a list in request order is \
                         expected)"
                    ))),
                }
            })
            .collect())
    }
}

impl Bound<'_> {
    fn state_call(&self, index: usize, args: &[&Zval]) -> Result<Zval, String> {
        let (name, _) = STATE_METHODS[index];
        self.context.invoke(
            &format!("the state store's {name}()"),
            &self.php.state[index],
            args,
            true,
        )
    }
}

impl StateStore for Bound<'_> {
    fn get(&self, key: &str) -> Result<Option<String>, String> {
        let value = self.state_call(0, &[&string_zval(key)])?;
        let value = value.dereference();
        if value.is_null() {
            return Ok(None);
        }
        match value.zend_str() {
            Some(text) => utf8(text)
                .map(|text| Some(text.to_owned()))
                .map_err(|e| format!("the state store's get('{key}') returned a string {e}")),
            None => Err(format!(
                "the state store's get('{key}') must return ?string, returned {}",
                type_name(value)
            )),
        }
    }

    fn set(&self, key: &str, value: &str, ttl_seconds: Option<u32>) -> Result<(), String> {
        let ttl = ttl_seconds.map_or_else(Zval::null, |seconds| {
            let mut zval = Zval::new();
            zval.set_long(i64::from(seconds));
            zval
        });
        self.state_call(1, &[&string_zval(key), &string_zval(value), &ttl])
            .map(drop)
    }

    fn delete(&self, key: &str) -> Result<(), String> {
        self.state_call(2, &[&string_zval(key)]).map(drop)
    }

    fn add(&self, key: &str, value: &str, ttl_seconds: Option<u32>) -> Result<bool, String> {
        let ttl = ttl_seconds.map_or_else(Zval::null, |seconds| {
            let mut zval = Zval::new();
            zval.set_long(i64::from(seconds));
            zval
        });
        let answer = self.state_call(3, &[&string_zval(key), &string_zval(value), &ttl])?;
        let answer = answer.dereference();
        answer.bool().ok_or_else(|| {
            format!(
                "the state store's add('{key}') must return bool, returned {}",
                type_name(answer)
            )
        })
    }
}

impl Bound<'_> {
    fn log_call(&self, index: usize, args: &[&Zval]) {
        let (name, _) = LOG_METHODS[index];
        let what = format!("the log sink's {name}()");
        if let Err(message) = self
            .context
            .invoke(&what, &self.php.log[index], args, false)
        {
            // Logging never breaks an operation: note it where an admin looks, go on.
            if self.context.halt.get().is_none() {
                zend_api::log_warning(&format!(
                    "Odr\\Registrar: {message}; the operation continued without this log entry"
                ));
            }
        }
    }
}

impl LogSink for Bound<'_> {
    fn module_call(&self, action: &str, request: &str, response: &str) {
        self.log_call(
            0,
            &[
                &string_zval(action),
                &string_zval(request),
                &string_zval(response),
            ],
        );
    }

    fn activity(&self, message: &str, domain: Option<&str>) {
        self.log_call(1, &[&string_zval(message), &optional_string_zval(domain)]);
    }
}
