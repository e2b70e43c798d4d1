//! The generated code agrees with the vendored MISP data it was generated from, read here at
//! test time from `crates/misp-types/data/`.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use misp_types::{
    AttributeType, Category, object_template, object_templates, relationship_type,
    relationship_types,
};
use serde_json::Value;

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data")
}

fn read_json(path: &Path) -> Value {
    let text =
        std::fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("parsing {}: {e}", path.display()))
}

fn describe_types() -> Value {
    read_json(&data_dir().join("describeTypes.json"))["result"].clone()
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap_or_else(|| panic!("expected an array, got {v}"))
        .iter()
        .map(|s| s.as_str().expect("a string").to_owned())
        .collect()
}

fn template_files() -> Vec<Value> {
    let dir = data_dir().join("misp-objects/objects");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("objects dir") {
        let path = entry.expect("dir entry").path().join("definition.json");
        if path.is_file() {
            out.push(read_json(&path));
        }
    }
    out
}

#[test]
fn every_describe_type_is_a_known_variant() {
    let d = describe_types();
    let types = strings(&d["types"]);
    assert_eq!(AttributeType::ALL.len(), types.len());
    let all: HashSet<&AttributeType> = AttributeType::ALL.iter().collect();
    assert_eq!(all.len(), types.len(), "ALL has duplicates");
    for (wire, listed) in types.iter().zip(AttributeType::ALL) {
        let t = AttributeType::from_wire(wire);
        assert!(t.is_known(), "{wire} is Unknown");
        assert_eq!(&t, listed, "ALL is not in describeTypes order at {wire}");
        assert_eq!(t.as_str(), wire);
        assert_eq!(t.to_string(), *wire);
        assert_eq!(wire.parse::<AttributeType>(), Ok(t.clone()));
        assert_eq!(AttributeType::from_known(wire), Some(t));
    }
}

#[test]
fn sane_defaults_match_and_are_valid_for_their_type() {
    let d = describe_types();
    let defaults = d["sane_defaults"].as_object().expect("sane_defaults");
    assert_eq!(defaults.len(), AttributeType::ALL.len());
    for t in AttributeType::ALL {
        let default = &defaults[t.as_str()];
        let category = t
            .default_category()
            .expect("known types have a default category");
        assert_eq!(
            category.as_str(),
            default["default_category"].as_str().unwrap()
        );
        assert!(
            t.categories().contains(&category),
            "{t}: default category {category} does not allow it"
        );
        assert!(category.types().contains(t));
        let to_ids = default["to_ids"].as_u64().unwrap() == 1;
        assert_eq!(t.default_to_ids(), Some(to_ids), "{t}");
    }
}

#[test]
fn categories_match_category_type_mappings() {
    let d = describe_types();
    let categories = strings(&d["categories"]);
    assert_eq!(Category::ALL.len(), categories.len());
    assert_eq!(Category::ALL.len(), 16);
    for (wire, listed) in categories.iter().zip(Category::ALL) {
        let c = Category::from_wire(wire);
        assert!(c.is_known());
        assert_eq!(&c, listed);
        assert_eq!(c.as_str(), wire);
        let expected: Vec<AttributeType> = strings(&d["category_type_mappings"][wire])
            .iter()
            .map(|t| AttributeType::from_wire(t))
            .collect();
        assert_eq!(c.types(), expected.as_slice(), "types of {wire}");
    }
    // The inverse relation, both ways.
    for t in AttributeType::ALL {
        assert!(!t.categories().is_empty(), "{t} is in no category");
        for c in Category::ALL {
            assert_eq!(
                t.categories().contains(c),
                c.types().contains(t),
                "{t} / {c}"
            );
        }
    }
}

