//! A compact English (Porter2 / Snowball "english") stemmer.
//!
//! Works on lowercase ASCII words only; the tokenizer calls it for plain words and never
//! for codes, numbers or compound tokens. Written here (about 300 lines) rather than pulled
//! from a multi-language crate to keep the WASM bundle small.

/// Stems a lowercase ASCII word with the Porter2 algorithm. Other input is returned unchanged.
pub fn stem(word: &str) -> String {
    if word.len() <= 2 || !word.bytes().all(|b| b.is_ascii_lowercase()) {
        return word.to_owned();
    }
    if let Some(s) = exception1(word) {
        return s.to_owned();
    }
    let mut w: Vec<u8> = word.as_bytes().to_vec();
    // Mark consonant y's.
    for i in 0..w.len() {
        if w[i] == b'y' && (i == 0 || is_vowel(w[i - 1])) {
            w[i] = b'Y';
        }
    }
    let (r1, r2) = regions(&w);
    let mut s = Stemmer { w, r1, r2 };
    s.step1a();
    let as_str = String::from_utf8_lossy(&s.w).into_owned();
    if matches!(
        as_str.as_str(),
        "inning" | "outing" | "canning" | "herring" | "earring" | "proceed" | "exceed" | "succeed"
    ) {
        return as_str;
    }
    s.step1b();
    s.step1c();
    s.step2();
    s.step3();
    s.step4();
    s.step5();
    s.w.iter().map(|&b| if b == b'Y' { 'y' } else { b as char }).collect()
}

fn exception1(word: &str) -> Option<&'static str> {
    Some(match word {
        "skis" => "ski",
        "skies" => "sky",
        "dying" => "die",
        "lying" => "lie",
        "tying" => "tie",
        "idly" => "idl",
        "gently" => "gentl",
        "ugly" => "ugli",
        "early" => "earli",
        "only" => "onli",
        "singly" => "singl",
        "sky" => "sky",
        "news" => "news",
        "howe" => "howe",
        "atlas" => "atlas",
        "cosmos" => "cosmos",
        "bias" => "bias",
        "andes" => "andes",
        _ => return None,
    })
}

fn is_vowel(b: u8) -> bool {
    matches!(b, b'a' | b'e' | b'i' | b'o' | b'u' | b'y')
}

/// R1 and R2 start offsets.
fn regions(w: &[u8]) -> (usize, usize) {
    let after_vc = |from: usize| -> usize {
        let mut i = from;
        while i < w.len() && !is_vowel(w[i]) {
            i += 1;
        }
        while i < w.len() && is_vowel(w[i]) {
            i += 1;
        }
        (i + 1).min(w.len())
    };
    let r1 = if w.starts_with(b"gener") || w.starts_with(b"arsen") {
        5
    } else if w.starts_with(b"commun") {
        6
    } else {
        after_vc(0)
    };
    let r2 = if r1 >= w.len() { w.len() } else { after_vc(r1) };
    (r1, r2)
}

struct Stemmer {
    w: Vec<u8>,
    r1: usize,
    r2: usize,
}

impl Stemmer {
    fn ends(&self, suffix: &str) -> bool {
        self.w.ends_with(suffix.as_bytes())
    }

