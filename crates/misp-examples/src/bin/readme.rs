//! The README's library example, exactly as the README shows it (the build script copies it).

include!(concat!(env!("OUT_DIR"), "/readme_main.rs"));
