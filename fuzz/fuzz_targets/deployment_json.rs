#![no_main]
use libfuzzer_sys::fuzz_target;
use std::path::Path;
use tlskit::input::{json, mutagen, read::decode_text, source::Sources};

// The whole reading path of an export: decoding, JSON with spans, the mutagen model.
fuzz_target!(|data: &[u8]| {
    let Ok(text) = decode_text(data) else { return };
    let mut sources = Sources::default();
    let id = sources.add(Path::new("fuzz.json"), "fuzz.json".into(), text);
    let Ok(root) = json::parse(id, sources.text(id)) else { return };
    if !mutagen::is_export(&root) {
        return;
    }
    let mut merged = mutagen::Merged::default();
    if merged.add_export(&sources, root).is_ok() {
        let _ = merged.build(&sources);
    }
});
