//! `url` objects: the URL and its parts, with the registrable domain and public suffix from the
//! public suffix list (the `psl` crate's compiled-in copy).
//!
//! | relation | from `https://user:pw@www.bücher.example.co.uk:8443/a/b?q=1#top` |
//! |---|---|
//! | url | the input, trimmed |
//! | host | `www.xn--bcher-kva.example.co.uk` (IDNA ASCII form) |
//! | text | `www.bücher.example.co.uk` (the Unicode host, when it differs) |
//! | domain | `example.co.uk` |
//! | domain_without_tld | `example` |
//! | subdomain | `www.xn--bcher-kva` |
//! | tld | `co.uk` |
//! | port | `8443` (when written in the URL) |
//! | scheme, credential, resource_path, query_string, fragment | `https`, `user:pw`, `/a/b`, `q=1`, `top` (as written) |
//! | ip | for a host that is an IPv4 or IPv6 address (then no host or domain) |
//!
//! ```
//! let url = misp_tools::url::url_object("http://evil.example.com:8080/login?next=/")?;
//! let object = url.build()?.remove(0);
//! let get = |r: &str| object.attributes.iter().find(|a| a.object_relation.as_deref() == Some(r)).and_then(|a| a.value.clone());
//! assert_eq!(get("domain").as_deref(), Some("example.com"));
//! assert_eq!(get("port").as_deref(), Some("8080"));
//! assert_eq!(get("query_string").as_deref(), Some("next=/"));
//! # Ok::<(), misp_tools::Error>(())
//! ```

use misp_types::builder::ObjectBuilder;

use crate::{Error, Generated};

/// The `url` object of `input`. A URL without a scheme, or that does not parse, is an error
/// naming it.
pub fn url_object(input: &str) -> Result<Generated, Error> {
    let input = input.trim();
    let bad = |reason: String| Error::Unreadable {
        what: format!("`{input}`"),
        expected: "a URL",
        reason,
    };
    if input.is_empty() {
        return Err(bad("it is empty".into()));
    }
    let parsed = url::Url::parse(input).map_err(|e| {
        bad(match e {
            url::ParseError::RelativeUrlWithoutBase => {
                "it has no scheme (write `http://` or `https://` before it)".into()
            }
            other => other.to_string(),
        })
    })?;
    let raw = RawParts::split(input);
    let mut object = ObjectBuilder::new("url").attribute("url", input);
    let mut warnings = Vec::new();
    match parsed.host() {
        Some(url::Host::Domain(host)) => {
            if misp_types::validate::validate_value("hostname", host).is_ok() {
                object = object.attribute("host", host);
            } else {
                warnings.push(format!(
                    "{input}: the host `{host}` is not a hostname MISP accepts (it needs two labels or more); no `host` attribute"
                ));
            }
            let (unicode, _) = idna::domain_to_unicode(host);
            if unicode != host {
                object = object.attribute("text", unicode);
            }
            if let Some(domain) = psl::domain_str(host) {
                object = object.attribute("domain", domain);
                if let Some(tld) = psl::suffix_str(host) {
                    if let Some(without) =
                        domain.strip_suffix(tld).and_then(|d| d.strip_suffix('.'))
                    {
                        object = object.attribute("domain_without_tld", without);
                    }
                    object = object.attribute("tld", tld);
                }
                if let Some(sub) = host
                    .strip_suffix(domain)
                    .and_then(|s| s.strip_suffix('.'))
                    .filter(|s| !s.is_empty())
                {
                    object = object.attribute("subdomain", sub);
                }
            }
        }
        Some(url::Host::Ipv4(ip)) => object = object.attribute("ip", ip.to_string()),
        Some(url::Host::Ipv6(ip)) => object = object.attribute("ip", ip.to_string()),
        None => {}
    }
    if let Some(port) = raw.port.or(parsed.port().map(|p| p.to_string())) {
        object = object.attribute("port", port);
    }
    object = object.attribute("scheme", parsed.scheme());
    if !parsed.username().is_empty() {
        let credential = match parsed.password() {
            Some(password) => format!("{}:{password}", parsed.username()),
            None => parsed.username().to_owned(),
        };
        object = object.attribute("credential", credential);
    }
    let path = raw.path.unwrap_or_else(|| parsed.path().to_owned());
    if !path.is_empty() {
        object = object.attribute("resource_path", path);
    }
    if let Some(query) = raw.query.or(parsed.query().map(str::to_owned))
        && !query.is_empty()
    {
        object = object.attribute("query_string", query);
    }
    if let Some(fragment) = raw.fragment.or(parsed.fragment().map(str::to_owned))
        && !fragment.is_empty()
    {
        object = object.attribute("fragment", fragment);
    }
    let mut generated = Generated::new(object);
    for warning in warnings {
        generated.warn(warning);
    }
    Ok(generated)
}

/// One `url` object per non-blank line of `text` (a URL list), and for each line that is not a
/// URL, its line number (from 1) and the error.
pub fn url_objects_from_lines(text: &str) -> (Vec<Generated>, Vec<(usize, Error)>) {
    let mut objects = Vec::new();
    let mut errors = Vec::new();
    for (index, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        match url_object(line) {
            Ok(object) => objects.push(object),
            Err(e) => errors.push((index + 1, e)),
        }
    }
    (objects, errors)
}

/// Port, path, query and fragment as written in the URL (the parser percent-encodes them and
/// drops a default port; MISP users expect what the URL says).
#[derive(Default)]
struct RawParts {
    port: Option<String>,
    path: Option<String>,
    query: Option<String>,
    fragment: Option<String>,
}

impl RawParts {
    fn split(input: &str) -> RawParts {
        let Some((_, rest)) = input.split_once("://") else {
            return RawParts::default();
        };
        let (rest, fragment) = match rest.split_once('#') {
            Some((r, f)) => (r, Some(f.to_owned())),
            None => (rest, None),
        };
        let (rest, query) = match rest.split_once('?') {
            Some((r, q)) => (r, Some(q.to_owned())),
            None => (rest, None),
        };
        let (authority, path) = match rest.find('/') {
            Some(i) => (rest.get(..i).unwrap_or(rest), rest.get(i..).unwrap_or("")),
            None => (rest, ""),
        };
        let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
        let port = host_port
            .rsplit_once(':')
            .filter(|(host, port)| {
                !port.is_empty()
                    && port.bytes().all(|b| b.is_ascii_digit())
                    && (!host.starts_with('[') || host.ends_with(']'))
            })
            .map(|(_, port)| port.to_owned());
        RawParts {
            port,
            path: Some(path.to_owned()),
            query,
            fragment,
        }
    }
}
