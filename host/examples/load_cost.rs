//! Where loading the precompiled component spends its time (docs/benchmarks.md, "Cold process").
//!
//! `cargo run --profile host -p odr-host --example load_cost -- target/odr_registrar.cwasm [runs]`
//! prints each phase of `Runtime::load` on its own, median of `runs` (default 200) in one process
//! (the file in the page cache, as on a server that has loaded it once);
//! `... -- FILE.cwasm copy|map|load` loads it once in this fresh process (what a cold PHP
//! process pays) and prints the milliseconds: read and copied by wasmtime (`Component::deserialize`),
//! the installed file mapped (`deserialize_file`: the cheapest, but unsafe for a file overwritten
//! in place), or the whole `Runtime::load` (the loader's private copy in anonymous memory, huge
//! pages advised, used in place; then linked).

use odr_host::{engine, Runtime};
use std::path::PathBuf;
use std::time::Instant;
use wasmtime::component::Component;

fn median(mut samples: Vec<f64>) -> f64 {
    samples.sort_by(f64::total_cmp);
    samples[samples.len() / 2]
}

fn time(runs: usize, mut f: impl FnMut()) -> f64 {
    median(
        (0..runs)
            .map(|_| {
                let start = Instant::now();
                f();
                start.elapsed().as_secs_f64() * 1e3
            })
            .collect(),
    )
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = PathBuf::from(
        args.next()
            .ok_or("usage: load_cost FILE.cwasm [runs | copy | map]")?,
    );
    // `copy` / `map`: one load in this (fresh) process, the way a cold PHP process pays for it.
    if let Some(way) = std::env::args()
        .nth(2)
        .filter(|a| ["copy", "map", "load"].contains(&a.as_str()))
    {
        let start = Instant::now();
        if way == "load" {
            drop(Runtime::load(&path)?);
            println!("{:.3}", start.elapsed().as_secs_f64() * 1e3);
            return Ok(());
        }
        let engine = engine::engine()?;
        // SAFETY: our own precompiled component.
        let component = if way == "copy" {
            unsafe { Component::deserialize(&engine, std::fs::read(&path)?) }?
        } else {
            unsafe { Component::deserialize_file(&engine, &path) }?
        };
        println!("{:.3}", start.elapsed().as_secs_f64() * 1e3);
        drop(component);
        return Ok(());
    }
    let runs: usize = args.next().map_or(Ok(200), |r| r.parse())?;
    let engine = engine::engine()?;
    let bytes = std::fs::read(&path)?;
    let phases = [
        (
            "Engine::new (odr-host's config)",
            time(runs, || drop(engine::engine().expect("engine"))),
        ),
        (
            "read the .cwasm into memory",
            time(runs, || drop(std::fs::read(&path).expect("read"))),
        ),
        (
            "Component::deserialize (copy into executable memory)",
            time(runs, || {
                // SAFETY: our own precompiled component.
                drop(unsafe { Component::deserialize(&engine, &bytes) }.expect("deserialize"))
            }),
        ),
        (
            "Component::deserialize_file (map the file)",
            time(runs, || {
                // SAFETY: as above.
                drop(unsafe { Component::deserialize_file(&engine, &path) }.expect("map"))
            }),
        ),
        (
            "Runtime::load (all of it)",
            time(runs, || drop(Runtime::load(&path).expect("load"))),
        ),
    ];
    for (what, ms) in phases {
        println!("{what:<58} {ms:>7.3} ms");
    }
    Ok(())
}
