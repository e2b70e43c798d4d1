//! misp-objects templates and relationships -> `object_templates.rs`, `relationships.rs`.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::Path;

use anyhow::{Context, bail, ensure};
use serde::Deserialize;

use super::{lit, str_slice};

/// One `objects/<name>/definition.json`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Template {
    attributes: BTreeMap<String, TemplateAttribute>,
    description: String,
    #[serde(rename = "meta-category")]
    meta_category: String,
    name: String,
    uuid: String,
    version: u32,
    #[serde(default)]
    required: Vec<String>,
    #[serde(rename = "requiredOneOf", default)]
    required_one_of: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TemplateAttribute {
    description: String,
    #[serde(rename = "misp-attribute")]
    misp_attribute: String,
    #[serde(rename = "ui-priority")]
    ui_priority: u32,
    #[serde(default)]
    multiple: bool,
    disable_correlation: Option<bool>,
    to_ids: Option<bool>,
    recommended: Option<bool>,
    #[serde(default)]
    categories: Vec<String>,
    #[serde(default)]
    values_list: Vec<String>,
    #[serde(default)]
    sane_default: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RelationshipsFile {
    #[allow(dead_code)]
    description: String,
    #[allow(dead_code)]
    name: String,
    #[allow(dead_code)]
    uuid: String,
    version: u32,
    values: Vec<Relationship>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Relationship {
    description: String,
    #[serde(default)]
    format: Vec<String>,
    name: String,
    opposite: Option<String>,
}

/// The relationship types of `relationships/definition.json`, sorted by name.
pub(crate) struct Relationships {
    version: u32,
    values: Vec<Relationship>,
}

fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> anyhow::Result<T> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let mut de = serde_json::Deserializer::from_str(&text);
    let value = T::deserialize(&mut de).with_context(|| format!("parsing {}", path.display()))?;
    de.end()
        .with_context(|| format!("parsing {}", path.display()))?;
    Ok(value)
}

/// Read every `<dir>/*/definition.json`, sorted by template name.
pub(crate) fn load_templates(dir: &Path) -> anyhow::Result<Vec<Template>> {
    let mut templates = Vec::new();
    for entry in std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        let path = entry?.path().join("definition.json");
        if !path.is_file() {
            continue;
        }
        let template: Template = read_json(&path)?;
        uuid_u128(&template.uuid).with_context(|| format!("{}: uuid", path.display()))?;
        for (key, names) in [
            ("required", &template.required),
            ("requiredOneOf", &template.required_one_of),
        ] {
            for name in names {
                if !template.attributes.contains_key(name) {
                    eprintln!(
                        "warning: {}: {key} names `{name}`, which is not one of its attributes",
                        path.display()
                    );
                }
            }
        }
        templates.push(template);
    }
    ensure!(
        !templates.is_empty(),
        "no object templates found under {}",
        dir.display()
    );
    templates.sort_by(|a, b| a.name.cmp(&b.name));
    for pair in templates.windows(2) {
        if pair[0].name == pair[1].name {
            bail!("two object templates are named `{}`", pair[0].name);
        }
    }
    Ok(templates)
}

/// Read `relationships/definition.json`, sorted by relationship name.
pub(crate) fn load_relationships(path: &Path) -> anyhow::Result<Relationships> {
    let file: RelationshipsFile = read_json(path)?;
    let mut values = file.values;
    values.sort_by(|a, b| a.name.cmp(&b.name));
    for pair in values.windows(2) {
        if pair[0].name == pair[1].name {
            bail!(
                "{}: two relationships are named `{}`",
                path.display(),
                pair[0].name
            );
        }
    }
    Ok(Relationships {
        version: file.version,
        values,
    })
}

fn uuid_u128(uuid: &str) -> anyhow::Result<u128> {
    let hex: String = uuid.chars().filter(|c| *c != '-').collect();
    ensure!(
        hex.len() == 32 && uuid.len() == 36,
        "`{uuid}` is not a hyphenated UUID"
    );
    u128::from_str_radix(&hex, 16).with_context(|| format!("`{uuid}` is not a hyphenated UUID"))
}

fn opt_bool(b: Option<bool>) -> String {
    match b {
        Some(b) => format!("Some({b})"),
        None => "None".to_owned(),
    }
}

