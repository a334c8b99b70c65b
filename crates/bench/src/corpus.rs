//! The deterministic postmortem corpus generator.
//!
//! [`generate_doc`] builds document `index` of a corpus of `total` documents from
//! `(seed, index)` alone, so documents are independent of each other and of the order
//! they are generated in, and the same `(total, seed)` gives byte-identical files on
//! every machine. [`write_site`] writes a complete debrief site root.

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::Path;

use crate::rng::Rng;
use crate::time::{self, DAY, HOUR, MINUTE};
use crate::vocab::{self, Scenario};

/// The default seed of the corpus.
pub const DEFAULT_SEED: u64 = 20_250_314;

/// First day of the period incidents are spread over (2020-01-01).
const PERIOD_START_DAYS: i64 = 18_262;
/// Length of the period: six years.
const PERIOD_DAYS: i64 = 2_192;

/// The `debrief.toml` written at the site root.
pub const CONFIG_TOML: &str = "title = \"Example Corp incident history\"\n\
base_url = \"https://status.example.org/history/\"\n\
content = \"content\"\n\
output = \"public\"\n";

/// One generated postmortem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Doc {
    /// The incident number (`INC-<number>`), unique in the corpus.
    pub number: u64,
    /// The year `started` falls in (the folder the file goes in).
    pub year: i64,
    /// The file name without `.md`; unique in the corpus.
    pub slug: String,
    /// The Markdown source, front matter included.
    pub text: String,
}

impl Doc {
    /// The path relative to the content folder: `<year>/<slug>.md`.
    pub fn rel_path(&self) -> String {
        format!("{}/{}.md", self.year, self.slug)
    }
}

/// Totals of a written corpus.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CorpusStats {
    /// Documents written.
    pub docs: usize,
    /// Bytes of Markdown written (sum of document sizes).
    pub markdown_bytes: u64,
}

/// Makes `out/content` an empty folder and returns it: refuses a non-empty one unless
/// `force`, which removes it and `out/public` first. Shared by both flavours.
pub(crate) fn empty_content_dir(out: &Path, force: bool) -> io::Result<std::path::PathBuf> {
    let content = out.join("content");
    if content.exists() && fs::read_dir(&content)?.next().is_some() {
        if !force {
            return Err(io::Error::new(
                io::ErrorKind::AlreadyExists,
                format!("{} is not empty (use --force to replace it)", content.display()),
            ));
        }
        fs::remove_dir_all(&content)?;
        let public = out.join("public");
        if public.exists() {
            fs::remove_dir_all(public)?;
        }
    }
    fs::create_dir_all(&content)?;
    Ok(content)
}

/// Generates every document of a corpus, in order.
pub fn generate(total: usize, seed: u64) -> impl Iterator<Item = Doc> {
    (0..total).map(move |i| generate_doc(seed, i, total))
}

/// Writes a complete site root into `out`: `debrief.toml` and `content/<year>/<slug>.md`.
///
/// Fails if `out/content` already exists and is not empty, unless `force` is set, in
/// which case `out/content` and `out/public` are removed first.
pub fn write_site(out: &Path, total: usize, seed: u64, force: bool) -> io::Result<CorpusStats> {
    let content = empty_content_dir(out, force)?;
    fs::write(out.join("debrief.toml"), CONFIG_TOML)?;
    let mut stats = CorpusStats::default();
    let mut made_year = Vec::new();
    for doc in generate(total, seed) {
        if !made_year.contains(&doc.year) {
            fs::create_dir_all(content.join(doc.year.to_string()))?;
            made_year.push(doc.year);
        }
        fs::write(content.join(doc.rel_path()), &doc.text)?;
        stats.docs += 1;
        stats.markdown_bytes += doc.text.len() as u64;
    }
    Ok(stats)
}

/// Per-document values the templates refer to.
struct Ctx<'a> {
    svc: &'static str,
    svc2: &'static str,
    region: &'static str,
    region2: &'static str,
    team: &'static str,
    team2: &'static str,
    dep: String,
    ver: String,
    day: String,
    start: String,
    end: String,
    duration: String,
    ttd: String,
    ttm: String,
    rng: &'a mut Rng,
}

