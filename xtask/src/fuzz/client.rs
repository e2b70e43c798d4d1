//! The targets of misp-api and misp-client: every operation's decode on mutated recorded
//! answers (status, headers, body), and the streaming splitter against the buffered decode.

use std::path::{Path, PathBuf};

use bytes::Bytes;
use misp_api::attributes::*;
use misp_api::events::*;
use misp_api::galaxies::*;
use misp_api::instance::*;
use misp_api::noticelists::*;
use misp_api::object_templates::*;
use misp_api::objects::*;
use misp_api::proposals::*;
use misp_api::search::*;
use misp_api::sightings::*;
use misp_api::tags::*;
use misp_api::taxonomies::*;
use misp_api::warninglists::*;
use misp_api::{Endpoint, ItemsAt, RequestContext};
use serde_json::Value;

use super::Target;
use crate::workspace_root;

/// An operation whose decode can be run on any answer.
trait Decodes {
    /// The decode's outcome: `Ok(())`, or the error's text.
    fn outcome(&self, response: http::Response<Bytes>) -> Result<(), String>;
}

impl<T: Endpoint> Decodes for T {
    fn outcome(&self, response: http::Response<Bytes>) -> Result<(), String> {
        self.decode(response).map(|_| ()).map_err(|e| e.to_string())
    }
}

fn event() -> misp_api::model::Event {
    serde_json::from_value(serde_json::json!({"info": "fuzz"})).unwrap_or_default()
}

fn attribute() -> misp_api::model::Attribute {
    serde_json::from_value(serde_json::json!({"type": "ip-dst", "value": "198.51.100.1"}))
        .unwrap_or_default()
}

/// One operation of each decode shape and area: entities, lists, items, acknowledgements,
/// existence checks, raw exports, toggles.
fn operations() -> Vec<Box<dyn Decodes>> {
    vec![
        Box::new(GetVersion),
        Box::new(DescribeTypesRemote),
        Box::new(GetEvent::new(10)),
        Box::new(EventExists::new(10)),
        Box::new(ListEvents),
        Box::new(AddEvent::new(event())),
        Box::new(PublishEvent::new(10)),
        Box::new(UnpublishEvent::new(10)),
        Box::new(DeleteEvent::new(11)),
        Box::new(GetAttribute::new(70)),
        Box::new(AttributeExists::new(70)),
        Box::new(AddAttribute::new(10, attribute())),
        Box::new(ListAttributes),
        Box::new(RestoreAttribute::new(73)),
        Box::new(GetObject::new(11)),
        Box::new(ObjectExists::new(11)),
        Box::new(GetAttributeProposal::new(12u64)),
        Box::new(ListAttributeProposals::new(None)),
        Box::new(AcceptAttributeProposal::new(12u64)),
        Box::new(ListTags::all()),
        Box::new(GetTag::new(79u64)),
        Box::new(DeleteTag::new(100u64)),
        Box::new(ListTaxonomies),
        Box::new(GetTaxonomy::new(11u64)),
        Box::new(EnableTaxonomy::new(11u64)),
        Box::new(ListWarninglists),
        Box::new(GetWarninglist::new(115u64)),
        Box::new(ToggleWarninglists::set(96, true)),
        Box::new(ListNoticelists),
        Box::new(GetNoticelist::new(1u64)),
        Box::new(ListObjectTemplates),
        Box::new(GetObjectTemplate::new(93)),
        Box::new(ListGalaxies),
        Box::new(SearchSightings::new()),
        Box::new(DeleteSighting::new(21u64)),
        Box::new(SearchAttributes::new(SearchQuery::new())),
        Box::new(SearchAttributes::new(SearchQuery::new()).page_size(5)),
        Box::new(SearchEvents::new(SearchQuery::new())),
        Box::new(SearchObjects::new(SearchQuery::new())),
        Box::new(SearchIndex::new()),
        Box::new(Export::new(
            Scope::Attributes,
            ReturnFormat::Csv,
            SearchQuery::new(),
        )),
    ]
}

