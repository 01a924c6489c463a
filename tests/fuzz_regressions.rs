//! Replays fuzz/regressions/<target>/* (inputs that once broke a fuzz target) and the whole
//! bad-input corpus through every fuzz entry point: none may panic.

use std::path::Path;

use tlskit::harness::TARGETS;

fn files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut v: Vec<_> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .collect();
    v.sort();
    v
}

#[test]
fn regression_inputs_and_the_bad_corpus_pass_every_fuzz_entry_point() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let bad = files(&root.join("testdata/bad"));
    assert!(!bad.is_empty());
    let mut runs = 0;
    for (name, entry) in TARGETS {
        let own = files(&root.join("fuzz/regressions").join(name));
        for f in own.iter().chain(&bad) {
            let data = std::fs::read(f).unwrap();
            let outcome = std::panic::catch_unwind(|| entry(&data));
            assert!(outcome.is_ok(), "{name} panicked on {}", f.display());
            runs += 1;
        }
    }
    eprintln!("fuzz entry points: {runs} inputs replayed");
}
