//! No panic on any input: cut and corrupted executables, arbitrary bytes as e-mail, URL and
//! CSV. Each generator either makes objects that validate or returns an error.
#![cfg(all(
    feature = "executable",
    feature = "email",
    feature = "url",
    feature = "csv"
))]

mod common;

use common::*;
use misp_tools::csv::CsvLoader;
use misp_tools::email::EmailObject;
use misp_tools::executable::binary_objects;
use misp_tools::url::url_object;
use proptest::prelude::*;

fn objects_validate(generated: misp_tools::Generated) {
    for object in generated.build_unchecked() {
        let problems = object.validate();
        assert!(
            problems.errors().next().is_none(),
            "{:?}: {problems}",
            object.name
        );
    }
}

#[test]
fn cut_executables_never_panic() {
    for name in ["hello.elf", "libanswer.so", "cli-32.exe", "tiny.macho"] {
        let data = input(name);
        let step = (data.len() / 97).max(1);
        for len in (0..data.len()).step_by(step) {
            let generated = binary_objects(name, &data[..len], false).unwrap();
            objects_validate(generated);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn corrupted_executables_never_panic(which in 0usize..4, flips in proptest::collection::vec((any::<usize>(), any::<u8>()), 1..16)) {
        let name = ["hello.elf", "libanswer.so", "cli-32.exe", "tiny.macho"][which];
        let mut data = input(name);
        // Corrupt the headers mostly: that is where the parser's offsets come from.
        for (at, byte) in flips {
            let limit = data.len().min(1024);
            data[at % limit] = byte;
        }
        if let Ok(generated) = binary_objects(name, &data, false) {
            objects_validate(generated);
        }
    }

    #[test]
    fn arbitrary_mail_never_panics(raw in proptest::collection::vec(any::<u8>(), 0..600), header in "[A-Za-z-]{1,12}: [ -~]{0,60}\r\n") {
        let mut eml = header.into_bytes();
        eml.extend(raw);
        if let Ok(generated) = EmailObject::new(&eml).generate() {
            objects_validate(generated);
        }
    }

    #[test]
    fn arbitrary_urls_never_panic(url in "(https?|ftp)://[ -~]{0,80}") {
        if let Ok(generated) = url_object(&url) {
            let _ = generated.build();
        }
    }

    #[test]
    fn arbitrary_csv_never_panics(body in "[ -~\n,\"]{0,300}") {
        let csv = format!("ip,domain,port\n{body}");
        let out = CsvLoader::objects("domain-ip").unwrap().load(csv.as_bytes()).unwrap();
        for object in &out.objects {
            prop_assert!(object.validate().errors().next().is_none());
        }
    }
}