    /// The longest of `suffixes` the word ends with.
    fn longest<'a>(&self, suffixes: &[&'a str]) -> Option<&'a str> {
        suffixes.iter().copied().filter(|s| self.ends(s)).max_by_key(|s| s.len())
    }

    fn in_r1(&self, suffix: &str) -> bool {
        self.w.len() - suffix.len() >= self.r1
    }

    fn in_r2(&self, suffix: &str) -> bool {
        self.w.len() - suffix.len() >= self.r2
    }

    fn replace(&mut self, suffix: &str, with: &str) {
        let n = self.w.len() - suffix.len();
        self.w.truncate(n);
        self.w.extend_from_slice(with.as_bytes());
    }

    fn has_vowel(&self, upto: usize) -> bool {
        self.w[..upto].iter().any(|&b| is_vowel(b))
    }

    /// Whether the word ends with a short syllable.
    fn ends_short_syllable(&self) -> bool {
        let w = &self.w;
        let n = w.len();
        if n == 2 {
            return is_vowel(w[0]) && !is_vowel(w[1]);
        }
        n >= 3
            && !is_vowel(w[n - 3])
            && is_vowel(w[n - 2])
            && !is_vowel(w[n - 1])
            && !matches!(w[n - 1], b'w' | b'x' | b'Y')
    }

    fn is_short(&self) -> bool {
        self.r1 >= self.w.len() && self.ends_short_syllable()
    }

    fn step1a(&mut self) {
        let Some(suf) = self.longest(&["sses", "ied", "ies", "us", "ss", "s"]) else { return };
        match suf {
            "sses" => self.replace(suf, "ss"),
            "ied" | "ies" => {
                let with = if self.w.len() > 4 { "i" } else { "ie" };
                self.replace(suf, with);
            }
            "s" => {
                let n = self.w.len();
                if n >= 2 && self.has_vowel(n - 2) {
                    self.w.pop();
                }
            }
            _ => {}
        }
    }

    fn step1b(&mut self) {
        let Some(suf) = self.longest(&["eed", "eedly", "ed", "edly", "ing", "ingly"]) else { return };
        match suf {
            "eed" | "eedly" => {
                if self.in_r1(suf) {
                    self.replace(suf, "ee");
                }
            }
            _ => {
                let stem_len = self.w.len() - suf.len();
                if !self.has_vowel(stem_len) {
                    return;
                }
                self.w.truncate(stem_len);
                if self.ends("at") || self.ends("bl") || self.ends("iz") {
                    self.w.push(b'e');
                } else if self.ends_double() {
                    self.w.pop();
                } else if self.is_short() {
                    self.w.push(b'e');
                }
            }
        }
    }

    fn ends_double(&self) -> bool {
        let n = self.w.len();
        n >= 2
            && self.w[n - 1] == self.w[n - 2]
            && matches!(self.w[n - 1], b'b' | b'd' | b'f' | b'g' | b'm' | b'n' | b'p' | b'r' | b't')
    }

    fn step1c(&mut self) {
        let n = self.w.len();
        if n > 2 && matches!(self.w[n - 1], b'y' | b'Y') && !is_vowel(self.w[n - 2]) {
            self.w[n - 1] = b'i';
        }
    }

    fn step2(&mut self) {
        const S: &[(&str, &str)] = &[
            ("tional", "tion"),
            ("enci", "ence"),
            ("anci", "ance"),
            ("abli", "able"),
            ("entli", "ent"),
            ("izer", "ize"),
            ("ization", "ize"),
            ("ational", "ate"),
            ("ation", "ate"),
            ("ator", "ate"),
            ("alism", "al"),
            ("aliti", "al"),
            ("alli", "al"),
            ("fulness", "ful"),
            ("ousli", "ous"),
            ("ousness", "ous"),
            ("iveness", "ive"),
            ("iviti", "ive"),
            ("biliti", "ble"),
            ("bli", "ble"),
            ("ogi", "og"),
            ("fulli", "ful"),
            ("lessli", "less"),
            ("li", ""),
        ];
        let Some(&(suf, with)) = S.iter().filter(|(s, _)| self.ends(s)).max_by_key(|(s, _)| s.len()) else { return };
        if !self.in_r1(suf) {
            return;
        }
        let before = self.w.len().checked_sub(suf.len() + 1).map(|i| self.w[i]);
        match suf {
            "ogi" if before != Some(b'l') => {}
            "li" if !matches!(before, Some(b'c' | b'd' | b'e' | b'g' | b'h' | b'k' | b'm' | b'n' | b'r' | b't')) => {}
            _ => self.replace(suf, with),
        }
    }

    fn step3(&mut self) {
        const S: &[(&str, &str)] = &[
            ("tional", "tion"),
            ("ational", "ate"),
            ("alize", "al"),
            ("icate", "ic"),
            ("iciti", "ic"),
            ("ical", "ic"),
            ("ful", ""),
            ("ness", ""),
            ("ative", ""),
        ];
        let Some(&(suf, with)) = S.iter().filter(|(s, _)| self.ends(s)).max_by_key(|(s, _)| s.len()) else { return };
        if !self.in_r1(suf) {
            return;
        }
        if suf == "ative" && !self.in_r2(suf) {
            return;
        }
        self.replace(suf, with);
    }

    fn step4(&mut self) {
        let Some(suf) = self.longest(&[
            "al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent", "ism", "ate", "iti",
            "ous", "ive", "ize", "ion",
        ]) else {
            return;
        };
        if !self.in_r2(suf) {
            return;
        }
        if suf == "ion" {
            let n = self.w.len() - 3;
            if n == 0 || !matches!(self.w[n - 1], b's' | b't') {
                return;
            }
        }
        self.replace(suf, "");
    }

    fn step5(&mut self) {
        let n = self.w.len();
        if self.ends("e") {
            if self.in_r2("e") {
                self.w.pop();
            } else if self.in_r1("e") {
                self.w.pop();
                if self.ends_short_syllable() {
                    self.w.push(b'e');
                }
            }
        } else if self.ends("ll") && self.in_r2("l") && n >= 2 {
            self.w.pop();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::stem;

    #[test]
    fn snowball_samples() {
        let cases = [
            ("consign", "consign"),
            ("consigned", "consign"),
            ("consigning", "consign"),
            ("consignment", "consign"),
            ("knackeries", "knackeri"),
            ("knaves", "knave"),
            ("knightly", "knight"),
            ("caresses", "caress"),
            ("ponies", "poni"),
            ("ties", "tie"),
            ("cries", "cri"),
            ("hopping", "hop"),
            ("hoped", "hope"),
            ("certificate", "certif"),
            ("certificates", "certif"),
            ("expired", "expir"),
            ("expires", "expir"),
            ("expiry", "expiri"),
            ("metrics", "metric"),
            ("killed", "kill"),
            ("running", "run"),
            ("generously", "generous"),
            ("communication", "communic"),
            ("outages", "outag"),
            ("outage", "outag"),
            ("failed", "fail"),
            ("failing", "fail"),
            ("databases", "databas"),
            ("kafka", "kafka"),
            ("dns", "dns"),
            ("gas", "gas"),
            ("this", "this"),
            ("crying", "cri"),
            ("agreed", "agre"),
            ("luxuriating", "luxuri"),
            ("fall", "fall"),
            ("controller", "control"),
            ("ingress", "ingress"),
            ("skies", "sky"),
        ];
        for (word, want) in cases {
            assert_eq!(stem(word), want, "stem({word})");
        }
    }

    #[test]
    fn non_words_unchanged() {
        assert_eq!(stem("x509"), "x509");
        assert_eq!(stem("ab"), "ab");
        assert_eq!(stem("café"), "café");
    }
}
