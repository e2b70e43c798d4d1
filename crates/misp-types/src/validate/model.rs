//! `validate()` on events, attributes, objects and event reports.

use std::collections::{HashMap, HashSet};

use crate::generated::{ObjectTemplateInfo, object_template};
use crate::validate::problem::{Problem, ProblemCode, Problems};
use crate::validate::value::validate_value;
use crate::wire::Extra;
use crate::{
    Attribute, Category, Distribution, Event, EventReport, GalaxyCluster, Note, Object,
    ObjectReference, Opinion, Organisation, Tag,
};

impl Event {
    /// Checks the event and everything in it, returning every problem found, each with its
    /// path (`Event.Object[3].Attribute[1].value`) and a message saying what to do.
    ///
    /// ```
    /// use misp_types::Event;
    /// let event: Event = serde_json::from_str(r#"{"info": "", "Attribute": [
    ///     {"type": "ip-dst", "value": "203.0.113.300"}]}"#).unwrap();
    /// let problems = event.validate();
    /// let paths: Vec<_> = problems.iter().map(|p| p.path.as_str()).collect();
    /// assert_eq!(paths, ["Event.info", "Event.Attribute[0].value"]);
    /// ```
    pub fn validate(&self) -> Problems {
        let mut out = Problems::default();
        check_event(self, "Event", &mut out);
        out
    }
}

impl Attribute {
    /// Checks the attribute (type, category, value, distribution, tags ...), returning every
    /// problem found with its path (`Attribute.value` ...).
    ///
    /// ```
    /// use misp_types::Attribute;
    /// let a: Attribute = serde_json::from_str(
    ///     r#"{"type": "md5", "category": "Person", "value": "abc"}"#).unwrap();
    /// let problems = a.validate();
    /// assert_eq!(problems.len(), 2);
    /// assert_eq!(problems.iter().next().unwrap().path, "Attribute.category");
    /// ```
    pub fn validate(&self) -> Problems {
        let mut out = Problems::default();
        check_attribute(self, "Attribute", &mut out);
        out
    }
}

impl Object {
    /// Checks the object, its attributes and its template rules (known relations, `required`,
    /// `requiredOneOf`, `multiple`), returning every problem found with its path.
    ///
    /// ```
    /// use misp_types::Object;
    /// let o: Object = serde_json::from_str(r#"{"name": "domain-ip", "Attribute": [
    ///     {"object_relation": "port", "type": "port", "value": "443"}]}"#).unwrap();
    /// let problems = o.validate();
    /// assert!(problems.iter().any(|p| p.message.contains("at least one of")));
    /// ```
    pub fn validate(&self) -> Problems {
        let mut out = Problems::default();
        check_object(self, "Object", &mut out);
        out
    }
}

impl EventReport {
    /// Checks the report (name and content required, distribution), returning every problem
    /// found with its path.
    pub fn validate(&self) -> Problems {
        let mut out = Problems::default();
        check_report(self, "EventReport", &mut out);
        out
    }
}

fn is_blank(value: &Option<String>) -> bool {
    value.as_deref().is_none_or(|v| v.trim().is_empty())
}

fn check_distribution(
    distribution: Option<Distribution>,
    sharing_group_id: Option<u64>,
    allow_inherit: bool,
    path: &str,
    what: &str,
    out: &mut Problems,
) {
    match distribution {
        Some(Distribution::Inherit) if !allow_inherit => out.push(Problem::error(
            format!("{path}.distribution"),
            ProblemCode::DistributionOutOfRange,
            format!(
                "distribution 5 (inherit) is not allowed on {what}: use 0 to 4 (0 your organisation, 1 this community, 2 connected communities, 3 all communities, 4 a sharing group)"
            ),
        )),
        Some(Distribution::SharingGroup) if sharing_group_id.unwrap_or(0) == 0 => {
            out.push(Problem::error(
                format!("{path}.sharing_group_id"),
                ProblemCode::SharingGroupMissing,
                "distribution 4 (sharing group) needs a sharing_group_id: set the id of the sharing group, or choose another distribution",
            ))
        }
        _ => {}
    }
}

