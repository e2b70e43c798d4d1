//! TLS: a CA installed in the operating system's store is trusted without `--ca-cert`, and an
//! `https://` URL for a plain-HTTP server says so.
//!
//! The system store is read by rustls-native-certs, which takes `SSL_CERT_FILE` as the store
//! when it is set (as OpenSSL does). A test cannot change its own process's environment safely,
//! so the client runs in a child process of this test binary with `SSL_CERT_FILE` naming a CA
//! made here; the server is a loopback TLS server with a certificate that CA signed.

mod common;

use std::sync::Arc;
use std::time::Duration;

use common::*;
use misp_api::events::GetEvent;
use misp_client::{Client, RetryPolicy, TransportKind};
use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, KeyPair, SanType};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio_rustls::rustls;

const CHILD_URL: &str = "MISP_RS_TLS_TEST_URL";
const CHILD_EXPECT: &str = "MISP_RS_TLS_TEST_EXPECT";

/// A CA, and a server certificate for 127.0.0.1 and localhost signed by it.
fn certificates() -> (String, rustls::ServerConfig) {
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca_params
        .distinguished_name
        .push(DnType::CommonName, "misp-rs test CA");
    let ca_key = KeyPair::generate().unwrap();
    let ca = ca_params.self_signed(&ca_key).unwrap();

    let mut params = CertificateParams::new(vec!["localhost".to_owned()]).unwrap();
    params
        .subject_alt_names
        .push(SanType::IpAddress(std::net::Ipv4Addr::LOCALHOST.into()));
    let key = KeyPair::generate().unwrap();
    let cert = params.signed_by(&key, &ca, &ca_key).unwrap();

    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(
            vec![cert.der().clone()],
            rustls::pki_types::PrivateKeyDer::Pkcs8(key.serialize_der().into()),
        )
        .unwrap();
    (ca.pem(), config)
}

/// A loopback HTTPS server answering every request with one event. Returns its URL.
async fn tls_server(config: rustls::ServerConfig) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    tokio::spawn(async move {
        while let Ok((sock, _)) = listener.accept().await {
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                // A refused handshake (the child without the CA) just ends here.
                let Ok(mut tls) = acceptor.accept(sock).await else {
                    return;
                };
                let mut buf = vec![0u8; 8192];
                let mut head = Vec::new();
                while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                    match tls.read(&mut buf).await {
                        Ok(n) if n > 0 => head.extend_from_slice(&buf[..n]),
                        _ => return,
                    }
                }
                let body = r#"{"Event": {"id": "1", "info": "over TLS"}}"#;
                let response = http_response("200 OK", "application/json", body);
                let _ = tls.write_all(&response).await;
                let _ = tls.shutdown().await;
            });
        }
    });
    format!("https://{addr}")
}

/// Runs [`child_connects_with_the_system_store`] in a child process.
fn run_child(url: &str, ca_file: Option<&std::path::Path>, expect: &str) -> String {
    let mut cmd = std::process::Command::new(std::env::current_exe().unwrap());
    cmd.args([
        "--exact",
        "child_connects_with_the_system_store",
        "--ignored",
        "--nocapture",
    ])
    .env(CHILD_URL, url)
    .env(CHILD_EXPECT, expect)
    .env_remove("SSL_CERT_DIR");
    match ca_file {
        Some(f) => cmd.env("SSL_CERT_FILE", f),
        // An empty store: only the bundled web roots remain.
        None => cmd.env("SSL_CERT_FILE", "/nonexistent/misp-rs-test-store.pem"),
    };
    let out = cmd.output().unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "child ({expect}) failed:\n{text}");
    assert!(
        text.contains("1 passed"),
        "the child test did not run:\n{text}"
    );
    text
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_ca_in_the_system_store_is_trusted_without_ca_cert() {
    let (ca_pem, config) = certificates();
    let url = tls_server(config).await;
    let dir = tempfile::tempdir().unwrap();
    let ca_file = dir.path().join("store.pem");
    std::fs::write(&ca_file, ca_pem).unwrap();
    let url2 = url.clone();
    let ca2 = ca_file.clone();
    tokio::task::spawn_blocking(move || {
        // With the CA in the store: the request succeeds.
        run_child(&url2, Some(&ca2), "ok");
        // Without it: the certificate is refused, so trust did come from the store.
        run_child(&url2, None, "refused");
    })
    .await
    .unwrap();
}

/// The client half of [`a_ca_in_the_system_store_is_trusted_without_ca_cert`], run in a
/// child process whose `SSL_CERT_FILE` is the store.
#[tokio::test]
#[ignore = "run by a_ca_in_the_system_store_is_trusted_without_ca_cert in a child process"]
async fn child_connects_with_the_system_store() {
    let url = std::env::var(CHILD_URL).expect("started by the parent test");
    let expect = std::env::var(CHILD_EXPECT).unwrap();
    let client = Client::builder()
        .url(url)
        .key(KEY)
        .no_system_proxy()
        .connect_timeout(Duration::from_secs(5))
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let result = client.send(&GetEvent::new(1)).await;
    match expect.as_str() {
        "ok" => assert_eq!(result.unwrap().info.as_deref(), Some("over TLS")),
        _ => {
            let err = result.unwrap_err();
            assert!(err.is_connect(), "{err:?}");
            assert!(
                format!("{err}")
                    .to_ascii_lowercase()
                    .contains("certificate"),
                "{err}"
            );
        }
    }
}

#[tokio::test]
async fn https_to_a_plain_http_server_says_so() {
    // A plain-HTTP server: it answers the TLS hello as nginx does, with a 400 in clear text.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let (mut sock, _) = listener.accept().await.unwrap();
        let mut hello = [0u8; 512];
        let _ = sock.read(&mut hello).await;
        let answer = http_response("400 Bad Request", "text/plain", "plain HTTP here");
        let _ = sock.write_all(&answer).await;
        let _ = sock.shutdown().await;
    });
    let url = format!("https://{addr}");
    let client = Client::builder()
        .url(url)
        .key(KEY)
        .no_system_proxy()
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let err = client.send(&GetEvent::new(1)).await.unwrap_err();
    assert_eq!(err.transport_kind(), Some(TransportKind::NotTls), "{err:?}");
    assert!(err.is_connect());
    assert!(
        err.to_string()
            .contains("the server does not speak TLS: http:// rather than https://?"),
        "{err}"
    );
}
