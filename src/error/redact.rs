//! Redaction: the secrets a request carries (`bk_app_secret`, `bk_token`) replaced in every
//! text the client shows, in every form the package writes them in (URLs included: a GET's
//! query string may carry them through ESB).

/// What replaces a secret in any text the client shows.
pub const REDACTED: &str = "[REDACTED]";

/// Replaces the values of `bk_app_secret` and `bk_token` in outgoing texts.
///
/// Built per request from the secrets that request carries (the client's and the call's),
/// so a server that echoes a secret in its `message` cannot make the client leak it. A secret
/// is looked for in every form the package writes it or shows a server's text in: as given,
/// JSON-escaped (request bodies and the gateway header are JSON, and a server that echoes the
/// body echoes that), with controls escaped (how a server's `message` is shown) and
/// URL-encoded.
#[derive(Debug, Clone, Default)]
pub struct Redactor {
    secrets: Vec<String>,
}

/// `s` as a JSON string's content (without the quotes).
fn json_escaped(s: &str) -> String {
    let mut out = String::new();
    crate::call::json::write_string(&mut out, s);
    out.get(1..out.len().saturating_sub(1))
        .unwrap_or_default()
        .to_owned()
}

impl Redactor {
    /// A redactor for these secret values (empty strings are ignored).
    pub fn new<'a>(secrets: impl IntoIterator<Item = &'a str>) -> Self {
        let mut forms: Vec<String> = Vec::new();
        for secret in secrets.into_iter().filter(|s| !s.is_empty()) {
            for form in [
                secret.to_owned(),
                json_escaped(secret),
                crate::call::json::escape_controls(secret),
                crate::call::url::percent_encoded(secret),
            ] {
                if !forms.contains(&form) {
                    forms.push(form);
                }
            }
        }
        // Longest first, so a secret that contains another is replaced whole. An insertion
        // sort: there are at most a handful, and the library sorts cost 4 KB of wasm.
        for i in 1..forms.len() {
            let mut j = i;
            while j > 0 && forms.get(j - 1).map(String::len) < forms.get(j).map(String::len) {
                forms.swap(j - 1, j);
                j -= 1;
            }
        }
        Redactor { secrets: forms }
    }

    /// `text` with every occurrence of every secret replaced by [`REDACTED`], and the start of
    /// a secret that an excerpt cut short (just before its `…`) replaced too.
    pub fn redact(&self, text: &str) -> String {
        let mut out = text.to_owned();
        for secret in &self.secrets {
            out = replace_all(&out, secret, REDACTED);
        }
        if self.secrets.is_empty() || find_cut(&out).is_none() {
            return out;
        }
        let mut mended = String::with_capacity(out.len());
        let mut rest = out.as_str();
        while let Some(at) = find_cut(rest) {
            let piece = rest.get(..at).unwrap_or_default();
            let tail = self.cut_secret_len(piece);
            mended.push_str(piece.get(..piece.len() - tail).unwrap_or_default());
            if tail > 0 {
                mended.push_str(REDACTED);
            }
            mended.push(CUT);
            rest = rest.get(at + CUT.len_utf8()..).unwrap_or_default();
        }
        mended.push_str(rest);
        mended
    }

    /// The byte length of the longest prefix (3 characters or more) of a secret that `piece`
    /// ends with, or 0.
    fn cut_secret_len(&self, piece: &str) -> usize {
        self.secrets
            .iter()
            .flat_map(|secret| {
                secret
                    .char_indices()
                    .map(|(i, _)| i)
                    .skip(MIN_CUT_CHARS)
                    .filter(|&end| piece.ends_with(secret.get(..end).unwrap_or_default()))
            })
            .max()
            .unwrap_or(0)
    }
}