/// Reports the typed fields of a record whose value did not fit and was kept verbatim.
fn check_verbatim(extra: &Extra, wire_keys: &[&str], path: &str, out: &mut Problems) {
    for (key, raw) in extra.verbatim(wire_keys) {
        let what = if key.ends_with("uuid") {
            "a UUID like `5b4e7b46-2bd0-4b34-8c3a-4e6b3c0d2f11`"
        } else {
            "a value of this field's type"
        };
        out.push(Problem::error(
            format!("{path}.{key}"),
            ProblemCode::NotOfItsType,
            format!(
                "`{key}` is {}, not {what}: it is kept as it was, but MISP will refuse or replace it (set a real value)",
                raw.get()
            ),
        ));
    }
}

fn check_tags(tags: &[Tag], path: &str, out: &mut Problems) {
    for (i, tag) in tags.iter().enumerate() {
        check_verbatim(&tag.extra, Tag::WIRE_KEYS, &format!("{path}.Tag[{i}]"), out);
        if is_blank(&tag.name) {
            out.push(Problem::error(
                format!("{path}.Tag[{i}].name"),
                ProblemCode::MissingField,
                "a tag needs a name, e.g. `tlp:green`",
            ));
        }
    }
}

fn check_event(event: &Event, path: &str, out: &mut Problems) {
    check_verbatim(&event.extra, Event::WIRE_KEYS, path, out);
    for (key, org) in [("Org", &event.org), ("Orgc", &event.orgc)] {
        if let Some(org) = org {
            check_verbatim(
                &org.extra,
                Organisation::WIRE_KEYS,
                &format!("{path}.{key}"),
                out,
            );
        }
    }
    if is_blank(&event.info) {
        out.push(Problem::error(
            format!("{path}.info"),
            ProblemCode::MissingField,
            "an event needs an info line: a short description of what the event is about",
        ));
    }
    check_distribution(
        event.distribution,
        event.sharing_group_id,
        false,
        path,
        "an event",
        out,
    );
    check_tags(&event.tags, path, out);
    for (i, attribute) in event.attributes.iter().enumerate() {
        check_attribute(attribute, &format!("{path}.Attribute[{i}]"), out);
    }
    for (i, object) in event.objects.iter().enumerate() {
        check_object(object, &format!("{path}.Object[{i}]"), out);
    }
    for (i, report) in event.reports.iter().enumerate() {
        check_report(report, &format!("{path}.EventReport[{i}]"), out);
    }
    for (g, galaxy) in event.galaxies.iter().enumerate() {
        for (c, cluster) in galaxy.clusters.iter().enumerate() {
            check_cluster(
                cluster,
                &format!("{path}.Galaxy[{g}].GalaxyCluster[{c}]"),
                out,
            );
        }
    }
    check_analyst_data(&event.notes, &event.opinions, path, out);
    check_uuids_and_references(event, path, out);
}

fn check_uuids_and_references(event: &Event, path: &str, out: &mut Problems) {
    let mut seen: HashMap<uuid::Uuid, String> = HashMap::new();
    let mut note = |uuid: Option<uuid::Uuid>, at: String, out: &mut Problems| {
        let Some(uuid) = uuid else { return };
        if let Some(first) = seen.get(&uuid) {
            out.push(Problem::error(
                format!("{at}.uuid"),
                ProblemCode::DuplicateUuid,
                format!("uuid {uuid} is already used by {first}: give each attribute and object its own uuid"),
            ));
        } else {
            seen.insert(uuid, at);
        }
    };
    for (i, a) in event.attributes.iter().enumerate() {
        note(a.uuid, format!("{path}.Attribute[{i}]"), out);
    }
    for (o, object) in event.objects.iter().enumerate() {
        note(object.uuid, format!("{path}.Object[{o}]"), out);
        for (i, a) in object.attributes.iter().enumerate() {
            note(a.uuid, format!("{path}.Object[{o}].Attribute[{i}]"), out);
        }
    }
    let known: HashSet<uuid::Uuid> = seen.into_keys().collect();
    for (o, object) in event.objects.iter().enumerate() {
        for (r, reference) in object.references.iter().enumerate() {
            if reference.deleted == Some(true) {
                continue;
            }
            if let Some(target) = reference.referenced_uuid
                && !known.contains(&target)
            {
                out.push(Problem::warning(
                        format!("{path}.Object[{o}].ObjectReference[{r}].referenced_uuid"),
                        ProblemCode::DanglingReference,
                        format!("no attribute or object of this event has uuid {target}: the reference points outside the event (MISP accepts this only if the target exists on the server)"),
                    ));
            }
        }
    }
}

