//! Malware-sample archives and attachment data.

use std::io::{Cursor, Read, Write};

use misp_types::attachment::{
    AttachmentError, FILENAME_ENTRY_SUFFIX, MALWARE_SAMPLE_PASSWORD, MalwareSample, decode_data,
    encode_data, md5_hex,
};

const EICAR: &[u8] = b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*";

#[test]
fn builds_the_archive_misp_stores() {
    let sample = MalwareSample::from_bytes("eicar.com", EICAR).unwrap();
    assert_eq!(sample.md5(), "44d88612fea8a8f36de82e1278abb02f");
    assert_eq!(sample.value(), "eicar.com|44d88612fea8a8f36de82e1278abb02f");

    // Read the archive with the zip crate directly: two entries, both encrypted.
    let mut zip = zip::ZipArchive::new(Cursor::new(sample.archive())).unwrap();
    let mut names: Vec<_> = zip.file_names().map(str::to_owned).collect();
    names.sort();
    assert_eq!(
        names,
        [
            "44d88612fea8a8f36de82e1278abb02f",
            "44d88612fea8a8f36de82e1278abb02f.filename.txt"
        ]
    );
    for name in &names {
        assert!(zip.by_name(name).is_err(), "{name} must need the password");
    }
    let mut content = Vec::new();
    zip.by_name_decrypt(
        "44d88612fea8a8f36de82e1278abb02f",
        MALWARE_SAMPLE_PASSWORD.as_bytes(),
    )
    .unwrap()
    .read_to_end(&mut content)
    .unwrap();
    assert_eq!(content, EICAR);
    let mut filename = String::new();
    zip.by_name_decrypt(
        &format!("44d88612fea8a8f36de82e1278abb02f{FILENAME_ENTRY_SUFFIX}"),
        b"infected",
    )
    .unwrap()
    .read_to_string(&mut filename)
    .unwrap();
    assert_eq!(filename, "eicar.com");
}

#[test]
fn round_trips_through_base64_data() {
    let content: Vec<u8> = (0..=255u8).cycle().take(70_000).collect();
    let sample = MalwareSample::from_bytes("blob.bin", &content).unwrap();
    let data = sample.to_base64();
    let back = MalwareSample::from_base64(&data).unwrap();
    assert_eq!(back.filename(), "blob.bin");
    assert_eq!(back.md5(), md5_hex(&content));
    assert_eq!(back.content(), content.as_slice());
    assert_eq!(back.into_content(), content);
}

#[test]
fn reads_an_archive_made_elsewhere() {
    // An archive written independently (stored, not deflated), as other tools produce it.
    let md5 = md5_hex(EICAR);
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    use zip::unstable::write::FileOptionsExt;
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored)
        .with_deprecated_encryption(b"infected");
    writer
        .start_file(format!("{md5}.filename.txt"), opts)
        .unwrap();
    writer.write_all(b"sample.com").unwrap();
    writer.start_file(md5.clone(), opts).unwrap();
    writer.write_all(EICAR).unwrap();
    let archive = writer.finish().unwrap().into_inner();

    let sample = MalwareSample::from_zip(&archive).unwrap();
    assert_eq!(sample.filename(), "sample.com");
    assert_eq!(sample.content(), EICAR);
}

