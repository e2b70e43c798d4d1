//! restSearch return formats and the scopes that accept them.

use std::fmt;

/// What a restSearch searches.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Scope {
    /// `/events/restSearch`.
    Events,
    /// `/attributes/restSearch`.
    Attributes,
    /// `/objects/restSearch`.
    Objects,
}

impl Scope {
    /// The controller name (`events`, `attributes`, `objects`).
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Events => "events",
            Scope::Attributes => "attributes",
            Scope::Objects => "objects",
        }
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A restSearch `returnFormat`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ReturnFormat {
    /// MISP JSON (decoded to typed records by the search operations).
    Json,
    /// MISP XML.
    Xml,
    /// CSV (see `requested_attributes`, `headerless`, `includeContext`).
    Csv,
    /// One value per line.
    Text,
    /// STIX 1 XML (sent as `stix` with `Accept: application/xml`).
    Stix,
    /// STIX 1 JSON.
    StixJson,
    /// A STIX 2 bundle.
    Stix2,
    /// Suricata rules.
    Suricata,
    /// Snort rules.
    Snort,
    /// YARA rules.
    Yara,
    /// YARA rules in JSON.
    YaraJson,
    /// A DNS response policy zone.
    Rpz,
    /// Hash values.
    Hashes,
    /// A hosts file.
    Hosts,
    /// Feed cache lines (md5 of value, event UUID).
    Cache,
    /// The number of matches.
    Count,
    /// netfilter rules.
    Netfilter,
    /// Open data format.
    Opendata,
    /// OpenIOC XML.
    OpenIoc,
    /// The ATT&CK matrix (HTML; events only).
    Attack,
    /// ATT&CK sightings (JSON).
    AttackSightings,
    /// The context view (HTML; events only).
    Context,
    /// The context view in Markdown (events only).
    ContextMarkdown,
    /// Kunai rules (JSON).
    Kunai,
}

impl ReturnFormat {
    /// The value sent as `returnFormat`.
    pub fn as_str(self) -> &'static str {
        match self {
            ReturnFormat::Json => "json",
            ReturnFormat::Xml => "xml",
            ReturnFormat::Csv => "csv",
            ReturnFormat::Text => "text",
            ReturnFormat::Stix => "stix",
            ReturnFormat::StixJson => "stix-json",
            ReturnFormat::Stix2 => "stix2",
            ReturnFormat::Suricata => "suricata",
            ReturnFormat::Snort => "snort",
            ReturnFormat::Yara => "yara",
            ReturnFormat::YaraJson => "yara-json",
            ReturnFormat::Rpz => "rpz",
            ReturnFormat::Hashes => "hashes",
            ReturnFormat::Hosts => "hosts",
            ReturnFormat::Cache => "cache",
            ReturnFormat::Count => "count",
            ReturnFormat::Netfilter => "netfilter",
            ReturnFormat::Opendata => "opendata",
            ReturnFormat::OpenIoc => "openioc",
            ReturnFormat::Attack => "attack",
            ReturnFormat::AttackSightings => "attack-sightings",
            ReturnFormat::Context => "context",
            ReturnFormat::ContextMarkdown => "context-markdown",
            ReturnFormat::Kunai => "kunai",
        }
    }

    /// The `Accept` header the export needs.
    pub fn accept(self) -> &'static str {
        match self {
            ReturnFormat::Stix => "application/xml",
            _ => crate::wire::JSON,
        }
    }

    /// Whether `scope` offers this format (objects offer JSON only; attributes have no
    /// ATT&CK matrix or context views).
    pub fn available_in(self, scope: Scope) -> bool {
        match scope {
            Scope::Events => true,
            Scope::Attributes => !matches!(
                self,
                ReturnFormat::Attack | ReturnFormat::Context | ReturnFormat::ContextMarkdown
            ),
            Scope::Objects => self == ReturnFormat::Json,
        }
    }

    /// Whether the server applies `to_ids = 1` and `published = 1` unless told otherwise
    /// (the IDS exports).
    pub fn is_restrictive(self) -> bool {
        matches!(
            self,
            ReturnFormat::Text
                | ReturnFormat::Hashes
                | ReturnFormat::Hosts
                | ReturnFormat::Kunai
                | ReturnFormat::Snort
                | ReturnFormat::Suricata
                | ReturnFormat::OpenIoc
                | ReturnFormat::Rpz
        )
    }
}

impl fmt::Display for ReturnFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