pub(crate) fn check_attribute(attribute: &Attribute, path: &str, out: &mut Problems) {
    check_verbatim(&attribute.extra, Attribute::WIRE_KEYS, path, out);
    match &attribute.kind {
        None => out.push(Problem::error(
            format!("{path}.type"),
            ProblemCode::MissingField,
            "an attribute needs a type, e.g. `ip-dst`, `domain` or `sha256`",
        )),
        Some(kind) if !kind.is_known() => out.push(Problem::error(
            format!("{path}.type"),
            ProblemCode::UnknownType,
            format!("`{kind}` is not a MISP attribute type (check the spelling; a newer server may know it, this crate follows MISP's describeTypes)"),
        )),
        Some(_) => {}
    }
    if let Some(category) = &attribute.category {
        if !category.is_known() {
            out.push(Problem::error(
                format!("{path}.category"),
                ProblemCode::UnknownCategory,
                format!("`{category}` is not a MISP category (check the spelling and capitals, e.g. `Network activity`)"),
            ));
        } else if let Some(kind) = attribute.kind.as_ref().filter(|k| k.is_known()) {
            let allowed = kind.categories();
            if !allowed.contains(category) {
                let names: Vec<&str> = allowed.iter().map(Category::as_str).collect();
                out.push(Problem::error(
                    format!("{path}.category"),
                    ProblemCode::CategoryNotAllowed,
                    format!(
                        "category `{category}` is not allowed for type `{kind}`: use one of {}, or leave it out for the default `{}`",
                        names.join(", "),
                        kind.default_category().map(|c| c.as_str().to_owned()).unwrap_or_default()
                    ),
                ));
            }
        }
    }
    match &attribute.value {
        None => out.push(Problem::error(
            format!("{path}.value"),
            ProblemCode::MissingField,
            "an attribute needs a value",
        )),
        Some(value) => {
            let kind = attribute.kind.as_ref().map_or("", |k| k.as_str());
            let trimmed = value.trim();
            if trimmed != value && !trimmed.is_empty() {
                out.push(Problem::warning(
                    format!("{path}.value"),
                    ProblemCode::SurroundingWhitespace,
                    format!("`{value}` has leading or trailing whitespace, which MISP removes on save: store `{trimmed}` (see misp_types::normalize)"),
                ));
            }
            if let Err(e) = validate_value(kind, trimmed) {
                out.push(Problem::error(
                    format!("{path}.value"),
                    ProblemCode::InvalidValue,
                    e.to_string(),
                ));
            }
        }
    }
    if let Some(data) = &attribute.data
        && !data.is_empty()
        && crate::attachment::decode_data(data).is_err()
    {
        out.push(Problem::error(
            format!("{path}.data"),
            ProblemCode::InvalidData,
            "`data` must be the file content encoded as base64",
        ));
    }
    check_distribution(
        attribute.distribution,
        attribute.sharing_group_id,
        true,
        path,
        "an attribute",
        out,
    );
    if let (Some(first), Some(last)) = (&attribute.first_seen, &attribute.last_seen)
        && first.get() > last.get()
    {
        out.push(Problem::error(
            format!("{path}.last_seen"),
            ProblemCode::SeenOrder,
            format!("last_seen ({last}) is before first_seen ({first}): swap them or correct one"),
        ));
    }
    check_tags(&attribute.tags, path, out);
    check_analyst_data(&attribute.notes, &attribute.opinions, path, out);
}

