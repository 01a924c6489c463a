use super::*;

/// A CRL signed by a fresh CA, with the entries given (serial, reason, invalidity date).
fn make_crl(entries: &[(&[u8], Option<rcgen::RevocationReason>, bool)]) -> (Vec<u8>, Vec<u8>) {
    let key = rcgen::KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256).unwrap();
    let mut p = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
    p.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    p.key_usages = vec![
        rcgen::KeyUsagePurpose::CrlSign,
        rcgen::KeyUsagePurpose::KeyCertSign,
    ];
    p.distinguished_name
        .push(rcgen::DnType::CommonName, "CRL Test CA");
    let ca = p.self_signed(&key).unwrap();
    let issuer = rcgen::Issuer::from_ca_cert_der(ca.der(), &key).unwrap();
    let at = ::time::macros::datetime!(2026-01-02 03:04:05 UTC);
    let params = rcgen::CertificateRevocationListParams {
        this_update: at,
        next_update: at + ::time::Duration::days(30),
        crl_number: rcgen::SerialNumber::from_slice(&[0x01, 0x00]),
        issuing_distribution_point: Some(rcgen::CrlIssuingDistributionPoint {
            distribution_point: rcgen::CrlDistributionPoint {
                uris: vec!["http://crl.example.com/ca.crl".into()],
            },
            scope: Some(rcgen::CrlScope::UserCertsOnly),
        }),
        revoked_certs: entries
            .iter()
            .enumerate()
            .map(|(i, (serial, reason, invalid))| rcgen::RevokedCertParams {
                serial_number: rcgen::SerialNumber::from_slice(serial),
                revocation_time: at - ::time::Duration::days(i as i64 + 1),
                reason_code: *reason,
                invalidity_date: invalid.then(|| at - ::time::Duration::days(400)),
            })
            .collect(),
        key_identifier_method: rcgen::KeyIdMethod::Sha256,
    };
    let crl = params.signed_by(&issuer).unwrap();
    (crl.der().to_vec(), ca.der().to_vec())
}

#[test]
fn every_field_matches_what_x509_parser_reads() {
    use rcgen::RevocationReason as R;
    let entries: &[(&[u8], Option<R>, bool)] = &[
        (&[0x01], None, false),
        (&[0x00, 0x80, 0x01], Some(R::KeyCompromise), false),
        (&[0x12, 0x34, 0x56], Some(R::CertificateHold), true),
        (&[0x7f; 20], Some(R::Superseded), true),
        (&[0x05], Some(R::Unspecified), false),
    ];
    let (der, ca_der) = make_crl(entries);
    let ours = Crl::from_der(&der).unwrap();
    let (_, theirs) = CertificateRevocationList::from_der(&der).unwrap();
    assert_eq!(ours.issuer, theirs.issuer().to_string());
    assert_eq!(ours.issuer_raw, theirs.issuer().as_raw());
    assert_eq!(ours.this_update, theirs.last_update().timestamp());
    assert_eq!(
        ours.next_update,
        theirs.next_update().map(|t| t.timestamp())
    );
    assert_eq!(ours.number.as_deref(), Some("256"));
    assert!(ours.aki.is_some());
    assert_eq!(ours.sig_alg, "ecdsa-with-SHA256");
    assert_eq!(ours.entries(), theirs.iter_revoked_certificates().count());
    for r in theirs.iter_revoked_certificates() {
        let got = ours
            .lookup(strip(r.raw_serial()))
            .expect("every entry is indexed");
        assert_eq!(got.date, r.revocation_date.timestamp());
        assert_eq!(got.reason, r.reason_code().map(|(_, c)| format!("{c}")));
    }
    assert_eq!(
        ours.lookup(&[0x80, 0x01]).unwrap().reason.as_deref(),
        Some("KeyCompromise")
    );
    assert!(ours.lookup(&[0x02]).is_none());
    let ca = Certificate::from_der(&ca_der).unwrap();
    assert_eq!(ours.signed_by(&ca), Ok(()));
    let mut tampered = der.clone();
    let at = tampered
        .windows(3)
        .position(|w| w == [0x12, 0x34, 0x56])
        .unwrap();
    tampered[at] = 0x13;
    let other = Crl::from_der(&tampered).unwrap();
    assert!(other.signed_by(&ca).is_err());
}

#[test]
fn a_crl_without_entries_parses_and_cut_or_padded_ones_do_not() {
    let (der, _) = make_crl(&[]);
    let crl = Crl::from_der(&der).unwrap();
    assert_eq!(crl.entries(), 0);
    assert!(crl.next_update.is_some());
    let mut trailing = der.clone();
    trailing.push(0);
    assert_eq!(
        Crl::from_der(&trailing).unwrap_err(),
        "1 bytes of trailing data after the CRL"
    );
    for cut in [1, der.len() / 3, der.len() / 2, der.len() - 1] {
        let e = Crl::from_der(&der[..cut]).unwrap_err();
        assert!(
            e.contains("truncated") || e.contains("not a valid CRL"),
            "{cut}: {e}"
        );
    }
}

