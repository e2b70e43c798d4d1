//! `describeTypes.json` -> `AttributeType` and `Category`.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::path::Path;

use anyhow::{Context, bail, ensure};
use serde::Deserialize;

use super::naming::variant_name;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    result: DescribeTypes,
}

/// The `result` object of `describeTypes.json`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct DescribeTypes {
    sane_defaults: BTreeMap<String, SaneDefault>,
    types: Vec<String>,
    categories: Vec<String>,
    category_type_mappings: BTreeMap<String, Vec<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SaneDefault {
    default_category: String,
    to_ids: u8,
}

/// Read and validate `describeTypes.json`.
pub(crate) fn load(path: &Path) -> anyhow::Result<DescribeTypes> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let file: File =
        serde_json::from_str(&text).with_context(|| format!("parsing {}", path.display()))?;
    let d = file.result;
    check_names(&d.types, "attribute type")?;
    check_names(&d.categories, "category")?;
    for (ty, default) in &d.sane_defaults {
        ensure!(
            d.types.contains(ty),
            "{}: sane_defaults names unknown type `{ty}`",
            path.display()
        );
        ensure!(
            d.categories.contains(&default.default_category),
            "{}: sane_defaults.{ty}.default_category `{}` is not a category",
            path.display(),
            default.default_category
        );
        ensure!(
            default.to_ids <= 1,
            "{}: sane_defaults.{ty}.to_ids is {}, expected 0 or 1",
            path.display(),
            default.to_ids
        );
    }
    for (category, types) in &d.category_type_mappings {
        ensure!(
            d.categories.contains(category),
            "{}: category_type_mappings names unknown category `{category}`",
            path.display()
        );
        for ty in types {
            ensure!(
                d.types.contains(ty),
                "{}: category_type_mappings.{category} names unknown type `{ty}`",
                path.display()
            );
        }
    }
    Ok(d)
}

/// Names must be unique and map to distinct variant names other than `Unknown`.
fn check_names(names: &[String], what: &str) -> anyhow::Result<()> {
    let mut seen: HashMap<String, &str> = HashMap::new();
    for name in names {
        let variant = variant_name(name);
        ensure!(
            !variant.is_empty(),
            "{what} `{name}` has no usable variant name"
        );
        ensure!(
            variant != "Unknown",
            "{what} `{name}` maps to the reserved variant `Unknown`"
        );
        if let Some(previous) = seen.insert(variant.clone(), name) {
            bail!("{what}s `{previous}` and `{name}` both map to the variant `{variant}`");
        }
    }
    Ok(())
}

/// Emits `impl`s shared by both enums: `FromStr`, `Display`, `From<&str>`, `From<String>`,
/// `AsRef<str>` and serde as the wire string.
fn common_impls(out: &mut String, name: &str, expecting: &str) {
    write!(
        out,
        r#"
impl std::str::FromStr for {name} {{
    type Err = std::convert::Infallible;

    /// Never fails: names this crate does not know become `{name}::Unknown`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {{
        Ok(Self::from_wire(s))
    }}
}}

impl std::fmt::Display for {name} {{
    /// Writes the wire name.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {{
        f.write_str(self.as_str())
    }}
}}

impl From<&str> for {name} {{
    fn from(s: &str) -> Self {{
        Self::from_wire(s)
    }}
}}

impl From<String> for {name} {{
    fn from(s: String) -> Self {{
        Self::from_known(&s).unwrap_or(Self::Unknown(s))
    }}
}}

impl AsRef<str> for {name} {{
    fn as_ref(&self) -> &str {{
        self.as_str()
    }}
}}

impl serde::Serialize for {name} {{
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {{
        serializer.serialize_str(self.as_str())
    }}
}}

impl<'de> serde::Deserialize<'de> for {name} {{
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {{
        struct Visitor;

        impl serde::de::Visitor<'_> for Visitor {{
            type Value = {name};

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {{
                f.write_str("{expecting}")
            }}

            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<{name}, E> {{
                Ok({name}::from_wire(v))
            }}

            fn visit_string<E: serde::de::Error>(self, v: String) -> Result<{name}, E> {{
                Ok({name}::from(v))
            }}
        }}

