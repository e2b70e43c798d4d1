//! `email` objects from `.eml` messages, with a `file` object per attachment.
//!
//! The relations are those of PyMISP's `EMailObject`: the message itself (`eml`), the plain and
//! HTML bodies, every header (`header`), send-date, to (and Delivered-To), cc, bcc, from,
//! reply-to with their display names, return-path, subject, message-id, user-agent,
//! mime-boundary, x-mailer, thread-index, and the public IP addresses and host names of the
//! Received headers. Each attachment is an `attachment` attribute and a `file` object the
//! e-mail `includes` ("Email attachment"), as PyMISP users build them.
//!
//! ```
//! let eml = b"From: Billing <billing@evil.example>\r\nTo: alice@victim.example\r\nSubject: Invoice\r\nMessage-ID: <1@evil.example>\r\n\r\nPay now.\r\n";
//! let generated = misp_tools::email::EmailObject::new(eml).generate()?;
//! let email = generated.build()?.remove(0);
//! let get = |r: &str| email.attributes.iter().find(|a| a.object_relation.as_deref() == Some(r)).and_then(|a| a.value.clone());
//! assert_eq!(get("from").as_deref(), Some("billing@evil.example"));
//! assert_eq!(get("from-display-name").as_deref(), Some("Billing"));
//! assert_eq!(get("message-id").as_deref(), Some("<1@evil.example>"));
//! # Ok::<(), misp_tools::Error>(())
//! ```

use std::collections::HashSet;
use std::net::IpAddr;

use mail_parser::{Address, HeaderValue, MessageParser, MimeHeaders};
use misp_types::builder::{AttributeBuilder, ObjectBuilder};

use crate::file::FileObject;
use crate::{Error, Generated};

/// An `email` object made from a raw message (`.eml`, RFC 5322).
#[derive(Debug, Clone)]
#[must_use]
pub struct EmailObject<'a> {
    raw: &'a [u8],
    attach_original: bool,
    attachment_samples: bool,
}

impl<'a> EmailObject<'a> {
    /// The message `raw`.
    pub fn new(raw: &'a [u8]) -> Self {
        EmailObject {
            raw,
            attach_original: true,
            attachment_samples: true,
        }
    }

    /// Whether the message itself goes in as the `eml` attachment (yes by default, as PyMISP).
    pub fn attach_original(mut self, yes: bool) -> Self {
        self.attach_original = yes;
        self
    }

    /// Whether each attachment's `file` object carries the attachment as a malware-sample (yes
    /// by default, as PyMISP's FileObject).
    pub fn attachment_samples(mut self, yes: bool) -> Self {
        self.attachment_samples = yes;
        self
    }

