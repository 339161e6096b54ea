//! JSON ⇄ component values, driven by the export's own WIT types.
//!
//! | WIT | JSON |
//! |---|---|
//! | `record` | object keyed by the WIT field names; a missing or unknown key is an error |
//! | `string`, `bool`, integers, floats | string, bool, number (range-checked) |
//! | `char` | a one-character string |
//! | `option<T>` | `null` or the value |
//! | `list<T>` | list |
//! | `tuple<A, B>` | list of exactly two |
//! | `enum` | the case name |
//! | `variant` | the case name without payload; `{"case": payload}` with one |
//! | `result<T, E>` (nested) | `{"ok": T}` or `{"err": E}` |
//! | `flags` | list of the set flag names |
//!
//! Errors name the path, e.g. `order.registrant.country: missing key`,
//! `settings.request-timeout-ms: expected a number in 0..=4294967295, got "abc"`.
//! Values under keys that look secret (`*secret*`) are never echoed in errors.

use crate::HostError;
use serde_json::{Map, Number, Value};
use wasmtime::component::types::Type;
use wasmtime::component::Val;

/// A component value type, copied out of wasmtime's type information so that it can
/// be cached in the runtime, shared between threads and built by hand in tests.
#[derive(Debug, Clone, PartialEq)]
pub enum WitType {
    /// `bool`
    Bool,
    /// `s8`
    S8,
    /// `u8`
    U8,
    /// `s16`
    S16,
    /// `u16`
    U16,
    /// `s32`
    S32,
    /// `u32`
    U32,
    /// `s64`
    S64,
    /// `u64`
    U64,
    /// `f32`
    F32,
    /// `f64`
    F64,
    /// `char`
    Char,
    /// `string`
    String,
    /// `list<T>`
    List(Box<WitType>),
    /// `record { name: T, ... }` in declaration order.
    Record(Vec<(String, WitType)>),
    /// `tuple<A, B, ...>`
    Tuple(Vec<WitType>),
    /// `variant { case(T), case, ... }`
    Variant(Vec<(String, Option<WitType>)>),
    /// `enum { a, b, ... }`
    Enum(Vec<String>),
    /// `option<T>`
    Option(Box<WitType>),
    /// `result<T, E>`; `None` for `_`.
    Result {
        /// The ok payload type.
        ok: Option<Box<WitType>>,
        /// The error payload type.
        err: Option<Box<WitType>>,
    },
    /// `flags { a, b, ... }`
    Flags(Vec<String>),
    /// A type JSON cannot carry (resources, streams, futures, maps...), by name.
    Unsupported(String),
}

impl WitType {
    /// Copy a wasmtime component type.
    pub fn from_wasmtime(ty: &Type) -> WitType {
        match ty {
            Type::Bool => WitType::Bool,
            Type::S8 => WitType::S8,
            Type::U8 => WitType::U8,
            Type::S16 => WitType::S16,
            Type::U16 => WitType::U16,
            Type::S32 => WitType::S32,
            Type::U32 => WitType::U32,
            Type::S64 => WitType::S64,
            Type::U64 => WitType::U64,
            Type::Float32 => WitType::F32,
            Type::Float64 => WitType::F64,
            Type::Char => WitType::Char,
            Type::String => WitType::String,
            Type::List(list) => WitType::List(Box::new(WitType::from_wasmtime(&list.ty()))),
            Type::Record(record) => WitType::Record(
                record
                    .fields()
                    .map(|field| (field.name.to_string(), WitType::from_wasmtime(&field.ty)))
                    .collect(),
            ),
            Type::Tuple(tuple) => {
                WitType::Tuple(tuple.types().map(|t| WitType::from_wasmtime(&t)).collect())
            }
            Type::Variant(variant) => WitType::Variant(
                variant
                    .cases()
                    .map(|case| {
                        (
                            case.name.to_string(),
                            case.ty.as_ref().map(WitType::from_wasmtime),
                        )
                    })
                    .collect(),
            ),
            Type::Enum(enum_) => WitType::Enum(enum_.names().map(str::to_string).collect()),
            Type::Option(option) => WitType::Option(Box::new(WitType::from_wasmtime(&option.ty()))),
            Type::Result(result) => WitType::Result {
                ok: result.ok().map(|t| Box::new(WitType::from_wasmtime(&t))),
                err: result.err().map(|t| Box::new(WitType::from_wasmtime(&t))),
            },
            Type::Flags(flags) => WitType::Flags(flags.names().map(str::to_string).collect()),
            other => WitType::Unsupported(format!("{other:?}")),
        }
    }

