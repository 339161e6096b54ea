//! PHP values ⇄ JSON values (`serde_json::Value`).
//!
//! odr-host maps JSON to the component's WIT types and back (see
//! `docs/architecture.md`); this module only moves values between PHP and JSON:
//!
//! | PHP | JSON |
//! |---|---|
//! | `null`, `bool`, `int`, `string` (valid UTF-8) | `null`, bool, number, string |
//! | `float` (finite) | number |
//! | array with keys `0..n-1` in order (and `[]`) | list |
//! | any other array | object (integer keys become strings) |
//! | object, resource, `NAN`, `INF`, invalid UTF-8 | refused, naming the path |
//!
//! Back from JSON: numbers that fit an `int` become `int`, others `float` (as
//! `json_decode` does); objects become associative arrays.

use ext_php_rs::boxed::ZBox;
use ext_php_rs::flags::DataType;
use ext_php_rs::types::{ArrayKey, ZendHashTable, ZendStr, Zval};
use serde_json::{Map, Number, Value};
use std::fmt;

/// Arrays nested deeper than this are refused (a PHP array can contain itself
/// through a reference; the component's deepest argument is five levels).
const MAX_DEPTH: usize = 32;

/// A PHP value that has no JSON form, and where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueError {
    /// Where, e.g. `order.registrant.country` or `order.nameservers[2]`.
    pub path: String,
    /// What, e.g. `objects are not accepted (got DateTime); pass an array`.
    pub message: String,
}

impl fmt::Display for ValueError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "{}", self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

/// One step of a path: a key of an associative array or an index of a list.
#[derive(Clone, Copy)]
enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

/// The path from the top-level array to a value, rendered only when an error needs it.
#[derive(Clone, Copy)]
struct Path<'a> {
    parent: Option<&'a Path<'a>>,
    step: Option<Step<'a>>,
}

impl<'a> Path<'a> {
    const ROOT: Path<'static> = Path {
        parent: None,
        step: None,
    };

    fn child(&'a self, step: Step<'a>) -> Path<'a> {
        Path {
            parent: Some(self),
            step: Some(step),
        }
    }

    fn depth(&self) -> usize {
        self.parent.map_or(0, |parent| parent.depth() + 1)
    }

    fn render(&self) -> String {
        let mut steps = Vec::new();
        let mut current = Some(self);
        while let Some(path) = current {
            if let Some(step) = path.step {
                steps.push(step);
            }
            current = path.parent;
        }
        let mut out = String::new();
        for step in steps.iter().rev() {
            match step {
                Step::Key(key) => {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    out.push_str(key);
                }
                Step::Index(index) => out.push_str(&format!("[{index}]")),
            }
        }
        out
    }

    fn error(&self, message: impl Into<String>) -> ValueError {
        ValueError {
            path: self.render(),
            message: message.into(),
        }
    }
}

/// The PHP type name of a value, for messages (`int`, `string`, `DateTime`...).
pub fn type_name(zval: &Zval) -> String {
    let zval = zval.dereference();
    match zval.get_type() {
        DataType::Null | DataType::Undef => "null".into(),
        DataType::False | DataType::True | DataType::Bool => "bool".into(),
        DataType::Long => "int".into(),
        DataType::Double => "float".into(),
        DataType::String => "string".into(),
        DataType::Array => "array".into(),
        DataType::Object(_) => zval
            .object()
            .and_then(|object| object.get_class_name().ok())
            .unwrap_or_else(|| "object".into()),
        DataType::Resource => "resource".into(),
        other => other.to_string(),
    }
}

/// A PHP string as UTF-8 text, or a message saying where it is not.
pub fn utf8(string: &ZendStr) -> Result<&str, String> {
    std::str::from_utf8(string.as_bytes()).map_err(|e| {
        let offset = e.valid_up_to();
        let byte = string.as_bytes().get(offset).copied().unwrap_or(0);
        format!("not valid UTF-8 (byte 0x{byte:02x} at offset {offset}); strings must be UTF-8")
    })
}

/// The entries of a PHP array with every key as text (`12` → `"12"`), or an error
/// naming a key that is not UTF-8.
pub fn entries(array: &ZendHashTable) -> Result<Vec<(String, &Zval)>, String> {
    let mut out = Vec::with_capacity(array.len());
    let mut iter = ext_php_rs::types::array::Iter::new(array);
    while let Some((key, value)) = iter.next_zval() {
        let key = match read_key(&key) {
            Key::Index(index) => index.to_string(),
            Key::Text(text) => text,
            Key::Invalid(shown) => return Err(format!("the key {shown:?} is not valid UTF-8")),
        };
        out.push((key, value));
    }
    Ok(out)
}

/// The `args` array of `Registrar::call` as a JSON object or list.
pub fn array_to_json(array: &ZendHashTable) -> Result<Value, ValueError> {
    hashtable_to_json(array, &Path::ROOT)
}