        deserializer.deserialize_str(Visitor)
    }}
}}
"#
    )
    .expect("writing to a String cannot fail");
}

/// `ALL`, `as_str`, `from_known`, `from_wire`, `is_known` for an enum over `names`.
fn wire_methods(out: &mut String, what: &str, names: &[String]) {
    let variants: Vec<String> = names.iter().map(|n| variant_name(n)).collect();
    let all: Vec<String> = variants.iter().map(|v| format!("Self::{v}")).collect();
    writeln!(
        out,
        "/// Every {what} this crate knows, in `describeTypes.json` order (`Unknown` excluded).\n\
         pub const ALL: &'static [Self] = &[{}];\n",
        all.join(", ")
    )
    .unwrap();

    out.push_str(
        "/// The name MISP uses on the wire, e.g. in JSON.\n\
         pub fn as_str(&self) -> &str {\nmatch self {\n",
    );
    for (name, v) in names.iter().zip(&variants) {
        writeln!(out, "Self::{v} => {},", super::lit(name)).unwrap();
    }
    out.push_str("Self::Unknown(name) => name,\n}\n}\n\n");

    write!(
        out,
        "/// The known {what} with this wire name, or `None` if this crate does not know it.\n\
         ///\n/// Matching is exact and case-sensitive, as on a MISP server.\n\
         pub fn from_known(name: &str) -> Option<Self> {{\nSome(match name {{\n"
    )
    .unwrap();
    for (name, v) in names.iter().zip(&variants) {
        writeln!(out, "{} => Self::{v},", super::lit(name)).unwrap();
    }
    out.push_str("_ => return None,\n})\n}\n\n");

    write!(
        out,
        "/// The {what} with this wire name; never fails, names this crate does not know\n\
         /// become `Unknown`.\n\
         pub fn from_wire(name: &str) -> Self {{\n\
         Self::from_known(name).unwrap_or_else(|| Self::Unknown(name.to_owned()))\n}}\n\n\
         /// Whether this is a {what} this crate knows (not `Unknown`).\n\
         pub fn is_known(&self) -> bool {{\n!matches!(self, Self::Unknown(_))\n}}\n\n"
    )
    .unwrap();
}

/// Groups `items` by key, keeping the first-seen order of keys; returns `(key, members)`.
fn group_by<K: Ord + Clone, T: Clone>(items: impl IntoIterator<Item = (K, T)>) -> Vec<(K, Vec<T>)> {
    let mut groups: BTreeMap<K, Vec<T>> = BTreeMap::new();
    for (k, t) in items {
        groups.entry(k).or_default().push(t);
    }
    groups.into_iter().collect()
}

fn arm(variants: &[String], enum_prefix: &str) -> String {
    variants
        .iter()
        .map(|v| format!("{enum_prefix}::{v}"))
        .collect::<Vec<_>>()
        .join(" | ")
}

/// Categories (in `categories` order) that allow each type.
fn categories_of(d: &DescribeTypes) -> BTreeMap<&str, Vec<&str>> {
    let mut map: BTreeMap<&str, Vec<&str>> =
        d.types.iter().map(|t| (t.as_str(), Vec::new())).collect();
    for category in &d.categories {
        for ty in d.category_type_mappings.get(category).into_iter().flatten() {
            if let Some(list) = map.get_mut(ty.as_str()) {
                list.push(category);
            }
        }
    }
    map
}

