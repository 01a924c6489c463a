#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| tlskit::harness::cert_bundle(data));