fn value_to_json(zval: &Zval, path: &Path<'_>) -> Result<Value, ValueError> {
    let zval = resolve(zval);
    match zval.get_type() {
        DataType::Null | DataType::Undef => Ok(Value::Null),
        DataType::False => Ok(Value::Bool(false)),
        DataType::True => Ok(Value::Bool(true)),
        DataType::Long => Ok(Value::from(zval.long().unwrap_or_default())),
        DataType::Double => {
            let number = zval.double().unwrap_or_default();
            Number::from_f64(number).map(Value::Number).ok_or_else(|| {
                let shown = if number.is_nan() {
                    "NAN"
                } else if number > 0.0 {
                    "INF"
                } else {
                    "-INF"
                };
                path.error(format!("{shown} has no JSON form"))
            })
        }
        DataType::String => match zval.zend_str() {
            Some(string) => utf8(string)
                .map(|text| Value::String(text.to_owned()))
                .map_err(|message| path.error(message)),
            None => Ok(Value::String(String::new())),
        },
        DataType::Array => match zval.array() {
            Some(array) => hashtable_to_json(array, path),
            None => Ok(Value::Array(Vec::new())),
        },
        DataType::Object(_) => Err(path.error(format!(
            "objects are not accepted (got {}); pass an array or a scalar",
            type_name(zval)
        ))),
        _ => Err(path.error(format!(
            "a {} has no JSON form; pass an array or a scalar",
            type_name(zval)
        ))),
    }
}

/// Follow references (`&$x` inside arrays) and indirect slots.
fn resolve(zval: &Zval) -> &Zval {
    let zval = zval.indirect().unwrap_or(zval);
    zval.dereference()
}

/// A key as the hash table holds it: an integer or a string.
enum Key {
    Index(i64),
    Text(String),
    /// Not UTF-8; lossily shown.
    Invalid(String),
}

fn read_key(key: &Zval) -> Key {
    if let Some(index) = key.long() {
        return Key::Index(index);
    }
    let bytes = key.zend_str().map(ZendStr::as_bytes).unwrap_or_default();
    match std::str::from_utf8(bytes) {
        Ok(text) => Key::Text(text.to_owned()),
        Err(_) => Key::Invalid(String::from_utf8_lossy(bytes).into_owned()),
    }
}

fn hashtable_to_json(array: &ZendHashTable, path: &Path<'_>) -> Result<Value, ValueError> {
    if path.depth() >= MAX_DEPTH {
        return Err(path.error(format!(
            "arrays nested deeper than {MAX_DEPTH} levels (a recursive array?)"
        )));
    }
    let mut entries: Vec<(Key, &Zval)> = Vec::with_capacity(array.len());
    // `next_zval` hands out the raw key, so a non-UTF-8 key is an error, not a panic.
    let mut iter = ext_php_rs::types::array::Iter::new(array);
    while let Some((key, value)) = iter.next_zval() {
        let key = read_key(&key);
        if let Key::Invalid(shown) = &key {
            return Err(path.error(format!("the key {shown:?} is not valid UTF-8")));
        }
        entries.push((key, value));
    }

    let is_list = entries.iter().enumerate().all(|(position, (key, _))| {
        matches!(key, Key::Index(index) if usize::try_from(*index).is_ok_and(|i| i == position))
    });
    if is_list {
        let mut list = Vec::with_capacity(entries.len());
        for (position, (_, value)) in entries.iter().enumerate() {
            list.push(value_to_json(value, &path.child(Step::Index(position)))?);
        }
        return Ok(Value::Array(list));
    }

    let mut object = Map::new();
    for (key, value) in entries {
        let key = match key {
            Key::Index(index) => index.to_string(),
            Key::Text(text) | Key::Invalid(text) => text,
        };
        let converted = value_to_json(value, &path.child(Step::Key(&key)))?;
        object.insert(key, converted);
    }
    Ok(Value::Object(object))
}

/// A JSON value as a PHP value.
pub fn json_to_zval(value: &Value) -> Result<Zval, String> {
    let mut zval = Zval::new();
    match value {
        Value::Null => zval.set_null(),
        Value::Bool(flag) => zval.set_bool(*flag),
        Value::Number(number) => {
            if let Some(int) = number.as_i64() {
                zval.set_long(int);
            } else {
                zval.set_double(number.as_f64().unwrap_or(f64::NAN));
            }
        }
        Value::String(text) => zval
            .set_string(text, false)
            .map_err(|e| format!("cannot create a PHP string: {e}"))?,
        Value::Array(items) => {
            let mut array = new_array(items.len());
            for item in items {
                array
                    .push(json_to_zval(item)?)
                    .map_err(|e| format!("cannot build a PHP array: {e}"))?;
            }
            zval.set_hashtable(array);
        }
        Value::Object(fields) => {
            let mut array = new_array(fields.len());
            for (key, item) in fields {
                // `ArrayKey::from(String)` turns "12" into 12, as PHP itself does.
                array
                    .insert(ArrayKey::from(key.clone()), json_to_zval(item)?)
                    .map_err(|e| format!("cannot build a PHP array: {e}"))?;
            }
            zval.set_hashtable(array);
        }
    }
    Ok(zval)
}

/// An empty PHP array with room for `len` elements.
pub fn new_array(len: usize) -> ZBox<ZendHashTable> {
    match u32::try_from(len) {
        Ok(size) => ZendHashTable::with_capacity(size),
        Err(_) => ZendHashTable::new(),
    }
}