#[test]
fn serials_of_every_length_are_found_and_others_are_not() {
    use crate::pki::der::wrap;
    // Revoked entries one after another, as a CRL lists them; the date's year tells them
    // apart. The last entry repeats the first serial: the later one counts.
    let long = [7u8; 25];
    let serials: [&[u8]; 5] = [&[1u8], &[0, 0x92, 0x34], &[9; 20], &long, &[1u8]];
    let mut der = Vec::new();
    let mut starts = Vec::new();
    for (i, s) in serials.iter().enumerate() {
        starts.push(der.len());
        let date = format!("{:02}0101000000Z", 10 + i);
        der.extend(wrap(
            0x30,
            &[wrap(0x02, s), wrap(0x17, date.as_bytes())].concat(),
        ));
    }
    let mut index = Index::with_capacity(serials.len());
    for (&at, s) in starts.iter().zip(serials) {
        index.insert(&der, strip(s), at as u32);
    }
    let year = |serial: &[u8]| {
        index.get(&der, serial).map(|e| {
            ::time::OffsetDateTime::from_unix_timestamp(e.date)
                .expect("a date")
                .year()
        })
    };
    assert_eq!(index.len(), 4);
    assert_eq!(year(&[1]), Some(2014));
    assert_eq!(year(&[0x92, 0x34]), Some(2011));
    assert_eq!(year(&[9; 20]), Some(2012));
    assert_eq!(year(&long), Some(2013));
    assert_eq!(year(&[0x92]), None);
    assert_eq!(year(&[7; 24]), None);
}

#[test]
fn next_update_is_optional_and_order_is_enforced() {
    use crate::pki::der::wrap;
    let alg = wrap(
        0x30,
        &[0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02],
    );
    let cn = [&[0x06, 0x03, 0x55, 0x04, 0x03][..], &wrap(0x0c, b"Hand CA")].concat();
    let issuer = wrap(0x30, &wrap(0x31, &wrap(0x30, &cn)));
    let when = wrap(0x17, b"260101000000Z");
    let entry = wrap(0x30, &[wrap(0x02, &[0x00, 0x99]), when.clone()].concat());
    let crl = |tbs_parts: &[&[u8]]| {
        let tbs = wrap(0x30, &tbs_parts.concat());
        wrap(0x30, &[tbs, alg.clone(), wrap(0x03, &[0, 1, 2])].concat())
    };
    let entries = wrap(0x30, &entry);
    let ok = Crl::from_der(&crl(&[&alg, &issuer, &when, &entries])).unwrap();
    assert_eq!(ok.next_update, None);
    assert_eq!(ok.issuer, "CN=Hand CA");
    assert_eq!(ok.lookup(&[0x99]).map(|r| r.date), Some(1_767_225_600));
    // A time after the entries is not a nextUpdate.
    let bad = Crl::from_der(&crl(&[&alg, &issuer, &when, &entries, &when])).unwrap_err();
    assert_eq!(bad, "not a valid CRL (unexpected data in tbsCertList)");
}

#[test]
fn strict_times_read_directly_agree_with_x509_parser() {
    for (tag, text) in [
        (UTC_TIME, &b"260101000000Z"[..]),
        (UTC_TIME, b"491231235959Z"),
        (UTC_TIME, b"500101000000Z"),
        (UTC_TIME, b"000229120000Z"),
        (GENERALIZED_TIME, b"20500101000000Z"),
        (GENERALIZED_TIME, b"99991231235959Z"),
    ] {
        let der = [&[tag, text.len() as u8][..], text].concat();
        let (_, t) = ASN1Time::from_der(&der).unwrap();
        assert_eq!(
            der_time(tag, text),
            Some(t.timestamp()),
            "{}",
            String::from_utf8_lossy(text)
        );
    }
    // Not the strict form, or not a date: left to x509-parser.
    for (tag, text) in [
        (UTC_TIME, &b"2601010000Z"[..]),
        (UTC_TIME, b"260101000000+0100"),
        (UTC_TIME, b"261301000000Z"),
        (UTC_TIME, b"260230000000Z"),
        (UTC_TIME, b"26010100000aZ"),
        (GENERALIZED_TIME, b"20260101000000.5Z"),
    ] {
        assert_eq!(
            der_time(tag, text),
            None,
            "{}",
            String::from_utf8_lossy(text)
        );
    }
}

#[test]
fn lengths_past_the_input_are_truncation_not_a_panic() {
    for bad in [
        &[0x30u8][..],
        &[0x30, 0x82, 0x01],
        &[0x30, 0x05, 0x02],
        &[0x30, 0x84, 0xff, 0xff, 0xff, 0xff],
    ] {
        assert_eq!(
            Crl::from_der(bad).unwrap_err(),
            "truncated CRL",
            "{bad:02x?}"
        );
    }
    assert!(
        Crl::from_der(&[0x30, 0x80, 0, 0])
            .unwrap_err()
            .contains("indefinite")
    );
}
