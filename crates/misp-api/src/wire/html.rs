//! Decoding the HTML entities MISP puts in its error messages (`&quot;`, `&#039;` ...).

/// Replaces the HTML entities CakePHP's `h()` produces, and numeric ones, by their characters.
pub(crate) fn unescape(text: &str) -> String {
    if !text.contains('&') {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    // Every offset below is that of an ASCII `&` or `;`, so a character boundary.
    while let Some((before, tail)) = rest.find('&').map(|start| rest.split_at(start)) {
        out.push_str(before);
        match tail.find(';').filter(|&end| end <= 10) {
            Some(end) => {
                let entity = tail.get(1..end).unwrap_or_default();
                match decode_entity(entity) {
                    Some(c) => out.push(c),
                    None => out.push_str(tail.get(..=end).unwrap_or_default()),
                }
                rest = tail.get(end + 1..).unwrap_or_default();
            }
            None => {
                out.push('&');
                rest = tail.get(1..).unwrap_or_default();
            }
        }
    }
    out.push_str(rest);
    out
}

fn decode_entity(entity: &str) -> Option<char> {
    match entity {
        "quot" => Some('"'),
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "apos" => Some('\''),
        _ => {
            let number = entity.strip_prefix('#')?;
            let code = match number.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => number.parse().ok()?,
            };
            char::from_u32(code)
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn unescapes_named_and_numeric_entities() {
        assert_eq!(
            super::unescape("doesn&#039;t &quot;x&quot; &amp; &lt;y&gt; &bogus; & done"),
            "doesn't \"x\" & <y> &bogus; & done"
        );
    }
}