impl Ctx<'_> {
    /// Expands `{name}` placeholders (`{{` and `}}` are literal braces).
    fn fill(&mut self, tpl: &str) -> String {
        let mut out = String::with_capacity(tpl.len() + 32);
        self.fill_into(&mut out, tpl);
        out
    }

    fn fill_into(&mut self, out: &mut String, tpl: &str) {
        let mut rest = tpl;
        while let Some(pos) = rest.find(['{', '}']) {
            out.push_str(&rest[..pos]);
            let brace = rest.as_bytes()[pos];
            let after = &rest[pos + 1..];
            if after.as_bytes().first() == Some(&brace) {
                out.push(brace as char);
                rest = &after[1..];
                continue;
            }
            if brace == b'}' {
                out.push('}');
                rest = after;
                continue;
            }
            let end = after.find('}').unwrap_or(after.len());
            self.value(out, &after[..end]);
            rest = after.get(end + 1..).unwrap_or("");
        }
        out.push_str(rest);
    }

    fn value(&mut self, out: &mut String, name: &str) {
        match name {
            "svc" => out.push_str(self.svc),
            "Svc" => out.push_str(&display_name(self.svc)),
            "svc2" => out.push_str(self.svc2),
            "region" | "Region" => out.push_str(self.region),
            "region2" => out.push_str(self.region2),
            "team" => out.push_str(self.team),
            "team2" => out.push_str(self.team2),
            "dep" => out.push_str(&self.dep),
            "Dep" => out.push_str(&capitalize(&self.dep)),
            "ver" => out.push_str(&self.ver),
            "day" => out.push_str(&self.day),
            "start" => out.push_str(&self.start),
            "end" => out.push_str(&self.end),
            "duration" => out.push_str(&self.duration),
            "ttd" => out.push_str(&self.ttd),
            "ttm" => out.push_str(&self.ttm),
            "n" => push_num(out, self.rng.range(2, 12)),
            "n2" => push_num(out, self.rng.range(13, 60)),
            "pct" => push_num(out, self.rng.range(3, 97)),
            "ms" => push_num(out, self.rng.range(8, 40) * 10),
            "big" => push_num(out, self.rng.range(10_000, 999_999)),
            "big2" => push_num(out, self.rng.range(1_000_000, 9_999_999)),
            other => {
                out.push('{');
                out.push_str(other);
                out.push('}');
            }
        }
    }

    /// One sentence composed from opener, subject, predicate and tail.
    fn compose_into(&mut self, out: &mut String) {
        let start = out.len();
        let parts = [
            *self.rng.pick(vocab::OPENERS),
            *self.rng.pick(vocab::SUBJECTS),
            " ",
            *self.rng.pick(vocab::PREDICATES),
            *self.rng.pick(vocab::TAILS),
            ".",
        ];
        for p in parts {
            self.fill_into(out, p);
        }
        // Capitalise the first letter of the sentence.
        if let Some(c) = out[start..].chars().next()
            && c.is_ascii_lowercase()
        {
            out.replace_range(start..start + 1, &c.to_ascii_uppercase().to_string());
        }
    }

    /// A paragraph of `k` sentences, mostly composed, some from `pool`.
    fn growth_paragraph(&mut self, pool: &[&str], k: usize) -> String {
        let mut out = String::new();
        for i in 0..k {
            if i > 0 {
                out.push(' ');
            }
            if self.rng.chance(70) {
                self.compose_into(&mut out);
            } else {
                let s = *self.rng.pick(pool);
                self.fill_into(&mut out, s);
            }
        }
        out
    }

    /// A paragraph of `k` distinct sentences from `pool`.
    fn paragraph(&mut self, pool: &[&str], k: usize) -> String {
        let picks: Vec<&str> = self.rng.sample(pool, k).into_iter().copied().collect();
        let mut out = String::new();
        for (i, s) in picks.into_iter().enumerate() {
            if i > 0 {
                out.push(' ');
            }
            self.fill_into(&mut out, s);
        }
        out
    }
}

fn push_num(out: &mut String, n: u64) {
    let _ = write!(out, "{n}");
}