#[test]
fn unknown_names_round_trip() {
    let t = AttributeType::from_wire("quantum-hash");
    assert_eq!(t, AttributeType::Unknown("quantum-hash".to_owned()));
    assert!(!t.is_known());
    assert_eq!(t.as_str(), "quantum-hash");
    assert_eq!(t.to_string(), "quantum-hash");
    assert_eq!(t.default_category(), None);
    assert_eq!(t.default_to_ids(), None);
    assert!(t.categories().is_empty());
    assert!(!t.is_composite());
    assert!(AttributeType::from_wire("filename|quantum-hash").is_composite());
    let json = serde_json::to_string(&t).unwrap();
    assert_eq!(json, "\"quantum-hash\"");
    assert_eq!(serde_json::from_str::<AttributeType>(&json).unwrap(), t);

    // Case matters, as on the server.
    assert!(!AttributeType::from_wire("IP-DST").is_known());
    assert_eq!(AttributeType::from_known("IP-DST"), None);

    let c = Category::from_wire("Space activity");
    assert_eq!(c, Category::Unknown("Space activity".to_owned()));
    assert!(c.types().is_empty());
    let json = serde_json::to_string(&c).unwrap();
    assert_eq!(serde_json::from_str::<Category>(&json).unwrap(), c);

    // An owned string that names a known type never ends up in Unknown.
    assert_eq!(AttributeType::from("md5".to_owned()), AttributeType::Md5);
    assert_eq!(Category::from("Other".to_owned()), Category::Other);
}

#[test]
fn composite_types() {
    let d = describe_types();
    for wire in strings(&d["types"]) {
        let t = AttributeType::from_wire(&wire);
        let expected = wire.contains('|') || wire == "malware-sample";
        assert_eq!(t.is_composite(), expected, "{wire}");
    }
    assert!(AttributeType::MalwareSample.is_composite());
    assert!(!AttributeType::Md5.is_composite());
}

#[test]
fn odd_names_map_both_ways() {
    let cases = [
        ("filename|md5", AttributeType::FilenameMd5),
        ("ip-dst", AttributeType::IpDst),
        ("ip-dst|port", AttributeType::IpDstPort),
        ("sha512/256", AttributeType::Sha512_256),
        ("filename|sha3-224", AttributeType::FilenameSha3_224),
        ("AS", AttributeType::As),
        ("named pipe", AttributeType::NamedPipe),
        ("other", AttributeType::Other),
    ];
    for (wire, variant) in cases {
        assert_eq!(AttributeType::from_wire(wire), variant);
        assert_eq!(variant.as_str(), wire);
    }
    assert_eq!(
        Category::from_wire("Network activity"),
        Category::NetworkActivity
    );
    assert_eq!(Category::SupportTool.as_str(), "Support Tool");
}