fn archive_with(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    use zip::unstable::write::FileOptionsExt;
    let opts = zip::write::SimpleFileOptions::default().with_deprecated_encryption(b"infected");
    for (name, bytes) in entries {
        writer.start_file(*name, opts).unwrap();
        writer.write_all(bytes).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

#[test]
fn rejects_archives_with_the_wrong_layout() {
    let err = MalwareSample::from_zip(&archive_with(&[("a.bin", b"x")])).unwrap_err();
    assert!(matches!(err, AttachmentError::Layout { .. }), "{err}");
    assert!(
        err.to_string().contains("no `*.filename.txt` entry"),
        "{err}"
    );

    let err = MalwareSample::from_zip(&archive_with(&[("abc.filename.txt", b"x")])).unwrap_err();
    assert!(
        err.to_string().contains("sample entry `abc` is not"),
        "{err}"
    );

    let wrong = "00000000000000000000000000000000";
    let name = format!("{wrong}.filename.txt");
    let err =
        MalwareSample::from_zip(&archive_with(&[(&name, b"f"), (wrong, b"content")])).unwrap_err();
    assert!(matches!(err, AttachmentError::Md5Mismatch { .. }), "{err}");
    assert_eq!(
        err.to_string(),
        format!(
            "malware-sample content does not match its name: the entry is `{wrong}`, but the content's MD5 is `{}`",
            md5_hex(b"content")
        )
    );
}

#[test]
fn rejects_non_zip_and_bad_base64() {
    assert!(matches!(
        MalwareSample::from_zip(b"MZ not a zip"),
        Err(AttachmentError::Zip(_))
    ));
    assert!(matches!(
        MalwareSample::from_base64("%%%"),
        Err(AttachmentError::Base64(_))
    ));
}

#[test]
fn rejects_bad_filenames() {
    for name in ["", "  ", "a|b", "a\nb"] {
        assert!(
            matches!(
                MalwareSample::from_bytes(name, b"x"),
                Err(AttachmentError::BadFilename(_))
            ),
            "{name:?}"
        );
    }
}

#[test]
fn attachment_data_is_plain_base64() {
    assert_eq!(
        encode_data(EICAR),
        "WDVPIVAlQEFQWzRcUFpYNTQoUF4pN0NDKTd9JEVJQ0FSLVNUQU5EQVJELUFOVElWSVJVUy1URVNULUZJTEUhJEgrSCo="
    );
    assert_eq!(decode_data(&encode_data(EICAR)).unwrap(), EICAR);
    // MIME-style wrapped base64 is accepted.
    assert_eq!(decode_data("aGVs\r\nbG8=\n").unwrap(), b"hello");
}

#[test]
fn debug_does_not_dump_the_sample() {
    let sample = MalwareSample::from_bytes("eicar.com", EICAR).unwrap();
    let debug = format!("{sample:?}");
    assert!(!debug.contains("EICAR"), "{debug}");
    assert!(debug.contains("eicar.com"));
}

#[test]
fn a_sample_that_expands_past_the_limit_is_refused_while_reading() {
    use misp_types::attachment::SampleLimits;
    // 8 MiB of zeros compress to a few KiB: the archive is small, its content is not.
    let sample = MalwareSample::from_bytes("bomb.bin", &vec![0u8; 8 << 20]).unwrap();
    assert!(
        sample.archive().len() < 64 << 10,
        "{}",
        sample.archive().len()
    );
    let limits = SampleLimits {
        max_content_size: 1 << 20,
    };
    let err = MalwareSample::from_zip_with(sample.archive(), &limits).unwrap_err();
    assert!(
        matches!(&err, AttachmentError::TooLarge { limit, .. } if *limit == 1 << 20),
        "{err}"
    );
    assert!(err.to_string().contains("max_content_size"), "{err}");
    let err = MalwareSample::from_base64_with(&sample.to_base64(), &limits).unwrap_err();
    assert!(matches!(err, AttachmentError::TooLarge { .. }), "{err}");
    // Within the default limit it reads.
    assert_eq!(
        MalwareSample::from_zip(sample.archive())
            .unwrap()
            .content()
            .len(),
        8 << 20
    );
}

#[test]
fn a_sample_name_from_an_archive_is_reduced_to_a_safe_base_name() {
    for (name, safe) in [
        ("../../.ssh/authorized_keys", "authorized_keys"),
        ("/etc/cron.d/x", "x"),
        ("..\\..\\Windows\\evil.dll", "evil.dll"),
        ("dir/..", ""),
    ] {
        let sample = MalwareSample::from_bytes(name, b"content").unwrap();
        let back = MalwareSample::from_zip(sample.archive()).unwrap();
        let expected = if safe.is_empty() {
            back.md5().to_owned()
        } else {
            safe.to_owned()
        };
        assert_eq!(back.filename(), expected, "{name}");
    }
}