/// Generate `object_templates.rs`.
pub(crate) fn object_templates_rs(templates: &[Template]) -> anyhow::Result<String> {
    let relation_count: usize = templates.iter().map(|t| t.attributes.len()).sum();
    let meta: BTreeSet<&str> = templates.iter().map(|t| t.meta_category.as_str()).collect();
    let mut out = String::new();
    write!(
        out,
        r#"//! An index of the MISP object templates vendored from misp-objects
//! ({count} templates, {relation_count} relations).

use uuid::Uuid;

use super::AttributeType;

/// A MISP object template from the misp-objects repository: what an object named
/// [`name`](Self::name) may contain.
///
/// Obtained from [`object_template`] or [`object_templates`].
///
/// ```
/// let file = misp_types::object_template("file").expect("a vendored template");
/// assert_eq!(file.meta_category, "file");
/// assert!(file.required_one_of.contains(&"md5"));
/// let md5 = file.relation("md5").expect("a relation of `file`");
/// assert_eq!(md5.attribute_type(), misp_types::AttributeType::Md5);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct ObjectTemplateInfo {{
    /// The template name, e.g. `file` or `domain-ip` (`Object.name` on the wire).
    pub name: &'static str,
    /// The template UUID (`Object.template_uuid` on the wire; a few template files spell it
    /// in upper case, so compare parsed values).
    pub uuid: Uuid,
    /// The template version (`Object.template_version` on the wire).
    pub version: u32,
    /// The template's meta-category (`Object.meta-category` on the wire), one of
    /// {meta}.
    pub meta_category: &'static str,
    /// What the template describes.
    pub description: &'static str,
    /// Relations that must all be present (`required`; often empty).
    pub required: &'static [&'static str],
    /// Relations of which at least one must be present (`requiredOneOf`; often empty).
    pub required_one_of: &'static [&'static str],
    /// The relations (attributes) the template defines, sorted by name.
    pub relations: &'static [TemplateRelation],
}}

impl ObjectTemplateInfo {{
    /// The relation of this template named `name` (`Attribute.object_relation` on the wire).
    pub fn relation(&self, name: &str) -> Option<&'static TemplateRelation> {{
        let relations: &'static [TemplateRelation] = self.relations;
        relations
            .binary_search_by(|r| r.name.cmp(name))
            .ok()
            .and_then(|i| relations.get(i))
    }}
}}

/// One relation (attribute slot) of an [`ObjectTemplateInfo`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct TemplateRelation {{
    /// The relation name (`Attribute.object_relation` on the wire), e.g. `ip` or `filename`.
    pub name: &'static str,
    /// The MISP attribute type the relation holds, as its wire name (`misp-attribute`).
    /// A few templates use types MISP's `describeTypes` does not list; see
    /// [`attribute_type`](Self::attribute_type).
    pub misp_attribute: &'static str,
    /// What the relation holds.
    pub description: &'static str,
    /// Display order hint (`ui-priority`).
    pub ui_priority: u32,
    /// Whether the object may hold several attributes with this relation (`multiple`).
    pub multiple: bool,
    /// The template's `disable_correlation` for this relation, if it sets one.
    pub disable_correlation: Option<bool>,
    /// The template's `to_ids` for this relation, if it sets one (otherwise the type's
    /// default applies).
    pub to_ids: Option<bool>,
    /// The template's `recommended` flag for this relation, if it sets one.
    pub recommended: Option<bool>,
    /// The categories the relation allows (wire names); empty means the template does not
    /// restrict them (the attribute type's categories apply).
    pub categories: &'static [&'static str],
    /// The only values the relation allows (`values_list`); empty means any value.
    pub values_list: &'static [&'static str],
    /// Suggested values (`sane_default`); empty if none.
    pub sane_default: &'static [&'static str],
}}

impl TemplateRelation {{
    /// The relation's attribute type, parsed from [`misp_attribute`](Self::misp_attribute)
    /// (an [`AttributeType::Unknown`] for the few types `describeTypes` does not list).
    pub fn attribute_type(&self) -> AttributeType {{
        AttributeType::from_wire(self.misp_attribute)
    }}
}}

/// Every vendored object template, sorted by name.
///
/// ```
/// let all = misp_types::object_templates();
/// assert!(all.windows(2).all(|w| w[0].name < w[1].name));
/// ```
pub fn object_templates() -> &'static [ObjectTemplateInfo] {{
    &TEMPLATES
}}

/// The vendored object template named `name`, if any (exact match, binary search).
///
/// ```
/// let t = misp_types::object_template("domain-ip").expect("a vendored template");
/// assert!(t.required_one_of.contains(&"domain"));
/// assert!(misp_types::object_template("no-such-template").is_none());
/// ```
pub fn object_template(name: &str) -> Option<&'static ObjectTemplateInfo> {{
    TEMPLATES
        .binary_search_by(|t| t.name.cmp(name))
        .ok()
        .and_then(|i| TEMPLATES.get(i))
}}

