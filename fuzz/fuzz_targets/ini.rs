#![no_main]
use libfuzzer_sys::fuzz_target;
use tlskit::input::{ini, read::decode_text, source::FileId};

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = decode_text(data) {
        let _ = ini::parse(FileId(0), &text);
    }
});
