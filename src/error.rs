//! Typed internal errors, turned into the WIT `registrar-error` at the export
//! boundary only.

use crate::odr::envelope::{ApiError, ApiErrorKind};
use crate::odr::mask::mask_call;
use crate::types::{FieldError, InvalidInput, RateLimited, RegistrarError};

/// Why an operation failed, with the context an admin needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Error {
    /// ODR answered with an error (classified envelope or HTTP status).
    /// `what` says what the component was doing, e.g. "reading domain example.nl".
    Odr {
        /// What the component was doing.
        what: String,
        /// ODR's answer, classified.
        api: ApiError,
    },
    /// The credentials were refused (after one fresh login).
    AuthenticationFailed(String),
    /// A domain or contact is not in the ODR account.
    NotFound(String),
    /// The input (or ODR's validation) rejected fields.
    InvalidInput {
        /// Summary.
        message: String,
        /// Per-field messages.
        fields: Vec<(String, String)>,
    },
    /// ODR refused the operation.
    Refused(String),
    /// The domain's state does not allow the operation.
    InvalidState(String),
    /// ODR could not be reached, or the host's state store failed.
    Transport(String),
    /// ODR answered with something the component cannot interpret.
    Unexpected(String),
}

impl Error {
    /// An `invalid-input` error about one field.
    pub fn invalid_field(field: &str, message: impl Into<String>) -> Self {
        let message = message.into();
        Error::InvalidInput {
            message: format!("{field}: {message}"),
            fields: vec![(field.to_string(), message)],
        }
    }

    /// The ODR classification, when this error is ODR's answer.
    pub fn api(&self) -> Option<&ApiError> {
        match self {
            Error::Odr { api, .. } => Some(api),
            _ => None,
        }
    }

    /// True when ODR said "not found" (404).
    pub fn is_not_found(&self) -> bool {
        matches!(self.api(), Some(a) if a.kind == ApiErrorKind::NotFound)
            || matches!(self, Error::NotFound(_))
    }

    /// True for an ODR error whose message reads like a refused login or
    /// token, whatever its code (a hint, see `envelope::looks_like_auth`).
    pub fn mentions_auth(&self) -> bool {
        self.api()
            .is_some_and(|a| crate::odr::envelope::looks_like_auth(&a.message))
    }

    /// The same error with `note` added to ODR's message (other errors unchanged).
    pub fn with_note(self, note: &str) -> Error {
        match self {
            Error::Odr { what, mut api } => {
                api.message = format!("{} ({note})", api.message);
                Error::Odr { what, api }
            }
            other => other,
        }
    }

    /// True for a refused login or token.
    pub fn is_auth(&self) -> bool {
        matches!(self.api(), Some(a) if a.kind == ApiErrorKind::Auth)
            || matches!(self, Error::AuthenticationFailed(_))
    }

    /// True when the outcome of a write is unknown: no response, or a response
    /// that cannot be read (the request may have been carried out).
    pub fn is_ambiguous(&self) -> bool {
        match self {
            Error::Transport(_) | Error::Unexpected(_) => true,
            Error::Odr { api, .. } => {
                matches!(
                    api.kind,
                    ApiErrorKind::Unavailable | ApiErrorKind::Unexpected
                )
            }
            _ => false,
        }
    }

    /// The admin-facing message of this error.
    pub fn message(&self) -> String {
        match self.to_wit() {
            RegistrarError::AuthenticationFailed(m)
            | RegistrarError::NotFound(m)
            | RegistrarError::Refused(m)
            | RegistrarError::InvalidState(m)
            | RegistrarError::Transport(m)
            | RegistrarError::UnexpectedResponse(m) => m,
            RegistrarError::InvalidInput(i) => i.message,
            RegistrarError::RateLimited(r) => r.message,
        }
    }

    /// The WIT error, with a message that says what failed and what to do,
    /// masked (see [`crate::odr::mask`]): an error is a way out of the component
    /// like a log line, and may carry a host's or ODR's text (a database error
    /// with a bound value, a body snippet with an EPP code).
    pub fn to_wit(&self) -> RegistrarError {
        masked(self.unmasked_wit())
    }

    fn unmasked_wit(&self) -> RegistrarError {
        match self {
            Error::Odr { what, api } => odr_to_wit(what, api),
            Error::AuthenticationFailed(m) => RegistrarError::AuthenticationFailed(m.clone()),
            Error::NotFound(m) => RegistrarError::NotFound(m.clone()),
            Error::InvalidInput { message, fields } => {
                RegistrarError::InvalidInput(invalid_input(message.clone(), fields))
            }
            Error::Refused(m) => RegistrarError::Refused(m.clone()),
            Error::InvalidState(m) => RegistrarError::InvalidState(m.clone()),
            Error::Transport(m) => RegistrarError::Transport(m.clone()),
            Error::Unexpected(m) => RegistrarError::UnexpectedResponse(m.clone()),
        }
    }
}

