#![no_main]
use libfuzzer_sys::fuzz_target;
use tlskit::pki::load;

fuzz_target!(|data: &[u8]| {
    let _ = load::parse(data, None, true).describe();
});
