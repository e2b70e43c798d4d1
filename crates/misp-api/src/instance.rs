//! Instance information: version, recommended PyMISP version, attribute types, the ACL, and a
//! raw call for anything else.

use http::Method;
use std::collections::BTreeMap;

use crate::macros::op;
use crate::records::{DescribeTypes, RecommendedVersion, VersionInfo};
use crate::wire::{Body, Operation, PathBuilder as P, Reply};
use crate::{ApiError, BuildError, Idempotency};

op! {
    /// The server's version and the key's main rights (`GET /servers/getVersion`); a good
    /// connectivity and key check.
    pub struct GetVersion;
    GET |s| "/servers/getVersion".into() => VersionInfo: json()
}

op! {
    /// The PyMISP version the server recommends (`GET /servers/getPyMISPVersion.json`).
    pub struct GetRecommendedPyMispVersion;
    GET |s| "/servers/getPyMISPVersion.json".into() => RecommendedVersion: json()
}

op! {
    /// The server's attribute types, categories and defaults
    /// (`GET /attributes/describeTypes.json`, unwrapped from `result`).
    pub struct DescribeTypesRemote;
    GET |s| "/attributes/describeTypes.json".into() => DescribeTypes: entity("result")
}

/// What the ACL debugging endpoint reports.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum AclReport {
    /// Actions missing from the ACL (normally none).
    #[default]
    FindMissingFunctionNames,
    /// Every action, per controller.
    PrintAllFunctionNames,
    /// The role access table.
    PrintRoleAccess,
}

op! {
    /// The server's ACL report (`GET /events/queryACL/{report}`).
    pub struct RemoteAcl(
        /// The report.
        pub report: AclReport
    );
    GET |s| P::new("events/queryACL").segment(match s.report {
        AclReport::FindMissingFunctionNames => "findMissingFunctionNames",
        AclReport::PrintAllFunctionNames => "printAllFunctionNames",
        AclReport::PrintRoleAccess => "printRoleAccess",
    }).build() => serde_json::Value: json()
}

op! {
    /// Every action of every controller (`GET /servers/queryACL/printAllFunctionNames`), as
    /// `controller → [action]`; `admin_x` actions are reached at `/admin/controller/x`.
    pub struct ListAllFunctions;
    GET |s| "/servers/queryACL/printAllFunctionNames".into() => BTreeMap<String, Vec<String>>: json()
}

/// Any call, for endpoints without a typed operation (PyMISP's `direct_call`): GET without a
/// body, POST with one. The answer is JSON (with a `response` envelope unwrapped).
#[derive(Clone, Debug, PartialEq)]
pub struct DirectCall {
    /// The path relative to the MISP root (`servers/getVersion`, `/events/index/limit:1`).
    pub path: String,
    /// The JSON body; `Some` makes the call a POST.
    pub body: Option<serde_json::Value>,
}

impl DirectCall {
    /// A GET of `path`.
    pub fn get(path: impl Into<String>) -> Self {
        DirectCall {
            path: path.into(),
            body: None,
        }
    }

    /// A POST of `body` to `path`.
    pub fn post(path: impl Into<String>, body: serde_json::Value) -> Self {
        DirectCall {
            path: path.into(),
            body: Some(body),
        }
    }
}

/// A path the caller typed, relative to the MISP root, with its leading `/`.
pub(crate) fn rooted(path: &str) -> String {
    let trimmed = path.trim();
    if trimmed.starts_with('/') {
        trimmed.to_owned()
    } else {
        format!("/{trimmed}")
    }
}

/// Refuses a full URL where a path relative to the MISP root is expected.
pub(crate) fn refuse_full_url(path: &str) -> Result<(), BuildError> {
    if path.contains("://") {
        return Err(BuildError::invalid(
            "path",
            "give a path relative to the MISP root, not a full URL",
        ));
    }
    Ok(())
}

impl Operation for DirectCall {
    type Output = serde_json::Value;
    fn method(&self) -> Method {
        if self.body.is_some() {
            Method::POST
        } else {
            Method::GET
        }
    }
    fn path(&self) -> String {
        rooted(&self.path).replace(' ', "+")
    }
    fn body(&self) -> Result<Body, BuildError> {
        refuse_full_url(&self.path)?;
        match &self.body {
            None => Ok(Body::Empty),
            Some(serde_json::Value::Object(map)) => {
                let map: serde_json::Map<_, _> = map
                    .iter()
                    .filter(|(_, v)| !v.is_null())
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect();
                Body::json(&map)
            }
            Some(other) => Body::json(other),
        }
    }
    fn decode_reply(&self, reply: Reply) -> Result<Self::Output, ApiError> {
        reply.response()
    }
    fn idempotency_class(&self) -> Idempotency {
        if self.body.is_none() {
            Idempotency::Safe
        } else {
            Idempotency::Unsafe
        }
    }
}
