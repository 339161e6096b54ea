//! `check-credentials`.

use crate::env::Env;
use crate::error::Error;
use crate::odr::client::Client;
use crate::odr::response;
use crate::types::{Account, Settings};

/// Log in with the settings, ignoring any stored token, then `GET /user/`.
pub fn check_credentials<E: Env>(env: &mut E, settings: &Settings) -> Result<Account, Error> {
    let mut client = Client::new(env, settings, "check-credentials")?;
    client.login_fresh()?;
    let what = "reading the ODR account";
    let payload = client.get(&["user"], what)?;
    let info = response::account(&payload).map_err(|m| client.unreadable(what, &m))?;
    Ok(Account {
        user_id: info.user_id,
        balance: info.balance,
    })
}