/// Defaults for the fields most relations leave unset.
const R: TemplateRelation = TemplateRelation {{
    name: "",
    misp_attribute: "",
    description: "",
    ui_priority: 0,
    multiple: false,
    disable_correlation: None,
    to_ids: None,
    recommended: None,
    categories: &[],
    values_list: &[],
    sane_default: &[],
}};

static TEMPLATES: [ObjectTemplateInfo; {count}] = [
"#,
        count = templates.len(),
        meta = meta
            .iter()
            .map(|m| format!("`{m}`"))
            .collect::<Vec<_>>()
            .join(", "),
    )
    .unwrap();

    for t in templates {
        write!(
            out,
            "ObjectTemplateInfo {{\nname: {},\nuuid: Uuid::from_u128(0x{:032x}),\nversion: {},\n\
             meta_category: {},\ndescription: {},\nrequired: {},\nrequired_one_of: {},\nrelations: &[\n",
            lit(&t.name),
            uuid_u128(&t.uuid)?,
            t.version,
            lit(&t.meta_category),
            lit(&t.description),
            str_slice(&t.required),
            str_slice(&t.required_one_of),
        )
        .unwrap();
        for (name, a) in &t.attributes {
            write!(
                out,
                "TemplateRelation {{ name: {}, misp_attribute: {}, description: {}, ui_priority: {}, ",
                lit(name),
                lit(&a.misp_attribute),
                lit(&a.description),
                a.ui_priority
            )
            .unwrap();
            if a.multiple {
                out.push_str("multiple: true, ");
            }
            if a.disable_correlation.is_some() {
                write!(
                    out,
                    "disable_correlation: {}, ",
                    opt_bool(a.disable_correlation)
                )
                .unwrap();
            }
            if a.to_ids.is_some() {
                write!(out, "to_ids: {}, ", opt_bool(a.to_ids)).unwrap();
            }
            if a.recommended.is_some() {
                write!(out, "recommended: {}, ", opt_bool(a.recommended)).unwrap();
            }
            if !a.categories.is_empty() {
                write!(out, "categories: {}, ", str_slice(&a.categories)).unwrap();
            }
            if !a.values_list.is_empty() {
                write!(out, "values_list: {}, ", str_slice(&a.values_list)).unwrap();
            }
            if !a.sane_default.is_empty() {
                write!(out, "sane_default: {}, ", str_slice(&a.sane_default)).unwrap();
            }
            out.push_str("..R },\n");
        }
        out.push_str("],\n},\n");
    }
    out.push_str("];\n");
    Ok(out)
}

/// Generate `relationships.rs`.
pub(crate) fn relationships_rs(r: &Relationships) -> String {
    let mut out = String::new();
    write!(
        out,
        r#"//! The relationship types vendored from misp-objects (`relationships/definition.json`,
//! version {version}, {count} types): the usual values of `ObjectReference.relationship_type`.

/// A relationship type between MISP objects or attributes, e.g. `derived-from`.
///
/// ```
/// let r = misp_types::relationship_type("executes").expect("a vendored relationship");
/// assert_eq!(r.opposite, Some("executed-by"));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct RelationshipType {{
    /// The name (`ObjectReference.relationship_type` on the wire).
    pub name: &'static str,
    /// The name of the inverse relationship, if the file gives one.
    pub opposite: Option<&'static str>,
    /// What the relationship means.
    pub description: &'static str,
    /// The formats the relationship comes from (`misp`, `stix-2.0`, ...).
    pub formats: &'static [&'static str],
}}

/// Every vendored relationship type, sorted by name.
pub fn relationship_types() -> &'static [RelationshipType] {{
    &RELATIONSHIPS
}}

/// The vendored relationship type named `name`, if any (exact match, binary search).
pub fn relationship_type(name: &str) -> Option<&'static RelationshipType> {{
    RELATIONSHIPS
        .binary_search_by(|r| r.name.cmp(name))
        .ok()
        .and_then(|i| RELATIONSHIPS.get(i))
}}

static RELATIONSHIPS: [RelationshipType; {count}] = [
"#,
        version = r.version,
        count = r.values.len(),
    )
    .unwrap();
    for v in &r.values {
        let opposite = match &v.opposite {
            Some(o) => format!("Some({})", lit(o)),
            None => "None".to_owned(),
        };
        writeln!(
            out,
            "RelationshipType {{ name: {}, opposite: {opposite}, description: {}, formats: {} }},",
            lit(&v.name),
            lit(&v.description),
            str_slice(&v.format)
        )
        .unwrap();
    }
    out.push_str("];\n");
    out
}
