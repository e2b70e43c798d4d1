//! The mutation engine: seeds, mutations, panics caught, findings saved.

use std::collections::HashSet;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Something to fuzz: code that reads untrusted bytes, and the property it must keep.
pub trait Target {
    /// The name given on the command line.
    fn name(&self) -> &'static str;
    /// One line on what is fuzzed.
    fn about(&self) -> &'static str;
    /// Seed inputs, made from the corpus files (any may be irrelevant to this target).
    fn seeds(&self, files: &[PathBuf]) -> Vec<Vec<u8>>;
    /// Runs one input: `Ok(true)` when the reader accepted it (a good base for further
    /// mutations), `Ok(false)` when it was refused, `Err` when a property is broken. A panic is
    /// a finding too.
    fn run(&self, input: &[u8]) -> Result<bool, String>;
    /// Byte strings worth inserting into inputs (JSON tokens by default).
    fn dictionary(&self) -> &[&[u8]] {
        JSON_TOKENS
    }
}

/// Tokens that break JSON readers and MISP's value checks in interesting ways.
pub const JSON_TOKENS: &[&[u8]] = &[
    b"{",
    b"}",
    b"[",
    b"]",
    b"\"",
    b":",
    b",",
    b"\\",
    b"null",
    b"[]",
    b"{}",
    b"\"\"",
    b"true",
    b"0",
    b"-0",
    b"1e400",
    b"-1e400",
    b"18446744073709551616",
    b"-9223372036854775809",
    b"1.5",
    b"\"1\"",
    b"\"\\ud800\"",
    b"\"\\udc00\"",
    b"\\u0000",
    b"\\n",
    b"\xEF\xBB\xBF",
    "é".as_bytes(),
    "𝕏".as_bytes(),
    "\u{202e}".as_bytes(),
    b"\xff",
    b"\xc3",
    b"\"Event\":",
    b"\"Attribute\":",
    b"\"Object\":",
    b"\"Tag\":",
    b"\"Galaxy\":",
    b"\"GalaxyCluster\":",
    b"\"response\":",
    b"\"uuid\":",
    b"\"value\":",
    b"\"type\":",
    b"\"timestamp\":",
    b"\"first_seen\":",
    b"\"date\":",
    b"\"data\":",
    b"\"2016-12-31T23:59:60Z\"",
    b"\"+10000-01-01T00:00:00Z\"",
    b"\"24-05-15\"",
    b"\"2024-05-15T09:58:41.123456789+14:00\"",
    b"\"0000-00-00\"",
    b"\"mac-address\"",
    b"\"ip-dst|port\"",
    b"\"domain|ip\"",
    b"\"AS\"",
    b"\"malware-sample\"",
    b"\"5b4e7b46-2bd0-4b34-8c3a-4e6b3c0d2f11\"",
];

/// What a run found.
pub struct Finding {
    /// Where the input was saved.
    pub path: PathBuf,
    /// The panic message or the broken property.
    pub message: String,
}

/// What a target's run did.
pub struct Report {
    /// Inputs tried.
    pub runs: u64,
    /// Time spent.
    pub elapsed: Duration,
    /// Distinct findings (one input per message).
    pub findings: Vec<Finding>,
}

/// Runs one input, turning a panic into an error.
pub fn run_caught(target: &dyn Target, input: &[u8]) -> Result<bool, String> {
    match catch_unwind(AssertUnwindSafe(|| target.run(input))) {
        Ok(result) => result,
        Err(payload) => Err(format!("panic: {}", panic_message(payload.as_ref()))),
    }
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_owned()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "(no message)".to_owned()
    }
}

/// Mutates seeds for `budget`, saving each input that fails under `findings_dir`.
pub fn fuzz(
    target: &dyn Target,
    seeds: &[Vec<u8>],
    budget: Duration,
    seed: u64,
    findings_dir: &Path,
) -> Report {
    let start = Instant::now();
    let mut rng = Rng::new(seed);
    let mut pool: Vec<Vec<u8>> = seeds.to_vec();
    let mut messages = HashSet::new();
    let mut findings = Vec::new();
    let mut runs = 0u64;
    // Quiet panics while fuzzing: they are reported as findings.
    let previous_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let mut check = |input: &[u8], runs: &mut u64, findings: &mut Vec<Finding>| -> bool {
        *runs += 1;
        match run_caught(target, input) {
            Ok(accepted) => accepted,
            Err(message) => {
                let key: String = message.chars().take(160).collect();
                if messages.insert(key) {
                    let path = save(findings_dir, input);
                    findings.push(Finding { path, message });
                }
                false
            }
        }
    };
    // Every seed once as it is.
    for seed in seeds {
        if start.elapsed() >= budget {
            break;
        }
        check(seed, &mut runs, &mut findings);
    }
    while start.elapsed() < budget && !pool.is_empty() {
        let base = rng.pick(&pool).clone();
        let input = mutate(&mut rng, &base, &pool, target.dictionary());
        if check(&input, &mut runs, &mut findings) && rng.below(16) == 0 && input.len() <= 256 << 10
        {
            // Keep some mutants, so that mutations stack over time.
            if pool.len() < 4096 {
                pool.push(input);
            } else {
                let at = rng.below(pool.len());
                if let Some(slot) = pool.get_mut(at) {
                    *slot = input;
                }
            }
        }
    }
    std::panic::set_hook(previous_hook);
    Report {
        runs,
        elapsed: start.elapsed(),
        findings,
    }
}

