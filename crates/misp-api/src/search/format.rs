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

impl ReturnFormat {
    /// Every format, in declaration order.
    pub const ALL: &'static [ReturnFormat] = &[
        ReturnFormat::Json,
        ReturnFormat::Xml,
        ReturnFormat::Csv,
        ReturnFormat::Text,
        ReturnFormat::Stix,
        ReturnFormat::StixJson,
        ReturnFormat::Stix2,
        ReturnFormat::Suricata,
        ReturnFormat::Snort,
        ReturnFormat::Yara,
        ReturnFormat::YaraJson,
        ReturnFormat::Rpz,
        ReturnFormat::Hashes,
        ReturnFormat::Hosts,
        ReturnFormat::Cache,
        ReturnFormat::Count,
        ReturnFormat::Netfilter,
        ReturnFormat::Opendata,
        ReturnFormat::OpenIoc,
        ReturnFormat::Attack,
        ReturnFormat::AttackSightings,
        ReturnFormat::Context,
        ReturnFormat::ContextMarkdown,
        ReturnFormat::Kunai,
    ];
}

/// The text is not a `returnFormat` name.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown return format `{0}` (known: {known})", known = known_formats())]
pub struct UnknownFormat(pub String);

fn known_formats() -> String {
    let names: Vec<&str> = ReturnFormat::ALL.iter().map(|f| f.as_str()).collect();
    names.join(", ")
}

impl std::str::FromStr for ReturnFormat {
    type Err = UnknownFormat;

    /// Reads a `returnFormat` name as the server spells it (`stix-json`, `context-markdown` ...).
    ///
    /// ```
    /// use misp_api::search::ReturnFormat;
    /// assert_eq!("stix-json".parse::<ReturnFormat>().unwrap(), ReturnFormat::StixJson);
    /// assert!("pdf".parse::<ReturnFormat>().is_err());
    /// ```
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        ReturnFormat::ALL
            .iter()
            .copied()
            .find(|f| f.as_str().eq_ignore_ascii_case(s))
            .ok_or_else(|| UnknownFormat(s.to_owned()))
    }
}

impl fmt::Display for ReturnFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_format_reads_back_from_its_name() {
        for f in ReturnFormat::ALL {
            assert_eq!(f.as_str().parse::<ReturnFormat>().unwrap(), *f);
        }
        // ALL has one entry per variant: the match below fails to compile when one is added.
        let count = |f: ReturnFormat| match f {
            ReturnFormat::Json
            | ReturnFormat::Xml
            | ReturnFormat::Csv
            | ReturnFormat::Text
            | ReturnFormat::Stix
            | ReturnFormat::StixJson
            | ReturnFormat::Stix2
            | ReturnFormat::Suricata
            | ReturnFormat::Snort
            | ReturnFormat::Yara
            | ReturnFormat::YaraJson
            | ReturnFormat::Rpz
            | ReturnFormat::Hashes
            | ReturnFormat::Hosts
            | ReturnFormat::Cache
            | ReturnFormat::Count
            | ReturnFormat::Netfilter
            | ReturnFormat::Opendata
            | ReturnFormat::OpenIoc
            | ReturnFormat::Attack
            | ReturnFormat::AttackSightings
            | ReturnFormat::Context
            | ReturnFormat::ContextMarkdown
            | ReturnFormat::Kunai => 1,
        };
        assert_eq!(
            ReturnFormat::ALL.iter().map(|f| count(*f)).sum::<usize>(),
            24
        );
        let e = "pdf".parse::<ReturnFormat>().unwrap_err().to_string();
        assert!(e.contains("pdf") && e.contains("stix-json"), "{e}");
    }
}
