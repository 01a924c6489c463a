#![no_main]
use libfuzzer_sys::fuzz_target;
use tlskit::input::source::{FileId, Span};
use tlskit::input::transport;

fuzz_target!(|text: &str| {
    let start = Span { file: FileId(0), line: 1, col: 1, len: 0 };
    let _ = transport::split(text, start);
});