/// `text` with every occurrence of `from` (non-empty) replaced by `to`, left to right.
///
/// A plain byte comparison instead of `str::replace`, whose two-way searcher and its panic
/// paths cost 5 KB of wasm (see BENCHMARKS.md); texts and secrets are short. A match of valid
/// UTF-8 in valid UTF-8 always starts and ends on character boundaries, so the slices below
/// never fail.
fn replace_all(text: &str, from: &str, to: &str) -> String {
    let (haystack, needle) = (text.as_bytes(), from.as_bytes());
    let mut out = String::with_capacity(text.len());
    let (mut start, mut i) = (0, 0);
    while !needle.is_empty() && i + needle.len() <= haystack.len() {
        if haystack.get(i..i + needle.len()) == Some(needle) {
            out.push_str(text.get(start..i).unwrap_or_default());
            out.push_str(to);
            i += needle.len();
            start = i;
        } else {
            i += 1;
        }
    }
    out.push_str(text.get(start..).unwrap_or_default());
    out
}

/// The byte offset of the first [`CUT`] in `s`: a byte search, because `str::find` with a
/// pattern brings its searcher and panic paths into the module (3 KB, see BENCHMARKS.md).
fn find_cut(s: &str) -> Option<usize> {
    let mut mark = [0; 4];
    let mark = CUT.encode_utf8(&mut mark).as_bytes();
    s.as_bytes().windows(mark.len()).position(|w| w == mark)
}

/// The mark `value::shorten` leaves where it cut a text.
const CUT: char = '…';

/// The shortest start of a secret redacted before a cut (any longer one is too).
const MIN_CUT_CHARS: usize = 3;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redaction_replaces_every_secret_longest_first() {
        let r = Redactor::new(["s3cret", "s3cret-token", ""]);
        assert_eq!(
            r.redact("bad s3cret-token and s3cret, s3cret"),
            "bad [REDACTED] and [REDACTED], [REDACTED]"
        );
        assert_eq!(Redactor::default().redact("plain"), "plain");
    }

    #[test]
    fn the_start_of_a_secret_cut_by_an_excerpt_is_redacted_too() {
        let r = Redactor::new(["s3cret-token"]);
        assert_eq!(
            r.redact("got \"xx s3cr…\" and s3…"),
            "got \"xx [REDACTED]…\" and s3…"
        );
        assert_eq!(r.redact("a s3cret-tok… b…"), "a [REDACTED]… b…");
        assert_eq!(r.redact("plain… text"), "plain… text");
        assert_eq!(Redactor::default().redact("s3cr…"), "s3cr…");
    }

    #[test]
    fn every_form_the_package_writes_a_secret_in_is_redacted() {
        let secret = "se\"cr\\et/ü\u{1b}x";
        let r = Redactor::new([secret]);
        for text in [
            // As given, JSON-escaped (a server echoing the body), with controls escaped (a
            // server's message as shown), URL-encoded.
            format!("a {secret} b"),
            r#"{"bk_app_secret":"se\"cr\\et/ü\u001bx"}"#.to_owned(),
            "echo: se\"cr\\et/ü\\u001bx".to_owned(),
            "path /se%22cr%5Cet%2F%C3%BC%1Bx/".to_owned(),
        ] {
            let out = r.redact(&text);
            assert!(out.contains(REDACTED), "{text} -> {out}");
            assert!(!out.contains("cr\\et") && !out.contains("cr%5C"), "{out}");
        }
    }

    #[test]
    fn a_secret_cut_short_by_an_excerpt_is_redacted_in_every_form() {
        let r = Redactor::new(["ab\"cdefgh-token"]);
        assert_eq!(r.redact(r#"x: "ab\"cde…"#), format!("x: \"{REDACTED}…"));
        assert_eq!(r.redact("x: ab\"cdefgh-to…"), format!("x: {REDACTED}…"));
    }

    #[test]
    fn replacement_is_left_to_right_on_whole_characters() {
        assert_eq!(replace_all("aaaa", "aa", "b"), "bb");
        assert_eq!(replace_all("工单tok工单tok", "tok", "*"), "工单*工单*");
        assert_eq!(replace_all("to", "tok", "*"), "to");
        assert_eq!(replace_all("x", "", "*"), "x");
        let r = Redactor::new(["tok", "tok"]);
        assert_eq!(r.redact("tok-tok"), "[REDACTED]-[REDACTED]");
    }
}
