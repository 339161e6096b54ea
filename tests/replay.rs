//! Every recording in `tests/recordings/*.json` replayed as its own test case.
//!
//! `cargo test --profile host -p odr-replay-tests --test replay` lists each file by
//! name; a failure names the file and shows the diff. Filter as usual:
//! `... --test replay -- register`.

use libtest_mimic::{Arguments, Failed, Trial};
use odr_replay_tests::{recording_files, recordings_dir, replay_file};

fn main() {
    let arguments = Arguments::from_args();
    let files = recording_files();
    let mut trials: Vec<Trial> = files
        .into_iter()
        .map(|path| {
            let name = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| path.display().to_string());
            Trial::test(name, move || replay_file(&path).map_err(Failed::from))
        })
        .collect();
    if trials.is_empty() {
        let dir = recordings_dir();
        trials.push(Trial::test("recordings_present", move || {
            Err(Failed::from(format!(
                "no recordings in {}: every scenario is a *.json file there",
                dir.display()
            )))
        }));
    }
    libtest_mimic::run(&arguments, trials).exit();
}