/// Generate `attribute_type.rs`.
pub(crate) fn attribute_type_rs(d: &DescribeTypes) -> anyhow::Result<String> {
    let mut out = String::new();
    let cats = categories_of(d);
    out.push_str(
        r#"//! [`AttributeType`]: the attribute types of MISP's `describeTypes.json`.

use super::Category;

/// The type of a MISP attribute (`Attribute.type` on the wire), one variant per type in the
/// vendored `describeTypes.json`, plus [`AttributeType::Unknown`] for types from a newer server.
///
/// Variant names are the wire names in CamelCase: the name is split into words at `-`, `|`,
/// `/`, `_` and spaces, each word is capitalised (the rest lowercased) and the words are
/// joined, with an `_` between two words when the first ends and the second starts with a
/// digit. So `ip-dst` is [`IpDst`](Self::IpDst), `filename|md5` is
/// [`FilenameMd5`](Self::FilenameMd5), `sha512/256` is [`Sha512_256`](Self::Sha512_256),
/// `filename|sha3-224` is [`FilenameSha3_224`](Self::FilenameSha3_224), `AS` is
/// [`As`](Self::As) and `named pipe` is [`NamedPipe`](Self::NamedPipe). Each variant's
/// documentation gives its wire name.
///
/// Serialises as, and deserialises from, the wire name; deserialising never fails on an
/// unknown name. Construct values with [`from_wire`](Self::from_wire) (or `From`/`FromStr`),
/// which never puts a known name in `Unknown`, so equality and hashing follow the wire name.
///
/// ```
/// use misp_types::{AttributeType, Category};
///
/// let t = AttributeType::from_wire("filename|md5");
/// assert_eq!(t, AttributeType::FilenameMd5);
/// assert_eq!(t.as_str(), "filename|md5");
/// assert!(t.is_composite());
/// assert_eq!(t.default_category(), Some(Category::PayloadDelivery));
/// assert_eq!(t.default_to_ids(), Some(true));
/// assert!(t.categories().contains(&Category::PayloadInstallation));
///
/// let new = AttributeType::from_wire("some-future-type");
/// assert_eq!(new, AttributeType::Unknown("some-future-type".to_owned()));
/// assert_eq!(new.to_string(), "some-future-type");
/// assert_eq!(new.default_category(), None);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum AttributeType {
"#,
    );
    for ty in &d.types {
        let v = variant_name(ty);
        let defaults = match d.sane_defaults.get(ty) {
            Some(s) => format!(
                " Default category: {}; `to_ids` by default: {}.",
                s.default_category,
                if s.to_ids == 1 { "yes" } else { "no" }
            ),
            None => String::new(),
        };
        writeln!(out, "/// `{ty}`.{defaults}\n{v},").unwrap();
    }
    out.push_str(
        "/// A type name this crate does not know (from a newer MISP server), kept verbatim.\n\
         ///\n/// Never holds a known name when built with [`from_wire`](Self::from_wire).\n\
         Unknown(String),\n}\n\nimpl AttributeType {\n",
    );
    wire_methods(&mut out, "attribute type", &d.types);

    // default_category
    let by_cat = group_by(d.types.iter().filter_map(|t| {
        d.sane_defaults.get(t).map(|s| {
            (
                d.categories.iter().position(|c| *c == s.default_category),
                variant_name(t),
            )
        })
    }));
    out.push_str(
        "/// The category MISP gives an attribute of this type when none is set\n\
         /// (`sane_defaults` in `describeTypes.json`); `None` for `Unknown`.\n\
         pub fn default_category(&self) -> Option<Category> {\nSome(match self {\n",
    );
    for (pos, variants) in &by_cat {
        let Some(pos) = pos else { continue };
        writeln!(
            out,
            "{} => Category::{},",
            arm(variants, "Self"),
            variant_name(&d.categories[*pos])
        )
        .unwrap();
    }
    let missing = d.types.iter().any(|t| !d.sane_defaults.contains_key(t));
    if missing {
        out.push_str("_ => return None,\n");
    } else {
        out.push_str("Self::Unknown(_) => return None,\n");
    }
    out.push_str("})\n}\n\n");

    // default_to_ids
    let by_ids = group_by(d.types.iter().filter_map(|t| {
        d.sane_defaults
            .get(t)
            .map(|s| (s.to_ids == 1, variant_name(t)))
    }));
    out.push_str(
        "/// Whether MISP sets `to_ids` on a new attribute of this type by default\n\
         /// (`sane_defaults` in `describeTypes.json`); `None` for `Unknown`.\n\
         pub fn default_to_ids(&self) -> Option<bool> {\nmatch self {\n",
    );
    for (to_ids, variants) in &by_ids {
        writeln!(out, "{} => Some({to_ids}),", arm(variants, "Self")).unwrap();
    }
    out.push_str(if missing {
        "_ => None,\n"
    } else {
        "Self::Unknown(_) => None,\n"
    });
    out.push_str("}\n}\n\n");

    // is_composite
    let composite: Vec<String> = d
        .types
        .iter()
        .filter(|t| t.contains('|') || *t == "malware-sample")
        .map(|t| variant_name(t))
        .collect();
    ensure!(
        !composite.is_empty(),
        "no composite types found in describeTypes.json"
    );
    writeln!(
        out,
        "/// Whether a value of this type has two parts separated by `|`: the types whose name\n\
         /// contains `|` (e.g. `filename|md5`, value `file.exe|d41d8c...`), plus `malware-sample`,\n\
         /// whose value is `filename|md5` too. An `Unknown` type is composite if its name\n\
         /// contains `|`.\n\
         pub fn is_composite(&self) -> bool {{\nmatch self {{\n{} => true,\n\
         Self::Unknown(name) => name.contains('|'),\n_ => false,\n}}\n}}\n",
        arm(&composite, "Self")
    )
    .unwrap();

    // categories
    let by_set = group_by(
        d.types
            .iter()
            .map(|t| (cats[t.as_str()].clone(), variant_name(t))),
    );
    out.push_str(
        "/// The categories that allow this type (`category_type_mappings` in\n\
         /// `describeTypes.json`), in category order; empty for `Unknown`.\n\
         pub fn categories(&self) -> &'static [Category] {\nmatch self {\n",
    );
    for (set, variants) in &by_set {
        let list: Vec<String> = set
            .iter()
            .map(|c| format!("Category::{}", variant_name(c)))
            .collect();
        writeln!(out, "{} => &[{}],", arm(variants, "Self"), list.join(", ")).unwrap();
    }
    out.push_str("Self::Unknown(_) => &[],\n}\n}\n}\n");

    common_impls(&mut out, "AttributeType", "a MISP attribute type name");
    Ok(out)
}