    /// The `email` object, then one `file` object per attachment.
    pub fn generate(self) -> Result<Generated, Error> {
        let unreadable = |reason: &str| Error::Unreadable {
            what: "the message".into(),
            expected: "an e-mail message (.eml)",
            reason: reason.into(),
        };
        let message = MessageParser::default()
            .parse(self.raw)
            .ok_or_else(|| unreadable("it could not be parsed"))?;
        if message.headers().is_empty() {
            return Err(unreadable("it has no header"));
        }
        let mut email = ObjectBuilder::new("email");
        let mut warnings = Vec::new();
        if self.attach_original {
            email = email.attribute_with(
                "eml",
                AttributeBuilder::attachment("Full email.eml", self.raw)
                    .category(misp_types::Category::PayloadDelivery),
            );
        }
        // The first plain and the first HTML body part (in a multipart/mixed message both are
        // inline parts, whichever list the parser files them under).
        let bodies: Vec<_> = message.text_bodies().chain(message.html_bodies()).collect();
        let plain = bodies
            .iter()
            .find(|p| !p.is_text_html() && p.is_text())
            .and_then(|p| p.text_contents());
        let html = bodies
            .iter()
            .find(|p| p.is_text_html())
            .and_then(|p| p.text_contents());
        for (body, comment) in [(plain, "text/plain body"), (html, "text/html body")] {
            if let Some(body) = body.map(str::trim).filter(|b| !b.is_empty()) {
                let body = crate::relation_attribute(&email, "email-body", body).comment(comment);
                email = email.attribute_with("email-body", body);
            }
        }
        let headers: Vec<String> = message
            .headers_raw()
            .map(|(name, value)| format!("{name}: {}", unfold(value)))
            .collect();
        if !headers.is_empty() {
            email = email.attribute("header", headers.join("\n"));
        }
        if let Some(date) = message.date() {
            email = email.attribute("send-date", date.to_rfc3339());
        }
        email = add_addresses(email, "to", message.to());
        for value in message.header_values("Delivered-To") {
            email = add_addresses(email, "to", value.as_address());
        }
        email = add_addresses(email, "from", message.from());
        // Only the Return-Path header (the parser's `return_address` falls back to From).
        if let Some(path) = message.header_raw("Return-Path").map(|raw| {
            let raw = unfold(raw);
            raw.trim_matches(|c: char| c == '<' || c == '>' || c.is_whitespace())
                .to_owned()
        }) && !path.is_empty()
        {
            email = email.attribute("return-path", path);
        }
        email = add_addresses(email, "reply-to", message.reply_to());
        email = add_addresses(email, "bcc", message.bcc());
        email = add_addresses(email, "cc", message.cc());
        if let Some(subject) = message.subject() {
            email = email.attribute("subject", subject);
        }
        if let Some(id) = message.header_raw("Message-ID") {
            email = email.attribute("message-id", unfold(id).trim());
        }
        if let Some(agent) = text_header(&message, "User-Agent") {
            email = email.attribute("user-agent", agent);
        }
        if let Some(boundary) = message.content_type().and_then(|c| c.attribute("boundary")) {
            email = email.attribute("mime-boundary", boundary);
        }
        if let Some(mailer) = text_header(&message, "X-Mailer") {
            email = email.attribute("x-mailer", mailer);
        }
        if let Some(index) = text_header(&message, "Thread-Index") {
            email = email.attribute("thread-index", index);
        }
        let mut seen = HashSet::new();
        for (name, value) in message.headers_raw() {
            if name.eq_ignore_ascii_case("Received") {
                email = received(email, &unfold(value), &mut seen);
            }
        }
        let mut files = Vec::new();
        for (n, part) in message.attachments().enumerate() {
            let name = match part.attachment_name() {
                Some(name) if !name.trim().is_empty() => name.to_owned(),
                _ => {
                    let name = format!("attachment-{}", n + 1);
                    warnings.push(format!(
                        "attachment {} has no file name: called it `{name}`",
                        n + 1
                    ));
                    name
                }
            };
            let file = FileObject::new(&name, part.contents())
                .malware_sample(self.attachment_samples)
                .builder()?;
            email = email.attribute("attachment", &name).reference_commented(
                file.uuid(),
                "includes",
                Some("Email attachment"),
            );
            files.push(file);
        }
        let mut generated = Generated::new(email);
        for file in files {
            generated.push(file);
        }
        for warning in warnings {
            generated.warn(warning);
        }
        Ok(generated)
    }
}

/// The e-mail in `raw` (see [`EmailObject`] for the options).
pub fn email_objects(raw: &[u8]) -> Result<Generated, Error> {
    EmailObject::new(raw).generate()
}

/// A header's value on one line: the folding line breaks removed, as Python's e-mail package
/// gives it (the whitespace after them stays).
fn unfold(value: &str) -> String {
    value.replace(['\r', '\n'], "").trim().to_owned()
}

fn text_header(message: &mail_parser::Message<'_>, name: &str) -> Option<String> {
    match message.header(name)? {
        HeaderValue::Text(text) => Some(text.trim().to_owned()),
        HeaderValue::TextList(list) => Some(list.join(", ")),
        _ => message.header_raw(name).map(unfold),
    }
    .filter(|v| !v.is_empty())
}

/// Adds the addresses of a header under `relation`, and their display names under
/// `relation-display-name`, each commented `Name <address>` as PyMISP does.
fn add_addresses(
    mut object: ObjectBuilder,
    relation: &str,
    address: Option<&Address<'_>>,
) -> ObjectBuilder {
    let Some(address) = address else {
        return object;
    };
    let mut names = Vec::new();
    for addr in address.iter() {
        let Some(email) = addr.address().map(str::trim).filter(|a| !a.is_empty()) else {
            continue;
        };
        let name = addr.name().map(str::trim).filter(|n| !n.is_empty());
        let mut attribute = crate::relation_attribute(&object, relation, email);
        if let Some(name) = name {
            let comment = format!("{name} <{email}>");
            attribute = attribute.comment(&comment);
            names.push((name.to_owned(), comment));
        }
        object = object.attribute_with(relation, attribute);
    }
    let display = format!("{relation}-display-name");
    if object
        .template()
        .and_then(|t| t.relation(&display))
        .is_some()
    {
        for (name, comment) in names {
            let attribute = crate::relation_attribute(&object, &display, &name).comment(comment);
            object = object.attribute_with(&display, attribute);
        }
    }
    object
}

