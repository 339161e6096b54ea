//! The account's price list: `GET /user/` (its `billing_plan_id`), then
//! `GET /billing-plan/{id}/items/` (odr-api.md §5.3, §5.22). It is the only
//! list of the TLDs an account can order that ODR offers, so availability uses
//! it to tell a TLD ODR does not sell (the panel's own WHOIS lookup answers)
//! from a real failure.
//!
//! Assumed, from ODR's official PHP library's example only (no mock, no
//! independent source): the `billing_plan_id` field of `GET /user/` and the
//! `items` object keyed by TLD. The recordings that rely on them say so.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::env::Env;
use crate::error::Error;
use crate::odr::client::Client;
use crate::odr::response::id_text;
use crate::types::{Settings, TldPrice, TldPricing};

/// How long the TLD list stays in `state` (a day: prices and TLDs change rarely).
pub const TLDS_TTL_SECONDS: u32 = 86_400;

/// One price list: per TLD (lower case, no dot), per operation key (e.g.
/// `create_domain`), the price as ODR wrote it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PriceList {
    /// The billing plan the prices come from.
    pub plan_id: String,
    /// TLD → operation → price text.
    pub items: BTreeMap<String, BTreeMap<String, String>>,
    /// The list's `currency`, when it names one.
    pub currency: Option<String>,
}

/// A TLD as a key: trimmed, lower case, no dots around.
pub fn tld_key(raw: &str) -> String {
    raw.trim().trim_matches('.').to_ascii_lowercase()
}

/// A price as text: a number or a non-empty numeric string.
fn price_text(value: &Value) -> Option<String> {
    match value {
        Value::Number(n) => Some(n.to_string()),
        Value::String(s) => {
            let s = s.trim();
            (!s.is_empty() && s.parse::<f64>().is_ok_and(|f| f.is_finite())).then(|| s.to_string())
        }
        _ => None,
    }
}

/// The operations and prices of one item (keys lower case).
fn item_prices(item: &Value) -> BTreeMap<String, String> {
    let mut prices = BTreeMap::new();
    if let Some(object) = item.as_object() {
        for (key, value) in object {
            if let Some(price) = price_text(value) {
                prices.insert(key.trim().to_ascii_lowercase(), price);
            }
        }
    }
    prices
}

/// `billing_plan_id` of `GET /user/` (pure).
pub fn parse_plan_id(payload: &Value) -> Result<String, String> {
    let object = payload
        .as_object()
        .ok_or("the account answer is not an object")?;
    id_text(object.get("billing_plan_id"))
        .ok_or_else(|| "the account answer has no billing_plan_id".to_string())
}

/// The items of `GET /billing-plan/{id}/items/` (pure): `items` as an object
/// keyed by TLD (the known form), or a list of objects naming their TLD in
/// `tld` / `extension` / `name`. An item without any readable price is kept
/// (the TLD is sold; its prices are unknown).
pub fn parse_items(payload: &Value) -> Result<BTreeMap<String, BTreeMap<String, String>>, String> {
    let items = payload.get("items").ok_or("the price list has no items")?;
    let mut out = BTreeMap::new();
    match items {
        Value::Object(map) => {
            for (tld, item) in map {
                let tld = tld_key(tld);
                if !tld.is_empty() {
                    out.insert(tld, item_prices(item));
                }
            }
        }
        Value::Array(list) => {
            for item in list {
                let tld = ["tld", "extension", "name"]
                    .iter()
                    .find_map(|k| item.get(*k).and_then(Value::as_str))
                    .map(tld_key)
                    .unwrap_or_default();
                if !tld.is_empty() {
                    out.insert(tld, item_prices(item));
                }
            }
        }
        _ => return Err("the price list's items are neither an object nor a list".into()),
    }
    Ok(out)
}

/// Read the account's price list (two requests) and keep its TLDs in `state`
/// for [`cached_tlds`]. An empty list is returned but not kept.
pub fn read_price_list<E: Env>(client: &mut Client<'_, E>) -> Result<PriceList, Error> {
    let what = "reading the ODR account's billing plan";
    let payload = client.get(&["user"], what)?;
    let plan_id = parse_plan_id(&payload).map_err(|m| client.unreadable(what, &m))?;
    let what = format!("reading the price list of billing plan {plan_id}");
    let payload = client.get(&["billing-plan", &plan_id, "items"], &what)?;
    let items = parse_items(&payload).map_err(|m| client.unreadable(&what, &m))?;
    let list = PriceList {
        plan_id,
        items,
        currency: currency_of(&payload),
    };
    if !list.items.is_empty() {
        let tlds: Vec<&String> = list.items.keys().collect();
        let key = client.state_key("tlds", "");
        let value = serde_json::to_string(&tlds).unwrap_or_default();
        // The list is a cache: failing to keep it changes no answer.
        let _ = client.state_set(&key, &value, Some(TLDS_TTL_SECONDS));
    }
    Ok(list)
}

