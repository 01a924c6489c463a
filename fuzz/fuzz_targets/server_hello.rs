#![no_main]
use libfuzzer_sys::fuzz_target;
use tlskit::probe::hello;

fuzz_target!(|data: &[u8]| {
    let _ = hello::parse_answer(data);
});