fn save(dir: &Path, input: &[u8]) -> PathBuf {
    // FNV-1a: a stable name per input.
    let hash = input.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    });
    let path = dir.join(format!("{hash:016x}"));
    let _ = std::fs::create_dir_all(dir);
    let _ = std::fs::write(&path, input);
    path
}

/// One to four stacked mutations of `input`.
pub fn mutate(rng: &mut Rng, input: &[u8], pool: &[Vec<u8>], dictionary: &[&[u8]]) -> Vec<u8> {
    let dictionary = if dictionary.is_empty() {
        JSON_TOKENS
    } else {
        dictionary
    };
    let pool: &[Vec<u8>] = if pool.is_empty() { &[Vec::new()] } else { pool };
    let mut out = input.to_vec();
    for _ in 0..=rng.below(4) {
        let len = out.len();
        let at = rng.below(len + 1);
        match rng.below(13) {
            0 if len > 0 => {
                let i = rng.below(len);
                if let Some(b) = out.get_mut(i) {
                    *b ^= 1 << rng.below(8);
                }
            }
            1 if len > 0 => {
                const BYTES: &[u8] = b"\0\xff\"{}[]:,\\09-e.| \n";
                let i = rng.below(len);
                if let (Some(b), Some(&v)) = (out.get_mut(i), BYTES.get(rng.below(BYTES.len()))) {
                    *b = v;
                }
            }
            2 => {
                let end = (at + 1 + rng.below(64)).min(len);
                out.drain(at.min(end)..end);
            }
            3 => {
                let end = (at + 1 + rng.below(256)).min(len);
                let chunk: Vec<u8> = out.get(at..end).unwrap_or_default().to_vec();
                let to = rng.below(out.len() + 1);
                out.splice(to..to, chunk);
            }
            4 | 5 => {
                let token = rng.pick(dictionary);
                out.splice(at..at, token.iter().copied());
            }
            6 => {
                // Splice: this input's head, another's tail.
                let other = rng.pick(pool);
                let from = rng.below(other.len() + 1);
                out.truncate(at);
                out.extend_from_slice(other.get(from..).unwrap_or_default());
            }
            7 => {
                // Replace what follows a quote with a token (a value swapped for another).
                if let Some(quote) = out.iter().skip(at).position(|&b| b == b'"') {
                    let start = at + quote + 1;
                    let end = out
                        .iter()
                        .skip(start)
                        .position(|&b| b == b'"')
                        .map_or(start, |n| start + n);
                    let token = rng.pick(dictionary);
                    out.splice(start..end, token.iter().copied());
                }
            }
            8 => {
                // Repeat an object or list opening many times (deep nesting).
                if let Some(open) = out.iter().skip(at).position(|&b| b == b'{' || b == b'[') {
                    let start = at + open;
                    let end = (start + 1 + rng.below(48)).min(out.len());
                    let chunk: Vec<u8> = out.get(start..end).unwrap_or_default().to_vec();
                    let times = 2 + rng.below(64);
                    for _ in 0..times {
                        out.splice(start..start, chunk.iter().copied());
                    }
                }
            }
            9 => out.truncate(at),
            10 | 11 => {
                // The same length in bytes, with a multibyte character where single bytes were:
                // what breaks code that slices text by byte offsets.
                const SAME_WIDTH: &[&str] = &["é", "ß", "€", "ﬀ", "𝕏"];
                let token = rng.pick(SAME_WIDTH).as_bytes();
                let end = at + token.len();
                if end <= len {
                    out.splice(at..end, token.iter().copied());
                }
            }
            _ => {
                const WIDE: &[&str] = &["é", "ß", "€", "𝕏", "\u{301}", "\u{feff}", "İ", "ﬀ"];
                let token = rng.pick(WIDE);
                out.splice(at..at, token.bytes());
            }
        }
    }
    out.truncate(1 << 20);
    out
}

/// A small, fast generator (xorshift64*): the fuzzer needs speed, not quality.
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Self {
        Rng(seed | 1)
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A number below `n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            return 0;
        }
        (self.next() % n as u64) as usize
    }

    /// One element of a non-empty slice.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        let i = self.below(items.len());
        &items[i]
    }
}
