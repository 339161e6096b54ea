//! `check-credentials` and `get-account`.

use crate::env::Env;
use crate::error::Error;
use crate::odr::client::Client;
use crate::odr::response;
use crate::types::{Account, Settings};

/// Log in with the settings, ignoring any stored token, then `GET /user/`.
pub fn check_credentials<E: Env>(env: &mut E, settings: &Settings) -> Result<Account, Error> {
    let mut client = Client::new(env, settings, "check-credentials")?;
    client.login_fresh()?;
    read_account(&mut client)
}

/// `get-account`: `GET /user/` with the stored token (a login only when cold):
/// the balance for the panel's dashboard and its low-balance warning.
pub fn get_account<E: Env>(env: &mut E, settings: &Settings) -> Result<Account, Error> {
    let mut client = Client::new(env, settings, "get-account")?;
    read_account(&mut client)
}

/// `GET /user/`, parsed.
fn read_account<E: Env>(client: &mut Client<'_, E>) -> Result<Account, Error> {
    let what = "reading the ODR account";
    let payload = client.get(&["user"], what)?;
    let info = response::account(&payload).map_err(|m| client.unreadable(what, &m))?;
    Ok(Account {
        user_id: info.user_id,
        balance: info.balance,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::{settings, FakeEnv};
    use serde_json::json;

    #[test]
    fn the_balance_with_a_stored_token_is_one_request() {
        let mut env = FakeEnv::warm();
        env.get(
            "/user/",
            json!({"user_id": "12", "balance": "3.50", "billing_plan_id": 3}),
        );
        let account = get_account(&mut env, &settings()).unwrap();
        assert_eq!(account.balance.as_deref(), Some("3.50"));
        assert_eq!(account.user_id.as_deref(), Some("12"));
        env.assert_done();
    }

    #[test]
    fn a_cold_token_logs_in_first() {
        let mut env = FakeEnv::new();
        env.expect_login();
        env.get("/user/", json!({"user_id": 12, "balance": 0}));
        let account = get_account(&mut env, &settings()).unwrap();
        assert_eq!(account.balance.as_deref(), Some("0"));
        env.assert_done();
    }
}
