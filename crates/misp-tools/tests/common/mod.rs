//! Shared by the tests: PyMISP's fixtures and the same normal form of our objects.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::PathBuf;

use misp_types::Object;
use serde_json::Value;

pub fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/tools")
}

pub fn input(name: &str) -> Vec<u8> {
    std::fs::read(fixtures().join("inputs").join(name)).unwrap()
}

/// One object as the fixtures hold it.
#[derive(Debug, Clone, PartialEq)]
pub struct Obj {
    pub name: String,
    /// (relation, value, comment) in order.
    pub attributes: Vec<(String, String, String)>,
    /// (relationship, comment, index of the target)
    pub references: Vec<(String, String, Option<usize>)>,
}

impl Obj {
    /// The values of `relation`, in order.
    pub fn values(&self, relation: &str) -> Vec<&str> {
        self.attributes
            .iter()
            .filter(|a| a.0 == relation)
            .map(|a| a.1.as_str())
            .collect()
    }

    pub fn value(&self, relation: &str) -> Option<&str> {
        let v = self.values(relation);
        assert!(v.len() <= 1, "{} has {} `{relation}`", self.name, v.len());
        v.first().copied()
    }

    /// relation -> sorted values
    pub fn relations(&self) -> BTreeMap<String, Vec<String>> {
        let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (r, v, _) in &self.attributes {
            out.entry(r.clone()).or_default().push(v.clone());
        }
        for v in out.values_mut() {
            v.sort();
        }
        out
    }

    /// Drops the attributes of `relation`.
    pub fn without(mut self, relation: &str) -> Self {
        self.attributes.retain(|a| a.0 != relation);
        self
    }

    pub fn set(mut self, relation: &str, values: &[&str]) -> Self {
        self.attributes.retain(|a| a.0 != relation);
        for v in values {
            self.attributes
                .push((relation.to_owned(), (*v).to_owned(), String::new()));
        }
        self
    }
}

pub fn pymisp(name: &str) -> Vec<Obj> {
    let text =
        std::fs::read_to_string(fixtures().join("pymisp").join(format!("{name}.json"))).unwrap();
    let list: Vec<Value> = serde_json::from_str(&text).unwrap();
    list.iter().map(from_fixture).collect()
}

pub fn from_fixture(o: &Value) -> Obj {
    Obj {
        name: o["name"].as_str().unwrap().to_owned(),
        attributes: o["attributes"]
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|a| {
                        (
                            a["object_relation"].as_str().unwrap().to_owned(),
                            a["value"].as_str().unwrap().to_owned(),
                            a["comment"].as_str().unwrap_or_default().to_owned(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default(),
        references: o["references"]
            .as_array()
            .map(|r| {
                r.iter()
                    .map(|r| {
                        (
                            r["relationship_type"].as_str().unwrap().to_owned(),
                            r["comment"].as_str().unwrap_or_default().to_owned(),
                            r["target"].as_u64().map(|t| t as usize),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default(),
    }
}

/// Our objects in the fixtures' form, after checking each validates with no error and
/// round-trips through JSON unchanged.
pub fn ours(objects: &[Object]) -> Vec<Obj> {
    for o in objects {
        let problems = o.validate();
        assert!(
            problems.errors().next().is_none(),
            "{:?} does not validate: {problems}",
            o.name
        );
        let json = serde_json::to_string(o).unwrap();
        let back: Object = serde_json::from_str(&json).unwrap();
        assert_eq!(&back, o, "round trip of {:?}", o.name);
        assert_eq!(serde_json::to_string(&back).unwrap(), json);
    }
    let index: BTreeMap<uuid::Uuid, usize> = objects
        .iter()
        .enumerate()
        .map(|(i, o)| (o.uuid.unwrap(), i))
        .collect();
    objects
        .iter()
        .map(|o| Obj {
            name: o.name.clone().unwrap(),
            attributes: o
                .attributes
                .iter()
                .map(|a| {
                    (
                        a.object_relation.clone().unwrap(),
                        a.value.clone().unwrap(),
                        a.comment.clone().unwrap_or_default(),
                    )
                })
                .collect(),
            references: o
                .references
                .iter()
                .map(|r| {
                    (
                        r.relationship_type.clone().unwrap(),
                        r.comment.clone().unwrap_or_default(),
                        r.referenced_uuid.and_then(|u| index.get(&u).copied()),
                    )
                })
                .collect(),
        })
        .collect()
}

/// Same relations with the same values (order within a relation aside).
pub fn assert_same(ours: &Obj, theirs: &Obj, what: &str) {
    assert_eq!(ours.name, theirs.name, "{what}: object name");
    assert_eq!(
        ours.relations(),
        theirs.relations(),
        "{what}: relations of `{}`",
        ours.name
    );
}

/// PyMISP writes the bare file name as the malware-sample value and leaves it to the server to
/// make it `filename|md5`, which is what MISP stores (the upload_sample recording shows
/// `cli-32.exe|a32a…`); misp-types' sample builder gives the stored form. PyMISP has no tlsh on
/// file objects; the template has the relation. The MIME type comes from libmagic in PyMISP and
/// from magic numbers (`infer`) here: they agree on PE, Mach-O and text, and differ on ELF.
pub fn expected_file(theirs: &Obj, ours: &Obj) -> Obj {
    let md5 = theirs.value("md5").unwrap();
    let name = theirs.value("filename").unwrap();
    let mut t = theirs
        .clone()
        .set("malware-sample", &[&format!("{name}|{md5}")]);
    if let Some(tlsh) = ours.value("tlsh") {
        t = t.set("tlsh", &[tlsh]);
    }
    let mime = theirs.value("mimetype").unwrap();
    let ours_mime = ours.value("mimetype").unwrap();
    match (mime, ours_mime) {
        (a, b) if a == b => {}
        // libmagic calls a PIE executable a shared library; the magic numbers only say ELF.
        ("application/x-sharedlib", "application/x-executable") => {
            t = t.set("mimetype", &[ours_mime]);
        }
        // libmagic recognises a bare MZ stub as DOS; the magic numbers call any MZ file a PE.
        ("application/x-dosexec", "application/vnd.microsoft.portable-executable") => {
            t = t.set("mimetype", &[ours_mime]);
        }
        (a, b) => panic!("mimetype: PyMISP {a}, ours {b}"),
    }
    t
}

/// Section entropies: lief computes them with long-double `log2`, misp-tools in `f64`; the two
/// agree to about 15 significant digits, so they are compared as numbers within 1e-12 and the
/// theirs side then takes our text.
pub fn entropy_within(ours: &Obj, theirs: Obj) -> Obj {
    match (ours.value("entropy"), theirs.value("entropy")) {
        (Some(a), Some(b)) => {
            let (x, y): (f64, f64) = (a.parse().unwrap(), b.parse().unwrap());
            assert!(
                (x - y).abs() < 1e-12,
                "{} entropy {a} vs PyMISP {b}",
                ours.name
            );
            let a = a.to_owned();
            theirs.set("entropy", &[&a])
        }
        _ => theirs,
    }
}
