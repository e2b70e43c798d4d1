//! Building a [`Client`]: root URL, key, TLS, proxies, timeouts, headers, retries.

use std::path::PathBuf;
use std::time::Duration;

use http::{HeaderMap, HeaderName, HeaderValue};
use secrecy::{ExposeSecret, SecretString};
use url::Url;

use crate::client::{Client, Inner};
use crate::error::ConfigError;
use crate::limits::{Limits, parse_seconds, parse_secs_f64, parse_size};
use crate::profile::{ConfigFile, Profile};
use crate::retry::RetryPolicy;

/// The default `User-Agent` (misp-api's [`misp_api::USER_AGENT`]). It deliberately does not
/// start with `MISP` or `PyMISP`, which the server treats as an "automatic tool". Set another
/// with [`ClientBuilder::user_agent`] or a profile's `user_agent`.
pub const DEFAULT_USER_AGENT: &str = misp_api::USER_AGENT;

/// Default time allowed to open a connection (TLS handshake included).
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Default time allowed between two reads of the response: a large search may take long in
/// total, but a server that stops sending for this long is treated as gone.
pub const DEFAULT_READ_TIMEOUT: Duration = Duration::from_secs(300);

/// Where a PEM document comes from: a file or bytes in memory.
#[derive(Clone)]
enum Pem {
    File(PathBuf),
    Bytes(Vec<u8>),
}

impl Pem {
    fn read(&self, what: &'static str) -> Result<Vec<u8>, ConfigError> {
        match self {
            Pem::Bytes(b) => Ok(b.clone()),
            Pem::File(path) => std::fs::read(path).map_err(|source| ConfigError::File {
                what,
                path: path.clone(),
                source,
            }),
        }
    }

    fn describe(&self) -> String {
        match self {
            Pem::File(p) => p.display().to_string(),
            Pem::Bytes(b) => format!("<{} bytes of PEM>", b.len()),
        }
    }
}

/// Settings for a [`Client`]; start from [`Client::builder`], [`ClientBuilder::from_env`] or
/// [`ClientBuilder::from_profile`].
///
/// ```
/// use std::time::Duration;
/// use misp_client::{Client, RetryPolicy};
///
/// let client = Client::builder()
///     .url("https://misp.example.org/misp/")   // a MISP under a sub-path is fine
///     .key("0123456789abcdef0123456789abcdef01234567")
///     .connect_timeout(Duration::from_secs(5))
///     .header("X-Team", "cti")
///     .retry(RetryPolicy::default().max_retries(5))
///     .build()
///     .unwrap();
/// assert_eq!(client.root().as_str(), "https://misp.example.org/misp/");
/// // The key never shows in Debug output.
/// assert!(!format!("{client:?}").contains("0123456789abcdef"));
/// ```
#[derive(Clone)]
pub struct ClientBuilder {
    url: Option<String>,
    key: Option<SecretString>,
    verify_tls: bool,
    ca_certs: Vec<Pem>,
    identity: Option<Pem>,
    proxy: Option<String>,
    no_proxy: Option<String>,
    system_proxy: bool,
    connect_timeout: Duration,
    read_timeout: Duration,
    user_agent: String,
    headers: Vec<(String, String)>,
    gzip: bool,
    retry: RetryPolicy,
    limits: Limits,
    /// A setting from a profile that cannot be used, reported by [`ClientBuilder::build`].
    invalid: Option<(String, String)>,
}

impl Default for ClientBuilder {
    fn default() -> Self {
        ClientBuilder {
            url: None,
            key: None,
            verify_tls: true,
            ca_certs: Vec::new(),
            identity: None,
            proxy: None,
            no_proxy: None,
            system_proxy: true,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            read_timeout: DEFAULT_READ_TIMEOUT,
            user_agent: DEFAULT_USER_AGENT.to_owned(),
            headers: Vec::new(),
            gzip: true,
            retry: RetryPolicy::default(),
            limits: Limits::default(),
            invalid: None,
        }
    }
}

