//! Redaction: the secrets a request carries (`bk_app_secret`, `bk_token`) replaced in every
//! text the client shows, in every form the package writes them in (URLs included: a GET's
//! query string carries them through ESB).

use crate::mem::String;
use crate::mem::Vec;

use crate::text::{find, json, percent, replace_all};

/// What replaces a secret in any text the client shows.
pub(crate) const REDACTED: &str = "[REDACTED]";

/// The mark `text::shorten` leaves where it cut a text.
const CUT: &str = "…";

/// The shortest start of a secret redacted before a cut (any longer one is too).
const MIN_CUT_CHARS: usize = 3;

/// Replaces the values of `bk_app_secret` and `bk_token` in outgoing texts.
///
/// Built per request from the secrets that request carries (the client's and the call's),
/// so a server that echoes a secret in its `message` cannot make the client leak it. A secret
/// is looked for in every form the package writes it or shows a server's text in: as given,
/// JSON-escaped (request bodies and the gateway header are JSON, and a server that echoes the
/// body echoes that; non-ASCII as `\uXXXX` as the gateway header has it; escaped twice, as a
/// value quoted in a message shows it), with controls escaped (how a server's `message` is
/// shown) and URL-encoded.
#[derive(Debug, Clone, Default)]
pub(crate) struct Redactor {
    forms: Vec<String>,
}

/// `s` as a JSON string's content (without the quotes); `ascii`: non-ASCII as `\uXXXX`, as
/// the gateway header is written.
fn json_escaped(s: &str, ascii: bool) -> String {
    let mut out = String::new();
    json::push_str(&mut out, s, ascii);
    String::from(out.get(1..out.len().saturating_sub(1)).unwrap_or_default())
}

/// Adds the forms of `secret` (when it is not empty) that `forms` does not have yet: the part
/// of [`Redactor::new`] that does not depend on its argument's type (a generic function is
/// copied for each). `forms` stays longest first, so a secret that contains another is
/// replaced whole: each new form moves before the shorter ones (an insertion: a handful of
/// forms, and no sort routine in the module; forms of one length stay in the order added).
fn add_forms(forms: &mut Vec<String>, secret: &str) {
    if secret.is_empty() {
        return;
    }
    let escaped = json_escaped(secret, false);
    add_form(forms, String::from(secret));
    add_form(forms, json_escaped(&escaped, false)); // a JSON text quoted again (a value echoed)
    add_form(forms, json_escaped(secret, true));
    add_form(forms, escaped);
    add_form(forms, json::escape_controls(secret));
    add_form(forms, percent(secret));
}

/// Adds `form` to `forms` (longest first) unless it is there.
fn add_form(forms: &mut Vec<String>, form: String) {
    if forms.contains(&form) {
        return;
    }
    forms.push(form);
    let mut at = forms.len() - 1;
    while let Some([before, new]) = at.checked_sub(1).and_then(|b| forms.get_mut(b..=at)) {
        if before.len() >= new.len() {
            break;
        }
        core::mem::swap(before, new);
        at -= 1;
    }
}

impl Redactor {
    /// A redactor for these secret values (empty strings are ignored).
    pub(crate) fn new<'a>(secrets: impl IntoIterator<Item = &'a str>) -> Self {
        let mut forms: Vec<String> = Vec::new();
        for secret in secrets {
            add_forms(&mut forms, secret);
        }
        Redactor { forms }
    }

    /// `text` with every occurrence of every secret replaced by [`REDACTED`], and the start of
    /// a secret that an excerpt cut short (just before its `…`) replaced too.
    pub(crate) fn redact(&self, text: &str) -> String {
        let mut out = String::from(text);
        for secret in &self.forms {
            out = replace_all(&out, secret, REDACTED);
        }
        // (Without a cut, or without secrets, this copies the text as it is.)
        let mut mended = String::with_capacity(out.len());
        let mut rest = out.as_str();
        while let Some(at) = find(rest, CUT) {
            let piece = rest.get(..at).unwrap_or_default();
            let tail = self.cut_secret_len(piece);
            mended.push_str(piece.get(..piece.len() - tail).unwrap_or_default());
            if tail > 0 {
                mended.push_str(REDACTED);
            }
            mended.push_str(CUT);
            rest = rest.get(at + CUT.len()..).unwrap_or_default();
        }
        mended.push_str(rest);
        mended
    }

    /// The byte length of the longest prefix (3 characters or more) of a secret that `piece`
    /// ends with, or 0.
    fn cut_secret_len(&self, piece: &str) -> usize {
        let mut longest = 0;
        for secret in &self.forms {
            let bytes = secret.as_bytes();
            // The prefixes end where a character starts, after the first MIN_CUT_CHARS.
            let mut chars = 0;
            for (end, b) in bytes.iter().enumerate() {
                if b & 0xc0 == 0x80 {
                    continue;
                }
                if chars >= MIN_CUT_CHARS && end > longest {
                    if let Some(prefix) = bytes.get(..end) {
                        if piece.as_bytes().ends_with(prefix) {
                            longest = end;
                        }
                    }
                }
                chars += 1;
            }
        }
        longest
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::format;

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
            format!("a {secret} b"),
            alloc::string::String::from(r#"{"bk_app_secret":"se\"cr\\et/ü\u001bx"}"#),
            alloc::string::String::from("echo: se\"cr\\et/ü\\u001bx"),
            alloc::string::String::from("path /se%22cr%5Cet%2F%C3%BC%1Bx/"),
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
        let r = Redactor::new(["tok", "tok"]);
        assert_eq!(r.redact("tok-tok"), "[REDACTED]-[REDACTED]");
    }
}
