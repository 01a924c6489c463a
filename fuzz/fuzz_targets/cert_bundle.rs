#![no_main]
use libfuzzer_sys::fuzz_target;
use tlskit::pki::{load, verify};

// PEM bundles (certificates, keys, CRLs mixed) and bare DER, as `cert inspect` reads them.
fuzz_target!(|data: &[u8]| {
    let f = load::parse(data, None, false);
    let _ = f.describe();
    for c in &f.certs {
        let _ = c.short_name();
        let _ = c.key.describe();
        let _ = c.thumbprint();
        let _ = c.signed_by(c);
    }
    if !f.certs.is_empty() {
        let _ = verify::order_problem(&f.certs);
    }
});