impl std::fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("url", &self.url)
            .field("key", &self.key.as_ref().map(|_| "<redacted>"))
            .field("verify_tls", &self.verify_tls)
            .field(
                "ca_certs",
                &self.ca_certs.iter().map(Pem::describe).collect::<Vec<_>>(),
            )
            .field("identity", &self.identity.as_ref().map(Pem::describe))
            .field("proxy", &self.proxy)
            .field("no_proxy", &self.no_proxy)
            .field("connect_timeout", &self.connect_timeout)
            .field("read_timeout", &self.read_timeout)
            .field("user_agent", &self.user_agent)
            .field(
                "headers",
                &self.headers.iter().map(|(k, _)| k).collect::<Vec<_>>(),
            )
            .field("gzip", &self.gzip)
            .field("retry", &self.retry)
            .field("limits", &self.limits)
            .finish()
    }
}

/// The environment variables [`ClientBuilder::from_env`] reads.
pub mod env {
    /// The MISP root URL.
    pub const URL: &str = "MISP_URL";
    /// The API key.
    pub const KEY: &str = "MISP_KEY";
    /// The API key, under the name some tools use.
    pub const API_KEY: &str = "MISP_API_KEY";
    /// `false`/`0`/`no` turns TLS verification off (test servers only).
    pub const VERIFY_TLS: &str = "MISP_VERIFY_TLS";
    /// A PEM file of extra CA certificates.
    pub const CA_CERT: &str = "MISP_CA_CERT";
    /// A PEM file with the client certificate and its private key.
    pub const CLIENT_CERT: &str = "MISP_CLIENT_CERT";
    /// A proxy URL for all requests.
    pub const PROXY: &str = "MISP_PROXY";
    /// Hosts that bypass the proxy, comma separated.
    pub const NO_PROXY: &str = "MISP_NO_PROXY";
    /// Connect timeout in seconds.
    pub const CONNECT_TIMEOUT: &str = "MISP_CONNECT_TIMEOUT";
    /// Read timeout in seconds.
    pub const READ_TIMEOUT: &str = "MISP_READ_TIMEOUT";
    /// The time one request may take in all, retries and body included, in seconds
    /// ([`Limits::total_timeout`](crate::Limits::total_timeout)).
    pub const TIMEOUT: &str = "MISP_TIMEOUT";
    /// The time a page walk may take in all, in seconds
    /// ([`Limits::walk_timeout`](crate::Limits::walk_timeout)).
    pub const WALK_TIMEOUT: &str = "MISP_WALK_TIMEOUT";
    /// The largest answer read whole, in bytes or with a unit (`256MiB`)
    /// ([`Limits::max_body_size`](crate::Limits::max_body_size)).
    pub const MAX_BODY_SIZE: &str = "MISP_MAX_BODY_SIZE";
    /// The most bytes one answer may bring once decompressed
    /// ([`Limits::max_decompressed_size`](crate::Limits::max_decompressed_size)).
    pub const MAX_DECOMPRESSED_SIZE: &str = "MISP_MAX_DECOMPRESSED_SIZE";
    /// The largest item of a streamed list
    /// ([`Limits::max_item_size`](crate::Limits::max_item_size)).
    pub const MAX_ITEM_SIZE: &str = "MISP_MAX_ITEM_SIZE";
    /// The most pages one walk may read ([`Limits::max_pages`](crate::Limits::max_pages)).
    pub const MAX_PAGES: &str = "MISP_MAX_PAGES";
    /// The longest `Retry-After` waited for, in seconds
    /// ([`RetryPolicy::max_retry_after`](crate::RetryPolicy::max_retry_after)).
    pub const MAX_RETRY_AFTER: &str = "MISP_MAX_RETRY_AFTER";
    /// The longest time spent retrying one request, in seconds
    /// ([`RetryPolicy::max_retry_time`](crate::RetryPolicy::max_retry_time)).
    pub const MAX_RETRY_TIME: &str = "MISP_MAX_RETRY_TIME";
    /// The profile to read from the config file.
    pub const PROFILE: &str = "MISP_PROFILE";
    /// The config file's path.
    pub const CONFIG: &str = "MISP_CONFIG";
}

