//! The config file the `misp` command line uses, readable from the library too.
//!
//! ```toml
//! default_profile = "prod"
//!
//! [profiles.prod]
//! url = "https://misp.example.org"
//! key = "0123456789abcdef0123456789abcdef01234567"
//! ca_cert = "/etc/ssl/misp-ca.pem"
//!
//! [profiles.lab]
//! url = "https://misp.lab.test"
//! key = "..."
//! verify_tls = false          # self-signed test server only
//! proxy = "http://proxy.lab.test:3128"
//! no_proxy = "localhost,127.0.0.1"
//! connect_timeout = 5         # seconds
//! read_timeout = 600
//! max_retries = 5
//! headers = { "X-Team" = "cti" }
//! # limits (the defaults are in `Limits`)
//! total_timeout = 1800        # seconds, one request in all
//! walk_timeout = 14400        # seconds, one page walk in all
//! max_body_size = "256MiB"    # or a number of bytes
//! max_decompressed_size = "8GiB"
//! max_item_size = "64MiB"
//! max_pages = 100000
//! max_retry_after = 60        # seconds
//! max_retry_time = 120        # seconds
//! ```
//!
//! A file that holds a key and can be read by other users gets a warning (through `tracing`,
//! and in [`ConfigFile::warnings`]).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use secrecy::SecretString;
use serde::Deserialize;

use crate::config::env;
use crate::error::ConfigError;

/// One named set of connection settings.
#[derive(Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Profile {
    /// The MISP root URL.
    pub url: Option<String>,
    /// The API key.
    #[serde(default, deserialize_with = "secret")]
    pub key: Option<SecretString>,
    /// Whether to verify the server's certificate (true when absent).
    pub verify_tls: Option<bool>,
    /// A PEM file of extra CA certificates.
    pub ca_cert: Option<PathBuf>,
    /// A PEM file with the client certificate and its private key.
    pub client_cert: Option<PathBuf>,
    /// A proxy URL.
    pub proxy: Option<String>,
    /// Hosts that bypass the proxy, comma separated.
    pub no_proxy: Option<String>,
    /// Connect timeout in seconds.
    pub connect_timeout: Option<f64>,
    /// Read timeout in seconds.
    pub read_timeout: Option<f64>,
    /// The `User-Agent` header.
    pub user_agent: Option<String>,
    /// Extra headers sent with every request.
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    /// How many times a failed request may be repeated.
    pub max_retries: Option<u32>,
    /// The time one request may take in all, in seconds ([`crate::Limits::total_timeout`]).
    pub total_timeout: Option<f64>,
    /// The time a page walk may take in all, in seconds ([`crate::Limits::walk_timeout`]).
    pub walk_timeout: Option<f64>,
    /// The largest answer read whole: bytes, or a string with a unit (`"256MiB"`)
    /// ([`crate::Limits::max_body_size`]).
    #[serde(default, deserialize_with = "size")]
    pub max_body_size: Option<u64>,
    /// The most bytes one answer may bring once decompressed
    /// ([`crate::Limits::max_decompressed_size`]).
    #[serde(default, deserialize_with = "size")]
    pub max_decompressed_size: Option<u64>,
    /// The largest item of a streamed list ([`crate::Limits::max_item_size`]).
    #[serde(default, deserialize_with = "size")]
    pub max_item_size: Option<u64>,
    /// The most pages one walk may read ([`crate::Limits::max_pages`]).
    pub max_pages: Option<u32>,
    /// The longest `Retry-After` waited for, in seconds.
    pub max_retry_after: Option<f64>,
    /// The longest time spent retrying one request, in seconds.
    pub max_retry_time: Option<f64>,
}

/// A size: a whole number of bytes, or a string with a unit.
fn size<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Size {
        Bytes(u64),
        Text(String),
    }
    match Option::<Size>::deserialize(d)? {
        None => Ok(None),
        Some(Size::Bytes(0)) => Err(serde::de::Error::custom(
            "a size limit must be at least one byte",
        )),
        Some(Size::Bytes(n)) => Ok(Some(n)),
        Some(Size::Text(t)) => crate::limits::parse_size(&t)
            .map(Some)
            .map_err(serde::de::Error::custom),
    }
}

fn secret<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<SecretString>, D::Error> {
    Ok(Option::<String>::deserialize(d)?.map(SecretString::from))
}