/// An answer as fuzz input: `<status>\n<Name: value lines>\n\n<body>`.
fn encode(status: u16, headers: &[(String, String)], body: &[u8]) -> Vec<u8> {
    let mut out = format!("{status}\n").into_bytes();
    for (k, v) in headers {
        out.extend_from_slice(format!("{k}: {v}\n").as_bytes());
    }
    out.push(b'\n');
    out.extend_from_slice(body);
    out
}

/// The answer an input stands for; `None` when its head cannot be an HTTP answer.
fn decode_input(input: &[u8]) -> Option<http::Response<Bytes>> {
    let split = input.windows(2).position(|w| w == b"\n\n")?;
    let (head, body) = (input.get(..split)?, input.get(split + 2..)?);
    let head = std::str::from_utf8(head).ok()?;
    let mut lines = head.split('\n');
    let status: u16 = lines.next()?.trim().parse().ok()?;
    let mut builder = http::Response::builder().status(status);
    for line in lines {
        let (k, v) = line.split_once(':')?;
        let name = http::HeaderName::from_bytes(k.trim().as_bytes()).ok()?;
        let value = http::HeaderValue::from_str(v.trim()).ok()?;
        builder = builder.header(name, value);
    }
    builder.body(Bytes::copy_from_slice(body)).ok()
}

/// The recorded answers under `fixtures/` (api, client, live, cli), as inputs.
fn recorded_answers(root: &Path) -> Vec<Vec<u8>> {
    let mut files = Vec::new();
    for dir in [
        "fixtures/api",
        "fixtures/client",
        "fixtures/live",
        "fixtures/cli",
    ] {
        super::collect(&root.join(dir), &mut files);
    }
    files
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .filter_map(|p| {
            let v: Value = serde_json::from_slice(&std::fs::read(p).ok()?).ok()?;
            let r = v.get("response")?;
            let status = u16::try_from(r.get("status")?.as_u64()?).ok()?;
            let headers: Vec<(String, String)> = r
                .get("headers")
                .and_then(Value::as_object)
                .map(|h| {
                    h.iter()
                        .filter(|(k, _)| {
                            !matches!(
                                k.to_ascii_lowercase().as_str(),
                                "set-cookie" | "date" | "server" | "connection"
                            )
                        })
                        .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_owned())))
                        .collect()
                })
                .unwrap_or_default();
            let body = match r.get("body")? {
                b if r.get("body_is_json").and_then(Value::as_bool) == Some(true) => {
                    serde_json::to_vec(b).ok()?
                }
                Value::String(s) => s.clone().into_bytes(),
                _ => Vec::new(),
            };
            Some(encode(status, &headers, &body))
        })
        .collect()
}

/// Every operation's decode on an answer made from the input: no panic, and no key-shaped
/// text in any error (the decoders scrub what a server echoes).
pub struct OperationDecode;

impl Target for OperationDecode {
    fn name(&self) -> &'static str {
        "decode"
    }
    fn about(&self) -> &'static str {
        "every operation's decode on mutated recorded answers (status, headers, body)"
    }
    fn seeds(&self, _files: &[PathBuf]) -> Vec<Vec<u8>> {
        recorded_answers(&workspace_root())
    }
    fn run(&self, input: &[u8]) -> Result<bool, String> {
        let Some(response) = decode_input(input) else {
            return Ok(false);
        };
        let mut accepted = false;
        for op in operations() {
            let mut copy = http::Response::new(response.body().clone());
            *copy.status_mut() = response.status();
            *copy.headers_mut() = response.headers().clone();
            match op.outcome(copy) {
                Ok(()) => accepted = true,
                Err(message) => {
                    if let std::borrow::Cow::Owned(_) = misp_api::wire::scrub_keys(&message) {
                        return Err(format!("key-shaped text in an error: {message}"));
                    }
                }
            }
        }
        Ok(accepted)
    }
    fn dictionary(&self) -> &[&[u8]] {
        DECODE_TOKENS
    }
}