pub(crate) fn check_object(object: &Object, path: &str, out: &mut Problems) {
    check_verbatim(&object.extra, Object::WIRE_KEYS, path, out);
    let template = match &object.name {
        Some(name) if !name.trim().is_empty() => {
            let template = object_template(name);
            if template.is_none() {
                out.push(Problem::warning(
                    format!("{path}.name"),
                    ProblemCode::UnknownTemplate,
                    format!("`{name}` is not a known object template, so its relations could not be checked (a custom template, or a typo?)"),
                ));
            }
            template
        }
        _ => {
            out.push(Problem::error(
                format!("{path}.name"),
                ProblemCode::MissingField,
                "an object needs a name: the name of its template, e.g. `file` or `domain-ip`",
            ));
            None
        }
    };
    check_distribution(
        object.distribution,
        object.sharing_group_id,
        true,
        path,
        "an object",
        out,
    );
    if let Some(template) = template {
        check_template_identity(object, template, path, out);
    }
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for (i, attribute) in object.attributes.iter().enumerate() {
        let at = format!("{path}.Attribute[{i}]");
        check_attribute(attribute, &at, out);
        if is_blank(&attribute.object_relation) {
            out.push(Problem::error(
                format!("{at}.object_relation"),
                ProblemCode::MissingField,
                "an object attribute needs an object_relation: the template relation it fills, e.g. `ip` or `filename`",
            ));
        }
        if let Some(template) = template {
            check_relation(attribute, template, &at, &mut counts, out);
        }
    }
    if let Some(template) = template {
        check_required(template, &counts, path, out);
    }
    for (r, reference) in object.references.iter().enumerate() {
        check_reference(reference, &format!("{path}.ObjectReference[{r}]"), out);
    }
    check_analyst_data(&object.notes, &object.opinions, path, out);
}

fn check_template_identity(
    object: &Object,
    template: &ObjectTemplateInfo,
    path: &str,
    out: &mut Problems,
) {
    if let Some(uuid) = object.template_uuid
        && uuid != template.uuid
    {
        out.push(Problem::warning(
                format!("{path}.template_uuid"),
                ProblemCode::TemplateMismatch,
                format!(
                    "template_uuid {uuid} is not the uuid of the known `{}` template ({}): the object may follow a different template of the same name",
                    template.name, template.uuid
                ),
            ));
    }
}

/// The per-attribute template rules: the relation is known, occurs at most once unless
/// `multiple`, holds the template's type and one of its listed values.
fn check_relation<'t>(
    attribute: &Attribute,
    template: &'t ObjectTemplateInfo,
    at: &str,
    counts: &mut HashMap<&'t str, usize>,
    out: &mut Problems,
) {
    let Some(relation_name) = attribute.object_relation.as_deref() else {
        return;
    };
    if attribute.deleted == Some(true) {
        return;
    }
    let Some(relation) = template.relation(relation_name) else {
        let mut names: Vec<&str> = template.relations.iter().map(|r| r.name).collect();
        names.sort_unstable();
        out.push(Problem::error(
            format!("{at}.object_relation"),
            ProblemCode::UnknownRelation,
            format!(
                "`{relation_name}` is not a relation of the `{}` template; its relations are: {}",
                template.name,
                names.join(", ")
            ),
        ));
        return;
    };
    let count = counts.entry(relation.name).or_insert(0);
    *count += 1;
    if *count == 2 && !relation.multiple {
        out.push(Problem::error(
            format!("{at}.object_relation"),
            ProblemCode::RelationRepeated,
            format!(
                "relation `{relation_name}` may occur only once in a `{}` object: remove the extra one, or split them into several objects",
                template.name
            ),
        ));
    }
    if let Some(kind) = &attribute.kind
        && kind.as_str() != relation.misp_attribute
    {
        out.push(Problem::warning(
            format!("{at}.type"),
            ProblemCode::RelationTypeMismatch,
            format!(
                "relation `{relation_name}` of the `{}` template holds type `{}`, not `{kind}`",
                template.name, relation.misp_attribute
            ),
        ));
    }
    if !relation.values_list.is_empty()
        && let Some(value) = &attribute.value
        && !relation.values_list.contains(&value.as_str())
    {
        out.push(Problem::warning(
            format!("{at}.value"),
            ProblemCode::ValueNotInList,
            format!(
                "`{value}` is not one of the values the template lists for `{relation_name}`: {}",
                relation.values_list.join(", ")
            ),
        ));
    }
}