/// The TLDs of the price list kept by [`read_price_list`] within the last day;
/// none when absent, unreadable or empty (a store failure counts as absent).
pub fn cached_tlds<E: Env>(client: &mut Client<'_, E>) -> Option<BTreeSet<String>> {
    let key = client.state_key("tlds", "");
    let text = client.state_get(&key).ok().flatten()?;
    let tlds: Vec<String> = serde_json::from_str(&text).ok()?;
    let set: BTreeSet<String> = tlds.iter().map(|t| tld_key(t)).collect();
    (!set.is_empty()).then_some(set)
}

/// The operation keys read per price, in order of preference. Only
/// `create_domain` is known (ODR's PHP library example); the others are the
/// likely names, accepted so that one real price list settles them.
pub const REGISTER_KEYS: &[&str] = &["create_domain", "register_domain", "register", "create"];
/// Renewal price keys (assumed names).
pub const RENEW_KEYS: &[&str] = &[
    "renew_domain",
    "renew",
    "renewal",
    "domain_renew",
    "autorenew_domain",
];
/// Transfer price keys (assumed names).
pub const TRANSFER_KEYS: &[&str] = &["transfer_domain", "transfer", "domain_transfer"];
/// Redemption (restore from quarantine) price keys (assumed names).
pub const REDEMPTION_KEYS: &[&str] = &[
    "reactivate_domain",
    "restore_domain",
    "redemption",
    "restore",
    "reactivate",
];

/// The longest registration ODR takes (months in the order: 120).
pub const MAX_YEARS: u8 = 10;

/// The shortest registration per TLD, as ODR's HostFact module enforces it
/// (assumed: a module's rule, not ODR's documentation); 1 year for the rest.
pub fn min_years(tld: &str) -> u8 {
    match tld {
        "com.au" | "gr" | "ma" | "co.uk" | "me.uk" | "org.uk" | "ro" | "aero" | "cl" | "do"
        | "il" | "co.il" | "la" | "mu" | "ph" | "pk" | "to" | "us" => 2,
        "vc" | "vg" => 3,
        "tm" => 10,
        _ => 1,
    }
}

/// A price in ten-thousandths (pure): "4.95" → 49500. Negative, malformed or
/// absurd prices (over a million) are refused.
pub fn parse_price(text: &str) -> Option<i64> {
    let text = text.trim();
    let (whole, fraction) = match text.split_once('.') {
        Some((w, f)) => (w, f),
        None => (text, ""),
    };
    if whole.is_empty() && fraction.is_empty() {
        return None;
    }
    if !whole.bytes().all(|b| b.is_ascii_digit()) || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if whole.len() > 7 || fraction.len() > 4 {
        return None;
    }
    let whole: i64 = if whole.is_empty() {
        0
    } else {
        whole.parse().ok()?
    };
    let mut frac = fraction.to_string();
    while frac.len() < 4 {
        frac.push('0');
    }
    let value = whole * 10_000 + frac.parse::<i64>().ok()?;
    (value <= 1_000_000 * 10_000).then_some(value)
}

/// Ten-thousandths as a decimal text with at least two decimals (pure): 49500 → "4.95".
pub fn format_price(value: i64) -> String {
    let whole = value / 10_000;
    let mut frac = format!("{:04}", value % 10_000);
    while frac.len() > 2 && frac.ends_with('0') {
        frac.pop();
    }
    format!("{whole}.{frac}")
}

/// The first of `keys` with a usable price.
fn first_price(prices: &BTreeMap<String, String>, keys: &[&str]) -> Option<i64> {
    keys.iter()
        .find_map(|k| prices.get(*k).and_then(|p| parse_price(p)))
}

/// The currency of a price list: its `currency` (three letters) or EUR
/// (ODR bills in euros; assumed when the list does not say).
pub fn currency_of(payload: &Value) -> Option<String> {
    payload
        .get("currency")
        .and_then(Value::as_str)
        .map(|c| c.trim().to_ascii_uppercase())
        .filter(|c| c.len() == 3 && c.bytes().all(|b| b.is_ascii_uppercase()))
}