impl std::fmt::Debug for Profile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Profile")
            .field("url", &self.url)
            .field("key", &self.key.as_ref().map(|_| "<redacted>"))
            .field("verify_tls", &self.verify_tls)
            .field("ca_cert", &self.ca_cert)
            .field("client_cert", &self.client_cert)
            .field("proxy", &self.proxy)
            .field("no_proxy", &self.no_proxy)
            .field("connect_timeout", &self.connect_timeout)
            .field("read_timeout", &self.read_timeout)
            .field("user_agent", &self.user_agent)
            .field("headers", &self.headers.keys().collect::<Vec<_>>())
            .field("max_retries", &self.max_retries)
            .field("total_timeout", &self.total_timeout)
            .field("walk_timeout", &self.walk_timeout)
            .field("max_body_size", &self.max_body_size)
            .field("max_decompressed_size", &self.max_decompressed_size)
            .field("max_item_size", &self.max_item_size)
            .field("max_pages", &self.max_pages)
            .field("max_retry_after", &self.max_retry_after)
            .field("max_retry_time", &self.max_retry_time)
            .finish()
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    default_profile: Option<String>,
    #[serde(default)]
    profiles: BTreeMap<String, Profile>,
}

/// A parsed config file: profiles by name and the default profile's name.
///
/// ```
/// use misp_client::ConfigFile;
///
/// let file = ConfigFile::parse(
///     r#"
///     default_profile = "lab"
///     [profiles.lab]
///     url = "https://misp.lab.test/misp"
///     key = "k"
///     verify_tls = false
///     "#,
///     "inline.toml",
/// )
/// .unwrap();
/// let lab = file.profile(None).unwrap();
/// assert_eq!(lab.url.as_deref(), Some("https://misp.lab.test/misp"));
/// assert_eq!(lab.verify_tls, Some(false));
/// let client = misp_client::Client::builder().profile(lab).build().unwrap();
/// assert_eq!(client.root().path(), "/misp/");
/// ```
#[derive(Debug)]
pub struct ConfigFile {
    path: PathBuf,
    default_profile: Option<String>,
    profiles: BTreeMap<String, Profile>,
    warnings: Vec<String>,
}

impl ConfigFile {
    /// The default path: `$XDG_CONFIG_HOME/misp/config.toml`, else `~/.config/misp/config.toml`
    /// (on Windows `%APPDATA%\misp\config.toml`).
    pub fn default_path() -> Option<PathBuf> {
        default_path_from(&|n| std::env::var(n).ok())
    }

    /// Reads the file named by `MISP_CONFIG`, else the default path; `Ok(None)` when the
    /// default file does not exist.
    pub fn load_default() -> Result<Option<ConfigFile>, ConfigError> {
        load_default_from(&|n| std::env::var(n).ok())
    }

    /// Reads and parses a config file, warning when it holds a key and others can read it.
    pub fn load(path: impl AsRef<Path>) -> Result<ConfigFile, ConfigError> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::File {
            what: "config file",
            path: path.to_owned(),
            source,
        })?;
        let mut file = ConfigFile::parse(&text, path)?;
        if file.profiles.values().any(|p| p.key.is_some())
            && let Some(w) = permission_warning(path)
        {
            tracing::warn!(path = %path.display(), "{w}");
            file.warnings.push(w);
        }
        Ok(file)
    }

    /// Parses config-file text; `path` is used in messages only.
    pub fn parse(text: &str, path: impl AsRef<Path>) -> Result<ConfigFile, ConfigError> {
        let path = path.as_ref().to_owned();
        let raw: Raw = toml::from_str(text).map_err(|e| ConfigError::Parse {
            path: path.clone(),
            message: e.to_string(),
        })?;
        if let Some(name) = &raw.default_profile
            && !raw.profiles.contains_key(name)
        {
            return Err(ConfigError::UnknownProfile {
                name: name.clone(),
                available: list(&raw.profiles),
                path,
            });
        }
        for (name, profile) in &raw.profiles {
            for (key, value) in [
                ("connect_timeout", profile.connect_timeout),
                ("read_timeout", profile.read_timeout),
                ("total_timeout", profile.total_timeout),
                ("walk_timeout", profile.walk_timeout),
                ("max_retry_after", profile.max_retry_after),
                ("max_retry_time", profile.max_retry_time),
            ] {
                if let Some(Err(message)) = value.map(crate::limits::parse_secs_f64) {
                    return Err(ConfigError::Invalid {
                        setting: format!("{key}` in profile `{name}` of `{}", path.display()),
                        message,
                    });
                }
            }
            if profile.max_pages == Some(0) {
                return Err(ConfigError::Invalid {
                    setting: format!("max_pages` in profile `{name}` of `{}", path.display()),
                    message: "must be at least 1".into(),
                });
            }
        }
        Ok(ConfigFile {
            path,
            default_profile: raw.default_profile,
            profiles: raw.profiles,
            warnings: Vec::new(),
        })
    }

    /// The named profile; with `None`, the file's `default_profile`, else its only profile,
    /// else the profile called `default`.
    pub fn profile(&self, name: Option<&str>) -> Result<&Profile, ConfigError> {
        let chosen = match name {
            Some(n) => Some(n.to_owned()),
            None => self.default_profile.clone().or_else(|| {
                if self.profiles.len() == 1 {
                    self.profiles.keys().next().cloned()
                } else {
                    Some("default".to_owned())
                }
            }),
        };
        let chosen = chosen.unwrap_or_default();
        self.profiles
            .get(&chosen)
            .ok_or_else(|| ConfigError::UnknownProfile {
                name: chosen,
                path: self.path.clone(),
                available: list(&self.profiles),
            })
    }

    /// The profiles' names.
    pub fn profile_names(&self) -> impl Iterator<Item = &str> {
        self.profiles.keys().map(String::as_str)
    }

    /// Where the file was read from.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Problems worth telling the user, such as a key in a file others can read.
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }
}

