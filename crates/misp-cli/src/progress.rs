//! Progress on stderr (indicatif) for page walks, bulk adds and downloads.
//!
//! Bars are drawn only when stderr is a terminal and `--quiet` is not given; otherwise every
//! bar is hidden and costs nothing, so commands use them unconditionally:
//!
//! ```
//! let progress = misp_cli::progress::Progress::new(false);
//! let bar = progress.bar(Some(3), "adding");
//! bar.inc(1);
//! bar.finish_and_clear();
//! ```

use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Makes progress bars that draw on stderr, or hidden ones.
#[derive(Clone, Copy, Debug)]
pub struct Progress {
    enabled: bool,
}

impl Progress {
    /// Bars are drawn when stderr is a terminal, unless `quiet`.
    pub fn new(quiet: bool) -> Self {
        Progress {
            enabled: !quiet && std::io::stderr().is_terminal(),
        }
    }

    /// Bars that are never drawn.
    pub fn hidden() -> Self {
        Progress { enabled: false }
    }

    /// Whether bars are drawn.
    pub fn enabled(&self) -> bool {
        self.enabled
    }

    /// A bar of `len` steps (a spinner counting steps when the length is unknown).
    pub fn bar(&self, len: Option<u64>, message: &str) -> ProgressBar {
        if !self.enabled {
            return ProgressBar::hidden();
        }
        let bar = match len {
            Some(n) => ProgressBar::with_draw_target(Some(n), ProgressDrawTarget::stderr())
                .with_style(
                    ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} ({elapsed})")
                        .unwrap_or_else(|_| ProgressStyle::default_bar())
                        .progress_chars("=> "),
                ),
            None => ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr()).with_style(
                ProgressStyle::with_template("{spinner} {msg} {pos} ({elapsed})")
                    .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            ),
        };
        bar.set_message(message.to_owned());
        bar.enable_steady_tick(Duration::from_millis(120));
        bar
    }

    /// A byte counter for a download or an export.
    pub fn bytes(&self, len: Option<u64>, message: &str) -> ProgressBar {
        if !self.enabled {
            return ProgressBar::hidden();
        }
        let template = if len.is_some() {
            "{msg} [{bar:30}] {bytes}/{total_bytes} ({bytes_per_sec})"
        } else {
            "{spinner} {msg} {bytes} ({bytes_per_sec})"
        };
        let bar = ProgressBar::with_draw_target(len, ProgressDrawTarget::stderr()).with_style(
            ProgressStyle::with_template(template)
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
        );
        bar.set_message(message.to_owned());
        bar.enable_steady_tick(Duration::from_millis(120));
        bar
    }
}