/// JSON tokens plus what a hostile answer puts in its head.
const DECODE_TOKENS: &[&[u8]] = &[
    b"{",
    b"}",
    b"[",
    b"]",
    b"\"",
    b":",
    b",",
    b"null",
    b"[]",
    b"{}",
    b"1e400",
    b"\"\\ud800\"",
    b"\xEF\xBB\xBF",
    "𝕏".as_bytes(),
    b"\xff",
    b"200\n",
    b"302\n",
    b"403\n",
    b"404\n",
    b"405\n",
    b"429\n",
    b"500\n",
    b"Content-Type: text/html\n",
    b"Location: /users/login\n",
    b"Location: https://elsewhere.example/events/view/1\n",
    b"Retry-After: 99999999999999999999\n",
    b"X-Result-Count: 18446744073709551616\n",
    b"\"saved\": false",
    b"\"errors\":",
    b"\"message\":",
    b"\"name\":",
    b"\"response\":",
    b"\"Event\":",
    b"\"Attribute\":",
    b"\"authkey\": \"0123456789abcdef0123456789abcdef01234567\"",
    b"<html><form action=\"/users/login\"><input type=\"password\">",
];

/// The places items are read from, chosen by the input's first byte.
fn places() -> [ItemsAt; 5] {
    [
        ItemsAt::path(["response", "Attribute"]),
        ItemsAt::path(["response"]).unwrap("Event"),
        ItemsAt::path(["response"]),
        ItemsAt::root(),
        ItemsAt::root().unwrap("Event"),
    ]
}

/// The streaming splitter, fed in chunk sizes from the input, against the buffered decode:
/// the same items or an error from both.
pub struct SplitAgainstBuffered;

impl Target for SplitAgainstBuffered {
    fn name(&self) -> &'static str {
        "split"
    }
    fn about(&self) -> &'static str {
        "the streaming splitter in random chunk sizes against the buffered decode"
    }
    fn seeds(&self, files: &[PathBuf]) -> Vec<Vec<u8>> {
        let mut seeds = Vec::new();
        for answer in recorded_answers(&workspace_root()) {
            let Some(split) = answer.windows(2).position(|w| w == b"\n\n") else {
                continue;
            };
            let body = answer.get(split + 2..).unwrap_or_default();
            if body.first().is_some_and(|b| matches!(b, b'{' | b'[')) {
                for place in 0..places().len() as u8 {
                    let mut input = vec![place, 3, 17];
                    input.extend_from_slice(body);
                    seeds.push(input);
                }
            }
        }
        for file in files
            .iter()
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
        {
            if let Ok(bytes) = std::fs::read(file) {
                let mut input = vec![2, 5, 64];
                input.extend_from_slice(&bytes);
                seeds.push(input);
            }
        }
        seeds
    }
    fn run(&self, input: &[u8]) -> Result<bool, String> {
        let [place, a, b, doc @ ..] = input else {
            return Ok(false);
        };
        let places = places();
        let Some(at) = places.get(usize::from(*place) % places.len()) else {
            return Ok(false);
        };
        let chunks = [usize::from(*a).max(1), usize::from(*b).max(1)];
        let streamed = misp_client::stream_decode(doc, at, &chunks);
        let reply = misp_api::wire::Reply::new(
            RequestContext::new(http::Method::POST, "/"),
            http::Response::new(Bytes::copy_from_slice(doc)),
        );
        let buffered = reply.items::<Value>(at).map_err(|e| e.to_string());
        match (&streamed, &buffered) {
            (Ok(s), Ok(b)) if s == b => Ok(true),
            (Err(_), Err(_)) => Ok(false),
            _ => Err(format!(
                "the decoders disagree at {at} in chunks {chunks:?}: streamed {}, buffered {}",
                short(&streamed),
                short(&buffered)
            )),
        }
    }
}

fn short(r: &Result<Vec<Value>, String>) -> String {
    match r {
        Ok(items) => format!("{} items", items.len()),
        Err(e) => format!("error `{e}`"),
    }
}
