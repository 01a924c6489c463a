#![no_main]
use libfuzzer_sys::fuzz_target;
use tlskit::pki::crl::Crl;

fuzz_target!(|data: &[u8]| {
    if let Ok(crl) = Crl::from_der(data) {
        let _ = crl.lookup(&[1]);
    }
});