/// The panel's import from a price list (pure): one entry per TLD with a
/// registration price; renew and transfer fall back to the registration price
/// (said in `assumed` and in the notes); prices are for the minimum term.
pub fn import(list: &PriceList) -> TldPricing {
    let mut notes = Vec::new();
    let mut tlds = Vec::new();
    let mut no_price = Vec::new();
    let mut stand_ins: BTreeMap<&'static str, Vec<String>> = BTreeMap::new();
    for (tld, prices) in &list.items {
        let Some(register) = first_price(prices, REGISTER_KEYS) else {
            no_price.push(format!(".{tld}"));
            continue;
        };
        let min = min_years(tld);
        let term = |per_year: i64| format_price(per_year.saturating_mul(i64::from(min)));
        let mut assumed = Vec::new();
        let mut price_or_register = |keys: &[&str], name: &'static str| {
            first_price(prices, keys).unwrap_or_else(|| {
                assumed.push(name.to_string());
                stand_ins.entry(name).or_default().push(format!(".{tld}"));
                register
            })
        };
        let renew = price_or_register(RENEW_KEYS, "renew");
        let transfer = price_or_register(TRANSFER_KEYS, "transfer");
        tlds.push(TldPrice {
            tld: tld.clone(),
            min_years: min,
            max_years: MAX_YEARS,
            register: term(register),
            renew: term(renew),
            transfer: term(transfer),
            redemption: first_price(prices, REDEMPTION_KEYS).map(format_price),
            assumed,
        });
    }
    for (name, list) in &stand_ins {
        notes.push(format!(
            "ODR's price list gives no {name} price for {}: the registration price is used \
             instead (assumed; check it in the ODR control panel).",
            list.join(", ")
        ));
    }
    if !no_price.is_empty() {
        notes.push(format!(
            "ODR's price list gives no registration price for {}: not imported.",
            no_price.join(", ")
        ));
    }
    let currency_assumed = list.currency.is_none();
    if currency_assumed {
        notes.push(
            "ODR's price list names no currency: EUR is assumed (ODR bills in euros).".to_string(),
        );
    }
    if tlds.iter().any(|t| t.min_years > 1) {
        notes.push(
            "Some TLDs have a minimum registration of more than a year (as ODR's own HostFact \
             module enforces it); their prices are for that minimum term."
                .to_string(),
        );
    }
    TldPricing {
        currency: list.currency.clone().unwrap_or_else(|| "EUR".to_string()),
        currency_assumed,
        tlds,
        notes,
    }
}

