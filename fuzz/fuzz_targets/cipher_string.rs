#![no_main]
use libfuzzer_sys::fuzz_target;
use tlskit::tls::cipherstring;

fuzz_target!(|s: &str| {
    let _ = cipherstring::syntax_problem(s);
    let _ = cipherstring::evaluate(s);
    let _ = cipherstring::ciphersuites(s);
});