fn parse_bool(setting: &str, value: &str) -> Result<bool, ConfigError> {
    match value.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Ok(true),
        "0" | "false" | "no" | "off" => Ok(false),
        other => Err(ConfigError::Invalid {
            setting: setting.to_owned(),
            message: format!("expected true or false, got `{other}`"),
        }),
    }
}

fn parse_secs(setting: &str, value: &str) -> Result<Duration, ConfigError> {
    parse_seconds(value).map_err(|message| ConfigError::Invalid {
        setting: setting.to_owned(),
        message,
    })
}

fn parse_bytes(setting: &str, value: &str) -> Result<u64, ConfigError> {
    parse_size(value).map_err(|message| ConfigError::Invalid {
        setting: setting.to_owned(),
        message,
    })
}

fn parse_count(setting: &str, value: &str) -> Result<u32, ConfigError> {
    value
        .trim()
        .parse::<u32>()
        .ok()
        .filter(|n| *n > 0)
        .ok_or_else(|| ConfigError::Invalid {
            setting: setting.to_owned(),
            message: format!(
                "expected a whole number from 1 to {}, got `{value}`",
                u32::MAX
            ),
        })
}

impl ClientBuilder {
    /// An empty builder: TLS verification on, finite timeouts, gzip, the default retry policy.
    pub fn new() -> Self {
        ClientBuilder::default()
    }