#[test]
fn serde_uses_wire_names() {
    let types = vec![
        AttributeType::FilenameMd5,
        AttributeType::IpDst,
        AttributeType::Unknown("x-new".to_owned()),
    ];
    let json = serde_json::to_string(&types).unwrap();
    assert_eq!(json, r#"["filename|md5","ip-dst","x-new"]"#);
    assert_eq!(
        serde_json::from_str::<Vec<AttributeType>>(&json).unwrap(),
        types
    );

    let value = serde_json::json!({"category": "Payload delivery"});
    #[derive(serde::Deserialize)]
    struct Holder {
        category: Category,
    }
    let h: Holder = serde_json::from_value(value).unwrap();
    assert_eq!(h.category, Category::PayloadDelivery);

    // Every known value round-trips.
    for t in AttributeType::ALL {
        let json = serde_json::to_value(t).unwrap();
        assert_eq!(serde_json::from_value::<AttributeType>(json).unwrap(), *t);
    }
    for c in Category::ALL {
        let json = serde_json::to_value(c).unwrap();
        assert_eq!(serde_json::from_value::<Category>(json).unwrap(), *c);
    }

    // A non-string is an error, not a panic.
    let err = serde_json::from_str::<AttributeType>("42").unwrap_err();
    assert!(err.to_string().contains("attribute type"), "{err}");
    assert!(serde_json::from_str::<Category>("null").is_err());
}

#[test]
fn object_templates_match_the_vendored_files() {
    let files = template_files();
    let all = object_templates();
    assert_eq!(all.len(), files.len());
    assert!(all.windows(2).all(|w| w[0].name < w[1].name), "not sorted");
    let mut relation_count = 0;
    for file in &files {
        let name = file["name"].as_str().unwrap();
        let t = object_template(name).unwrap_or_else(|| panic!("template {name} missing"));
        assert_eq!(t.name, name);
        // A few files spell the UUID in upper case; compare the values.
        assert_eq!(
            t.uuid.to_string(),
            file["uuid"].as_str().unwrap().to_ascii_lowercase(),
            "{name}"
        );
        assert_eq!(u64::from(t.version), file["version"].as_u64().unwrap());
        assert_eq!(t.meta_category, file["meta-category"].as_str().unwrap());
        assert_eq!(t.description, file["description"].as_str().unwrap());
        let opt_strings = |v: &Value| if v.is_null() { vec![] } else { strings(v) };
        assert_eq!(t.required, opt_strings(&file["required"]).as_slice());
        assert_eq!(
            t.required_one_of,
            opt_strings(&file["requiredOneOf"]).as_slice()
        );
        let attributes = file["attributes"].as_object().unwrap();
        assert_eq!(t.relations.len(), attributes.len(), "{name}");
        relation_count += attributes.len();
        for (rel_name, a) in attributes {
            let r = t
                .relation(rel_name)
                .unwrap_or_else(|| panic!("{name}.{rel_name} missing"));
            let ctx = format!("{name}.{rel_name}");
            assert_eq!(
                r.misp_attribute,
                a["misp-attribute"].as_str().unwrap(),
                "{ctx}"
            );
            assert_eq!(r.attribute_type().as_str(), r.misp_attribute, "{ctx}");
            assert_eq!(r.description, a["description"].as_str().unwrap(), "{ctx}");
            assert_eq!(
                u64::from(r.ui_priority),
                a["ui-priority"].as_u64().unwrap(),
                "{ctx}"
            );
            assert_eq!(
                r.multiple,
                a["multiple"].as_bool().unwrap_or(false),
                "{ctx}"
            );
            assert_eq!(r.disable_correlation, a["disable_correlation"].as_bool());
            assert_eq!(r.to_ids, a["to_ids"].as_bool(), "{ctx}");
            assert_eq!(r.recommended, a["recommended"].as_bool(), "{ctx}");
            assert_eq!(r.categories, opt_strings(&a["categories"]).as_slice());
            assert_eq!(r.values_list, opt_strings(&a["values_list"]).as_slice());
            assert_eq!(r.sane_default, opt_strings(&a["sane_default"]).as_slice());
            for c in r.categories {
                assert!(Category::from_wire(c).is_known(), "{ctx}: category {c}");
            }
        }
    }
    let generated: usize = all.iter().map(|t| t.relations.len()).sum();
    assert_eq!(generated, relation_count);
    assert!(object_template("no-such-template").is_none());
    assert!(object_template("").is_none());
}

#[test]
fn file_and_domain_ip_templates() {
    let file = object_template("file").expect("file template");
    assert_eq!(file.meta_category, "file");
    assert!(file.required.is_empty());
    for r in ["filename", "md5", "sha256", "malware-sample"] {
        assert!(file.required_one_of.contains(&r), "{r}");
    }
    let filename = file.relation("filename").expect("file.filename");
    assert_eq!(filename.attribute_type(), AttributeType::Filename);
    let sample = file
        .relation("malware-sample")
        .expect("file.malware-sample");
    assert_eq!(sample.attribute_type(), AttributeType::MalwareSample);
    assert!(file.relation("nope").is_none());

    let t = object_template("domain-ip").expect("domain-ip template");
    assert_eq!(t.uuid.to_string(), "43b3b146-77eb-4931-b4cc-b66c60f28734");
    assert!(t.required.is_empty());
    assert_eq!(t.required_one_of, &["ip", "domain", "hostname"]);
    let ip = t.relation("ip").expect("domain-ip.ip");
    assert_eq!(ip.attribute_type(), AttributeType::IpDst);
    assert!(ip.multiple);
    assert_eq!(ip.categories, &["Network activity", "External analysis"]);
    let first_seen = t.relation("first-seen").expect("domain-ip.first-seen");
    assert_eq!(first_seen.disable_correlation, Some(true));
    assert_eq!(first_seen.attribute_type(), AttributeType::Datetime);
}

#[test]
fn relationship_types_match_the_vendored_file() {
    let file = read_json(&data_dir().join("misp-objects/relationships/definition.json"));
    let values = file["values"].as_array().unwrap();
    assert_eq!(relationship_types().len(), values.len());
    for v in values {
        let name = v["name"].as_str().unwrap();
        let r = relationship_type(name).unwrap_or_else(|| panic!("{name} missing"));
        assert_eq!(r.opposite, v["opposite"].as_str(), "{name}");
        assert_eq!(r.description, v["description"].as_str().unwrap());
        assert_eq!(r.formats, strings(&v["format"]).as_slice());
    }
    assert_eq!(
        relationship_type("executes").and_then(|r| r.opposite),
        Some("executed-by")
    );
    assert!(relationship_type("no-such-relationship").is_none());
}