/// The object-level template rules: `required` and `requiredOneOf`.
fn check_required(
    template: &ObjectTemplateInfo,
    counts: &HashMap<&str, usize>,
    path: &str,
    out: &mut Problems,
) {
    for relation in template
        .required
        .iter()
        .filter(|r| !counts.contains_key(*r))
    {
        out.push(Problem::error(
            path.to_owned(),
            ProblemCode::RequiredRelationMissing,
            format!(
                "the `{}` template requires a `{relation}` attribute: add one",
                template.name
            ),
        ));
    }
    if !template.required_one_of.is_empty()
        && !template
            .required_one_of
            .iter()
            .any(|r| counts.contains_key(r))
    {
        out.push(Problem::error(
            path.to_owned(),
            ProblemCode::RequiredOneOfMissing,
            format!(
                "the `{}` template needs at least one of these attributes: {}",
                template.name,
                template.required_one_of.join(", ")
            ),
        ));
    }
}

fn check_reference(reference: &ObjectReference, path: &str, out: &mut Problems) {
    check_verbatim(&reference.extra, ObjectReference::WIRE_KEYS, path, out);
    if reference.referenced_uuid.is_none() && reference.referenced_id.is_none() {
        out.push(Problem::error(
            format!("{path}.referenced_uuid"),
            ProblemCode::MissingField,
            "a reference needs the uuid of the attribute or object it points at",
        ));
    }
    if is_blank(&reference.relationship_type) {
        out.push(Problem::error(
            format!("{path}.relationship_type"),
            ProblemCode::MissingField,
            "a reference needs a relationship_type, e.g. `related-to`, `drops` or `communicates-with`",
        ));
    }
}

fn check_report(report: &EventReport, path: &str, out: &mut Problems) {
    check_verbatim(&report.extra, EventReport::WIRE_KEYS, path, out);
    if is_blank(&report.name) {
        out.push(Problem::error(
            format!("{path}.name"),
            ProblemCode::MissingField,
            "an event report needs a name",
        ));
    }
    if report.content.is_none() {
        out.push(Problem::error(
            format!("{path}.content"),
            ProblemCode::MissingField,
            "an event report needs content (Markdown text)",
        ));
    }
    check_distribution(
        report.distribution,
        report.sharing_group_id,
        true,
        path,
        "an event report",
        out,
    );
}

fn check_cluster(cluster: &GalaxyCluster, path: &str, out: &mut Problems) {
    check_verbatim(&cluster.extra, GalaxyCluster::WIRE_KEYS, path, out);
    check_distribution(
        cluster.distribution,
        cluster.sharing_group_id,
        false,
        path,
        "a galaxy cluster",
        out,
    );
}

fn check_analyst_data(notes: &[Note], opinions: &[Opinion], path: &str, out: &mut Problems) {
    for (i, note) in notes.iter().enumerate() {
        let at = format!("{path}.Note[{i}]");
        if is_blank(&note.note) {
            out.push(Problem::error(
                format!("{at}.note"),
                ProblemCode::MissingField,
                "a note needs text",
            ));
        }
        check_distribution(
            note.distribution,
            note.sharing_group_id,
            true,
            &at,
            "a note",
            out,
        );
        check_analyst_data(&note.notes, &note.opinions, &at, out);
    }
    for (i, opinion) in opinions.iter().enumerate() {
        let at = format!("{path}.Opinion[{i}]");
        match opinion.opinion {
            None => out.push(Problem::error(
                format!("{at}.opinion"),
                ProblemCode::MissingField,
                "an opinion needs a score from 0 (disagree) to 100 (agree)",
            )),
            Some(score) if score > 100 => out.push(Problem::error(
                format!("{at}.opinion"),
                ProblemCode::OutOfRange,
                format!("opinion {score} is out of range: use 0 (disagree) to 100 (agree)"),
            )),
            Some(_) => {}
        }
        check_distribution(
            opinion.distribution,
            opinion.sharing_group_id,
            true,
            &at,
            "an opinion",
            out,
        );
        check_analyst_data(&opinion.notes, &opinion.opinions, &at, out);
    }
}
