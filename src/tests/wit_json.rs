//! The JSON form of WIT values (`docs/architecture.md`, "Values across the
//! boundary") read into the core's own types, for the native replay of recordings.
//!
//! The generated types derive `serde::Deserialize` with Rust names; this deserializer
//! translates the names as it goes: a record key `api-key` is the field `api_key`, a
//! case `same-as-registrant` (a string, or the one key of `{"fixed": 1234}`) is the
//! variant `SameAsRegistrant`. Everything else (strings, numbers, lists, tuples as
//! lists, `null` for `none` and for `_`) reads as it is.

use serde::de::value::{Error, StringDeserializer};
use serde::de::{self, DeserializeSeed, IntoDeserializer, Visitor};
use serde::forward_to_deserialize_any;
use serde_json::{Map, Value};

/// `value` (JSON in the boundary's form) as a `T`.
pub fn from_json<T: de::DeserializeOwned>(value: &Value) -> Result<T, String> {
    T::deserialize(Wit(value)).map_err(|e| e.to_string())
}

/// A record field's Rust name: `retry-after-seconds` → `retry_after_seconds`.
fn field_name(kebab: &str) -> String {
    kebab.replace('-', "_")
}

/// A case's Rust name: `same-as-registrant` → `SameAsRegistrant`.
fn case_name(kebab: &str) -> String {
    kebab
        .split('-')
        .map(|part| {
            let mut chars = part.chars();
            match chars.next() {
                Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
                None => String::new(),
            }
        })
        .collect()
}

fn name_deserializer(name: String) -> StringDeserializer<Error> {
    name.into_deserializer()
}

struct Wit<'a>(&'a Value);

impl<'de> de::Deserializer<'de> for Wit<'_> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Value::Null => visitor.visit_unit(),
            Value::Bool(b) => visitor.visit_bool(*b),
            Value::Number(n) => match (n.as_u64(), n.as_i64(), n.as_f64()) {
                (Some(u), _, _) => visitor.visit_u64(u),
                (None, Some(i), _) => visitor.visit_i64(i),
                (None, None, Some(f)) => visitor.visit_f64(f),
                (None, None, None) => Err(de::Error::custom(format!("unreadable number {n}"))),
            },
            Value::String(s) => visitor.visit_str(s),
            Value::Array(items) => visitor.visit_seq(Items(items.iter())),
            Value::Object(map) => visitor.visit_map(Fields {
                entries: map.iter(),
                value: None,
            }),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Value::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match self.0 {
            Value::String(case) => visitor.visit_enum(Case {
                name: case_name(case),
                payload: None,
            }),
            Value::Object(map) if map.len() == 1 => {
                let (case, payload) = one_entry(map)?;
                visitor.visit_enum(Case {
                    name: case_name(case),
                    payload: Some(payload),
                })
            }
            other => Err(de::Error::custom(format!(
                "{name}: expected a case name or a one-key object, got {other}"
            ))),
        }
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple tuple_struct map struct
        identifier ignored_any
    }
}

fn one_entry(map: &Map<String, Value>) -> Result<(&String, &Value), Error> {
    map.iter()
        .next()
        .ok_or_else(|| de::Error::custom("an empty object is no case"))
}

struct Items<'a>(std::slice::Iter<'a, Value>);

impl<'de> de::SeqAccess<'de> for Items<'_> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        self.0
            .next()
            .map(|item| seed.deserialize(Wit(item)))
            .transpose()
    }
}

struct Fields<'a> {
    entries: serde_json::map::Iter<'a>,
    value: Option<&'a Value>,
}

impl<'de> de::MapAccess<'de> for Fields<'_> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        match self.entries.next() {
            Some((key, value)) => {
                self.value = Some(value);
                seed.deserialize(name_deserializer(field_name(key)))
                    .map(Some)
            }
            None => Ok(None),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        match self.value.take() {
            Some(value) => seed.deserialize(Wit(value)),
            None => Err(de::Error::custom("a value without a key")),
        }
    }
}

struct Case<'a> {
    name: String,
    payload: Option<&'a Value>,
}

impl<'de, 'a> de::EnumAccess<'de> for Case<'a> {
    type Error = Error;
    type Variant = Payload<'a>;

    fn variant_seed<S: DeserializeSeed<'de>>(
        self,
        seed: S,
    ) -> Result<(S::Value, Payload<'a>), Error> {
        let case = seed.deserialize(name_deserializer(self.name))?;
        Ok((case, Payload(self.payload)))
    }
}

struct Payload<'a>(Option<&'a Value>);

impl<'de> de::VariantAccess<'de> for Payload<'_> {
    type Error = Error;

    fn unit_variant(self) -> Result<(), Error> {
        match self.0 {
            None | Some(Value::Null) => Ok(()),
            Some(other) => Err(de::Error::custom(format!(
                "a case without payload, got {other}"
            ))),
        }
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, Error> {
        seed.deserialize(Wit(self.0.unwrap_or(&Value::Null)))
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, Error> {
        de::Deserializer::deserialize_any(Wit(self.0.unwrap_or(&Value::Null)), visitor)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        de::Deserializer::deserialize_any(Wit(self.0.unwrap_or(&Value::Null)), visitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::{ContactChoice, RateLimited, RegistrarError, Settings};
    use serde_json::json;

    #[test]
    fn names_translate_both_ways_of_a_case() {
        let settings: Settings = from_json(&json!({
            "api-key": "k", "api-secret": "s", "api-url": "http://odr.test/", "test-mode": false,
            "onsite-contact": "same-as-registrant", "tech-contact": {"fixed": 7},
            "request-timeout-ms": 0, "max-requests-per-second": 3
        }))
        .expect("settings read");
        assert_eq!(settings.onsite_contact, ContactChoice::SameAsRegistrant);
        assert_eq!(settings.tech_contact, ContactChoice::Fixed(7));
        assert_eq!(settings.max_requests_per_second, 3);
        let error: RegistrarError = from_json(&json!({
            "rate-limited": {"message": "slow down", "retry-after-seconds": 30}
        }))
        .expect("error read");
        assert_eq!(
            error,
            RegistrarError::RateLimited(RateLimited {
                message: "slow down".into(),
                retry_after_seconds: Some(30),
            })
        );
    }

    #[test]
    fn a_wrong_shape_is_an_error_not_a_panic() {
        assert!(from_json::<Settings>(&json!("nope")).is_err());
        assert!(from_json::<ContactChoice>(&json!({"a": 1, "b": 2})).is_err());
        assert!(from_json::<ContactChoice>(&json!({"no-such-case": 1})).is_err());
    }
}
