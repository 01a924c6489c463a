#![no_main]
use libfuzzer_sys::fuzz_target;
use tlskit::pki::key::PrivateKey;

const LABELS: [Option<&str>; 5] = [
    None,
    Some("PRIVATE KEY"),
    Some("RSA PRIVATE KEY"),
    Some("EC PRIVATE KEY"),
    Some("ENCRYPTED PRIVATE KEY"),
];

fuzz_target!(|data: &[u8]| {
    let Some((&which, der)) = data.split_first() else { return };
    let _ = PrivateKey::parse(LABELS[which as usize % LABELS.len()], der, false);
});
