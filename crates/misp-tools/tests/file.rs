//! `file` objects against PyMISP's FileObject on the same inputs, and the streaming hasher.
#![cfg(feature = "file")]

mod common;

use common::*;
use misp_tools::file::{FileDigest, FileHasher, FileObject, entropy, hash_reader};

#[test]
fn file_objects_match_pymisp() {
    for name in [
        "hello.elf",
        "hello-stripped.elf",
        "libanswer.so",
        "cli-32.exe",
        "tiny.macho",
    ] {
        let data = input(name);
        let objects = FileObject::new(name, &data)
            .malware_sample(true)
            .generate()
            .unwrap()
            .build()
            .unwrap();
        let ours = ours(&objects);
        let theirs = &pymisp(name)[0];
        assert_same(&ours[0], &expected_file(theirs, &ours[0]), name);
        // Same order as PyMISP's, tlsh last.
        let order: Vec<_> = ours[0].attributes.iter().map(|a| a.0.as_str()).collect();
        assert_eq!(
            order,
            [
                "filename",
                "size-in-bytes",
                "entropy",
                "md5",
                "sha1",
                "sha256",
                "sha512",
                "malware-sample",
                "mimetype",
                "ssdeep",
                "tlsh"
            ]
        );
    }
}

#[test]
fn streaming_digest_equals_the_one_shot_one_whatever_the_chunks() {
    let data = input("cli-32.exe");
    let whole = FileDigest::of(&data);
    for chunk in [1, 7, 4096, 65_537] {
        let mut hasher = FileHasher::new();
        for part in data.chunks(chunk) {
            hasher.update(part);
        }
        assert_eq!(hasher.finish(), whole, "chunks of {chunk}");
    }
    let read = hash_reader(std::io::Cursor::new(&data)).unwrap();
    assert_eq!(read, whole);
    assert_eq!(whole.md5, "a32a382b8a5a906e03a83b4f3e5b7a9b");
    assert_eq!(
        whole.tlsh.as_deref(),
        Some("T134537C21B981C073C446107A592DC6B19F7BBC312675C983BB961BBB9F313D1E72E24A"),
        "py-tlsh's value"
    );
    assert_eq!(whole.entropy, entropy(&data));
}

#[test]
fn empty_file_has_name_and_size_only() {
    let objects = FileObject::new("dir/empty.bin", b"")
        .malware_sample(true)
        .generate()
        .unwrap()
        .build()
        .unwrap();
    let ours = ours(&objects);
    assert_eq!(
        ours[0]
            .attributes
            .iter()
            .map(|a| (a.0.as_str(), a.1.as_str()))
            .collect::<Vec<_>>(),
        [("filename", "empty.bin"), ("size-in-bytes", "0")]
    );
}

#[test]
fn sample_round_trips_to_the_original_bytes() {
    let data = input("hello.elf");
    let object = FileObject::new("hello.elf", &data)
        .malware_sample(true)
        .generate()
        .unwrap()
        .build()
        .unwrap()
        .remove(0);
    let sample = object
        .attributes
        .iter()
        .find(|a| a.object_relation.as_deref() == Some("malware-sample"))
        .unwrap();
    let back = misp_types::attachment::MalwareSample::from_base64(sample.data.as_deref().unwrap())
        .unwrap();
    assert_eq!(back.content(), &data[..]);
    assert_eq!(back.filename(), "hello.elf");
}

#[test]
fn reading_a_path_streams_and_names_it() {
    let path = fixtures().join("inputs/tiny.macho");
    let objects = misp_tools::file::file_object_from_path(&path)
        .unwrap()
        .build()
        .unwrap();
    let ours = ours(&objects);
    assert_eq!(ours[0].value("filename"), Some("tiny.macho"));
    assert_eq!(ours[0].value("md5"), pymisp("tiny.macho")[0].value("md5"));
    let err = misp_tools::file::file_object_from_path(&fixtures().join("inputs/missing.bin"))
        .unwrap_err();
    assert!(err.to_string().contains("missing.bin"), "{err}");
}

#[test]
fn large_inputs_hashed_on_two_threads_give_the_serial_digest() {
    // 3 MiB and a bit: several reader chunks, and above the two-thread threshold.
    let data: Vec<u8> = (0..3 * 1024 * 1024 + 12_345u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let mut serial = FileHasher::new();
    for part in data.chunks(100_000) {
        serial.update(part);
    }
    let serial = serial.finish();
    assert_eq!(FileDigest::of(&data), serial);
    // A reader that gives a few bytes at a time.
    struct Trickle<'a>(&'a [u8]);
    impl std::io::Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = buf.len().min(7_777).min(self.0.len());
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }
    assert_eq!(hash_reader(Trickle(&data)).unwrap(), serial);
}

#[test]
fn a_failing_reader_is_an_error_not_a_digest() {
    struct Broken(usize);
    impl std::io::Read for Broken {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            if self.0 == 0 {
                return Err(std::io::Error::other("disk on fire"));
            }
            let n = buf.len().min(self.0);
            buf[..n].fill(1);
            self.0 -= n;
            Ok(n)
        }
    }
    let err = hash_reader(Broken(2_500_000)).unwrap_err().to_string();
    assert_eq!(err, "could not read the input stream: disk on fire");
}