/// Generate `category.rs`.
pub(crate) fn category_rs(d: &DescribeTypes) -> anyhow::Result<String> {
    let mut out = String::new();
    out.push_str(
        r#"//! [`Category`]: the attribute categories of MISP's `describeTypes.json`.

use super::AttributeType;

/// The category of a MISP attribute (`Attribute.category` on the wire), one variant per
/// category in the vendored `describeTypes.json`, plus [`Category::Unknown`] for categories
/// from a newer server.
///
/// Variant names are the wire names in CamelCase (`Network activity` is
/// [`NetworkActivity`](Self::NetworkActivity)); each variant's documentation gives its wire
/// name. Serialises as, and deserialises from, the wire name; deserialising never fails.
///
/// ```
/// use misp_types::{AttributeType, Category};
///
/// let c = Category::from_wire("Network activity");
/// assert_eq!(c, Category::NetworkActivity);
/// assert_eq!(c.as_str(), "Network activity");
/// assert!(c.types().contains(&AttributeType::IpDst));
/// assert_eq!(Category::from_wire("Nope"), Category::Unknown("Nope".to_owned()));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Category {
"#,
    );
    for c in &d.categories {
        writeln!(out, "/// `{c}`.\n{},", variant_name(c)).unwrap();
    }
    out.push_str(
        "/// A category name this crate does not know (from a newer MISP server), kept verbatim.\n\
         ///\n/// Never holds a known name when built with [`from_wire`](Self::from_wire).\n\
         Unknown(String),\n}\n\nimpl Category {\n",
    );
    wire_methods(&mut out, "category", &d.categories);
    out.push_str(
        "/// The attribute types this category allows (`category_type_mappings` in\n\
         /// `describeTypes.json`), in that file's order; empty for `Unknown`.\n\
         pub fn types(&self) -> &'static [AttributeType] {\nmatch self {\n",
    );
    for c in &d.categories {
        let types: Vec<String> = d
            .category_type_mappings
            .get(c)
            .into_iter()
            .flatten()
            .map(|t| format!("AttributeType::{}", variant_name(t)))
            .collect();
        writeln!(out, "Self::{} => &[{}],", variant_name(c), types.join(", ")).unwrap();
    }
    out.push_str("Self::Unknown(_) => &[],\n}\n}\n}\n");
    common_impls(&mut out, "Category", "a MISP attribute category name");
    Ok(out)
}