    /// A short description for error messages.
    fn expectation(&self) -> String {
        match self {
            WitType::Bool => "a bool".to_string(),
            WitType::S8 | WitType::U8 | WitType::S16 | WitType::U16 => {
                format!("a number in {}", self.range())
            }
            WitType::S32 | WitType::U32 | WitType::S64 | WitType::U64 => {
                format!("a number in {}", self.range())
            }
            WitType::F32 | WitType::F64 => "a number".to_string(),
            WitType::Char => "a one-character string".to_string(),
            WitType::String => "a string".to_string(),
            WitType::List(_) => "a list".to_string(),
            WitType::Record(_) => "an object".to_string(),
            WitType::Tuple(items) => format!("a list of {}", items.len()),
            WitType::Variant(cases) => format!(
                "one of {} (a case name, or {{\"case\": payload}})",
                cases
                    .iter()
                    .map(|(name, _)| format!("`{name}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            WitType::Enum(names) => format!(
                "one of {}",
                names
                    .iter()
                    .map(|name| format!("\"{name}\""))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            WitType::Option(inner) => format!("null or {}", inner.expectation()),
            WitType::Result { .. } => "{\"ok\": ...} or {\"err\": ...}".to_string(),
            WitType::Flags(_) => "a list of flag names".to_string(),
            WitType::Unsupported(name) => format!("a value of unsupported type {name}"),
        }
    }

    fn range(&self) -> &'static str {
        match self {
            WitType::S8 => "-128..=127",
            WitType::U8 => "0..=255",
            WitType::S16 => "-32768..=32767",
            WitType::U16 => "0..=65535",
            WitType::S32 => "-2147483648..=2147483647",
            WitType::U32 => "0..=4294967295",
            WitType::S64 => "-9223372036854775808..=9223372036854775807",
            WitType::U64 => "0..=18446744073709551615",
            _ => "",
        }
    }
}

/// An exported function's name and WIT signature.
#[derive(Debug, Clone, PartialEq)]
pub struct Signature {
    /// The WIT name, e.g. `register-domain`.
    pub name: String,
    /// Parameters by WIT name, in order.
    pub params: Vec<(String, WitType)>,
    /// Result types (zero or one for WIT functions).
    pub results: Vec<WitType>,
}

impl Signature {
    /// The component values for `args`: an object keyed by this function's parameter names.
    pub fn args_to_vals(&self, args: &Value) -> Result<Vec<Val>, HostError> {
        let object = match args {
            Value::Object(object) => object,
            Value::Null if self.params.is_empty() => return Ok(Vec::new()),
            other => {
                return Err(HostError::argument(
                    "args",
                    format!(
                        "expected an object keyed by the parameters of `{}` ({}), got {}",
                        self.name,
                        self.param_list(),
                        describe(other, false)
                    ),
                ))
            }
        };
        check_unknown_keys(object, self.params.iter().map(|(n, _)| n.as_str()), "")?;
        self.params
            .iter()
            .map(|(name, ty)| match object.get(name) {
                Some(value) => json_to_val(ty, value, name),
                None => Err(HostError::argument(
                    name.clone(),
                    format!("missing parameter of `{}`", self.name),
                )),
            })
            .collect()
    }

    fn param_list(&self) -> String {
        self.params
            .iter()
            .map(|(name, _)| name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

fn is_secret_path(path: &str) -> bool {
    path.rsplit('.')
        .next()
        .is_some_and(|last| last.to_ascii_lowercase().contains("secret"))
}

/// A short, safe rendering of a JSON value for error messages.
fn describe(value: &Value, secret: bool) -> String {
    match value {
        Value::Null => "null".to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Number(_) if secret => "a number".to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(_) if secret => "a string".to_string(),
        Value::String(s) => {
            const MAX: usize = 40;
            if s.chars().count() > MAX {
                let head: String = s.chars().take(MAX).collect();
                format!("{:?}…", head)
            } else {
                format!("{s:?}")
            }
        }
        Value::Array(items) => format!("a list of {}", items.len()),
        Value::Object(_) => "an object".to_string(),
    }
}

fn mismatch(ty: &WitType, value: &Value, path: &str) -> HostError {
    HostError::argument(
        path,
        format!(
            "expected {}, got {}",
            ty.expectation(),
            describe(value, is_secret_path(path))
        ),
    )
}

fn check_unknown_keys<'a>(
    object: &Map<String, Value>,
    known: impl Iterator<Item = &'a str> + Clone,
    path: &str,
) -> Result<(), HostError> {
    for key in object.keys() {
        if known.clone().any(|name| name == key) {
            continue;
        }
        let hint = known
            .clone()
            .find(|name| name.replace('-', "_") == key.replace('-', "_"))
            .map(|name| format!(" (did you mean `{name}`?)"))
            .unwrap_or_else(|| {
                let names: Vec<&str> = known.clone().collect();
                format!(" (expected: {})", names.join(", "))
            });
        return Err(HostError::argument(
            join(path, key),
            format!("unknown key{hint}"),
        ));
    }
    Ok(())
}

fn integer<T: TryFrom<i128>>(ty: &WitType, value: &Value, path: &str) -> Result<T, HostError> {
    let wide: Option<i128> = match value {
        Value::Number(n) => n
            .as_i64()
            .map(i128::from)
            .or_else(|| n.as_u64().map(i128::from)),
        _ => None,
    };
    wide.and_then(|w| T::try_from(w).ok())
        .ok_or_else(|| mismatch(ty, value, path))
}

/// Convert `value` to a component value of type `ty`; `path` names it in errors.
pub fn json_to_val(ty: &WitType, value: &Value, path: &str) -> Result<Val, HostError> {
    Ok(match ty {
        WitType::Bool => Val::Bool(value.as_bool().ok_or_else(|| mismatch(ty, value, path))?),
        WitType::S8 => Val::S8(integer(ty, value, path)?),
        WitType::U8 => Val::U8(integer(ty, value, path)?),
        WitType::S16 => Val::S16(integer(ty, value, path)?),
        WitType::U16 => Val::U16(integer(ty, value, path)?),
        WitType::S32 => Val::S32(integer(ty, value, path)?),
        WitType::U32 => Val::U32(integer(ty, value, path)?),
        WitType::S64 => Val::S64(integer(ty, value, path)?),
        WitType::U64 => Val::U64(integer(ty, value, path)?),
        // Narrowing to f32 is the documented meaning of an f32 parameter.
        WitType::F32 => {
            Val::Float32(value.as_f64().ok_or_else(|| mismatch(ty, value, path))? as f32)
        }
        WitType::F64 => Val::Float64(value.as_f64().ok_or_else(|| mismatch(ty, value, path))?),
        WitType::Char => {
            let s = value.as_str().ok_or_else(|| mismatch(ty, value, path))?;
            let mut chars = s.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) => Val::Char(c),
                _ => return Err(mismatch(ty, value, path)),
            }
        }
        WitType::String => Val::String(
            value
                .as_str()
                .ok_or_else(|| mismatch(ty, value, path))?
                .to_string(),
        ),
        WitType::List(item) => {
            let items = value.as_array().ok_or_else(|| mismatch(ty, value, path))?;
            Val::List(
                items
                    .iter()
                    .enumerate()
                    .map(|(i, v)| json_to_val(item, v, &format!("{path}[{i}]")))
                    .collect::<Result<_, _>>()?,
            )
        }
        WitType::Record(fields) => {
            let object = value.as_object().ok_or_else(|| mismatch(ty, value, path))?;
            check_unknown_keys(object, fields.iter().map(|(n, _)| n.as_str()), path)?;
            Val::Record(
                fields
                    .iter()
                    .map(|(name, field_ty)| {
                        let field_path = join(path, name);
                        match object.get(name) {
                            Some(v) => Ok((name.clone(), json_to_val(field_ty, v, &field_path)?)),
                            None => Err(HostError::argument(field_path, "missing key")),
                        }
                    })
                    .collect::<Result<_, _>>()?,
            )
        }
        WitType::Tuple(types) => {
            let items = value.as_array().ok_or_else(|| mismatch(ty, value, path))?;
            if items.len() != types.len() {
                return Err(mismatch(ty, value, path));
            }
            Val::Tuple(
                types
                    .iter()
                    .zip(items)
                    .enumerate()
                    .map(|(i, (t, v))| json_to_val(t, v, &format!("{path}[{i}]")))
                    .collect::<Result<_, _>>()?,
            )
        }
        WitType::Variant(cases) => {
            let (name, payload) = match value {
                Value::String(name) => (name.as_str(), None),
                Value::Object(object) if object.len() == 1 => match object.iter().next() {
                    Some((name, payload)) => (name.as_str(), Some(payload)),
                    None => return Err(mismatch(ty, value, path)),
                },
                _ => return Err(mismatch(ty, value, path)),
            };
            let Some((case, case_ty)) = cases.iter().find(|(case, _)| case == name) else {
                return Err(HostError::argument(
                    path,
                    format!("unknown case `{name}`; expected {}", ty.expectation()),
                ));
            };
            let case_path = join(path, case);
            match (case_ty, payload) {
                (None, None) | (None, Some(Value::Null)) => Val::Variant(case.clone(), None),
                (None, Some(other)) => {
                    return Err(HostError::argument(
                        case_path,
                        format!(
                            "case `{case}` has no payload, got {}",
                            describe(other, false)
                        ),
                    ))
                }
                (Some(_), None) => {
                    return Err(HostError::argument(
                        path,
                        format!("case `{case}` needs a payload: write {{\"{case}\": ...}}"),
                    ))
                }
                (Some(t), Some(v)) => {
                    Val::Variant(case.clone(), Some(Box::new(json_to_val(t, v, &case_path)?)))
                }
            }
        }
        WitType::Enum(names) => {
            let name = value.as_str().ok_or_else(|| mismatch(ty, value, path))?;
            if !names.iter().any(|n| n == name) {
                return Err(mismatch(ty, value, path));
            }
            Val::Enum(name.to_string())
        }
        WitType::Option(inner) => match value {
            Value::Null => Val::Option(None),
            v => Val::Option(Some(Box::new(json_to_val(inner, v, path)?))),
        },
        WitType::Result { ok, err } => {
            let object = value
                .as_object()
                .filter(|o| o.len() == 1)
                .ok_or_else(|| mismatch(ty, value, path))?;
            let payload = |t: &Option<Box<WitType>>, v: &Value, p: &str| match t {
                Some(t) => Ok(Some(Box::new(json_to_val(t, v, p)?))),
                None if v.is_null() => Ok(None),
                None => Err(HostError::argument(p, "expected null (no payload)")),
            };
            match object.iter().next() {
                Some((key, v)) if key == "ok" => {
                    Val::Result(Ok(payload(ok, v, &join(path, "ok"))?))
                }
                Some((key, v)) if key == "err" => {
                    Val::Result(Err(payload(err, v, &join(path, "err"))?))
                }
                _ => return Err(mismatch(ty, value, path)),
            }
        }
        WitType::Flags(names) => {
            let items = value.as_array().ok_or_else(|| mismatch(ty, value, path))?;
            let mut set = Vec::new();
            for (i, item) in items.iter().enumerate() {
                match item.as_str() {
                    Some(flag) if names.iter().any(|n| n == flag) => set.push(flag.to_string()),
                    _ => {
                        return Err(HostError::argument(
                            format!("{path}[{i}]"),
                            format!("expected one of {}", names.join(", ")),
                        ))
                    }
                }
            }
            Val::Flags(set)
        }
        WitType::Unsupported(name) => {
            return Err(HostError::argument(
                path,
                format!("type {name} cannot be given as JSON"),
            ))
        }
    })
}

/// Convert a component value to JSON (component values carry their own names).
pub fn val_to_json(val: &Val) -> Result<Value, String> {
    Ok(match val {
        Val::Bool(b) => Value::Bool(*b),
        Val::S8(n) => Value::from(*n),
        Val::U8(n) => Value::from(*n),
        Val::S16(n) => Value::from(*n),
        Val::U16(n) => Value::from(*n),
        Val::S32(n) => Value::from(*n),
        Val::U32(n) => Value::from(*n),
        Val::S64(n) => Value::from(*n),
        Val::U64(n) => Value::from(*n),
        Val::Float32(f) => Number::from_f64(f64::from(*f))
            .map(Value::Number)
            .unwrap_or(Value::Null),
        Val::Float64(f) => Number::from_f64(*f)
            .map(Value::Number)
            .unwrap_or(Value::Null),
        Val::Char(c) => Value::String(c.to_string()),
        Val::String(s) => Value::String(s.clone()),
        Val::List(items) | Val::Tuple(items) | Val::FixedLengthList(items) => {
            Value::Array(items.iter().map(val_to_json).collect::<Result<_, _>>()?)
        }
        Val::Record(fields) => Value::Object(
            fields
                .iter()
                .map(|(name, v)| Ok((name.clone(), val_to_json(v)?)))
                .collect::<Result<_, String>>()?,
        ),
        Val::Variant(case, None) => Value::String(case.clone()),
        Val::Variant(case, Some(payload)) => {
            let mut object = Map::new();
            object.insert(case.clone(), val_to_json(payload)?);
            Value::Object(object)
        }
        Val::Enum(name) => Value::String(name.clone()),
        Val::Option(None) => Value::Null,
        Val::Option(Some(inner)) => val_to_json(inner)?,
        Val::Result(result) => {
            let (key, payload) = match result {
                Ok(payload) => ("ok", payload),
                Err(payload) => ("err", payload),
            };
            let mut object = Map::new();
            object.insert(
                key.to_string(),
                match payload {
                    Some(v) => val_to_json(v)?,
                    None => Value::Null,
                },
            );
            Value::Object(object)
        }
        Val::Flags(names) => Value::Array(names.iter().cloned().map(Value::String).collect()),
        Val::Map(pairs) => Value::Array(
            pairs
                .iter()
                .map(|(k, v)| Ok(Value::Array(vec![val_to_json(k)?, val_to_json(v)?])))
                .collect::<Result<_, String>>()?,
        ),
        other => return Err(format!("a {other:?} value cannot be represented as JSON")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn contact_choice() -> WitType {
        WitType::Variant(vec![
            ("same-as-registrant".into(), None),
            ("from-panel".into(), None),
            ("fixed".into(), Some(WitType::U64)),
        ])
    }

    fn settings() -> WitType {
        WitType::Record(vec![
            ("api-key".into(), WitType::String),
            ("api-secret".into(), WitType::String),
            ("api-url".into(), WitType::String),
            ("test-mode".into(), WitType::Bool),
            ("onsite-contact".into(), contact_choice()),
            ("tech-contact".into(), contact_choice()),
            ("request-timeout-ms".into(), WitType::U32),
        ])
    }

    fn good_settings() -> Value {
        json!({
            "api-key": "public$k", "api-secret": "secret$s", "api-url": "",
            "test-mode": false, "onsite-contact": "same-as-registrant",
            "tech-contact": {"fixed": 1234}, "request-timeout-ms": 0
        })
    }

    fn err_of(result: Result<Val, HostError>) -> (String, String) {
        match result {
            Err(HostError::Argument { path, message }) => (path, message),
            other => panic!("expected an argument error, got {other:?}"),
        }
    }

    #[test]
    fn record_with_variants_round_trips() {
        let val = json_to_val(&settings(), &good_settings(), "settings").expect("valid");
        assert_eq!(val_to_json(&val).expect("json"), good_settings());
    }

    #[test]
    fn missing_key_is_named() {
        let mut v = good_settings();
        v.as_object_mut().expect("object").remove("test-mode");
        let (path, message) = err_of(json_to_val(&settings(), &v, "settings"));
        assert_eq!(path, "settings.test-mode");
        assert_eq!(message, "missing key");
    }

    #[test]
    fn unknown_key_is_named_with_a_hint() {
        let mut v = good_settings();
        v.as_object_mut()
            .expect("object")
            .insert("api_url".into(), json!(""));
        let (path, message) = err_of(json_to_val(&settings(), &v, "settings"));
        assert_eq!(path, "settings.api_url");
        assert!(message.contains("did you mean `api-url`"), "{message}");
    }

    #[test]
    fn mistyped_integer_names_range_and_value() {
        let mut v = good_settings();
        v["request-timeout-ms"] = json!("abc");
        let (path, message) = err_of(json_to_val(&settings(), &v, "settings"));
        assert_eq!(path, "settings.request-timeout-ms");
        assert_eq!(message, "expected a number in 0..=4294967295, got \"abc\"");
        v["request-timeout-ms"] = json!(-1);
        let (_, message) = err_of(json_to_val(&settings(), &v, "settings"));
        assert!(message.ends_with("got -1"), "{message}");
        v["request-timeout-ms"] = json!(1.5);
        assert!(json_to_val(&settings(), &v, "settings").is_err());
    }

    #[test]
    fn secrets_are_not_echoed() {
        let mut v = good_settings();
        v["api-secret"] = json!(12345678);
        let (path, message) = err_of(json_to_val(&settings(), &v, "settings"));
        assert_eq!(path, "settings.api-secret");
        assert!(!message.contains("12345678"), "{message}");
    }

    #[test]
    fn variant_forms() {
        let ty = contact_choice();
        assert_eq!(
            json_to_val(&ty, &json!("from-panel"), "c").expect("case"),
            Val::Variant("from-panel".into(), None)
        );
        assert_eq!(
            json_to_val(&ty, &json!({"fixed": 7}), "c").expect("payload"),
            Val::Variant("fixed".into(), Some(Box::new(Val::U64(7))))
        );
        let (path, message) = err_of(json_to_val(&ty, &json!("fixed"), "c"));
        assert_eq!(path, "c");
        assert!(message.contains("needs a payload"), "{message}");
        let (path, _) = err_of(json_to_val(&ty, &json!({"fixed": "x"}), "c"));
        assert_eq!(path, "c.fixed");
        let (_, message) = err_of(json_to_val(&ty, &json!("nobody"), "c"));
        assert!(message.contains("unknown case `nobody`"), "{message}");
    }

    #[test]
    fn lists_tuples_options_enums() {
        let glue = WitType::List(Box::new(WitType::Tuple(vec![
            WitType::String,
            WitType::String,
        ])));
        let v = json!([
            ["ns1.example.nl", "192.0.2.1"],
            ["ns2.example.nl", "192.0.2.2"]
        ]);
        let val = json_to_val(&glue, &v, "glue").expect("glue");
        assert_eq!(val_to_json(&val).expect("json"), v);
        let (path, _) = err_of(json_to_val(&glue, &json!([["a", "b"], ["c"]]), "glue"));
        assert_eq!(path, "glue[1]");
        let (path, _) = err_of(json_to_val(&glue, &json!([["a", 1]]), "glue"));
        assert_eq!(path, "glue[0][1]");

        let opt = WitType::Option(Box::new(WitType::U32));
        assert_eq!(
            json_to_val(&opt, &Value::Null, "o").expect("none"),
            Val::Option(None)
        );
        assert_eq!(
            val_to_json(&json_to_val(&opt, &json!(5), "o").expect("some")).expect("json"),
            json!(5)
        );

        let role = WitType::Enum(vec!["registrant".into(), "onsite".into(), "tech".into()]);
        assert_eq!(
            json_to_val(&role, &json!("tech"), "r").expect("enum"),
            Val::Enum("tech".into())
        );
        let (_, message) = err_of(json_to_val(&role, &json!("admin"), "r"));
        assert!(message.contains("\"onsite\""), "{message}");
    }

    #[test]
    fn results_map_to_ok_err_objects() {
        let ty = WitType::Result {
            ok: Some(Box::new(WitType::String)),
            err: None,
        };
        let val = json_to_val(&ty, &json!({"ok": "x"}), "r").expect("ok");
        assert_eq!(val_to_json(&val).expect("json"), json!({"ok": "x"}));
        let val = json_to_val(&ty, &json!({"err": null}), "r").expect("err");
        assert_eq!(val_to_json(&val).expect("json"), json!({"err": null}));
        assert!(json_to_val(&ty, &json!({"ok": 1, "err": null}), "r").is_err());
    }

    #[test]
    fn signature_checks_parameters() {
        let sig = Signature {
            name: "get-nameservers".into(),
            params: vec![
                ("settings".into(), settings()),
                ("domain".into(), WitType::String),
            ],
            results: vec![],
        };
        let vals = sig
            .args_to_vals(&json!({"settings": good_settings(), "domain": "example.nl"}))
            .expect("args");
        assert_eq!(vals.len(), 2);
        let err = sig
            .args_to_vals(&json!({"settings": good_settings()}))
            .expect_err("missing domain");
        assert!(matches!(err, HostError::Argument { ref path, .. } if path == "domain"));
        let err = sig
            .args_to_vals(&json!({"settings": good_settings(), "domain": "x", "extra": 1}))
            .expect_err("unknown");
        assert!(matches!(err, HostError::Argument { ref path, .. } if path == "extra"));
        let err = sig.args_to_vals(&json!([1])).expect_err("not an object");
        assert!(matches!(err, HostError::Argument { ref path, .. } if path == "args"));
    }
}