/// `get-tld-pricing`: the account's price list as a panel's TLD import. Each
/// note (an assumption) is also a module-log row.
pub fn get_tld_pricing<E: Env>(env: &mut E, settings: &Settings) -> Result<TldPricing, Error> {
    let mut client = Client::new(env, settings, "get-tld-pricing")?;
    let list = read_price_list(&mut client)?;
    let pricing = import(&list);
    for note in &pricing.notes {
        client.log_decision(note);
    }
    Ok(pricing)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn plan_id_from_the_account() {
        assert_eq!(
            parse_plan_id(&json!({"user_id": "12", "billing_plan_id": 3})),
            Ok("3".to_string())
        );
        assert_eq!(
            parse_plan_id(&json!({"billing_plan_id": " 7 "})),
            Ok("7".to_string())
        );
        assert!(parse_plan_id(&json!({"user_id": "12"})).is_err());
        assert!(parse_plan_id(&json!({"billing_plan_id": null})).is_err());
        assert!(parse_plan_id(&json!([1])).is_err());
    }

    #[test]
    fn items_keyed_by_tld_or_listed() {
        let items = parse_items(&json!({"items": {
            "NL": {"create_domain": "4.95", "note": "x"},
            ".eu": {"create_domain": 5.5},
            "co.uk": {},
            "": {"create_domain": "1"}
        }}))
        .unwrap();
        assert_eq!(items.keys().collect::<Vec<_>>(), vec!["co.uk", "eu", "nl"]);
        assert_eq!(
            items["nl"].get("create_domain").map(String::as_str),
            Some("4.95")
        );
        assert_eq!(items["nl"].get("note"), None);
        assert_eq!(
            items["eu"].get("create_domain").map(String::as_str),
            Some("5.5")
        );
        assert!(items["co.uk"].is_empty());

        let listed = parse_items(&json!({"items": [
            {"tld": "be", "create_domain": "6.00"},
            {"extension": ".de"},
            {"price": 1}
        ]}))
        .unwrap();
        assert_eq!(listed.keys().collect::<Vec<_>>(), vec!["be", "de"]);

        assert!(parse_items(&json!({})).is_err());
        assert!(parse_items(&json!({"items": "nl"})).is_err());
        assert!(parse_items(&json!(null)).is_err());
    }

    #[test]
    fn prices_must_be_numbers() {
        assert_eq!(price_text(&json!("4.95")), Some("4.95".into()));
        assert_eq!(price_text(&json!(12)), Some("12".into()));
        assert_eq!(price_text(&json!("free")), None);
        assert_eq!(price_text(&json!("NaN")), None);
        assert_eq!(price_text(&json!(true)), None);
    }

    #[test]
    fn prices_in_ten_thousandths() {
        assert_eq!(parse_price("4.95"), Some(49_500));
        assert_eq!(parse_price("12"), Some(120_000));
        assert_eq!(parse_price(".5"), Some(5_000));
        assert_eq!(parse_price("0.0001"), Some(1));
        for bad in ["", ".", "-1", "1.23456", "1e3", "4,95", "99999999", "1.2.3"] {
            assert_eq!(parse_price(bad), None, "{bad}");
        }
        assert_eq!(format_price(49_500), "4.95");
        assert_eq!(format_price(120_000), "12.00");
        assert_eq!(format_price(1), "0.0001");
        assert_eq!(format_price(99_000), "9.90");
    }

    fn list(items: serde_json::Value, currency: Option<&str>) -> PriceList {
        PriceList {
            plan_id: "3".into(),
            items: parse_items(&json!({ "items": items })).unwrap(),
            currency: currency.map(str::to_string),
        }
    }

    #[test]
    fn the_import_falls_back_to_the_registration_price_and_says_so() {
        let pricing = import(&list(
            json!({
                "nl": {"create_domain": "4.95", "renew_domain": "5.95", "transfer_domain": "0.00",
                       "reactivate_domain": "25"},
                "eu": {"create_domain": "5.50"},
                "co.uk": {"create_domain": "6.00", "renew": "6.50"},
                "xyz": {"note": "no price"}
            }),
            None,
        ));
        assert_eq!(pricing.currency, "EUR");
        assert!(pricing.currency_assumed);
        let by_tld: BTreeMap<_, _> = pricing.tlds.iter().map(|t| (t.tld.as_str(), t)).collect();
        assert_eq!(
            by_tld.keys().copied().collect::<Vec<_>>(),
            vec!["co.uk", "eu", "nl"]
        );
        let nl = by_tld["nl"];
        assert_eq!(
            (
                nl.register.as_str(),
                nl.renew.as_str(),
                nl.transfer.as_str()
            ),
            ("4.95", "5.95", "0.00")
        );
        assert_eq!(nl.redemption.as_deref(), Some("25.00"));
        assert!(nl.assumed.is_empty());
        assert_eq!((nl.min_years, nl.max_years), (1, 10));
        let eu = by_tld["eu"];
        assert_eq!((eu.renew.as_str(), eu.transfer.as_str()), ("5.50", "5.50"));
        assert_eq!(eu.assumed, vec!["renew", "transfer"]);
        assert_eq!(eu.redemption, None);
        // Two years at least: prices for the two-year term.
        let uk = by_tld["co.uk"];
        assert_eq!(uk.min_years, 2);
        assert_eq!(
            (
                uk.register.as_str(),
                uk.renew.as_str(),
                uk.transfer.as_str()
            ),
            ("12.00", "13.00", "12.00")
        );
        assert_eq!(uk.assumed, vec!["transfer"]);
        let notes = pricing.notes.join("\n");
        assert!(
            notes.contains("no renew price for .eu: the registration price"),
            "{notes}"
        );
        assert!(
            notes.contains("no transfer price for .co.uk, .eu"),
            "{notes}"
        );
        assert!(
            notes.contains("no registration price for .xyz: not imported"),
            "{notes}"
        );
        assert!(notes.contains("EUR is assumed"), "{notes}");
    }

    #[test]
    fn a_named_currency_is_used() {
        let pricing = import(&list(json!({"nl": {"create_domain": "4.95"}}), Some("USD")));
        assert_eq!(pricing.currency, "USD");
        assert!(!pricing.currency_assumed);
        assert!(!pricing.notes.iter().any(|n| n.contains("currency")));
        assert_eq!(currency_of(&json!({"currency": "eur"})), Some("EUR".into()));
        assert_eq!(currency_of(&json!({"currency": "euro"})), None);
        assert_eq!(currency_of(&json!({})), None);
    }
}