/// `checkout-api` → `Checkout API`.
fn display_name(svc: &str) -> String {
    svc.split('-')
        .map(|w| match w {
            "api" | "sms" | "cdn" | "dns" => w.to_ascii_uppercase(),
            _ => capitalize(w),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// `checkout-api` → `CheckoutApi`.
fn camel(svc: &str) -> String {
    svc.split('-').map(capitalize).collect()
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Lower-case ASCII words joined by `-`, at most `max` bytes, cut at a word boundary.
fn slugify(s: &str, max: usize) -> String {
    let mut out = String::new();
    for word in s.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()) {
        if !out.is_empty() && out.len() + 1 + word.len() > max {
            break;
        }
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(&word.to_ascii_lowercase());
    }
    out
}

/// A YAML double-quoted scalar.
fn yaml_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            _ => out.push(c),
        }
    }
    out.push('"');
    out
}

fn yaml_list(items: &[&str]) -> String {
    format!("[{}]", items.join(", "))
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn long_day(t: i64) -> String {
    let (y, m, d) = time::civil_from_days(t.div_euclid(DAY));
    format!("{d} {} {y}", MONTHS[(m - 1) as usize])
}

/// A log-normal gap in whole minutes, clamped to `[lo, hi]` minutes.
fn gap_minutes(rng: &mut Rng, median: f64, sigma: f64, lo: i64, hi: i64) -> i64 {
    let m = rng.log_normal(median, sigma) as i64;
    m.clamp(lo, hi) * MINUTE
}

/// `n` sorted times strictly inside `(a, b)` on whole minutes (may repeat a minute).
fn times_between(rng: &mut Rng, a: i64, b: i64, n: usize) -> Vec<i64> {
    let span = (b - a) / MINUTE;
    if span < 2 {
        return Vec::new();
    }
    let mut v: Vec<i64> = (0..n).map(|_| a + rng.range(1, (span - 1) as u64) as i64 * MINUTE).collect();
    v.sort_unstable();
    v
}

/// Generates document `index` (0-based) of a corpus of `total` documents.
pub fn generate_doc(seed: u64, index: usize, total: usize) -> Doc {
    let mut rng = Rng::for_item(seed, index as u64);
    let number = 1001 + index as u64;

    // Times: documents are spread evenly over six years, in index order.
    let span_min = (PERIOD_DAYS * DAY / MINUTE) as u128;
    let total_u = total.max(1) as u128;
    let offset = (index as u128 * span_min + u128::from(rng.below(span_min as u64))) / total_u;
    let started = PERIOD_START_DAYS * DAY + offset as i64 * MINUTE;
    let detected = if rng.chance(10) { started } else { started + gap_minutes(&mut rng, 7.0, 1.0, 1, 3 * 24 * 60) };
    let mitigated = detected + gap_minutes(&mut rng, 35.0, 1.0, 2, 2 * 24 * 60);
    let resolved = if rng.chance(8) {
        mitigated + gap_minutes(&mut rng, 1800.0, 0.8, 60, 9 * 24 * 60)
    } else {
        mitigated + gap_minutes(&mut rng, 40.0, 1.2, 0, 24 * 60)
    };

    let scenario: &Scenario = rng.pick(vocab::SCENARIOS);
    let svc = *rng.pick(vocab::SERVICES);
    let mut svc2 = *rng.pick(vocab::SERVICES);
    if svc2 == svc {
        svc2 =
            vocab::SERVICES[(vocab::SERVICES.iter().position(|s| *s == svc).unwrap_or(0) + 1) % vocab::SERVICES.len()];
    }
    let region = *rng.pick(vocab::REGIONS);
    let mut region2 = *rng.pick(vocab::REGIONS);
    if region2 == region {
        region2 = if region == "us-east-1" { "eu-west-1" } else { "us-east-1" };
    }
    let team = *rng.pick(vocab::TEAMS);
    let team2 = *rng.pick(vocab::TEAMS);
    let dep_tpl = *rng.pick(scenario.deps);
    let ver = format!("v{}.{}.{}", rng.range(1, 9), rng.range(0, 40), rng.range(0, 20));
    let mut ctx = Ctx {
        svc,
        svc2,
        region,
        region2,
        team,
        team2,
        dep: String::new(),
        ver,
        day: long_day(started),
        start: time::hhmm(started),
        end: time::hhmm(resolved),
        duration: time::human_duration(resolved - started),
        ttd: time::human_duration(detected - started),
        ttm: time::human_duration(mitigated - started),
        rng: &mut rng,
    };
    ctx.dep = ctx.fill(dep_tpl);

    // Size: log-normal around the real corpus's median, with a long tail.
    let target = (ctx.rng.log_normal(2500.0, 0.75) as usize).clamp(900, 60_000);
    // Short write-ups skip some sections, as real ones do.
    let terse = target < 2300;
    let minimal = target < 1700;

    let title_body = {
        let t = *ctx.rng.pick(scenario.titles);
        ctx.fill(t)
    };
    let title = format!("INC-{number}: {title_body}");
    let slug = format!("inc-{number}-{}", slugify(&title_body, 48));

    // Front matter.
    let sev_weights: Vec<u64> = vocab::SEVERITIES.iter().map(|s| s.1).collect();
    let severity = vocab::SEVERITIES[ctx.rng.weighted(&sev_weights)].0;
    let mut services = vec![svc];
    if ctx.rng.chance(45) {
        services.push(svc2);
    }
    if ctx.rng.chance(15) {
        let s = *ctx.rng.pick(vocab::SERVICES);
        if !services.contains(&s) {
            services.push(s);
        }
    }
    let mut regions = vec![region];
    if ctx.rng.chance(25) {
        regions.push(region2);
    }
    let mut tags: Vec<&str> = {
        let k = ctx.rng.range(2, 3) as usize;
        ctx.rng.sample(scenario.tags, k).into_iter().copied().collect()
    };
    for _ in 0..ctx.rng.range(0, 2) {
        let t = *ctx.rng.pick(vocab::TAGS);
        if !tags.contains(&t) {
            tags.push(t);
        }
    }
    let compliance = if ctx.rng.chance(15) { Some(*ctx.rng.pick(vocab::COMPLIANCE)) } else { None };
    let summary_line = {
        let t = *ctx.rng.pick(vocab::SUMMARY_OPEN);
        ctx.fill(t)
    };

    let mut fm = String::with_capacity(600);
    fm.push_str("---\n");
    let _ = writeln!(fm, "title: {}", yaml_str(&title));
    let _ = writeln!(fm, "severity: {severity}");
    let _ = writeln!(fm, "started: {}", time::rfc3339(started));
    let _ = writeln!(fm, "detected: {}", time::rfc3339(detected));
    let _ = writeln!(fm, "mitigated: {}", time::rfc3339(mitigated));
    let _ = writeln!(fm, "resolved: {}", time::rfc3339(resolved));
    let _ = writeln!(fm, "services: {}", yaml_list(&services));
    let _ = writeln!(fm, "regions: {}", yaml_list(&regions));
    let _ = writeln!(fm, "tags: {}", yaml_list(&tags));
    if let Some(c) = compliance {
        let _ = writeln!(fm, "compliance: {}", yaml_list(c));
    }
    if ctx.rng.chance(80) {
        let _ = writeln!(fm, "summary: {}", yaml_str(&summary_line));
    }
    if ctx.rng.chance(25) {
        let _ = writeln!(fm, "ticket: OPS-{}", ctx.rng.range(1000, 99_999));
    }
    fm.push_str("---\n");

    // Sections, kept apart so long documents can grow the prose ones.
    let mut sections: Vec<Section> = Vec::with_capacity(12);

    let mut summary = summary_line.clone();
    let k = ctx.rng.range(1, if terse { 1 } else { 3 }) as usize;
    summary.push(' ');
    summary.push_str(&ctx.paragraph(vocab::SUMMARY_MORE, k));
    sections.push(Section::new("Summary", summary));

    let impact = {
        let k = ctx.rng.range(1, 3) as usize;
        ctx.paragraph(vocab::IMPACT, k)
    };
    let mut impact = Section::new("Impact", impact);
    if ctx.rng.chance(if terse { 10 } else { 35 }) {
        impact.tail = impact_table(&mut ctx, &services, &regions, resolved - started);
    }
    if !minimal || ctx.rng.chance(40) {
        sections.push(impact);
    }

    let extra_events = (target.saturating_sub(1800) / 700).min(40) + ctx.rng.range(u64::from(terse), 3) as usize;
    let extra_events = if minimal { 0 } else { extra_events };
    let timeline = timeline(&mut ctx, scenario, [started, detected, mitigated, resolved], extra_events);
    sections.push(Section::new("Timeline", timeline));

    let cause = {
        let lo = if minimal { 1 } else { 2 };
        let k = ctx.rng.range(lo, scenario.cause.len().min(3) as u64) as usize;
        ctx.paragraph(scenario.cause, k)
    };
    let mut cause = Section::new("Root cause", cause);
    if let Some((lang, body)) = scenario.snippet
        && ctx.rng.chance(40)
    {
        let intro = *ctx.rng.pick(&[
            "The logs at the time showed:",
            "This is what we saw:",
            "The relevant excerpt:",
            "For reference:",
        ]);
        cause.tail = format!("{intro}\n\n```{lang}\n{}\n```", ctx.fill(body));
    }
    sections.push(cause);

    let mut factors = String::new();
    let nf = ctx.rng.range(1, 3) as usize;
    let ng = ctx.rng.range(0, 2) as usize;
    let mut picks: Vec<&str> = ctx.rng.sample(scenario.factors, nf).into_iter().copied().collect();
    picks.extend(ctx.rng.sample(vocab::FACTORS, ng).into_iter().copied());
    for f in picks {
        let _ = writeln!(factors, "- {}", ctx.fill(f));
    }
    factors.pop();
    if !terse || ctx.rng.chance(50) {
        sections.push(Section::new("Contributing factors", factors));
    }

    if ctx.rng.chance(25) {
        let alert = format!("`{}HighErrorRate`", camel(svc));
        let s = format!(
            "The {alert} alert paged the on-call engineer {} after impact began. {}",
            ctx.ttd,
            if detected - started > 30 * MINUTE {
                "This was too slow: the alert needed the error rate to stay above the threshold for 15 minutes."
            } else {
                "Detection worked as designed."
            }
        );
        sections.push(Section::new("Detection", s));
    }

    let mut resolution = {
        let t = *ctx.rng.pick(scenario.fix);
        ctx.fill(t)
    };
    if !minimal {
        resolution.push(' ');
        let k = ctx.rng.range(1, 2) as usize;
        resolution.push_str(&ctx.paragraph(vocab::RESOLUTION, k));
    }
    if ctx.rng.chance(30) {
        let (text, url) = *ctx.rng.pick(vocab::LINKS);
        let url = ctx.fill(url);
        let _ = write!(resolution, " More details are in [{text}]({url}).");
    }
    let res_heading = *ctx.rng.pick(&["Resolution", "Resolution", "Mitigation", "Recovery"]);
    sections.push(Section::new(res_heading, resolution));

    if ctx.rng.chance(8) {
        let mut whys = String::new();
        for (i, w) in vocab::WHYS.iter().enumerate() {
            let _ = writeln!(whys, "{}. {}", i + 1, ctx.fill(w));
        }
        whys.pop();
        sections.push(Section::new("Five whys", whys));
    }

    let mut actions = String::new();
    let na = ctx.rng.range(1, 3) as usize;
    let ng = ctx.rng.range(0, 3) as usize;
    let mut picks: Vec<&str> = ctx.rng.sample(scenario.actions, na).into_iter().copied().collect();
    picks.extend(ctx.rng.sample(vocab::ACTIONS, ng).into_iter().copied());
    for a in picks {
        let done = if ctx.rng.chance(60) { 'x' } else { ' ' };
        let text = ctx.fill(a);
        let owner = *ctx.rng.pick(vocab::TEAMS);
        let _ = write!(actions, "- [{done}] {text}");
        match ctx.rng.below(10) {
            0 => {}
            1 | 2 => {
                let _ = write!(actions, " (owner: {owner})");
            }
            _ => {
                let due = resolved + ctx.rng.range(7, 90) as i64 * DAY;
                let _ = write!(actions, " (owner: {owner}, due: {})", time::date(due));
            }
        }
        actions.push('\n');
    }
    actions.pop();
    sections.push(Section::new("Action items", actions));

    let lessons = if ctx.rng.chance(40) {
        let mut s = String::new();
        for (h, pool, k) in [
            ("What went well", vocab::WENT_WELL, 2),
            ("What went wrong", vocab::WENT_WRONG, 2),
            ("Where we got lucky", vocab::LUCKY, 1),
        ] {
            let _ = writeln!(s, "### {h}\n");
            let picks: Vec<&str> = ctx.rng.sample(pool, k).into_iter().copied().collect();
            for p in picks {
                let _ = writeln!(s, "- {}", ctx.fill(p));
            }
            s.push('\n');
        }
        s.truncate(s.trim_end().len());
        s
    } else {
        let k = ctx.rng.range(1, 2) as usize;
        ctx.paragraph(vocab::LESSONS, k)
    };
    if !terse || ctx.rng.chance(40) {
        sections.push(Section::new("Lessons learned", lessons));
    }

    // Grow long documents with more analysis, impact and resolution prose.
    let mut len: usize = fm.len() + sections.iter().map(Section::len).sum::<usize>();
    while len < target {
        let which = ctx.rng.weighted(&[6, 2, 2]);
        let (name, pool): (&str, &[&str]) = match which {
            0 => ("Root cause", vocab::ANALYSIS),
            1 => ("Impact", vocab::IMPACT),
            _ => (res_heading, vocab::RESOLUTION),
        };
        let k = ctx.rng.range(2, 5) as usize;
        let mut para = ctx.growth_paragraph(pool, k);
        if which == 0 && target > 6000 && ctx.rng.chance(20) {
            let h = *ctx.rng.pick(vocab::ROOT_CAUSE_SUBHEADINGS);
            para = format!("### {}\n\n{para}", ctx.fill(h));
        }
        if let Some(sec) = sections.iter_mut().find(|s| s.heading == name) {
            sec.prose.push_str("\n\n");
            sec.prose.push_str(&para);
            len += para.len() + 2;
        }
    }

    let mut text = fm;
    text.reserve(len);
    for s in &sections {
        let _ = write!(text, "\n## {}\n\n{}\n", s.heading, s.prose);
        if !s.tail.is_empty() {
            let _ = write!(text, "\n{}\n", s.tail);
        }
    }

    Doc { number, year: time::year(started), slug, text }
}

/// A body section: its heading, leading prose (which long documents grow) and an
/// optional trailing block (a table or a code block).
struct Section {
    heading: &'static str,
    prose: String,
    tail: String,
}

impl Section {
    fn new(heading: &'static str, prose: String) -> Self {
        Self { heading, prose, tail: String::new() }
    }

    /// Approximate bytes this section adds to the document.
    fn len(&self) -> usize {
        self.heading.len() + self.prose.len() + self.tail.len() + 8
    }
}

fn impact_table(ctx: &mut Ctx<'_>, services: &[&str], regions: &[&str], dur: i64) -> String {
    let mut t = String::new();
    if ctx.rng.chance(50) {
        t.push_str("| Service | Region | Error rate | Duration |\n| --- | --- | --- | --- |\n");
        for s in services {
            for r in regions {
                let _ = writeln!(
                    t,
                    "| {s} | {r} | {}% | {} |",
                    ctx.rng.range(1, 95),
                    time::human_duration(dur * ctx.rng.range(30, 100) as i64 / 100)
                );
            }
        }
    } else {
        let base = ctx.rng.range(8, 40) * 10;
        let _ = writeln!(
            t,
            "| Metric | Normal | During incident |\n| --- | --- | --- |\n\
             | p99 latency | {base} ms | {} ms |\n\
             | Error rate | 0.{}% | {}% |\n\
             | Requests per second | {} | {} |",
            base * ctx.rng.range(5, 40),
            ctx.rng.range(1, 9),
            ctx.rng.range(4, 80),
            ctx.rng.range(2, 40) * 1000,
            ctx.rng.range(1, 20) * 100,
        );
    }
    t.pop();
    t
}

fn timeline(ctx: &mut Ctx<'_>, sc: &Scenario, t: [i64; 4], extra: usize) -> String {
    let [started, detected, mitigated, resolved] = t;
    let mut events: Vec<(i64, String)> = Vec::with_capacity(extra + 6);
    let short = resolved - started < 23 * HOUR;

    if ctx.rng.chance(30) {
        let pre = started - ctx.rng.range(2, 30) as i64 * MINUTE;
        if !short || pre.div_euclid(DAY) == started.div_euclid(DAY) {
            let e = *ctx.rng.pick(&[
                "Deploy of {svc} {ver} began.",
                "A routine change to {dep} was approved and applied.",
                "Scheduled maintenance on {dep} started.",
            ]);
            events.push((pre, ctx.fill(e)));
        }
    }
    let e = *ctx.rng.pick(sc.trigger);
    events.push((started, ctx.fill(e)));
    let alert = format!("`{}HighErrorRate`", camel(ctx.svc));
    let e = *ctx.rng.pick(&[
        "Alert {a} fired and paged the on-call engineer.",
        "A customer reported errors through support; the on-call engineer was paged.",
        "Synthetic checks for {svc} started failing in {region}; alert {a} fired.",
    ]);
    let e = ctx.fill(&e.replace("{a}", &alert));
    events.push((detected, e));

    let n_inv = (extra * 3).div_ceil(4).max(1);
    let n_rec = extra - extra * 3 / 4;
    let inv_times = times_between(ctx.rng, detected, mitigated, n_inv);
    let inv_texts: Vec<&str> = ctx.rng.sample(vocab::INVESTIGATE, n_inv).into_iter().copied().collect();
    for (tm, tx) in inv_times.into_iter().zip(inv_texts.into_iter().cycle()) {
        events.push((tm, ctx.fill(tx)));
    }
    let e = *ctx.rng.pick(sc.fix);
    events.push((mitigated, ctx.fill(e)));
    let rec_times = times_between(ctx.rng, mitigated, resolved, n_rec);
    let rec_texts: Vec<&str> = ctx.rng.sample(vocab::RECOVER, n_rec).into_iter().copied().collect();
    for (tm, tx) in rec_times.into_iter().zip(rec_texts.into_iter().cycle()) {
        events.push((tm, ctx.fill(tx)));
    }
    let e = *ctx.rng.pick(&[
        "Incident resolved.",
        "Incident closed after a period of monitoring.",
        "All systems operating normally; incident resolved.",
    ]);
    events.push((resolved, e.to_string()));

    let stamp = |tm: i64| {
        if short { time::hhmm(tm) } else { format!("{} {}", time::date(tm), time::hhmm(tm)) }
    };
    let mut out = String::with_capacity(events.len() * 90);
    if ctx.rng.chance(70) {
        out.push_str("| Time (UTC) | Event |\n| --- | --- |\n");
        for (tm, e) in &events {
            let _ = writeln!(out, "| {} | {} |", stamp(*tm), e);
        }
    } else if short {
        for (tm, e) in &events {
            let _ = writeln!(out, "- {} — {}", stamp(*tm), e);
        }
    } else {
        for (tm, e) in &events {
            let _ = writeln!(out, "- **{} UTC** {}", stamp(*tm), e);
        }
    }
    out.pop();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn helpers() {
        assert_eq!(display_name("checkout-api"), "Checkout API");
        assert_eq!(camel("checkout-api"), "CheckoutApi");
        assert_eq!(slugify("Expired TLS certificate: on `x` (eu-west-1)", 30), "expired-tls-certificate-on-x");
        assert_eq!(yaml_str("a \"b\""), "\"a \\\"b\\\"\"");
    }

    #[test]
    fn fill_escapes_braces() {
        let mut rng = Rng::new(1);
        let mut ctx = Ctx {
            svc: "cart",
            svc2: "orders",
            region: "eu-west-1",
            region2: "us-east-1",
            team: "sre",
            team2: "data",
            dep: "redis".into(),
            ver: "v1.0.0".into(),
            day: String::new(),
            start: String::new(),
            end: String::new(),
            duration: String::new(),
            ttd: String::new(),
            ttm: String::new(),
            rng: &mut rng,
        };
        assert_eq!(ctx.fill("{{ \"k\": \"{svc}\" }}"), "{ \"k\": \"cart\" }");
        assert_eq!(ctx.fill("{Dep} in {region}"), "Redis in eu-west-1");
    }
}
