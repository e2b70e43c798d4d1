//! Writing JSON to stdout: pretty on a terminal, compact otherwise, lists as arrays or as
//! JSON Lines, streamed item by item.

use std::io::{self, IsTerminal, Write};

use serde::Serialize;

use crate::args::OutputArgs;

/// How values are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Indented JSON; lists as an indented array.
    Pretty,
    /// One-line JSON; lists as a one-line array.
    Compact,
    /// One-line JSON; lists as one value per line.
    Lines,
}

impl Mode {
    /// The mode the flags ask for, else pretty on a terminal and compact otherwise.
    pub fn from_args(args: &OutputArgs) -> Mode {
        if args.json_lines {
            Mode::Lines
        } else if args.pretty {
            Mode::Pretty
        } else if args.compact || !io::stdout().is_terminal() {
            Mode::Compact
        } else {
            Mode::Pretty
        }
    }
}

/// Writes JSON values to a writer in one [`Mode`].
pub struct Output<W: Write> {
    mode: Mode,
    out: W,
}

impl<W: Write> Output<W> {
    /// Writes to `out`.
    pub fn new(mode: Mode, out: W) -> Self {
        Output { mode, out }
    }

    fn write_value<T: Serialize + ?Sized>(&mut self, value: &T) -> io::Result<()> {
        match self.mode {
            Mode::Pretty => serde_json::to_writer_pretty(&mut self.out, value)?,
            Mode::Compact | Mode::Lines => serde_json::to_writer(&mut self.out, value)?,
        }
        Ok(())
    }

    /// Writes one value and a newline.
    pub fn value<T: Serialize + ?Sized>(&mut self, value: &T) -> io::Result<()> {
        self.write_value(value)?;
        self.out.write_all(b"\n")?;
        self.out.flush()
    }

    /// Starts a list; write its items with [`List::item`] and end it with [`List::end`].
    pub fn list(&mut self) -> List<'_, W> {
        List {
            output: self,
            count: 0,
        }
    }

    /// Writes raw text (a line of a report).
    pub fn line(&mut self, text: &str) -> io::Result<()> {
        writeln!(self.out, "{text}")
    }

    /// Flushes the writer.
    pub fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }

    /// The mode.
    pub fn mode(&self) -> Mode {
        self.mode
    }
}

/// A list being written: an array, or JSON Lines.
pub struct List<'o, W: Write> {
    output: &'o mut Output<W>,
    count: usize,
}

impl<W: Write> List<'_, W> {
    /// Writes the next item (and flushes, so a reader sees it at once).
    pub fn item<T: Serialize + ?Sized>(&mut self, item: &T) -> io::Result<()> {
        let mode = self.output.mode;
        let sep: &[u8] = match (mode, self.count) {
            (Mode::Lines, _) => b"",
            (Mode::Pretty, 0) => b"[\n",
            (Mode::Compact, 0) => b"[",
            (Mode::Pretty, _) => b",\n",
            (Mode::Compact, _) => b",",
        };
        self.output.out.write_all(sep)?;
        if mode == Mode::Pretty {
            // Indent the item's lines by two spaces, as a pretty array would.
            let text = serde_json::to_string_pretty(item)?;
            for (i, line) in text.lines().enumerate() {
                if i > 0 {
                    self.output.out.write_all(b"\n")?;
                }
                write!(self.output.out, "  {line}")?;
            }
        } else {
            self.output.write_value(item)?;
        }
        if mode == Mode::Lines {
            self.output.out.write_all(b"\n")?;
        }
        self.count += 1;
        self.output.out.flush()
    }

    /// Ends the list (`]`, or `[]` when empty; nothing for JSON Lines). Returns the count.
    pub fn end(self) -> io::Result<usize> {
        let end: &[u8] = match (self.output.mode, self.count) {
            (Mode::Lines, _) => b"",
            (_, 0) => b"[]\n",
            (Mode::Pretty, _) => b"\n]\n",
            (Mode::Compact, _) => b"]\n",
        };
        self.output.out.write_all(end)?;
        self.output.out.flush()?;
        Ok(self.count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(mode: Mode, items: &[serde_json::Value]) -> String {
        let mut out = Output::new(mode, Vec::new());
        let mut list = out.list();
        for item in items {
            list.item(item).unwrap();
        }
        list.end().unwrap();
        String::from_utf8(out.out).unwrap()
    }

    #[test]
    fn lists_match_serde_json_in_every_mode() {
        let items = [
            serde_json::json!({"a": [1, 2]}),
            serde_json::json!({"b": {}}),
        ];
        let array = serde_json::Value::Array(items.to_vec());
        assert_eq!(
            render(Mode::Pretty, &items),
            serde_json::to_string_pretty(&array).unwrap() + "\n"
        );
        assert_eq!(
            render(Mode::Compact, &items),
            serde_json::to_string(&array).unwrap() + "\n"
        );
        assert_eq!(render(Mode::Lines, &items), "{\"a\":[1,2]}\n{\"b\":{}}\n");
        assert_eq!(render(Mode::Pretty, &[]), "[]\n");
        assert_eq!(render(Mode::Lines, &[]), "");
    }
}
