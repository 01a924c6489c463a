#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| tlskit::harness::pkcs12(data));