fn list(profiles: &BTreeMap<String, Profile>) -> String {
    if profiles.is_empty() {
        "no profiles".into()
    } else {
        profiles.keys().cloned().collect::<Vec<_>>().join(", ")
    }
}

pub(crate) fn default_path_from(var: &dyn Fn(&str) -> Option<String>) -> Option<PathBuf> {
    let var = |n: &str| var(n).filter(|v| !v.is_empty());
    if let Some(x) = var("XDG_CONFIG_HOME") {
        return Some(PathBuf::from(x).join("misp").join("config.toml"));
    }
    if cfg!(windows)
        && let Some(a) = var("APPDATA")
    {
        return Some(PathBuf::from(a).join("misp").join("config.toml"));
    }
    var("HOME").map(|h| {
        PathBuf::from(h)
            .join(".config")
            .join("misp")
            .join("config.toml")
    })
}

pub(crate) fn load_default_from(
    var: &dyn Fn(&str) -> Option<String>,
) -> Result<Option<ConfigFile>, ConfigError> {
    if let Some(p) = var(env::CONFIG).filter(|v| !v.is_empty()) {
        return ConfigFile::load(p).map(Some);
    }
    match default_path_from(var) {
        Some(p) if p.exists() => ConfigFile::load(p).map(Some),
        _ => Ok(None),
    }
}

#[cfg(unix)]
fn permission_warning(path: &Path) -> Option<String> {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path).ok()?.permissions().mode();
    (mode & 0o044 != 0).then(|| {
        format!(
            "config file {} holds an API key and can be read by other users (mode {:o}); \
             run `chmod 600 {}`",
            path.display(),
            mode & 0o777,
            path.display()
        )
    })
}

#[cfg(not(unix))]
fn permission_warning(_: &Path) -> Option<String> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = r#"
default_profile = "prod"
[profiles.prod]
url = "https://misp.example.org"
key = "prod-key-secret"
ca_cert = "/etc/ssl/misp.pem"
connect_timeout = 3
headers = { "X-Team" = "cti" }

[profiles.lab]
url = "https://lab.example/misp"
verify_tls = false
"#;

    #[test]
    fn profiles_resolve() {
        let f = ConfigFile::parse(TEXT, "t.toml").unwrap();
        assert_eq!(
            f.profile(None).unwrap().url.as_deref(),
            Some("https://misp.example.org")
        );
        assert_eq!(f.profile(Some("lab")).unwrap().verify_tls, Some(false));
        let e = f.profile(Some("nope")).unwrap_err().to_string();
        assert!(e.contains("nope") && e.contains("lab, prod"), "{e}");
        assert!(!format!("{f:?}").contains("prod-key-secret"));
        assert_eq!(f.profile_names().collect::<Vec<_>>(), ["lab", "prod"]);
    }

    #[test]
    fn bad_files_say_where() {
        let e = ConfigFile::parse("[profiles.x]\nurll = 1\n", "bad.toml").unwrap_err();
        let msg = e.to_string();
        assert!(msg.contains("bad.toml") && msg.contains("urll"), "{msg}");
        let e = ConfigFile::parse("default_profile = \"zz\"\n", "d.toml").unwrap_err();
        assert!(e.to_string().contains("zz"));
    }

    #[cfg(unix)]
    #[test]
    fn world_readable_key_file_warns() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(&path, TEXT).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        let f = ConfigFile::load(&path).unwrap();
        assert_eq!(f.warnings().len(), 1);
        assert!(f.warnings()[0].contains("chmod 600"));
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        assert!(ConfigFile::load(&path).unwrap().warnings().is_empty());
        // No key, no warning.
        std::fs::write(&path, "[profiles.a]\nurl = \"https://a.example\"\n").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        assert!(ConfigFile::load(&path).unwrap().warnings().is_empty());
    }

    #[test]
    fn default_path_follows_xdg_then_home() {
        let p = default_path_from(&|n| (n == "XDG_CONFIG_HOME").then(|| "/x".to_owned()));
        assert_eq!(p.unwrap(), PathBuf::from("/x/misp/config.toml"));
        let p = default_path_from(&|n| (n == "HOME").then(|| "/home/u".to_owned()));
        assert_eq!(
            p.unwrap(),
            PathBuf::from("/home/u/.config/misp/config.toml")
        );
    }
}
