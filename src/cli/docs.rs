//! The Examples sections of the long help (`tlskit COMMAND --help`) and of the manual
//! pages, in step-cli's manner: a sentence, then the command.

pub(crate) const EXIT_CODES: &str = "\
Exit codes:
  0  nothing to report: no finding at or above --fail-on, every certificate valid,
     every endpoint clean
  1  findings at or above --fail-on (lint), an invalid certificate (cert verify), an
     endpoint with problems (probe), a cipher string that selects nothing (ciphers)
  2  the input could not be used: a missing file, a bad option, a usage error";

pub(crate) const LINT: &str = "\
Examples:
  Lint the deployment in the current directory (exports, option files, tlskit.toml):
    $ tlskit lint

  Lint a deployment folder and an extra option file, failing on warnings too:
    $ tlskit lint deployments/prod confserv.conf --fail-on warning

  Lint an option file read from standard input:
    $ cat lca.cfg | tlskit lint -

  Judge certificates as of a date, with copies of the hosts' files mapped in:
    $ tlskit lint prod/ --at 2027-03-01 --path-map /opt/genesys/certs=./certs

  Annotate a GitHub pull request, or write GitLab Code Quality and SARIF reports:
    $ tlskit lint --format github
    $ tlskit lint --format gitlab -o gl-code-quality-report.json
    $ tlskit lint --format sarif -o tlskit.sarif

  Also connect to every secure port and compare with the configuration:
    $ tlskit lint prod/ --probe --probe-timeout 3";

pub(crate) const RESOLVE: &str = "\
Examples:
  Show where every port's and connection's TLS settings come from:
    $ tlskit resolve deployments/prod

  The same as JSON, written to a file:
    $ tlskit resolve deployments/prod --format json -o resolved.json";

pub(crate) const CERT_INSPECT: &str = "\
Examples:
  Show a certificate with its fingerprints and Windows thumbprint:
    $ tlskit cert inspect host1_cert.pem

  A PKCS#12 file whose password is in an environment variable:
    $ tlskit cert inspect host1.pfx --passin env:PFX_PASSWORD

  A certificate from standard input, as JSON:
    $ openssl s_client -connect host1:8443 </dev/null | tlskit cert inspect - --format json";

pub(crate) const CERT_VERIFY: &str = "\
Examples:
  Verify a server certificate for its host name against the lab CA:
    $ tlskit cert verify host1_cert.pem --trusted-ca ca_cert.pem --host host1.lab --purpose server

  With an intermediate, a CRL, at a future date:
    $ tlskit cert verify leaf.pem --trusted-ca root.pem --untrusted inter.pem --crl crl.pem --at 2027-03-01

  Several certificates in one run, as JSON:
    $ tlskit cert verify certs/*_cert.pem --trusted-ca ca_cert.pem --format json";

pub(crate) const CA_INIT: &str = "\
Examples:
  A root CA in ./ca_conf, valid for ten years:
    $ tlskit ca init --cn \"Lab Root CA\" --org Example --country US --days 3650

  An intermediate signed by that root, in another folder:
    $ tlskit ca init --dir inter --cn \"Lab Issuing CA\" --intermediate --parent .";

pub(crate) const CA_ISSUE: &str = "\
Examples:
  A server and client certificate for one host, with its IP address:
    $ tlskit ca issue --host cs-01.lab.example.com --ip 10.0.0.11

  A PKCS#8 key for a Java application, and the chain file:
    $ tlskit ca issue --host gws-01.lab.example.com --key-format pkcs8 --chain

  Every line of a CSV file (host,cn,ips,dns), or every host of a deployment:
    $ tlskit ca issue --batch hosts.csv
    $ tlskit ca issue --from-deployment deployments/prod";

pub(crate) const CA_RENEW: &str = "\
Examples:
  See what expires within 30 days, then renew it and revoke the old certificates:
    $ tlskit ca renew --dry-run
    $ tlskit ca renew --revoke-old

  Renew two certificates by serial, keeping their keys:
    $ tlskit ca renew 1A 1B --reuse-key";

pub(crate) const KEY_CONVERT: &str = "\
Examples:
  A PKCS#1 key for a native application from a PKCS#8 one:
    $ tlskit key convert host_priv_key.pem host_rsa.pem --outformat rsa

  The key of a PFX file, encrypted, for Java:
    $ tlskit key convert host.pfx host_key.pem --passin env:PFX_PASSWORD --encrypt --passout prompt

  From standard input to standard output:
    $ tlskit key convert - - --outformat rsa < key.pem > rsa.pem";

pub(crate) const PROBE: &str = "\
Examples:
  What two endpoints present and accept, their chains checked against the lab CA:
    $ tlskit probe cs-01.lab:8443 10.0.0.12:5001 --trusted-ca ca_cert.pem

  A server that asks for a client certificate (mutual TLS):
    $ tlskit probe sip-01.lab:5061 --cert client_cert.pem --key client_key.pem

  Only the TLS 1.3 and 1.2 handshakes, as JSON:
    $ tlskit probe cs-01.lab:8443 --no-scan --format json";

pub(crate) const CIPHERS: &str = "\
Examples:
  What OpenSSL's DEFAULT selects, in order, graded:
    $ tlskit ciphers

  A cipher-list value from an option file, with the TLS 1.3 suites it is paired with:
    $ tlskit ciphers 'ECDHE+AESGCM:!aNULL' --tls13 TLS_AES_256_GCM_SHA384

  A string starting with `-` or `!`:
    $ tlskit ciphers -- '-ALL:HIGH'";

pub(crate) const COMPLETIONS: &str = "\
Examples:
  bash, for the current user:
    $ tlskit completions bash > ~/.local/share/bash-completion/completions/tlskit

  zsh (a folder in $fpath):
    $ tlskit completions zsh > ~/.zfunc/_tlskit

  fish:
    $ tlskit completions fish > ~/.config/fish/completions/tlskit.fish";

pub(crate) const MAN: &str = "\
Examples:
  Read the manual page:
    $ tlskit man | man -l -

  Install a page per command:
    $ tlskit man --out /usr/local/share/man/man1";
