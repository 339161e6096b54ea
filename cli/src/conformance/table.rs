//! The pass/fail table printed at the end.

use super::*;

/// The table as printed.
pub fn render_table(rows: &[Row]) -> String {
    let headers = ["step", "check", "result", "note"];
    let width = |column: usize| {
        rows.iter()
            .map(|r| match column {
                0 => r.step.chars().count(),
                1 => r.check.chars().count(),
                _ => r.result.label().len(),
            })
            .chain([headers[column].len()])
            .max()
            .unwrap_or(0)
    };
    let (a, b, c) = (width(0), width(1), width(2));
    let mut out = format!(
        "{:a$}  {:b$}  {:c$}  {}\n",
        headers[0], headers[1], headers[2], headers[3]
    );
    out.push_str(&format!(
        "{}  {}  {}  {}\n",
        "-".repeat(a),
        "-".repeat(b),
        "-".repeat(c),
        "-".repeat(4)
    ));
    for r in rows {
        out.push_str(
            format!(
                "{:a$}  {:b$}  {:c$}  {}",
                r.step,
                r.check,
                r.result.label(),
                r.note
            )
            .trim_end(),
        );
        out.push('\n');
    }
    let count = |v: Verdict| rows.iter().filter(|r| r.result == v).count();
    out.push_str(&format!(
        "{} checks: {} passed, {} failed, {} observed, {} skipped\n",
        rows.len(),
        count(Verdict::Pass),
        count(Verdict::Fail),
        count(Verdict::Observed),
        count(Verdict::Skipped)
    ));
    out
}
