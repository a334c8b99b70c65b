//! The body of a postmortem as the wording lints read it: line by line, with what is not
//! prose for readers blanked out (fenced code, HTML comments, inline code, link targets),
//! so columns still match the file.

use debrief_content::{Postmortem, SectionKind};

/// One line of the body.
pub(crate) struct Line {
    /// 1-based line in the file.
    pub(crate) number: usize,
    /// The line with code, comments and link targets replaced by spaces.
    pub(crate) text: String,
    /// Inside an action items section, or an action item itself.
    pub(crate) in_actions: bool,
}

/// The body's lines, masked.
pub(crate) fn lines(pm: &Postmortem) -> Vec<Line> {
    let mut out = Vec::new();
    let mut fence: Option<(char, usize)> = None;
    let mut in_comment = false;
    let mut sections = pm.sections.iter().peekable();
    let mut stack: Vec<(u8, Option<SectionKind>)> = Vec::new();
    for (i, raw) in pm.body.lines().enumerate() {
        let number = pm.body_line + i;
        while let Some(section) = sections.next_if(|s| s.line <= number) {
            while stack.last().is_some_and(|(level, _)| *level >= section.level) {
                stack.pop();
            }
            stack.push((section.level, section.kind));
        }
        let trimmed = raw.trim_start();
        if let Some((c, n)) = fence {
            let run = trimmed.chars().take_while(|&x| x == c).count();
            if run >= n && trimmed[run * c.len_utf8()..].trim().is_empty() {
                fence = None;
            }
            continue;
        }
        if !in_comment {
            for c in ['`', '~'] {
                let run = trimmed.chars().take_while(|&x| x == c).count();
                if run >= 3 {
                    fence = Some((c, run));
                }
            }
            if fence.is_some() {
                continue;
            }
        }
        let (text, still_in_comment) = mask(raw, in_comment);
        in_comment = still_in_comment;
        let in_actions = stack.iter().any(|(_, kind)| *kind == Some(SectionKind::ActionItems))
            || pm.action_items.iter().any(|item| item.line == number);
        out.push(Line { number, text, in_actions });
    }
    out
}

/// Blanks HTML comments (which may run on from a line above), inline code and link
/// targets. Returns the masked line and whether a comment is still open at its end.
fn mask(line: &str, mut in_comment: bool) -> (String, bool) {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len());
    let mut i = 0;
    let at = |i: usize, s: &str| s.chars().enumerate().all(|(k, c)| chars.get(i + k) == Some(&c));
    let mut in_code = 0usize;
    let mut in_target = false;
    while i < chars.len() {
        if in_comment {
            if at(i, "-->") {
                out.push_str("   ");
                i += 3;
                in_comment = false;
            } else {
                out.push(' ');
                i += 1;
            }
            continue;
        }
        if in_code > 0 {
            let run = chars[i..].iter().take_while(|&&c| c == '`').count();
            if run == in_code {
                in_code = 0;
            }
            for _ in 0..run.max(1) {
                out.push(' ');
            }
            i += run.max(1);
            continue;
        }
        if in_target {
            if chars[i] == ')' {
                in_target = false;
            }
            out.push(' ');
            i += 1;
            continue;
        }
        if at(i, "<!--") {
            in_comment = true;
            out.push_str("    ");
            i += 4;
            continue;
        }
        if chars[i] == '`' {
            let run = chars[i..].iter().take_while(|&&c| c == '`').count();
            in_code = run;
            for _ in 0..run {
                out.push(' ');
            }
            i += run;
            continue;
        }
        if at(i, "](") {
            in_target = true;
            out.push_str("  ");
            i += 2;
            continue;
        }
        out.push(chars[i]);
        i += 1;
    }
    (out, in_comment)
}

#[cfg(test)]
mod tests {
    use super::mask;

    #[test]
    fn masks_comments_code_and_link_targets_keeping_columns() {
        let (text, open) = mask("a <!-- human error --> b `careless` [x](https://h/careless) c", false);
        assert_eq!(
            text.chars().count(),
            "a <!-- human error --> b `careless` [x](https://h/careless) c".chars().count()
        );
        assert!(!text.contains("human") && !text.contains("careless"), "{text}");
        assert!(text.starts_with("a ") && text.ends_with(" c") && !open, "{text}");
        let (text, open) = mask("start <!-- never", false);
        assert!(open && !text.contains("never"));
        let (text, open) = mask("closed --> human error", true);
        assert!(!open && text.contains("human error"));
    }
}
