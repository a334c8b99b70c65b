//! URL names: what a valid slug is, and how one is made from a file name or a facet value.

/// Longest slug accepted.
pub const MAX_LEN: usize = 120;

/// Why a slug is not valid, or `None` when it is.
///
/// A slug is 1–120 characters of lower-case ASCII letters, digits and single hyphens,
/// neither starting nor ending with a hyphen: it can never hold `/`, `..` or anything a
/// file system or URL would read specially.
pub fn problem(slug: &str) -> Option<String> {
    if slug.is_empty() {
        return Some("the slug is empty".into());
    }
    if slug.len() > MAX_LEN {
        return Some(format!("the slug is {} characters long; the most is {MAX_LEN}", slug.len()));
    }
    if slug.contains("..") || slug.contains('/') || slug.contains('\\') {
        return Some(format!("the slug `{slug}` would leave its folder (`..`, `/` or `\\`)"));
    }
    if let Some(c) = slug.chars().find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-')) {
        return Some(format!("the slug `{slug}` has `{c}`: only a-z, 0-9 and `-` are allowed"));
    }
    if slug.starts_with('-') || slug.ends_with('-') || slug.contains("--") {
        return Some(format!("the slug `{slug}` has a leading, trailing or doubled hyphen"));
    }
    None
}

/// Makes a slug from free text: ASCII-folds common accented letters, lowercases, turns every
/// other run of characters into one hyphen. May return an empty string.
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut hyphen = false;
    for c in text.chars() {
        let folded = fold(c);
        for c in folded.chars() {
            if c.is_ascii_alphanumeric() {
                if hyphen && !out.is_empty() {
                    out.push('-');
                }
                hyphen = false;
                out.push(c.to_ascii_lowercase());
            } else {
                hyphen = true;
            }
        }
        if out.len() >= MAX_LEN {
            break;
        }
    }
    out.truncate(MAX_LEN);
    out.trim_end_matches('-').to_string()
}

fn fold(c: char) -> &'static str {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' => "a",
        'æ' | 'Æ' => "ae",
        'ç' | 'Ç' => "c",
        'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' => "e",
        'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' => "i",
        'ñ' | 'Ñ' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' => "o",
        'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' => "u",
        'ý' | 'ÿ' | 'Ý' => "y",
        'ß' => "ss",
        c if c.is_ascii() => ascii(c),
        _ => "-",
    }
}

fn ascii(c: char) -> &'static str {
    const TABLE: &str = "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0 !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~\0";
    let i = c as usize;
    &TABLE[i..i + 1]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_and_invalid_slugs() {
        assert_eq!(problem("cert-expiry-2025"), None);
        for bad in ["", "../etc", "a/b", "Upper", "a--b", "-a", "a-", "spa ce", "dot.s", &"x".repeat(121)] {
            assert!(problem(bad).is_some(), "{bad:?} should be rejected");
        }
    }

    #[test]
    fn slugify_makes_valid_slugs() {
        assert_eq!(slugify("Checkout API"), "checkout-api");
        assert_eq!(slugify("  Déjà vu: DNS!  "), "deja-vu-dns");
        assert_eq!(slugify("../../etc/passwd"), "etc-passwd");
        assert_eq!(slugify("日本"), "");
        for s in ["Checkout API", "x..y", "PM2021-008 Traefik"] {
            assert_eq!(problem(&slugify(s)), None, "{s}");
        }
    }
}