/// The host names and public IP addresses of one Received header, as PyMISP's EMailObject
/// finds them: the name after `from` and the first word in the parentheses after it, and
/// addresses in brackets, in parentheses or after `. `. Each value once per message.
fn received(
    mut object: ObjectBuilder,
    header: &str,
    seen: &mut HashSet<(&'static str, String)>,
) -> ObjectBuilder {
    let mut add = |object: ObjectBuilder, candidate: &str| -> ObjectBuilder {
        if let Ok(ip) = candidate.parse::<IpAddr>() {
            if is_public(ip) && seen.insert(("received-header-ip", ip.to_string())) {
                let a = crate::relation_attribute(&object, "received-header-ip", &ip.to_string())
                    .comment(header);
                return object.attribute_with("received-header-ip", a);
            }
            return object;
        }
        let looks_like_host = candidate.contains('.')
            && !candidate.ends_with('.')
            && candidate
                .rsplit('.')
                .next()
                .is_some_and(|tld| tld.chars().count() > 1);
        if looks_like_host && seen.insert(("received-header-hostname", candidate.to_owned())) {
            let a = crate::relation_attribute(&object, "received-header-hostname", candidate)
                .comment(header);
            return object.attribute_with("received-header-hostname", a);
        }
        object
    };
    // Host names: `from NAME (REVERSE ...)`.
    let mut rest = header;
    while let Some(at) = rest.find("from") {
        let after = rest.get(at + 4..).unwrap_or_default();
        rest = after;
        let trimmed = after.trim_start();
        if trimmed.len() == after.len() {
            continue; // `from` must be followed by whitespace
        }
        let name_len = trimmed
            .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '.' || c == '-'))
            .unwrap_or(trimmed.len());
        let name = trimmed.get(..name_len).unwrap_or_default();
        if name.is_empty() {
            continue;
        }
        object = add(object, name);
        let tail = trimmed.get(name_len..).unwrap_or_default();
        let paren = tail.trim_start();
        if paren.len() < tail.len()
            && let Some(inner) = paren
                .strip_prefix('(')
                .and_then(|p| p.split_once(')'))
                .map(|(i, _)| i)
            && let Some(first) = inner.split_whitespace().next()
        {
            let reverse = first
                .trim_matches(|c| matches!(c, '[' | ']' | '(' | ')'))
                .trim_end_matches('.');
            if !reverse.is_empty() {
                object = add(object, reverse);
            }
        }
    }
    // Addresses: [a.b.c.d], (a.b.c.d), `. a.b.c.d`, and IPv6 in brackets, in parentheses or
    // standing alone.
    let bytes = header.as_bytes();
    let is_ip_char = |c: char| c.is_ascii_hexdigit() || c == '.' || c == ':';
    let mut start = None;
    for (i, c) in header
        .char_indices()
        .chain(std::iter::once((header.len(), ' ')))
    {
        match (is_ip_char(c), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                start = None;
                let token = header.get(s..i).unwrap_or_default().trim_end_matches('.');
                let before = s.checked_sub(1).and_then(|j| bytes.get(j)).copied();
                let after = bytes.get(i).copied();
                let bracketed = matches!(
                    (before, after),
                    (Some(b'['), Some(b']')) | (Some(b'('), Some(b')'))
                );
                let after_domain = s >= 2 && bytes.get(s - 2..s) == Some(b". ");
                let standalone = !before.is_some_and(|b| b.is_ascii_alphanumeric());
                match token.parse::<IpAddr>() {
                    Ok(IpAddr::V4(_)) if bracketed || after_domain => object = add(object, token),
                    Ok(IpAddr::V6(_)) if bracketed || standalone => object = add(object, token),
                    _ => {}
                }
            }
            _ => {}
        }
    }
    object
}

/// Not private, loopback, link-local, documentation, reserved or unspecified (Python's
/// `not ip.is_private`, which PyMISP uses).
fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let o = v4.octets();
            !(v4.is_private()
                || v4.is_loopback()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_documentation()
                || o[0] == 0
                || o[0] >= 240
                || (o[0] == 192 && o[1] == 0 && o[2] == 0)
                || (o[0] == 198 && (o[1] & 0xfe) == 18))
        }
        IpAddr::V6(v6) => {
            let s = v6.segments();
            !(v6.is_loopback()
                || v6.is_unspecified()
                || (s[0] & 0xfe00) == 0xfc00
                || (s[0] & 0xffc0) == 0xfe80
                || (s[0] == 0x2001 && s[1] == 0x0db8)
                || (s[0] == 0x2001 && s[1] < 0x0200)
                || v6
                    .to_ipv4_mapped()
                    .is_some_and(|v4| !is_public(IpAddr::V4(v4))))
        }
    }
}