    /// A builder from the environment, on top of the config file's profile when there is one.
    ///
    /// The profile is `MISP_PROFILE`, else the file's `default_profile`; the file is
    /// `MISP_CONFIG`, else the default path (see [`ConfigFile::default_path`]); a missing
    /// default file is not an error. Then `MISP_URL`, `MISP_KEY` (or `MISP_API_KEY`),
    /// `MISP_VERIFY_TLS`, `MISP_CA_CERT`, `MISP_CLIENT_CERT`, `MISP_PROXY`, `MISP_NO_PROXY`,
    /// `MISP_CONNECT_TIMEOUT`, `MISP_READ_TIMEOUT` and the limits (`MISP_TIMEOUT`,
    /// `MISP_WALK_TIMEOUT`, `MISP_MAX_BODY_SIZE`, `MISP_MAX_DECOMPRESSED_SIZE`,
    /// `MISP_MAX_ITEM_SIZE`, `MISP_MAX_PAGES`, `MISP_MAX_RETRY_AFTER`, `MISP_MAX_RETRY_TIME`, see
    /// [`mod@env`]) override it. A value that cannot be used is an error naming the variable.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_vars(|name| std::env::var(name).ok())
    }

    /// Like [`ClientBuilder::from_env`], reading variables through `var` (for tests and for
    /// callers with their own environment).
    pub fn from_vars(var: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let var = |name: &str| var(name).filter(|v| !v.is_empty());
        let file = crate::profile::load_default_from(&var)?;
        let profile_name = var(env::PROFILE);
        let mut builder = match (&file, &profile_name) {
            (Some(file), name) => match file.profile(name.as_deref()) {
                Ok(p) => ClientBuilder::new().profile(p),
                Err(e) if name.is_some() => return Err(e),
                Err(_) => ClientBuilder::new(),
            },
            (None, Some(name)) => {
                return Err(ConfigError::UnknownProfile {
                    name: name.clone(),
                    path: crate::profile::default_path_from(&var).unwrap_or_default(),
                    available: "no config file found".into(),
                });
            }
            (None, None) => ClientBuilder::new(),
        };
        if let Some(url) = var(env::URL) {
            builder = builder.url(url);
        }
        if let Some(key) = var(env::KEY).or_else(|| var(env::API_KEY)) {
            builder = builder.key(key);
        }
        if let Some(v) = var(env::VERIFY_TLS) {
            builder.verify_tls = parse_bool(env::VERIFY_TLS, &v)?;
        }
        if let Some(v) = var(env::CA_CERT) {
            builder = builder.ca_cert_file(v);
        }
        if let Some(v) = var(env::CLIENT_CERT) {
            builder = builder.client_identity_file(v);
        }
        if let Some(v) = var(env::PROXY) {
            builder = builder.proxy(v);
        }
        if let Some(v) = var(env::NO_PROXY) {
            builder = builder.no_proxy(v);
        }
        if let Some(v) = var(env::CONNECT_TIMEOUT) {
            builder.connect_timeout = parse_secs(env::CONNECT_TIMEOUT, &v)?;
        }
        if let Some(v) = var(env::READ_TIMEOUT) {
            builder.read_timeout = parse_secs(env::READ_TIMEOUT, &v)?;
        }
        if let Some(v) = var(env::TIMEOUT) {
            builder.limits.total_timeout = Some(parse_secs(env::TIMEOUT, &v)?);
        }
        if let Some(v) = var(env::WALK_TIMEOUT) {
            builder.limits.walk_timeout = Some(parse_secs(env::WALK_TIMEOUT, &v)?);
        }
        if let Some(v) = var(env::MAX_BODY_SIZE) {
            builder.limits.max_body_size = parse_bytes(env::MAX_BODY_SIZE, &v)?;
        }
        if let Some(v) = var(env::MAX_DECOMPRESSED_SIZE) {
            builder.limits.max_decompressed_size = parse_bytes(env::MAX_DECOMPRESSED_SIZE, &v)?;
        }
        if let Some(v) = var(env::MAX_ITEM_SIZE) {
            let n = parse_bytes(env::MAX_ITEM_SIZE, &v)?;
            builder.limits.max_item_size = usize::try_from(n).unwrap_or(usize::MAX);
        }
        if let Some(v) = var(env::MAX_PAGES) {
            builder.limits.max_pages = parse_count(env::MAX_PAGES, &v)?;
        }
        if let Some(v) = var(env::MAX_RETRY_AFTER) {
            let d = parse_secs(env::MAX_RETRY_AFTER, &v)?;
            builder.retry = builder.retry.max_retry_after(d);
        }
        if let Some(v) = var(env::MAX_RETRY_TIME) {
            let d = parse_secs(env::MAX_RETRY_TIME, &v)?;
            builder.retry = builder.retry.max_retry_time(d);
        }
        Ok(builder)
    }

    /// A builder from the named profile of the default config file (`None`: its default profile).
    pub fn from_profile(name: Option<&str>) -> Result<Self, ConfigError> {
        let file = ConfigFile::load_default()?.ok_or_else(|| ConfigError::Missing {
            setting: "config file",
            hint: "create ~/.config/misp/config.toml or set MISP_CONFIG to its path",
        })?;
        Ok(ClientBuilder::new().profile(file.profile(name)?))
    }

    /// Applies the settings a config-file profile gives, over the current ones.
    #[must_use]
    pub fn profile(mut self, profile: &Profile) -> Self {
        if let Some(url) = &profile.url {
            self.url = Some(url.clone());
        }
        if let Some(key) = &profile.key {
            self.key = Some(key.clone());
        }
        if let Some(v) = profile.verify_tls {
            self.verify_tls = v;
        }
        if let Some(ca) = &profile.ca_cert {
            self.ca_certs.push(Pem::File(ca.clone()));
        }
        if let Some(id) = &profile.client_cert {
            self.identity = Some(Pem::File(id.clone()));
        }
        if let Some(p) = &profile.proxy {
            self.proxy = Some(p.clone());
        }
        if let Some(p) = &profile.no_proxy {
            self.no_proxy = Some(p.clone());
        }
        let mut invalid = self.invalid.take();
        let mut secs = |key: &str, value: Option<f64>| -> Option<Duration> {
            match parse_secs_f64(value?) {
                Ok(d) => Some(d),
                Err(message) => {
                    invalid.get_or_insert_with(|| (key.to_owned(), message));
                    None
                }
            }
        };
        let connect = secs("connect_timeout", profile.connect_timeout);
        let read = secs("read_timeout", profile.read_timeout);
        let total = secs("total_timeout", profile.total_timeout);
        let walk = secs("walk_timeout", profile.walk_timeout);
        let retry_after = secs("max_retry_after", profile.max_retry_after);
        let retry_time = secs("max_retry_time", profile.max_retry_time);
        let self_invalid = |slot: &mut Option<(String, String)>, key: &str, message: String| {
            slot.get_or_insert_with(|| (key.to_owned(), message));
        };
        if let Some(d) = connect {
            self.connect_timeout = d;
        }
        if let Some(d) = read {
            self.read_timeout = d;
        }
        if let Some(d) = total {
            self.limits.total_timeout = Some(d);
        }
        if let Some(d) = walk {
            self.limits.walk_timeout = Some(d);
        }
        if let Some(d) = retry_after {
            self.retry = self.retry.max_retry_after(d);
        }
        if let Some(d) = retry_time {
            self.retry = self.retry.max_retry_time(d);
        }
        for (key, value) in [
            ("max_body_size", profile.max_body_size),
            ("max_decompressed_size", profile.max_decompressed_size),
            ("max_item_size", profile.max_item_size),
        ] {
            match value {
                Some(0) => self_invalid(
                    &mut invalid,
                    key,
                    "a size limit must be at least one byte".into(),
                ),
                Some(n) if key == "max_body_size" => self.limits.max_body_size = n,
                Some(n) if key == "max_decompressed_size" => self.limits.max_decompressed_size = n,
                Some(n) => self.limits.max_item_size = usize::try_from(n).unwrap_or(usize::MAX),
                None => {}
            }
        }
        match profile.max_pages {
            Some(0) => self_invalid(&mut invalid, "max_pages", "must be at least 1".into()),
            Some(n) => self.limits.max_pages = n,
            None => {}
        }
        self.invalid = invalid;
        if let Some(ua) = &profile.user_agent {
            self.user_agent = ua.clone();
        }
        for (k, v) in &profile.headers {
            self.headers.push((k.clone(), v.clone()));
        }
        if let Some(r) = profile.max_retries {
            self.retry = self.retry.max_retries(r);
        }
        self
    }

    /// The MISP root URL, with its sub-path when MISP is not at the server's root.
    #[must_use]
    pub fn url(mut self, url: impl Into<String>) -> Self {
        self.url = Some(url.into());
        self
    }

    /// The API key, sent raw in `Authorization`. It is held as a secret: never shown in
    /// Debug output, logs or errors.
    #[must_use]
    pub fn key(mut self, key: impl Into<String>) -> Self {
        self.key = Some(SecretString::from(key.into()));
        self
    }

    /// The API key, already held as a secret.
    #[must_use]
    pub fn secret_key(mut self, key: SecretString) -> Self {
        self.key = Some(key);
        self
    }

    /// Trusts the CA certificates in this PEM file, on top of the built-in roots.
    #[must_use]
    pub fn ca_cert_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.ca_certs.push(Pem::File(path.into()));
        self
    }

    /// Trusts the CA certificates in this PEM text, on top of the built-in roots.
    #[must_use]
    pub fn ca_cert_pem(mut self, pem: impl Into<Vec<u8>>) -> Self {
        self.ca_certs.push(Pem::Bytes(pem.into()));
        self
    }

    /// Turns certificate verification off. Only for a test server with a self-signed
    /// certificate: anyone on the path can then read the key. Prefer
    /// [`ClientBuilder::ca_cert_file`] with the server's certificate.
    #[must_use]
    pub fn danger_accept_invalid_certs(mut self, accept: bool) -> Self {
        self.verify_tls = !accept;
        self
    }

    /// Authenticates with a client certificate: a PEM file holding the certificate (chain) and
    /// its private key.
    #[must_use]
    pub fn client_identity_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.identity = Some(Pem::File(path.into()));
        self
    }

    /// Authenticates with a client certificate given as PEM text (certificate and private key).
    #[must_use]
    pub fn client_identity_pem(mut self, pem: impl Into<Vec<u8>>) -> Self {
        self.identity = Some(Pem::Bytes(pem.into()));
        self
    }

    /// Sends every request through this proxy (`http://`, `https://` or `socks5://` URL).
    #[must_use]
    pub fn proxy(mut self, url: impl Into<String>) -> Self {
        self.proxy = Some(url.into());
        self
    }

    /// Hosts, domains and networks that bypass the proxy, comma separated (`NO_PROXY` syntax).
    #[must_use]
    pub fn no_proxy(mut self, hosts: impl Into<String>) -> Self {
        self.no_proxy = Some(hosts.into());
        self
    }

    /// Ignores the proxy settings of the environment (`HTTPS_PROXY` ...) unless
    /// [`ClientBuilder::proxy`] names one.
    #[must_use]
    pub fn no_system_proxy(mut self) -> Self {
        self.system_proxy = false;
        self
    }

    /// Time allowed to open a connection (10 s by default).
    #[must_use]
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Time allowed between two reads of a response (300 s by default).
    #[must_use]
    pub fn read_timeout(mut self, timeout: Duration) -> Self {
        self.read_timeout = timeout;
        self
    }

    /// The time one request may take in all, from its first attempt to the last byte of the
    /// answer, retries and streamed bodies included (30 minutes by default): a server that
    /// trickles its answer is cut off here with [`Error::Limit`](crate::Error::Limit).
    #[must_use]
    pub fn total_timeout(mut self, timeout: Duration) -> Self {
        self.limits.total_timeout = Some(timeout);
        self
    }

    /// The time a page walk ([`Client::paginate`]) may take in all (4 hours by default).
    #[must_use]
    pub fn walk_timeout(mut self, timeout: Duration) -> Self {
        self.limits.walk_timeout = Some(timeout);
        self
    }

    /// The largest answer read whole, counted after decompression (256 MiB by default).
    #[must_use]
    pub fn max_body_size(mut self, bytes: u64) -> Self {
        self.limits.max_body_size = bytes;
        self
    }

    /// The most bytes one answer may bring once decompressed, streamed answers and exports
    /// included (8 GiB by default).
    #[must_use]
    pub fn max_decompressed_size(mut self, bytes: u64) -> Self {
        self.limits.max_decompressed_size = bytes;
        self
    }

    /// The largest single item of a streamed list (64 MiB by default).
    #[must_use]
    pub fn max_item_size(mut self, bytes: usize) -> Self {
        self.limits.max_item_size = bytes;
        self
    }

    /// The most pages one walk may read (100 000 by default).
    #[must_use]
    pub fn max_pages(mut self, pages: u32) -> Self {
        self.limits.max_pages = pages;
        self
    }

    /// The longest `Retry-After` the client waits for (60 s by default); a server asking for
    /// longer gets [`Error::Limit`](crate::Error::Limit) back. Sets the retry policy's
    /// [`RetryPolicy::max_retry_after`]: give it after [`ClientBuilder::retry`].
    #[must_use]
    pub fn max_retry_after(mut self, wait: Duration) -> Self {
        self.retry = self.retry.max_retry_after(wait);
        self
    }

    /// The longest time spent retrying one request (2 minutes by default). Sets the retry
    /// policy's [`RetryPolicy::max_retry_time`]: give it after [`ClientBuilder::retry`].
    #[must_use]
    pub fn max_retry_time(mut self, time: Duration) -> Self {
        self.retry = self.retry.max_retry_time(time);
        self
    }

    /// Every limit at once (see [`Limits`]).
    #[must_use]
    pub fn limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// The `User-Agent` header.
    #[must_use]
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// A header sent with every request.
    #[must_use]
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Asks for gzip-compressed responses and decompresses them (on by default).
    #[must_use]
    pub fn gzip(mut self, gzip: bool) -> Self {
        self.gzip = gzip;
        self
    }

    /// The retry policy ([`RetryPolicy::none`] turns retries off).
    #[must_use]
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Checks the settings and builds the client.
    pub fn build(self) -> Result<Client, ConfigError> {
        if let Some((setting, message)) = self.invalid {
            return Err(ConfigError::Invalid { setting, message });
        }
        let url = self.url.as_deref().ok_or(ConfigError::Missing {
            setting: "URL",
            hint: "pass --url or set MISP_URL (or `url` in the config profile)",
        })?;
        let root = parse_root(url)?;
        let key = self.key.clone().ok_or(ConfigError::Missing {
            setting: "API key",
            hint: "pass --key or set MISP_KEY (or `key` in the config profile)",
        })?;
        let mut auth = HeaderValue::from_str(key.expose_secret().trim()).map_err(|_| {
            ConfigError::Invalid {
                setting: "key".into(),
                message: "the key holds characters that cannot go in an HTTP header".into(),
            }
        })?;
        auth.set_sensitive(true);

        let mut headers = HeaderMap::new();
        for (name, value) in &self.headers {
            let n = HeaderName::from_bytes(name.as_bytes()).map_err(|e| ConfigError::Invalid {
                setting: format!("header `{name}`"),
                message: e.to_string(),
            })?;
            let v = HeaderValue::from_str(value).map_err(|e| ConfigError::Invalid {
                setting: format!("header `{name}`"),
                message: e.to_string(),
            })?;
            headers.append(n, v);
        }

        let mut http = reqwest::Client::builder()
            .user_agent(self.user_agent.clone())
            .connect_timeout(self.connect_timeout)
            .read_timeout(self.read_timeout)
            .gzip(self.gzip)
            // Redirects are answered, never followed: MISP redirects a refused key to its
            // login page, and following an http->https redirect would turn a POST into a GET.
            .redirect(reqwest::redirect::Policy::none())
            .danger_accept_invalid_certs(!self.verify_tls);
        for pem in &self.ca_certs {
            let bytes = pem.read("CA certificate bundle")?;
            let certs = reqwest::Certificate::from_pem_bundle(&bytes).map_err(|e| {
                ConfigError::Invalid {
                    setting: format!("ca_cert {}", pem.describe()),
                    message: e.to_string(),
                }
            })?;
            if certs.is_empty() {
                return Err(ConfigError::Invalid {
                    setting: format!("ca_cert {}", pem.describe()),
                    message: "no PEM certificate found".into(),
                });
            }
            for cert in certs {
                http = http.add_root_certificate(cert);
            }
        }
        if let Some(pem) = &self.identity {
            let bytes = pem.read("client certificate")?;
            let id = reqwest::Identity::from_pem(&bytes).map_err(|e| ConfigError::Invalid {
                setting: format!("client_cert {}", pem.describe()),
                message: format!("{e} (expected a PEM file with the certificate and its key)"),
            })?;
            http = http.identity(id);
        }
        if !self.system_proxy {
            http = http.no_proxy();
        }
        if let Some(p) = &self.proxy {
            let mut proxy = reqwest::Proxy::all(p).map_err(|e| ConfigError::Invalid {
                setting: "proxy".into(),
                message: e.to_string(),
            })?;
            if let Some(np) = &self.no_proxy {
                proxy = proxy.no_proxy(reqwest::NoProxy::from_string(np));
            }
            http = http.proxy(proxy);
        } else if self.no_proxy.is_some() && self.system_proxy {
            // Apply the exclusions to the environment's proxy.
            if let Some(env_proxy) = ["HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"]
                .iter()
                .find_map(|v| std::env::var(v).ok().filter(|s| !s.is_empty()))
            {
                let proxy = reqwest::Proxy::all(&env_proxy)
                    .map_err(|e| ConfigError::Invalid {
                        setting: "HTTPS_PROXY".into(),
                        message: e.to_string(),
                    })?
                    .no_proxy(reqwest::NoProxy::from_string(
                        self.no_proxy.as_deref().unwrap_or_default(),
                    ));
                http = http.proxy(proxy);
            }
        }
        let http = http.build().map_err(ConfigError::Http)?;
        Ok(Client::from_inner(Inner {
            http,
            root,
            auth,
            headers,
            retry: self.retry,
            verify_tls: self.verify_tls,
            limits: self.limits,
        }))
    }
}