/// Every text of `error` masked with the call's secrets and the shared policy.
fn masked(error: RegistrarError) -> RegistrarError {
    let m = |text: String| mask_call(&text);
    match error {
        RegistrarError::AuthenticationFailed(t) => RegistrarError::AuthenticationFailed(m(t)),
        RegistrarError::NotFound(t) => RegistrarError::NotFound(m(t)),
        RegistrarError::Refused(t) => RegistrarError::Refused(m(t)),
        RegistrarError::InvalidState(t) => RegistrarError::InvalidState(m(t)),
        RegistrarError::Transport(t) => RegistrarError::Transport(m(t)),
        RegistrarError::UnexpectedResponse(t) => RegistrarError::UnexpectedResponse(m(t)),
        RegistrarError::InvalidInput(i) => RegistrarError::InvalidInput(InvalidInput {
            message: m(i.message),
            fields: i
                .fields
                .into_iter()
                .map(|f| FieldError {
                    field: f.field,
                    message: m(f.message),
                })
                .collect(),
        }),
        RegistrarError::RateLimited(r) => RegistrarError::RateLimited(RateLimited {
            message: m(r.message),
            retry_after_seconds: r.retry_after_seconds,
        }),
    }
}

fn invalid_input(message: String, fields: &[(String, String)]) -> InvalidInput {
    InvalidInput {
        message,
        fields: fields
            .iter()
            .map(|(field, message)| FieldError {
                field: field.clone(),
                message: message.clone(),
            })
            .collect(),
    }
}

fn odr_to_wit(what: &str, api: &ApiError) -> RegistrarError {
    let said = &api.message;
    match api.kind {
        ApiErrorKind::Auth => RegistrarError::AuthenticationFailed(format!(
            "ODR refused the credentials while {what}: {said}. Check the API key and secret in \
             the module settings (test mode needs the separate staging keys)."
        )),
        ApiErrorKind::NotFound => RegistrarError::NotFound(format!(
            "ODR found nothing while {what}: {said}. Check the name and that it belongs to \
                 this ODR account (test mode uses the staging account)."
        )),
        ApiErrorKind::Invalid => {
            let list = api
                .fields
                .iter()
                .map(|(f, m)| format!("{f}: {m}"))
                .collect::<Vec<_>>()
                .join(", ");
            RegistrarError::InvalidInput(invalid_input(
                format!("ODR rejected the data while {what}: {said} ({list}). Correct these fields and try again."),
                &api.fields,
            ))
        }
        ApiErrorKind::Refused | ApiErrorKind::SoftFailure => {
            RegistrarError::Refused(format!("ODR refused {what}: {said}"))
        }
        ApiErrorKind::RateLimited => RegistrarError::RateLimited(RateLimited {
            message: match api.retry_after {
                // Kept from an earlier call (`Client::honour_backoff`): nothing was sent.
                Some(s) if api.http_status == 0 => format!(
                    "ODR asked the module earlier (Retry-After) to wait; nothing was sent while \
                     {what}. Try again in {s} seconds."
                ),
                Some(s) => format!(
                    "ODR asked us to slow down while {what} (HTTP {}); try again in {s} seconds.",
                    api.http_status
                ),
                None => format!(
                    "ODR asked us to slow down while {what} (HTTP {}); try again in a few minutes.",
                    api.http_status
                ),
            },
            retry_after_seconds: api.retry_after,
        }),
        ApiErrorKind::Unavailable => {
            let status = if api.http_status >= 500 {
                format!(" (HTTP {})", api.http_status)
            } else {
                String::new()
            };
            // Without ODR's envelope the message is our own "ODR is unavailable (HTTP n)".
            RegistrarError::Transport(if said.starts_with("ODR is unavailable") {
                format!("ODR is unavailable{status} while {what}; try again later.")
            } else {
                format!("ODR is unavailable{status} while {what}: {said}; try again later.")
            })
        }
        ApiErrorKind::Unexpected => RegistrarError::UnexpectedResponse(format!(
            "ODR's answer could not be read while {what}: {said}. Try again later; if it \
             persists, check the module log and contact ODR."
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::odr::mask::{forget_all, remember};

    #[test]
    fn every_error_text_leaving_the_component_is_masked() {
        forget_all();
        remember("s3cret-value");
        let store = Error::Transport(
            "The panel's state store could not write 'odr:token:ab': SQLSTATE[23000] insert into \
             mod_odr_state values ('{\"token\":\"token$4f2a9c0e1d77\"}') s3cret-value"
                .to_string(),
        );
        assert_eq!(
            store.message(),
            "The panel's state store could not write 'odr:token:ab': SQLSTATE[23000] insert into \
             mod_odr_state values ('{\"token\":\"********\"}') ********"
        );
        let input = Error::InvalidInput {
            message: "bad {\"auth_code\":\"Xk29PqLm7A\"}".to_string(),
            fields: vec![("auth_code".to_string(), "s3cret-value is wrong".to_string())],
        };
        let RegistrarError::InvalidInput(i) = input.to_wit() else {
            panic!("not invalid-input");
        };
        assert_eq!(i.message, "bad {\"auth_code\":\"********\"}");
        assert_eq!(i.fields[0].message, "******** is wrong");
        forget_all();
    }
}