/// Parses the root URL and makes sure its path ends with `/` so joins keep the sub-path.
pub(crate) fn parse_root(url: &str) -> Result<Url, ConfigError> {
    let mut root = Url::parse(url.trim()).map_err(|e| ConfigError::Invalid {
        setting: "url".into(),
        message: format!("`{url}` is not a URL: {e}"),
    })?;
    if !matches!(root.scheme(), "http" | "https") {
        return Err(ConfigError::Invalid {
            setting: "url".into(),
            message: format!("`{url}` must start with https:// (or http://)"),
        });
    }
    if !root.username().is_empty() || root.password().is_some() {
        return Err(ConfigError::Invalid {
            setting: "url".into(),
            message: "the URL must not hold credentials; give the key separately".into(),
        });
    }
    root.set_query(None);
    root.set_fragment(None);
    if !root.path().ends_with('/') {
        let path = format!("{}/", root.path());
        root.set_path(&path);
    }
    Ok(root)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn root_keeps_its_sub_path() {
        assert_eq!(
            parse_root("https://h.example/misp").unwrap().as_str(),
            "https://h.example/misp/"
        );
        assert_eq!(
            parse_root("https://h.example").unwrap().as_str(),
            "https://h.example/"
        );
        assert!(parse_root("ftp://h.example").is_err());
        assert!(parse_root("https://u:p@h.example").is_err());
        assert!(parse_root("not a url").is_err());
    }

    #[test]
    fn unicode_host_names_become_punycode() {
        assert_eq!(
            parse_root("https://bücher.example/misp").unwrap().as_str(),
            "https://xn--bcher-kva.example/misp/"
        );
        let client = ClientBuilder::new()
            .url("https://BÜCHER.example/")
            .key("k")
            .build()
            .unwrap();
        assert_eq!(client.root().host_str(), Some("xn--bcher-kva.example"));
        // UTS 46 still applies: a label that is not valid Punycode is refused.
        assert!(parse_root("https://xn--a.example/").is_err());
    }

    #[test]
    fn missing_url_and_key_are_named() {
        let e = ClientBuilder::new().key("k").build().unwrap_err();
        assert!(e.to_string().contains("`url`"), "{e}");
        let e = ClientBuilder::new()
            .url("https://h.example")
            .build()
            .unwrap_err();
        assert!(e.to_string().contains("`key`"), "{e}");
    }

    #[test]
    fn debug_never_shows_the_key() {
        let b = ClientBuilder::new()
            .url("https://h.example")
            .key("s3cr3t-key-value");
        let text = format!("{b:?}");
        assert!(!text.contains("s3cr3t"), "{text}");
        let c = b.build().unwrap();
        assert!(!format!("{c:?}").contains("s3cr3t"));
    }

    #[test]
    fn env_overrides_and_parses() {
        let vars = |name: &str| match name {
            "MISP_URL" => Some("https://env.example/x".to_owned()),
            "MISP_API_KEY" => Some("abc".to_owned()),
            "MISP_VERIFY_TLS" => Some("no".to_owned()),
            "MISP_CONNECT_TIMEOUT" => Some("2.5".to_owned()),
            "MISP_CONFIG" => Some("/nonexistent/misp-config.toml".to_owned()),
            _ => None,
        };
        // A config file named explicitly must exist.
        assert!(ClientBuilder::from_vars(vars).is_err());
        let b =
            ClientBuilder::from_vars(|n| if n == "MISP_CONFIG" { None } else { vars(n) }).unwrap();
        assert_eq!(b.url.as_deref(), Some("https://env.example/x"));
        assert!(!b.verify_tls);
        assert_eq!(b.connect_timeout, Duration::from_millis(2500));
        let bad = ClientBuilder::from_vars(|n| match n {
            "MISP_READ_TIMEOUT" => Some("forever".into()),
            "MISP_CONFIG" => None,
            _ => None,
        });
        assert!(bad.unwrap_err().to_string().contains("MISP_READ_TIMEOUT"));
    }
}
