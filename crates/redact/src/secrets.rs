//! The `secrets` built-in detector: provider token formats, credentials in assignments
//! of every common syntax, `Authorization` headers, curl `-u`, URL user info and the
//! `data:` values of Kubernetes Secrets.
//!
//! Three parts, each reporting whole tokens (never a prefix):
//!
//! - **Token formats** ([`TOKEN_RULES`]): the prefixes, alphabets and lengths that
//!   providers document (`ghp_…`, `glpat-…`, `xoxb-…`, `sk_live_…`, `AKIA…`, …). A rule
//!   runs only when one of its literals is in the text (one Aho-Corasick pass finds them
//!   all); every match contains one, so the prefilter never changes the result. Rules
//!   whose literals are shorter than three bytes (`|`, `SK`) always run.
//! - **Assignments** ([`assignments`]): a hand-written reader, not a regex, that finds
//!   `name <op> value` for `=`, `:=`, `::=`, `?=`, `.=`, `+=`, `=>`, `:` (YAML, JSON,
//!   headers), `,` (CSV), XML elements and `key=`/`value=` attribute pairs,
//!   `setProperty("name", "value")`, Go/Java/C#/Kotlin typed declarations, YAML block
//!   scalars and JSON with escaped quotes. The name decides how much the value must look
//!   like a secret: a credential name (`password`, `token`, `api_key`, a provider's
//!   name, …) needs a value that is not a placeholder, path, code reference or version;
//!   any other name needs a long, high-entropy value. Names that say the value is not a
//!   secret (`key_id`, `public_key`, `token_url`, `csrf_token`, `author`, …) and hashes
//!   in their usual places (`sha256:`, `integrity=`, `commit`) are skipped.
//! - **Prose**: a credential word followed by a random-looking value ("the API token
//!   8f3kQ…", "password was …").
//!
//! False-positive guards shared by all parts: documented example values (AWS's
//! `…EXAMPLE` keys), placeholders (`xxxx`, `****`, `<token>`, `${VAR}`, `{{ var }}`,
//! `your_api_key_here`, `changeme`, repeated characters), UUIDs and hashes under names
//! that are not credential names. A value the team has checked is kept with the
//! `allow` list of `redaction.toml` (applied by the redactor, not here).
//!
//! Nothing here depends on a prefilter except the token rules, so
//! [`find_secrets`] and [`find_secrets_unfiltered`] agree by construction.

use std::ops::Range;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use regex::Regex;

/// Shannon entropy of `s` in bits per character.
pub fn shannon_entropy(s: &str) -> f64 {
    let mut counts = [0usize; 256];
    let mut other = std::collections::HashMap::new();
    let mut n = 0usize;
    for c in s.chars() {
        if c.is_ascii() {
            counts[c as usize] += 1;
        } else {
            *other.entry(c).or_insert(0usize) += 1;
        }
        n += 1;
    }
    if n == 0 {
        return 0.0;
    }
    let n = n as f64;
    counts
        .iter()
        .chain(other.values())
        .filter(|&&c| c > 0)
        .map(|&c| {
            let p = c as f64 / n;
            -p * p.log2()
        })
        .sum()
}

// ---------------------------------------------------------------- token formats

/// Extra check on a token rule's match.
#[derive(Clone, Copy)]
enum Check {
    /// No check beyond the regex.
    None,
    /// Minimum Shannon entropy of the token.
    Entropy(f64),
    /// Slack: enough digits (real tokens carry workspace and user ids) and entropy.
    Slack,
    /// `user:password` of a URL: the password is not a variable or placeholder.
    UserInfo,
}

/// One documented token format.
struct TokenRule {
    re: Regex,
    /// Capture group holding the token (0: the whole match).
    group: usize,
    check: Check,
}

/// (family, pattern, group, literals, check). `\b` is an ASCII word boundary.
type RuleSpec = (&'static str, &'static str, usize, &'static [&'static str], Check);

/// The token formats, from the providers' documentation of their prefixes,
/// alphabets and lengths. Families are named for tests and the README.
const TOKEN_SPECS: &[RuleSpec] = &[
    // ---- cloud
    (
        "aws",
        r"\b((?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA|AIDA|AROA|AIPA|ANPA|ANVA|AGPA)[A-Z2-7]{16})\b",
        1,
        &["A3T", "AKIA", "ASIA", "ABIA", "ACCA", "AIDA", "AROA", "AIPA", "ANPA", "ANVA", "AGPA"],
        Check::None,
    ),
    (
        "aws",
        r#"(?i)\baws_?secret(?:_?access)?_?key["']?\s*(?:=|:|=>|:=)\s*["']?([A-Za-z0-9/+=]{40})(?:[^A-Za-z0-9/+=]|$)"#,
        1,
        &["aws"],
        Check::None,
    ),
    (
        "aws",
        r"\b((?:FwoGZXIvYXdz|IQoJb3JpZ2luX2Vj)[A-Za-z0-9/+=]{60,})",
        1,
        &["FwoGZXIvYXdz", "IQoJb3JpZ2luX2Vj"],
        Check::None,
    ),
    ("aws-bedrock", r"\b(ABSK[A-Za-z0-9+/]{100,}={0,2})", 1, &["ABSK"], Check::Entropy(4.0)),
    ("gcp", r"\b(AIza[A-Za-z0-9_\-]{35})(?:[^A-Za-z0-9_\-]|$)", 1, &["AIza"], Check::None),
    ("gcp", r"\b(GOCSPX-[A-Za-z0-9_\-]{28})", 1, &["GOCSPX-"], Check::None),
    ("gcp", r"\b(ya29\.[A-Za-z0-9_\-]{30,})", 1, &["ya29."], Check::Entropy(3.5)),
    (
        "azure",
        r#"(?:^|[\\'"`\s>=:(,)])([a-zA-Z0-9_~.]{3}[0-9]Q~[a-zA-Z0-9_~.\-]{31,34})(?:$|[\\'"`\s<),])"#,
        1,
        &["0Q~", "1Q~", "2Q~", "3Q~", "4Q~", "5Q~", "6Q~", "7Q~", "8Q~", "9Q~"],
        Check::Entropy(3.0),
    ),
    ("azure", r"(?i)\b(AccountKey=[A-Za-z0-9+/]{80,}={0,2})", 1, &["AccountKey="], Check::None),
    ("azure", r"[?&](sig=[A-Za-z0-9%+/=]{30,})", 1, &["sig="], Check::Entropy(3.5)),
    ("alibaba", r"\b(LTAI[A-Za-z0-9]{20})\b", 1, &["LTAI"], Check::Entropy(2.0)),
    ("digitalocean", r"\b(do[opr]_v1_[a-f0-9]{64})\b", 1, &["do_v1_", "doo_v1_", "dop_v1_", "dor_v1_"], Check::None),
    ("yandex", r"\b(AQVN[A-Za-z0-9_\-]{35,38})\b", 1, &["AQVN"], Check::None),
    ("yandex", r"\b(t1\.[A-Z0-9a-z_\-]+={0,2}\.[A-Z0-9a-z_\-]{86}={0,2})", 1, &["t1."], Check::None),
    ("heroku", r"\b(HRKU-AA[0-9a-zA-Z_\-]{58})", 1, &["HRKU-"], Check::None),
    (
        "flyio",
        r"\b(fo1_[A-Za-z0-9_\-]{43}|fm[12][ar]?_[A-Za-z0-9+/]{100,}={0,3})",
        1,
        &["fo1_", "fm1", "fm2_"],
        Check::Entropy(4.0),
    ),
    ("scalingo", r"\b(tk-us-[A-Za-z0-9_\-]{48})", 1, &["tk-us-"], Check::None),
    ("cloudflare", r"\b(v1\.0-[a-f0-9]{24}-[a-f0-9]{146})", 1, &["v1.0-"], Check::None),
    ("databricks", r"\b(dapi[a-f0-9]{32}(?:-[0-9])?)\b", 1, &["dapi"], Check::Entropy(3.0)),
    ("doppler", r"\b(dp\.(?:pt|st|sa|ct|scim|audit)\.[A-Za-z0-9_\-]{40,44})", 1, &["dp."], Check::None),
    ("dynatrace", r"\b(dt0c01\.[A-Za-z0-9]{24}\.[A-Za-z0-9]{64})", 1, &["dt0c01."], Check::None),
    ("vault", r"\b(hv[sbr]\.[A-Za-z0-9_\-]{90,300})", 1, &["hvs.", "hvb.", "hvr."], Check::None),
    ("vault", r"\b(s\.[A-Za-z0-9]{24})\b", 1, &["s."], Check::Entropy(3.5)),
    ("terraform", r"\b([A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_=\-]{60,70})", 1, &["atlasv1"], Check::None),
    ("pulumi", r"\b(pul-[a-f0-9]{40})\b", 1, &["pul-"], Check::None),
    ("infracost", r"\b(ico-[A-Za-z0-9]{32})\b", 1, &["ico-"], Check::None),
    ("prefect", r"\b(pnu_[A-Za-z0-9]{36})\b", 1, &["pnu_"], Check::None),
    (
        "harness",
        r"\b((?:pat|sat)\.[A-Za-z0-9_\-]{22}\.[A-Za-z0-9]{24}\.[A-Za-z0-9]{20})",
        1,
        &["pat.", "sat."],
        Check::None,
    ),
    ("planetscale", r"\b(pscale_(?:tkn|oauth|pw)_[A-Za-z0-9_=.\-]{32,64})", 1, &["pscale_"], Check::None),
    ("castai", r"\b(castai_v1_[A-Za-z0-9_\-]{30,})", 1, &["castai_v1_"], Check::None),
    ("openshift", r"\b(sha256~[A-Za-z0-9_\-]{43})", 1, &["sha256~"], Check::Entropy(3.5)),
    ("age", r"\b(AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58})", 1, &["AGE-SECRET-KEY-1"], Check::None),
    (
        "1password",
        r"\b(A3-[A-Z0-9]{6}-(?:[A-Z0-9]{11}|[A-Z0-9]{6}-[A-Z0-9]{5})-[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5})\b",
        1,
        &["A3-"],
        Check::Entropy(3.0),
    ),
    ("1password", r"\b(ops_eyJ[A-Za-z0-9+/_\-]{200,}={0,3})", 1, &["ops_eyJ"], Check::None),
    (
        "ansible-vault",
        r"(\$ANSIBLE_VAULT;[0-9.]+;AES256(?:;[A-Za-z0-9_\-]+)?(?:\r?\n[ \t]*[0-9a-f]{20,})+)",
        1,
        &["$ANSIBLE_VAULT"],
        Check::None,
    ),
    // ---- source hosting and CI
    ("github", r"\b(gh[pousr]_[A-Za-z0-9]{36,255})\b", 1, &["ghp_", "gho_", "ghu_", "ghs_", "ghr_"], Check::None),
    ("github", r"\b(github_pat_[A-Za-z0-9_]{50,255})\b", 1, &["github_pat_"], Check::None),
    ("github", r"\b(v1\.[a-f0-9]{40})\b", 1, &["v1."], Check::Entropy(3.0)),
    (
        "gitlab",
        r"\b(gl(?:pat|dt|ffct|ft|imt|agent|oas|ptt|rt|rtr|cbt|soat|wt|cst|ist)-[0-9A-Za-z_\-]{20,300}(?:\.[0-9A-Za-z_\-]+)*)",
        1,
        &[
            "glpat-", "gldt-", "glffct-", "glft-", "glimt-", "glagent-", "gloas-", "glptt-", "glrt-", "glrtr-",
            "glcbt-", "glsoat-", "glwt-", "glcst-", "glist-",
        ],
        Check::None,
    ),
    ("gitlab", r"\b(GR1348941[A-Za-z0-9_\-]{20,})", 1, &["GR1348941"], Check::None),
    ("gitlab", r"_gitlab_session=([0-9a-z]{32})", 1, &["_gitlab_session="], Check::None),
    ("bitbucket", r"\b(ATBB[A-Za-z0-9_=.\-]{28,})", 1, &["ATBB"], Check::Entropy(3.5)),
    ("atlassian", r"\b(AT(?:ATT|CTT|OAT)3[A-Za-z0-9_\-=]{150,})", 1, &["ATATT3", "ATCTT3", "ATOAT3"], Check::None),
    ("sourcegraph", r"\b(sgp_(?:[a-fA-F0-9]{16}_|local_)?[a-fA-F0-9]{40})\b", 1, &["sgp_"], Check::None),
    ("droneci", r"\b(drone_[A-Za-z0-9]{32})\b", 1, &["drone_"], Check::Entropy(3.0)),
    ("artifactory", r"\b(AKCp[A-Za-z0-9]{69})\b", 1, &["AKCp"], Check::Entropy(4.0)),
    ("artifactory", r"\b(cmVmd[A-Za-z0-9]{59})\b", 1, &["cmVmd"], Check::Entropy(4.0)),
    ("octopus", r"\b(API-[A-Z0-9]{26})\b", 1, &["API-"], Check::Entropy(3.0)),
    ("circleci", r"\b(CCIPAT_[A-Za-z0-9]{22}_[a-f0-9]{40})\b", 1, &["CCIPAT_"], Check::None),
    ("buildkite", r"\b(bkua_[a-f0-9]{40})\b", 1, &["bkua_"], Check::None),
    ("codecov", r"\b(CODECOV_TOKEN[ \t]*[:=][ \t]*[A-Za-z0-9\-]{30,})", 1, &["CODECOV_TOKEN"], Check::None),
    // ---- chat
    ("slack", r"\b(xox[abeoprs](?:\.xox[bp])?-[A-Za-z0-9\-]{8,})", 1, &["xox"], Check::Slack),
    ("slack", r"\b(xapp-[0-9]-[A-Za-z0-9]+-[0-9]+-[A-Za-z0-9]+)", 1, &["xapp-"], Check::Entropy(2.0)),
    (
        "slack",
        r"((?:https?://)?hooks\.slack\.com/(?:services|workflows|triggers)/[A-Za-z0-9+/_\-]{20,})",
        1,
        &["hooks.slack.com/"],
        Check::None,
    ),
    (
        "discord",
        r"\b([MNO][A-Za-z0-9_\-]{23,25}\.[A-Za-z0-9_\-]{6}\.[A-Za-z0-9_\-]{27,38})\b",
        1,
        &["."],
        Check::Entropy(4.0),
    ),
    (
        "discord",
        r"((?:https?://)?(?:ptb\.|canary\.)?discord(?:app)?\.com/api/webhooks/[0-9]+/[A-Za-z0-9_\-]{20,})",
        1,
        &["/api/webhooks/"],
        Check::None,
    ),
    (
        "telegram",
        r"\b([0-9]{5,16}:A[A-Za-z0-9_\-]{34})(?:[^A-Za-z0-9_\-]|$)",
        1,
        &["0:A", "1:A", "2:A", "3:A", "4:A", "5:A", "6:A", "7:A", "8:A", "9:A"],
        Check::None,
    ),
    (
        "teams",
        r"((?:https?://)?[A-Za-z0-9\-]+\.webhook\.office\.com/webhookb2/[^\s'\x22`<>]+)",
        1,
        &[".webhook.office.com/"],
        Check::None,
    ),
    (
        "teams",
        r"((?:https?://)?outlook\.office(?:365)?\.com/webhook/[^\s'\x22`<>]+)",
        1,
        &["outlook.office"],
        Check::None,
    ),
    (
        "teams",
        r"((?:https?://)?[A-Za-z0-9\-]+\.logic\.azure\.com(?::443)?/workflows/[^\s'\x22`<>]*sig=[^\s'\x22`<>]+)",
        1,
        &[".logic.azure.com"],
        Check::None,
    ),
    // ---- payments
    ("stripe", r"\b((?:sk|rk)_(?:test|live|prod)_[A-Za-z0-9]{10,247})\b", 1, &["sk_", "rk_"], Check::Entropy(2.0)),
    ("stripe", r"\b(whsec_[A-Za-z0-9]{32,})\b", 1, &["whsec_"], Check::None),
    ("square", r"\b((?:EAAA|sq0atp-)[A-Za-z0-9_\-]{22,60})\b", 1, &["EAAA", "sq0atp-"], Check::Entropy(2.0)),
    ("square", r"\b(sq0csp-[A-Za-z0-9_\-]{43})", 1, &["sq0csp-"], Check::None),
    (
        "braintree",
        r"\b(access_token\$(?:production|sandbox)\$[0-9a-z]{16}\$[0-9a-f]{32})",
        1,
        &["access_token$"],
        Check::None,
    ),
    ("adyen", r"\b(AQE[A-Za-z0-9+/=]{2,}\.[A-Za-z0-9+/=._\-]{40,})", 1, &["AQE"], Check::Entropy(3.5)),
    (
        "flutterwave",
        r"\b(FLW(?:SECK|PUBK)(?:_TEST)?-[A-Za-z0-9]{12,32}(?:-X)?)",
        1,
        &["FLWSECK", "FLWPUBK"],
        Check::None,
    ),
    ("shopify", r"\b(shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32})\b", 1, &["shpat_", "shpca_", "shppa_", "shpss_"], Check::None),
    ("duffel", r"\b(duffel_(?:test|live)_[A-Za-z0-9_\-=]{43})", 1, &["duffel_"], Check::None),
    ("easypost", r"\b(EZ[AT]K[A-Za-z0-9]{54})\b", 1, &["EZAK", "EZTK"], Check::None),
    ("shippo", r"\b(shippo_(?:live|test)_[a-fA-F0-9]{40})\b", 1, &["shippo_"], Check::None),
    (
        "plaid",
        r"\b(access-(?:sandbox|development|production)-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b",
        1,
        &["access-"],
        Check::None,
    ),
    ("gocardless", r"\b(live_[A-Za-z0-9_\-=]{40})(?:[^A-Za-z0-9_\-=]|$)", 1, &["live_"], Check::Entropy(3.5)),
    ("lob", r"\b((?:live|test)_(?:pub_)?[a-f0-9]{31,35})\b", 1, &["live_", "test_"], Check::Entropy(3.0)),
    ("facebook", r"\b(EAA[A-Za-z0-9]{100,})", 1, &["EAA"], Check::Entropy(4.0)),
    ("facebook", r"\b([0-9]{15,16}[|%][0-9A-Za-z_\-]{27,40})\b", 1, &["|", "%"], Check::Entropy(3.0)),
    ("twitter", r"\b(A{22}[A-Za-z0-9%]{80,100})", 1, &["AAAAAAAAAAAAAAAAAAAAAA"], Check::None),
    // ---- package registries
    ("npm", r"\b(npm_[A-Za-z0-9]{36})\b", 1, &["npm_"], Check::None),
    ("pypi", r"\b(pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_\-]{50,})", 1, &["pypi-"], Check::None),
    ("rubygems", r"\b(rubygems_[a-f0-9]{48})\b", 1, &["rubygems_"], Check::None),
    ("nuget", r"\b(oy2[a-z0-9]{43})\b", 1, &["oy2"], Check::Entropy(3.5)),
    ("clojars", r"(?i)\b(CLOJARS_[a-z0-9]{60})\b", 1, &["clojars_"], Check::None),
    ("dockerhub", r"\b(dckr_(?:pat|oat)_[A-Za-z0-9_\-]{24,})", 1, &["dckr_"], Check::None),
    ("readme", r"\b(rdme_[a-z0-9]{70})\b", 1, &["rdme_"], Check::None),
    // ---- observability
    (
        "newrelic",
        r"(?i)\b(NR(?:AK|II|JS|AA|IQ)-[a-z0-9\-]{19,32})\b",
        1,
        &["nrak-", "nrii-", "nrjs-", "nraa-", "nriq-"],
        Check::None,
    ),
    ("grafana", r"\b(glc_[A-Za-z0-9+/]{32,400}={0,3})", 1, &["glc_"], Check::None),
    ("grafana", r"\b(glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8})\b", 1, &["glsa_"], Check::None),
    ("grafana", r"\b(eyJrIjoi[A-Za-z0-9+/]{50,400}={0,3})", 1, &["eyJrIjoi"], Check::None),
    ("sentry", r"\b(sntrys_eyJ[A-Za-z0-9+/=]{50,}_[A-Za-z0-9+/]{43})", 1, &["sntrys_"], Check::None),
    ("sentry", r"\b(sntryu_[a-f0-9]{64})\b", 1, &["sntryu_"], Check::None),
    (
        "sentry",
        r"https?://([a-f0-9]{32}(?::[a-f0-9]{32})?)@[A-Za-z0-9.\-]*sentry[A-Za-z0-9.\-]*",
        1,
        &["sentry"],
        Check::None,
    ),
    (
        "honeycomb",
        r"\b(hc[a-z]{2,4}_[A-Za-z0-9]{58})\b",
        1,
        &["hcaik_", "hcxik_", "hcamk_", "hcxmk_", "hcaak_", "hcxak_"],
        Check::Entropy(4.0),
    ),
    (
        "launchdarkly",
        r"\b((?:api|sdk|mob)-[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12})\b",
        1,
        &["api-", "sdk-", "mob-"],
        Check::None,
    ),
    // ---- AI APIs
    ("openai", r"\b(sk-(?:proj|svcacct|admin|None)-[A-Za-z0-9_\-]{20,})", 1, &["sk-"], Check::Entropy(3.0)),
    ("openai", r"\b(sk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20})\b", 1, &["T3BlbkFJ"], Check::None),
    ("anthropic", r"\b(sk-ant-[a-z0-9]{3,8}-[A-Za-z0-9_\-]{40,})", 1, &["sk-ant-"], Check::None),
    ("openai", r"\b(sk-[A-Za-z0-9_\-]{32,})", 1, &["sk-"], Check::Entropy(3.0)),
    ("huggingface", r"\b((?:hf_|api_org_)[A-Za-z0-9]{30,40})\b", 1, &["hf_", "api_org_"], Check::Entropy(3.0)),
    ("groq", r"\b(gsk_[A-Za-z0-9]{48,56})\b", 1, &["gsk_"], Check::None),
    ("perplexity", r"\b(pplx-[A-Za-z0-9]{40,56})\b", 1, &["pplx-"], Check::None),
    ("replicate", r"\b(r8_[A-Za-z0-9]{37})\b", 1, &["r8_"], Check::None),
    ("xai", r"\b(xai-[A-Za-z0-9]{70,90})\b", 1, &["xai-"], Check::None),
    ("langsmith", r"\b(lsv2_(?:pt|sk)_[a-f0-9]{32}_[a-f0-9]{10})\b", 1, &["lsv2_"], Check::None),
    ("privateai", r"\b(pai_[A-Za-z0-9]{30,})\b", 1, &["pai_"], Check::Entropy(3.5)),
    // ---- mail and messaging
    ("sendgrid", r"\b(SG\.[A-Za-z0-9_\-.=]{60,70})", 1, &["SG."], Check::None),
    ("mailgun", r"\b((?:pub)?key-[a-f0-9]{32})\b", 1, &["key-"], Check::None),
    ("mailchimp", r"\b([a-f0-9]{32}-us[0-9]{1,2})\b", 1, &["-us"], Check::None),
    (
        "sendinblue",
        r"\b(x(?:keysib|smtpsib)-[a-f0-9]{64}-[A-Za-z0-9]{16})\b",
        1,
        &["xkeysib-", "xsmtpsib-"],
        Check::None,
    ),
    ("twilio", r"\b(SK[0-9a-fA-F]{32})\b", 1, &["SK"], Check::Entropy(3.0)),
    // ---- SaaS
    ("linear", r"\b(lin_(?:api|oauth)_[A-Za-z0-9]{40})\b", 1, &["lin_api_", "lin_oauth_"], Check::None),
    ("notion", r"\b(ntn_[0-9]{11}[A-Za-z0-9]{35})\b", 1, &["ntn_"], Check::None),
    ("notion", r"\b(secret_[A-Za-z0-9]{43})\b", 1, &["secret_"], Check::Entropy(4.0)),
    ("airtable", r"\b(pat[A-Za-z0-9]{14}\.[a-f0-9]{64})\b", 1, &["pat"], Check::None),
    ("postman", r"(?i)\b(PMAK-[a-f0-9]{24}-[a-f0-9]{34})\b", 1, &["pmak-"], Check::None),
    ("typeform", r"\b(tfp_[A-Za-z0-9_\-.=]{59})", 1, &["tfp_"], Check::None),
    ("frameio", r"\b(fio-u-[A-Za-z0-9_\-=]{64})", 1, &["fio-u-"], Check::None),
    ("adobe", r"\b(p8e-[A-Za-z0-9]{32})\b", 1, &["p8e-"], Check::None),
    (
        "authress",
        r"\b((?:sc|ext|scauth|authress)_[A-Za-z0-9]{5,30}\.[A-Za-z0-9]{4,6}\.acc[_\-][A-Za-z0-9\-]{10,32}\.[A-Za-z0-9+/_=\-]{30,120})",
        1,
        &["sc_", "ext_", "scauth_", "authress_"],
        Check::None,
    ),
    ("clickhouse", r"\b(4b1d[A-Za-z0-9]{38})\b", 1, &["4b1d"], Check::Entropy(3.0)),
    ("definednetworking", r"\b(dnkey-[A-Za-z0-9=_\-]{26}-[A-Za-z0-9=_\-]{52})", 1, &["dnkey-"], Check::None),
    ("intra42", r"\b(s-s4t2(?:ud|af)-[a-f0-9]{64})\b", 1, &["s-s4t2"], Check::None),
    ("maxmind", r"\b([A-Za-z0-9]{6}_[A-Za-z0-9]{29}_mmk)\b", 1, &["_mmk"], Check::None),
    ("settlemint", r"\b(sm_(?:aat|pat|sat)_[A-Za-z0-9]{16})\b", 1, &["sm_aat_", "sm_pat_", "sm_sat_"], Check::None),
    ("mapbox", r"\b([ps]k\.[A-Za-z0-9]{50,}\.[A-Za-z0-9_\-]{20,})", 1, &["pk.", "sk."], Check::None),
    (
        "sidekiq",
        r"(?i)\bBUNDLE_(?:ENTERPRISE|GEMS)__CONTRIBSYS__COM\b[^\n]{0,6}?[:=][ \t'\x22]*([a-f0-9]{8}:[a-f0-9]{8})\b",
        1,
        &["__contribsys__com"],
        Check::None,
    ),
    (
        "datafactory",
        r"\b(IR@[0-9a-zA-Z\-]{36}@[^\s@]{1,80}@[A-Za-z0-9\-]{2,}@[A-Za-z0-9+/=]{40,})",
        1,
        &["IR@"],
        Check::None,
    ),
    ("jwt", r"\b(ZXlK[A-Za-z0-9/_+\-]{40,}={0,2})", 1, &["ZXlK"], Check::Entropy(3.5)),
    ("chieftools", r"\b(ctp_[A-Za-z0-9]{30,})\b", 1, &["ctp_"], Check::None),
    // ---- credentials in URLs: scheme://user:password@host (the whole user info)
    (
        "url-userinfo",
        r"[a-zA-Z][a-zA-Z0-9+.\-]*://([^\s:/@'\x22<>]+:[^\s/@'\x22<>]{3,})@",
        1,
        &["://"],
        Check::UserInfo,
    ),
];

static TOKEN_RULES: LazyLock<Vec<TokenRule>> = LazyLock::new(|| {
    TOKEN_SPECS
        .iter()
        .map(|&(_, p, group, _, check)| TokenRule {
            re: Regex::new(&p.replace(r"\b", r"(?-u:\b)")).expect("token pattern compiles"),
            group,
            check,
        })
        .collect()
});

/// Literals shorter than this are too common to be worth a search (`|`, `SK`, `s.`):
/// a rule that needs one always runs (its regex has its own literal search).
const MIN_LITERAL: usize = 3;

/// Every literal of the token rules, found in one pass over the text.
struct Literals {
    /// Literals of case-sensitive rules, then those of `(?i)` rules, all searched
    /// ignoring ASCII case; a match of a case-sensitive literal is then compared byte
    /// for byte (one pass instead of one per automaton: the search is a large share of
    /// the leak scan).
    all: AhoCorasick,
    /// The case-sensitive literals (index `i` is pattern `i` of `all`).
    exact: Vec<&'static str>,
    /// Number of exact literals (folded literal `i` has index `n_exact + i`).
    n_exact: usize,
    /// Per rule: indices of the literals it needs; `None`: always run.
    per_rule: Vec<Option<Vec<usize>>>,
}

static LITERALS: LazyLock<Literals> = LazyLock::new(|| {
    let mut exact: Vec<&'static str> = Vec::new();
    let mut folded: Vec<&'static str> = Vec::new();
    let mut picks: Vec<Option<Vec<(bool, usize)>>> = Vec::new();
    for &(_, pattern, _, needs, _) in TOKEN_SPECS {
        if needs.is_empty() || needs.iter().any(|l| l.len() < MIN_LITERAL) {
            picks.push(None);
            continue;
        }
        let fold = pattern.starts_with("(?i)");
        let list = if fold { &mut folded } else { &mut exact };
        let mut idx = Vec::new();
        for &lit in needs {
            let i = list.iter().position(|l| *l == lit).unwrap_or_else(|| {
                list.push(lit);
                list.len() - 1
            });
            idx.push((fold, i));
        }
        picks.push(Some(idx));
    }
    let n_exact = exact.len();
    let per_rule = picks
        .into_iter()
        .map(|p| p.map(|v| v.into_iter().map(|(fold, i)| if fold { n_exact + i } else { i }).collect()))
        .collect();
    let all = AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        .kind(Some(aho_corasick::AhoCorasickKind::DFA))
        .match_kind(MatchKind::Standard)
        .build(exact.iter().chain(&folded))
        .expect("secret literals build");
    Literals { all, exact, n_exact, per_rule }
});

/// Values published on purpose that secret scanners commonly meet (a public search
/// key of a package manager's documentation, a well-known sample id).
const PUBLIC_VALUES: &[&str] = &["6fe4476ee5a1832882e326b506d14126", "014df517-39d1-4453-b7b3-9930c563627c"];

/// Whether the value repeats the name (`PASSWORD = "PASSWORD"`,
/// `SN_id_Gost_KeyMeshing = "id-Gost-KeyMeshing"`).
fn mirrors_name(name: &str, value: &str) -> bool {
    let norm =
        |s: &str| s.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_lowercase()).collect::<String>();
    let (n, v) = (norm(name), norm(value));
    v.len() >= 6 && (n.contains(&v) || v.contains(&n))
}

/// Whether a token is a documented example (AWS's `…EXAMPLE` keys) or a placeholder.
fn is_example_or_placeholder(value: &str) -> bool {
    let lower = value.to_ascii_lowercase();
    PUBLIC_VALUES.contains(&lower.as_str())
        || lower.contains("example")
        || lower.contains("xxxx")
        || lower.contains("****")
        || lower.contains("redacted")
        || lower.contains("placeholder")
        || lower.contains("changeme")
        || lower.contains("your_")
        || lower.contains("your-")
        || lower.contains("<your")
        || lower.contains("abcdefghijklmnopqrstuvwxyz")
        || lower.contains("abcdefghijkl")
        || lower.contains("123456789012")
        || is_repetitive(&lower)
}

/// The same character (or a two-character cycle) over most of the value.
fn is_repetitive(value: &str) -> bool {
    let b = value.as_bytes();
    if b.len() < 6 {
        return false;
    }
    let mut best = 1;
    let mut run = 1;
    for i in 1..b.len() {
        if b[i] == b[i - 1] {
            run += 1;
            best = best.max(run);
        } else {
            run = 1;
        }
    }
    best * 2 > b.len()
}

fn token_ok(rule: &TokenRule, token: &str) -> bool {
    if is_example_or_placeholder(token) {
        return false;
    }
    match rule.check {
        Check::None => true,
        Check::Entropy(min) => shannon_entropy(token) >= min,
        Check::Slack => {
            let digits = token.bytes().filter(u8::is_ascii_digit).count();
            let kind = token.as_bytes().get(3).copied().unwrap_or(b'x');
            let need = if matches!(kind, b'a' | b'r') { 1 } else { 4 };
            digits >= need && shannon_entropy(token) >= 2.5
        }
        Check::UserInfo => {
            let pass = token.split_once(':').map_or("", |(_, p)| p);
            !(pass.starts_with(['$', '{', '<', '%', '*'])
                || matches!(
                    pass.to_ascii_lowercase().as_str(),
                    "pass" | "password" | "pwd" | "secret" | "token" | "xxx"
                ))
        }
    }
}

fn token_rule_in(rule: &TokenRule, text: &str, out: &mut Vec<Range<usize>>) {
    for caps in rule.re.captures_iter(text) {
        if let Some(m) = caps.get(rule.group)
            && token_ok(rule, m.as_str())
        {
            out.push(m.range());
        }
    }
}

/// U+212A KELVIN SIGN and U+017F LATIN SMALL LETTER LONG S.
static FOLDS_TO_ASCII: LazyLock<AhoCorasick> =
    LazyLock::new(|| AhoCorasick::new(["\u{212A}", "\u{17F}"]).expect("two literals build"));

/// Every secret in `text`, running each token rule only when one of its literals is
/// present.
pub(crate) fn find_secrets(text: &str, out: &mut Vec<Range<usize>>) {
    // U+212A and U+017F case-fold to `k` and `s`: case-insensitive rules match them,
    // the ASCII literal search does not.
    if !text.is_ascii() && FOLDS_TO_ASCII.is_match(text) {
        find_secrets_unfiltered(text, out);
        return;
    }
    let lits = &*LITERALS;
    let mut present = vec![false; lits.all.patterns_len()];
    let bytes = text.as_bytes();
    for m in lits.all.find_overlapping_iter(text) {
        let i = m.pattern().as_usize();
        // A case-sensitive literal counts only when its case matches too.
        if i >= lits.n_exact || &bytes[m.range()] == lits.exact[i].as_bytes() {
            present[i] = true;
        }
    }
    for (rule, needs) in TOKEN_RULES.iter().zip(&lits.per_rule) {
        if needs.as_ref().is_none_or(|needs| needs.iter().any(|&i| present[i])) {
            token_rule_in(rule, text, out);
        }
    }
    assignments(text, out);
}

/// [`find_secrets`] without the literal prefilter.
pub(crate) fn find_secrets_unfiltered(text: &str, out: &mut Vec<Range<usize>>) {
    for rule in TOKEN_RULES.iter() {
        token_rule_in(rule, text, out);
    }
    assignments(text, out);
}

// ---------------------------------------------------------------- assignments

/// How strongly a name says its value is a credential.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum NameClass {
    /// The name says the value is not a secret (`key_id`, `token_url`, `author`).
    NotSecret,
    /// Nothing either way.
    Neutral,
    /// A credential name (`password`, `api_key`, `token`, a provider's name).
    Credential,
}

/// Words (lower case) that make a name a credential name.
const CREDENTIAL_WORDS: &[&str] = &[
    "password",
    "passwd",
    "passphrase",
    "pass",
    "pwd",
    "pw",
    "secret",
    "secrets",
    "token",
    "tokens",
    "key",
    "apikey",
    "api",
    "credential",
    "credentials",
    "creds",
    "cred",
    "auth",
    "authorization",
    "bearer",
    "access",
    "private",
    "privatekey",
    "signing",
    "salt",
    "cookie",
    "session",
    "license",
    "licence",
    "dsn",
    "webhook",
    "pat",
    "sas",
    "sig",
    "signature",
    "otp",
    "pin",
    "connectionstring",
    "conn",
];

/// Provider names: a name containing one is a credential name (`adafruit_id`, `SUMO`).
const PROVIDER_WORDS: &[&str] = &[
    "adafruit",
    "adobe",
    "airtable",
    "algolia",
    "alibaba",
    "aliyun",
    "asana",
    "atlassian",
    "confluence",
    "jira",
    "beamer",
    "bitbucket",
    "bittrex",
    "meraki",
    "cloudflare",
    "codecov",
    "cohere",
    "coinbase",
    "confluent",
    "contentful",
    "datadog",
    "dnkey",
    "discord",
    "droneci",
    "dropbox",
    "etsy",
    "facebook",
    "fastly",
    "finicity",
    "finnhub",
    "flickr",
    "freshbooks",
    "gitter",
    "gocardless",
    "heroku",
    "hubspot",
    "intercom",
    "jfrog",
    "artifactory",
    "bintray",
    "kraken",
    "kucoin",
    "launchdarkly",
    "linkedin",
    "mailchimp",
    "mailgun",
    "mapbox",
    "mattermost",
    "messagebird",
    "netlify",
    "newrelic",
    "nytimes",
    "newyorktimes",
    "okta",
    "plaid",
    "privateai",
    "rapidapi",
    "sendbird",
    "sentry",
    "squarespace",
    "sumo",
    "sumologic",
    "telegram",
    "telegr",
    "travis",
    "travisci",
    "twitch",
    "twitter",
    "typeform",
    "yandex",
    "zendesk",
    "snyk",
    "sonar",
    "sourcegraph",
    "looker",
    "mistral",
    "cohere",
    "groq",
    "openai",
    "anthropic",
    "stripe",
    "twilio",
    "sendgrid",
    "postmark",
    "pagerduty",
    "opsgenie",
    "honeycomb",
    "dynatrace",
    "grafana",
    "slack",
    "github",
    "gitlab",
    "npm",
    "pypi",
    "nuget",
    "docker",
    "dockerhub",
    "rubygems",
    "clojars",
    "shopify",
    "square",
    "paypal",
    "braintree",
    "adyen",
    "flutterwave",
    "linear",
    "notion",
    "postman",
    "doppler",
    "vault",
    "terraform",
    "pulumi",
    "circleci",
    "buildkite",
    "aws",
    "gcp",
    "azure",
    "digitalocean",
    "lob",
    "xray",
    "contribsys",
];

/// Last words that say the value is not the secret itself.
const NOT_SECRET_LAST_WORDS: &[&str] = &[
    "id",
    "ids",
    "name",
    "names",
    "url",
    "urls",
    "uri",
    "endpoint",
    "host",
    "hostname",
    "file",
    "filename",
    "path",
    "dir",
    "type",
    "length",
    "len",
    "size",
    "count",
    "version",
    "alias",
    "format",
    "region",
    "env",
    "header",
    "field",
    "label",
    "kind",
    "mode",
    "ttl",
    "expiry",
    "expires",
    "expiration",
    "at",
    "time",
    "timeout",
    "hint",
    "policy",
    "algorithm",
    "alg",
    "scope",
    "scopes",
    "issuer",
    "audience",
    "rotation",
    "arn",
    "provider",
    "store",
    "storetype",
    "location",
    "enabled",
    "required",
    "limit",
    "prefix",
    "ref",
    "hash",
    "sha",
    "digest",
    "checksum",
    "fingerprint",
    "index",
    "column",
    "table",
    "param",
    "parameter",
    "var",
    "variable",
    "env_var",
    "placeholder",
    "example",
    "description",
    "desc",
    "title",
    "class",
    "method",
    "level",
    "policy",
    "usage",
    "user",
    "username",
    "login",
    "email",
    "owner",
    "account",
    "project",
    "org",
    "team",
    "domain",
    "port",
    "code",
    "status",
    "state",
    "source",
    "target",
    "template",
    "pattern",
    "regex",
    "rule",
    "color",
    "event",
    "down",
    "up",
    "left",
    "right",
    "press",
    "pressed",
    "selector",
    "mesh",
    "ring",
    "board",
    "frame",
    "stone",
    "word",
    "signature",
    "handler",
    "listener",
    "callback",
    "map",
    "mapping",
    "list",
    "set",
    "cache",
];

/// Whole lower-case names (separators removed) that are not secrets.
const NOT_SECRET_NAMES: &[&str] = &[
    "publickey",
    "pubkey",
    "publictoken",
    "primarykey",
    "bucketkey",
    "schemakey",
    "sequencekey",
    "hotkey",
    "idxkey",
    "naturalkey",
    "keyvaulttostoresecrets",
    "keying",
    "foreignkey",
    "sortkey",
    "partitionkey",
    "hashkey",
    "rangekey",
    "idempotencykey",
    "cachekey",
    "keypair",
    "keyboard",
    "keyword",
    "keywords",
    "keystore",
    "keytab",
    "keyspace",
    "keyring",
    "keychain",
    "keyframe",
    "keyframes",
    "monkey",
    "turkey",
    "hockey",
    "donkey",
    "csrftoken",
    "xsrftoken",
    "author",
    "authors",
    "authority",
    "authorities",
    "authenticated",
    "authentication",
    "authenticationresults",
    "authmethod",
    "authmode",
    "authtype",
    "authprovider",
    "tokentype",
    "tokenurl",
    "tokenendpoint",
    "accesslog",
    "accesslevel",
    "accessmode",
    "accesscontrol",
    "accessibility",
    "accessor",
    "apiversion",
    "apigroup",
    "apiurl",
    "apibase",
    "apibaseurl",
    "apiendpoint",
    "apiserver",
    "secretref",
    "secretname",
    "secretkeyref",
    "secretstore",
    "secretsmanager",
    "privateip",
    "privatenetwork",
    "privatesubnet",
    "privatedns",
    "privatelink",
    "privateendpoint",
    "sessionid",
    "sessiontimeout",
    "sessionaffinity",
    "passthrough",
    "passed",
    "passes",
    "passing",
    "bypass",
    "compass",
    "signingalgorithm",
    "signingmethod",
    "withcredentials",
    "usersecretsid",
    "licensetype",
    "licenses",
    "webhookurl",
];

/// Splits a name into lower-case words: at `_ - . :`, at lower→upper changes and
/// before the last capital of an upper-case run followed by lower case.
fn name_words(name: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let chars: Vec<char> = name.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_ascii_alphanumeric() {
            if !cur.is_empty() {
                words.push(std::mem::take(&mut cur));
            }
            continue;
        }
        if c.is_ascii_uppercase() && !cur.is_empty() {
            let prev = chars[i - 1];
            let next_lower = chars.get(i + 1).is_some_and(char::is_ascii_lowercase);
            if prev.is_ascii_lowercase() || prev.is_ascii_digit() || (prev.is_ascii_uppercase() && next_lower) {
                words.push(std::mem::take(&mut cur));
            }
        }
        cur.push(c.to_ascii_lowercase());
    }
    if !cur.is_empty() {
        words.push(cur);
    }
    words
}

/// [`classify_uncached`], remembered per thread: a site's pages repeat the same few
/// hundred names (`href`, `class`, prose words before a comma) thousands of times.
fn classify_name(name: &str) -> NameClass {
    /// Beyond this many names the cache starts over (memory stays small on any input).
    const CAPACITY: usize = 4096;
    /// Longer names are classified without the cache.
    const MAX_LEN: usize = 64;
    thread_local! {
        static CACHE: std::cell::RefCell<std::collections::HashMap<Box<str>, NameClass>> =
            std::cell::RefCell::new(std::collections::HashMap::new());
    }
    if name.len() > MAX_LEN {
        return classify_uncached(name);
    }
    CACHE.with(|cache| {
        if let Some(&class) = cache.borrow().get(name) {
            return class;
        }
        let class = classify_uncached(name);
        let mut cache = cache.borrow_mut();
        if cache.len() >= CAPACITY {
            cache.clear();
        }
        cache.insert(name.into(), class);
        class
    })
}

fn classify_uncached(name: &str) -> NameClass {
    let words = name_words(name);
    if words.is_empty() {
        return NameClass::Neutral;
    }
    let joined: String = words.concat();
    if NOT_SECRET_NAMES.contains(&joined.as_str()) {
        return NameClass::NotSecret;
    }
    let credential_word = |w: &str| {
        CREDENTIAL_WORDS.contains(&w)
            || w.ends_with("password")
            || w.ends_with("passwd")
            || w.ends_with("secret")
            || w.ends_with("token")
            || w.ends_with("apikey")
            || w.ends_with("accesskey")
            || w.ends_with("secretkey")
            || w.ends_with("privatekey")
            || w.starts_with("password")
            || w.starts_with("secret")
            || w.starts_with("token")
            || w.starts_with("apikey")
    };
    let credential = words.iter().any(|w| credential_word(w))
        || joined.ends_with("password")
        || joined.ends_with("secret")
        || joined.ends_with("token")
        || joined.ends_with("apikey");
    let last = words.last().map(String::as_str).unwrap_or("");
    // `token_url`, `key_id`, `secret_name`: a credential word followed by a word
    // that names something else.
    let not_secret_last = NOT_SECRET_LAST_WORDS.contains(&last) && words.len() > 1;
    let provider = (!credential || not_secret_last) && PROVIDER_WORDS.iter().any(|p| joined.contains(p));
    let structural = matches!(
        last,
        "url"
            | "urls"
            | "uri"
            | "endpoint"
            | "host"
            | "hostname"
            | "file"
            | "filename"
            | "path"
            | "dir"
            | "type"
            | "version"
            | "region"
            | "name"
            | "names"
            | "length"
            | "len"
            | "size"
            | "count"
            | "format"
            | "ttl"
            | "expiry"
            | "expires"
            | "expiration"
            | "at"
            | "time"
            | "timeout"
            | "algorithm"
            | "alg"
            | "rotation"
            | "header"
            | "field"
            | "label"
            | "enabled"
            | "required"
            | "description"
            | "desc"
            | "title"
            | "level"
            | "usage"
            | "port"
            | "status"
            | "state"
            | "template"
            | "pattern"
            | "regex"
            | "rule"
            | "arn"
            | "policy"
            | "mode"
            | "kind"
            | "column"
            | "channel"
            | "channels"
            | "room"
            // HTML link attributes: the value is a URL (mangled ones too: `httAps:n//…`);
            // a credential in its query is found by the URL and vendor rules.
            | "href"
            | "src"
            | "srcset"
    );
    if credential || provider {
        if (not_secret_last && !provider) || structural {
            return NameClass::NotSecret;
        }
        return NameClass::Credential;
    }
    if words.len() == 1 && NOT_SECRET_LAST_WORDS.contains(&last) {
        return NameClass::NotSecret;
    }
    if last == "id" || last == "ids" || structural {
        return NameClass::NotSecret;
    }
    NameClass::Neutral
}

/// Names whose values are hashes or checksums by convention.
fn is_hash_name(name: &str) -> bool {
    let words = name_words(name);
    words.iter().any(|w| {
        matches!(
            w.as_str(),
            "sha"
                | "sha1"
                | "sha256"
                | "sha512"
                | "md5"
                | "hash"
                | "digest"
                | "checksum"
                | "integrity"
                | "commit"
                | "rev"
                | "revision"
                | "etag"
                | "fingerprint"
                | "oid"
                | "tree"
                | "parent"
                | "blob"
                | "head"
                | "base"
                | "merge"
                | "nonce"
                | "trace"
                | "span"
                | "request"
                | "correlation"
                | "uuid"
                | "guid"
        )
    })
}

fn is_hex(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_hexdigit())
}

fn is_uuid(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 36
        && b.iter()
            .enumerate()
            .all(|(i, &c)| if matches!(i, 8 | 13 | 18 | 23) { c == b'-' } else { c.is_ascii_hexdigit() })
}

/// Values that are clearly not literal secrets: placeholders, variables, paths, URLs
/// without credentials, code references, versions, dates, numbers, booleans.
/// `https:/host/…`, `https:!//host`, `https:%EF%BF%BDhost/…`, `mailto:x`: a known URL
/// scheme and its colon start a URL whatever follows (a redaction, a typo or an encoding
/// can mangle the slashes). A credential inside a URL is found by the URL's own rules.
fn starts_with_scheme(lower: &str) -> bool {
    lower.split_once(':').is_some_and(|(scheme, rest)| {
        matches!(scheme, "http" | "https" | "ftp" | "ftps" | "file" | "mailto" | "ssh" | "git" | "s3" | "gs")
            && !rest.is_empty()
    })
}

fn is_non_secret_value(v: &str) -> bool {
    let lower = v.to_ascii_lowercase();
    if is_example_or_placeholder(v)
        || lower.contains("1234567890")
        || lower.contains("0123456789")
        || lower.contains("abcdefghij")
    {
        return true;
    }
    let b = v.as_bytes();
    // JSON Web Tokens belong to the `jwt` built-in (replaced by `[token]`).
    if v.starts_with("eyJ") && v.matches('.').count() == 2 {
        return true;
    }
    // Stripe publishable keys are public by design (they ship in web pages).
    if lower.starts_with("pk_live_") || lower.starts_with("pk_test_") {
        return true;
    }
    // Variables and templates; `#anchors`, `#channels` and `#colors`.
    if v.starts_with('#') || v.starts_with('$') || v.starts_with('%') || v.starts_with('@') && v.ends_with('@') {
        return true;
    }
    if v.contains("${") || v.contains("{{") || v.contains("}}") || v.starts_with('<') || v.ends_with('>') {
        return true;
    }
    if v.starts_with('{') || v.starts_with('[') || v.starts_with('(') {
        return true;
    }
    // Paths and URLs (URL user info has its own rule).
    if v.starts_with('/') || v.starts_with("./") || v.starts_with("../") || v.starts_with('~') {
        return true;
    }
    if b.len() > 2 && b[1] == b':' && b[0].is_ascii_alphabetic() && matches!(b[2], b'\\' | b'/') {
        return true;
    }
    if lower.contains("://") || lower.starts_with("www.") || starts_with_scheme(&lower) {
        return true;
    }
    if matches!(
        lower.as_str(),
        "true"
            | "false"
            | "null"
            | "none"
            | "nil"
            | "undefined"
            | "yes"
            | "no"
            | "on"
            | "off"
            | "required"
            | "optional"
            | "string"
            | "secret"
            | "password"
            | "token"
            | "empty"
            | "unset"
            | "todo"
            | "tbd"
            | "dummy"
            | "test"
            | "testing"
    ) {
        return true;
    }
    for marker in ["dummy", "sample", "fake", "not-a-real", "notreal", "not_real", "insert", "replace", "fixme"] {
        if lower.contains(marker) {
            return true;
        }
    }
    // Code: function calls, environment lookups, attribute chains of identifiers.
    if v.contains('(') || lower.starts_with("os.") || lower.starts_with("process.env") || lower.starts_with("env.") {
        return true;
    }
    if looks_like_code_reference(v) {
        return true;
    }
    // File names.
    for ext in [
        ".pem",
        ".key",
        ".md",
        ".html",
        ".htm",
        ".png",
        ".jpg",
        ".jpeg",
        ".gif",
        ".svg",
        ".webp",
        ".pdf",
        ".csv",
        ".log",
        ".zip",
        ".gz",
        ".rs",
        ".go",
        ".java",
        ".rb",
        ".ts",
        ".css",
        ".lock",
        ".sum",
        ".crt",
        ".cer",
        ".p12",
        ".pfx",
        ".json",
        ".yaml",
        ".yml",
        ".toml",
        ".txt",
        ".env",
        ".conf",
        ".cfg",
        ".ini",
        ".xml",
        ".jks",
        ".keystore",
        ".pub",
        ".gpg",
        ".asc",
        ".sh",
        ".py",
        ".js",
    ] {
        if lower.ends_with(ext) {
            return true;
        }
    }
    // Versions, dates, times, plain numbers that are short.
    if b.iter().all(|&c| c.is_ascii_digit() || matches!(c, b'.' | b'-' | b':' | b'+' | b'T' | b'Z' | b'v' | b'V')) {
        let digits = b.iter().filter(|c| c.is_ascii_digit()).count();
        let only_digits = digits == b.len();
        if !only_digits || digits < 15 {
            return true;
        }
    }
    false
}

/// `X25519.KeyPair`, `config.apiKey`, `Settings.Secrets.Token`: dotted identifiers made
/// of words.
fn looks_like_code_reference(v: &str) -> bool {
    if !v.contains('.') && !v.contains("::") && !v.contains("->") {
        return false;
    }
    v.split(['.', ':']).filter(|s| !s.is_empty()).all(|seg| {
        let seg = seg.trim_start_matches(['>', '-']);
        let sb = seg.as_bytes();
        !sb.is_empty()
            && (sb[0].is_ascii_alphabetic() || sb[0] == b'_' || sb[0] == b'$')
            && sb.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'_' || *c == b'$')
            && sb.iter().filter(|c| c.is_ascii_digit()).count() <= 5
            && sb.len() <= 32
            && (sb.len() < 16 || shannon_entropy(seg) < 3.7)
    })
}

fn char_classes(v: &str) -> (bool, bool, bool, bool) {
    let lower = v.bytes().any(|b| b.is_ascii_lowercase());
    let upper = v.bytes().any(|b| b.is_ascii_uppercase());
    let digit = v.bytes().any(|b| b.is_ascii_digit());
    let other = v.bytes().any(|b| !b.is_ascii_alphanumeric());
    (lower, upper, digit, other)
}

/// Whether `value` under a name of class `class` (with `name`) is reported.
fn value_is_secret(name: &str, class: NameClass, value: &str, quoted: bool) -> bool {
    let len = value.chars().count();
    if !(6..=4096).contains(&len) || value.chars().any(char::is_whitespace) {
        return false;
    }
    let (lower, upper, digit, _) = char_classes(value);
    // What every class below requires, checked before the costlier tests (all of them
    // pure, so the order does not change the answer).
    match class {
        NameClass::NotSecret => return false,
        NameClass::Neutral if !(len >= 20 && digit && lower && upper) => return false,
        _ => {}
    }
    if is_non_secret_value(value) {
        return false;
    }
    let entropy = shannon_entropy(value);
    let hash_name = is_hash_name(name);
    match class {
        NameClass::NotSecret => false,
        NameClass::Credential => {
            if hash_name && (is_hex(value) || value.starts_with("sha")) {
                return false;
            }
            if value.bytes().all(|b| b.is_ascii_digit()) {
                return len >= 15 && entropy >= 2.0;
            }
            if mirrors_name(name, value) {
                return false;
            }
            if !digit && value.bytes().all(|b| b.is_ascii_alphabetic() || b == b'_' || b == b'-' || b == b'.') {
                // Letters only: words and identifiers (`customer_id_and_timestamp`,
                // `SomeClassName`) unless they look random.
                return random_letters(value);
            }
            let passwordish = name_words(name).iter().any(|w| w.contains("pass") || w == "pwd" || w == "pw");
            let floor = if passwordish && len < 16 {
                2.5
            } else if len < 24 {
                2.7
            } else {
                3.0
            };
            entropy >= floor && (len >= 8 || (passwordish && quoted))
        }
        NameClass::Neutral => {
            if hash_name || is_hex(value) || is_uuid(value) || looks_like_reference(value) || value.contains("%20") {
                return false;
            }
            // Random tokens of this length mix upper case, lower case and digits; slugs,
            // anchors and file names (`why-customer-9s-checkout-failed`) do not.
            len >= 20 && entropy >= 4.0 && digit && lower && upper
        }
    }
}

/// Letters that look drawn at random rather than words: few vowels, or upper and
/// lower case mixed inside words (`suEuZerACupJcs`, `nwxzmsfqudhlcti`).
fn random_letters(v: &str) -> bool {
    let letters: Vec<u8> = v.bytes().filter(u8::is_ascii_alphabetic).collect();
    let n = letters.len();
    if n < 12 || v.contains(['_', '.']) {
        return false;
    }
    let vowels =
        letters.iter().filter(|c| matches!(c.to_ascii_lowercase(), b'a' | b'e' | b'i' | b'o' | b'u' | b'y')).count();
    let upper = letters.iter().filter(|c| c.is_ascii_uppercase()).count();
    let entropy = shannon_entropy(v);
    let mixed = upper * 4 >= n && (n - upper) * 4 >= n;
    entropy >= 3.3 && (vowels * 4 < n || mixed)
}

/// Image references, digests and host names: `registry/app@sha256:…`, `a.b.com/x`.
fn looks_like_reference(v: &str) -> bool {
    let lower = v.to_ascii_lowercase();
    if lower.contains("sha256:") || lower.contains("sha512") || lower.contains("sha1-") || lower.contains("sha384") {
        return true;
    }
    let head = lower.split(['/', ':', '@']).next().unwrap_or("");
    head.contains('.')
        && v.len() > head.len()
        && head.split('.').all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
        && head.rsplit('.').next().is_some_and(|tld| tld.len() >= 2 && tld.bytes().all(|b| b.is_ascii_alphabetic()))
}

/// Bytes that may be part of a name in an assignment.
fn is_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.')
}

/// The name that ends at `end` (exclusive), skipping quotes, `\`, `]`, `$` and blanks
/// before it; returns its range.
fn name_before(b: &[u8], mut end: usize) -> Option<Range<usize>> {
    let floor = end.saturating_sub(128);
    while end > floor && matches!(b[end - 1], b' ' | b'\t' | b'"' | b'\'' | b'\\' | b']' | b'`') {
        end -= 1;
    }
    let mut start = end;
    while start > floor && is_name_byte(b[start - 1]) {
        start -= 1;
    }
    // Trailing `.`/`-` belong to operators (`.=`) or punctuation, not the name.
    while start < end && matches!(b[end - 1], b'.' | b'-') {
        end -= 1;
    }
    while start < end && matches!(b[start], b'.' | b'-') {
        start += 1;
    }
    (start < end).then_some(start..end)
}

/// Type words of typed declarations (`var x string = …`, `String x = …`, `x: str = …`).
fn is_type_word(w: &str) -> bool {
    const TYPE_WORDS: &[&str] = &[
        "string",
        "str",
        "const",
        "var",
        "let",
        "final",
        "static",
        "char",
        "text",
        "bytes",
        "secretstr",
        "optional[str]",
        "readonly",
        "val",
        "private",
        "public",
        "&str",
        "&'static",
        "any",
    ];
    // (Compared in place: this runs for most `=` and `:` of a page.)
    w.len() <= 14 && TYPE_WORDS.iter().any(|t| t.eq_ignore_ascii_case(w))
}

/// The name of the assignment whose operator starts at `op` (`=`, `:`, `,`, `(`, `>`).
fn assignment_name(text: &str, op: usize) -> Option<Range<usize>> {
    let b = text.as_bytes();
    let mut end = op;
    // Multi-byte operators: `:=`, `::=`, `:::=`, `?=`, `.=`, `+=`, `!=` (not), `=>`.
    while end > 0 && matches!(b[end - 1], b':' | b'?' | b'+' | b'.' | b'|') {
        end -= 1;
    }
    if end > 0 && matches!(b[end - 1], b'=' | b'!' | b'<' | b'>') {
        return None; // `==`, `!=`, `<=`, `>=`: comparisons
    }
    let name = name_before(b, end)?;
    let word = &text[name.clone()];
    if is_type_word(word) || word.starts_with(char::is_uppercase) && is_type_word(word) {
        // `var token string = "…"` / `x: String = "…"`: the name is further left.
        let mut e = name.start;
        while e > 0 && matches!(b[e - 1], b' ' | b'\t' | b':') {
            e -= 1;
        }
        if e < name.start {
            return name_before(b, e);
        }
    }
    Some(name)
}

/// Terminator of an unquoted value.
fn ends_unquoted(b: u8) -> bool {
    b.is_ascii_whitespace() || matches!(b, b'"' | b'\'' | b'`' | b';' | b',' | b'<' | b'>' | b')' | b']' | b'}')
}

/// Whether `b[at..]` starts with `name=` (a query parameter).
fn query_param_follows(b: &[u8], at: usize) -> bool {
    let mut q = at;
    while q < b.len() && (b[q].is_ascii_alphanumeric() || matches!(b[q], b'_' | b'-' | b'.' | b'[' | b']')) {
        q += 1;
    }
    q > at && b.get(q) == Some(&b'=')
}

/// Authorization schemes that precede a credential (`Authorization: Bearer …`).
const AUTH_SCHEMES: &[&str] = &[
    "basic ",
    "bearer ",
    "token ",
    "bot ",
    "digest ",
    "api-key ",
    "apikey ",
    "api-token ",
    "ssws ",
    "geniekey ",
    "splunk ",
    "oauth ",
    "key ",
    "sharedaccesssignature ",
    "deepl-auth-key ",
];

/// The value that starts at or after `pos` (blanks, then an optional quote, an
/// optional YAML block indicator); returns its range and whether it was quoted.
fn value_after(text: &str, mut pos: usize) -> Option<(Range<usize>, bool)> {
    let b = text.as_bytes();
    while pos < b.len() && matches!(b[pos], b' ' | b'\t') {
        pos += 1;
    }
    // YAML block scalars: `key: |` / `key: >-` then the value on the next line.
    if pos < b.len() && matches!(b[pos], b'|' | b'>') {
        let mut q = pos + 1;
        while q < b.len() && matches!(b[q], b'-' | b'+' | b' ' | b'\t') {
            q += 1;
        }
        if q < b.len() && (b[q] == b'\n' || b[q] == b'\r') {
            while q < b.len() && b[q].is_ascii_whitespace() {
                q += 1;
            }
            pos = q;
        }
    }
    // Authorization schemes: `Basic …`, `Bearer …`, `Token …` (each starts with one of
    // these letters; most values start with a quote and skip the loop).
    let may_be_scheme = b.get(pos).is_some_and(|c| b"abdgkostABDGKOST".contains(c));
    for scheme in if may_be_scheme { AUTH_SCHEMES } else { &[] } {
        if b[pos..].get(..scheme.len()).is_some_and(|w| w.eq_ignore_ascii_case(scheme.as_bytes())) {
            pos += scheme.len();
            while pos < b.len() && b[pos] == b' ' {
                pos += 1;
            }
            break;
        }
    }
    let mut quote = None;
    if pos < b.len() && b[pos] == b'\\' && b.get(pos + 1).is_some_and(|&c| c == b'"' || c == b'\'') {
        pos += 1;
    }
    if pos < b.len() && matches!(b[pos], b'"' | b'\'' | b'`') {
        quote = Some(b[pos]);
        pos += 1;
    }
    let start = pos;
    let mut end = pos;
    match quote {
        Some(q) => {
            while end < b.len() && b[end] != q && b[end] != b'\n' {
                if b[end] == b'\\' && end + 1 < b.len() && (b[end + 1] == q || b[end + 1] == b'n') {
                    break;
                }
                end += 1;
            }
        }
        None => {
            while end < b.len() && !ends_unquoted(b[end]) {
                if b[end] == b'\\' && end + 1 < b.len() && matches!(b[end + 1], b'"' | b'\'' | b'n' | b'r' | b't') {
                    break;
                }
                // `&next=` in a query string ends the value.
                if b[end] == b'&' && query_param_follows(b, end + 1) {
                    break;
                }
                end += 1;
            }
            // Sentence punctuation is not part of the value.
            while end > start && matches!(b[end - 1], b'.' | b'!' | b'?' | b':') {
                end -= 1;
            }
        }
    }
    (end > start).then_some((start..end, quote.is_some()))
}

fn push_if_secret(text: &str, name: Range<usize>, value: Option<(Range<usize>, bool)>, out: &mut Vec<Range<usize>>) {
    let Some((range, quoted)) = value else { return };
    // Most colons and equals signs in prose and code are followed by short words: skip
    // values no name class could report before looking at the name.
    let v = &text[range.clone()];
    if range.len() < 6
        || v.bytes().any(|c| c.is_ascii_whitespace())
        || v.len() < 12 && v.bytes().all(|c| c.is_ascii_alphabetic())
    {
        return;
    }
    let name = &text[name];
    let class = classify_name(name);
    if value_is_secret(name, class, &text[range.clone()], quoted) {
        out.push(range);
    }
}

/// Credential words for prose ("the API token 8f3k…", "password was …"), matched
/// ignoring ASCII case. No word contains another.
const PROSE_WORDS: &[&str] = &["password", "passwd", "passphrase", "secret", "token", "key", "credential", "pwd"];

/// Every case variant of the first three letters of each prose word: a case-sensitive
/// set of 48 three-byte literals, which the automaton finds with a SIMD prefilter (a
/// case-insensitive search of the words themselves cannot use one, and was a tenth of
/// the leak scan).
static PROSE_PREFIXES: LazyLock<AhoCorasick> = LazyLock::new(|| {
    let mut prefixes: Vec<Vec<u8>> = Vec::new();
    for word in PROSE_WORDS {
        let head = &word.as_bytes()[..3];
        for mask in 0..8u8 {
            let v: Vec<u8> = head
                .iter()
                .enumerate()
                .map(|(i, c)| if mask & (1 << i) != 0 { c.to_ascii_uppercase() } else { *c })
                .collect();
            if !prefixes.contains(&v) {
                prefixes.push(v);
            }
        }
    }
    AhoCorasickBuilder::new().match_kind(MatchKind::LeftmostFirst).build(prefixes).expect("prose prefixes build")
});

/// The prose words in `text`, left to right, not overlapping: the matches a
/// case-insensitive search for [`PROSE_WORDS`] reports.
fn prose_words(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let b = text.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        while at < b.len() {
            let m = PROSE_PREFIXES.find(aho_corasick::Input::new(b).span(at..b.len()))?;
            let s = m.start();
            let word = PROSE_WORDS
                .iter()
                .find(|w| b.get(s..s + w.len()).is_some_and(|t| t.eq_ignore_ascii_case(w.as_bytes())));
            match word {
                Some(w) => {
                    at = s + w.len();
                    return Some(s..s + w.len());
                }
                // Another word may start inside this prefix ("pasecret").
                None => at = s + 1,
            }
        }
        None
    })
}

/// Every credential in an assignment, header, curl option, Kubernetes Secret or
/// sentence of `text`.
fn assignments(text: &str, out: &mut Vec<Range<usize>>) {
    let b = text.as_bytes();
    for (op, &c) in b.iter().enumerate() {
        match c {
            b'=' => {
                if b.get(op + 1) == Some(&b'=') || (op > 0 && matches!(b[op - 1], b'=' | b'!' | b'<' | b'>')) {
                    continue;
                }
                let after = if b.get(op + 1) == Some(&b'>') { op + 2 } else { op + 1 };
                let value = value_after(text, after);
                if value.as_ref().is_none_or(|(v, _)| v.len() < 6) {
                    continue;
                }
                let Some(name) = assignment_name(text, op) else { continue };
                push_if_secret(text, name, value, out);
            }
            b':' => {
                // `:=`, `::=` are handled at their `=`; `::` paths are not assignments.
                if matches!(b.get(op + 1), Some(b'=' | b':')) || (op > 0 && b[op - 1] == b':') {
                    continue;
                }
                // YAML/JSON/header colons are followed by a blank, a quote or a block.
                let next = b.get(op + 1).copied();
                if !matches!(next, Some(b' ' | b'\t' | b'"' | b'\'' | b'\\' | b'\n' | b'\r') | None)
                    && !b[..op].len().checked_sub(13).is_some_and(|s| b[s..op].eq_ignore_ascii_case(b"authorization"))
                {
                    continue;
                }
                if matches!(next, Some(b'\n' | b'\r')) || next.is_none() {
                    continue;
                }
                let value = value_after(text, op + 1);
                if value.as_ref().is_none_or(|(v, _)| v.len() < 6) {
                    continue;
                }
                let Some(name) = assignment_name(text, op) else { continue };
                push_if_secret(text, name, value, out);
            }
            b',' => {
                // `name,value,` (CSV) and `("name", "value")` (setProperty, put, setenv).
                let Some(name) = name_before(b, op) else { continue };
                // A quoted name is a call's first argument (`("name", "value")`) or a CSV
                // record's first field (`"name","value"` at a line's start). In a list
                // (`["api-gateway","http-503"]`, JSON-LD keywords) it is just an item.
                let quoted_name = op > 0 && matches!(b[op - 1], b'"' | b'\'');
                let mut p = name.start;
                if p > 0 && matches!(b[p - 1], b'"' | b'\'') {
                    p -= 1;
                }
                while p > 0 && matches!(b[p - 1], b' ' | b'\t') {
                    p -= 1;
                }
                let before = p.checked_sub(1).map(|i| b[i]);
                let call = quoted_name && before == Some(b'(');
                let csv = if quoted_name {
                    matches!(before, None | Some(b'\n'))
                } else {
                    name.start > 0 && !matches!(b[name.start - 1], b' ' | b'\t' | b'(' | b'[' | b'{' | b'\\')
                        || name.start == 0
                        || b[name.start - 1] == b'\n'
                };
                let quoted_name = call;
                if !(quoted_name || csv) || classify_name(&text[name.clone()]) != NameClass::Credential {
                    continue;
                }
                push_if_secret(text, name, value_after(text, op + 1), out);
            }
            b'<' => xml_element(text, op, out),
            _ => {}
        }
    }
    curl_user(text, out);
    kubernetes_secret_data(text, out);
    prose(text, out);
}

/// `<fooToken>value</fooToken>` (value possibly on its own line) and
/// `<add key="Password" value="…"/>`.
/// Whether `tag` names an HTML element that holds prose (`li`, `p`, `td`, `code`, …).
fn is_html_element(tag: &str) -> bool {
    const HTML: &[&str] = &[
        "a",
        "abbr",
        "b",
        "blockquote",
        "caption",
        "cite",
        "code",
        "dd",
        "del",
        "details",
        "div",
        "dt",
        "em",
        "figcaption",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "i",
        "ins",
        "kbd",
        "label",
        "legend",
        "li",
        "main",
        "mark",
        "nav",
        "option",
        "p",
        "pre",
        "q",
        "s",
        "samp",
        "section",
        "small",
        "span",
        "strong",
        "sub",
        "summary",
        "sup",
        "td",
        "th",
        "time",
        "title",
        "u",
        "var",
    ];
    HTML.iter().any(|h| tag.eq_ignore_ascii_case(h))
}

fn xml_element(text: &str, lt: usize, out: &mut Vec<Range<usize>>) {
    let b = text.as_bytes();
    let mut p = lt + 1;
    while p < b.len() && (b[p].is_ascii_alphanumeric() || matches!(b[p], b'_' | b'-' | b'.' | b':')) {
        p += 1;
    }
    if p == lt + 1 || p >= b.len() {
        return;
    }
    let tag = lt + 1..p;
    if b[p] == b'>' {
        // Element text up to `</tag>`; an HTML element's text is prose, not a value (the
        // leak scanner reads published HTML: `<li>lBYWozWN_FXZq…</li>` is a list item).
        if is_html_element(&text[tag.clone()]) {
            return;
        }
        let mut s = p + 1;
        while s < b.len() && b[s].is_ascii_whitespace() {
            s += 1;
        }
        let mut e = s;
        while e < b.len() && b[e] != b'<' && e - s < 4096 {
            e += 1;
        }
        let mut ve = e;
        while ve > s && b[ve - 1].is_ascii_whitespace() {
            ve -= 1;
        }
        // `</tag>` must follow (compared in place: most elements here are empty).
        let name = &b[tag.clone()];
        let closes =
            b[e..].starts_with(b"</") && b[e + 2..].starts_with(name) && b.get(e + 2 + name.len()) == Some(&b'>');
        if ve > s && closes {
            push_if_secret(text, tag, Some((s..ve, true)), out);
        }
        return;
    }
    // Attribute pairs: key="name" … value="secret".
    let Some(close) = text[p..].find('>').map(|i| p + i) else { return };
    let attrs = &text[p..close];
    let attr = |attr_name: &str| -> Option<Range<usize>> {
        let mut from = 0;
        while let Some(i) = attrs[from..].find(attr_name) {
            let at = from + i;
            let before_ok = at == 0 || attrs.as_bytes()[at - 1].is_ascii_whitespace();
            let rest = &attrs[at + attr_name.len()..];
            if before_ok && let Some(r) = rest.strip_prefix("=\"") {
                let end = r.find('"')?;
                let s = p + at + attr_name.len() + 2;
                return Some(s..s + end);
            }
            from = at + attr_name.len();
        }
        None
    };
    // (The value first: most tags have none, and then the name is not looked for.)
    let Some(value) = attr("value").filter(|v| !v.is_empty()) else { return };
    if let Some(name) = attr("key").or_else(|| attr("name")) {
        push_if_secret(text, name, Some((value, true)), out);
    }
}

/// A shell word starting at `pos` (after blanks): up to the next unquoted blank, with
/// quotes removed. Returns the word's range (quotes included) and its text.
fn shell_word(text: &str, mut pos: usize) -> Option<(Range<usize>, String)> {
    let b = text.as_bytes();
    while pos < b.len() && matches!(b[pos], b' ' | b'\t') {
        pos += 1;
    }
    let start = pos;
    let mut word: Vec<u8> = Vec::new();
    let mut quote: Option<u8> = None;
    while pos < b.len() {
        let c = b[pos];
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) if c == b'\n' => return None,
            Some(_) => word.push(c),
            None if c.is_ascii_whitespace() => break,
            None if c == b'"' || c == b'\'' => quote = Some(c),
            None => word.push(c),
        }
        pos += 1;
    }
    (pos > start && text.is_char_boundary(pos)).then(|| (start..pos, String::from_utf8_lossy(&word).into_owned()))
}

/// `curl -u user:password` / `--user user:password` (the option may sit on a
/// continuation line of the command): the whole `user:password`.
fn curl_user(text: &str, out: &mut Vec<Range<usize>>) {
    // Only the text after a `curl` (a command with its continuation lines) is searched.
    let mut done = 0;
    for at in memchr::memmem::find_iter(text.as_bytes(), b"curl") {
        let start = at.max(done);
        let mut end = (at + 2048).min(text.len());
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        if start < end {
            curl_user_in(text, start..end, out);
        }
        done = end;
    }
}

/// [`curl_user`] for options that start in `window`.
fn curl_user_in(text: &str, window: Range<usize>, out: &mut Vec<Range<usize>>) {
    let b = text.as_bytes();
    for opt in [" -u", " --user", "\t-u", "\t--user"] {
        let mut from = window.start;
        while let Some(i) = text[from..window.end].find(opt) {
            let mut p = from + i + opt.len();
            from = p;
            if p < b.len() && b[p] == b'=' {
                p += 1;
            } else if p < b.len() && !matches!(b[p], b' ' | b'\t') {
                continue; // `-user-agent`, `-uX`
            }
            // The command starts with `curl` within the last few lines.
            let window = text[..from].char_indices().rev().nth(600).map_or(0, |(i, _)| i);
            if !text[window..from].contains("curl") {
                continue;
            }
            let Some((range, word)) = shell_word(text, p) else { continue };
            let Some((user, pass)) = word.split_once(':') else { continue };
            // `"{user}":"{password}"` as some API documentation writes it.
            let pass =
                pass.strip_prefix('{').and_then(|p| p.strip_suffix('}')).filter(|p| !p.contains('{')).unwrap_or(pass);
            let lower = pass.to_ascii_lowercase();
            let pass_ok = pass.len() >= 3
                && shannon_entropy(pass) >= 1.5
                && !is_non_secret_value(pass)
                && !matches!(lower.as_str(), "pass" | "password" | "pwd" | "token" | "test" | "secret" | "changeit");
            let user_only =
                pass.is_empty() && user.len() >= 8 && shannon_entropy(user) >= 3.0 && !user.starts_with('$');
            if pass_ok || user_only {
                out.push(range);
            }
        }
    }
}

/// The values under `data:` / `stringData:` of a Kubernetes `kind: Secret` document.
fn kubernetes_secret_data(text: &str, out: &mut Vec<Range<usize>>) {
    let lower_has_secret_kind = |doc: &str| {
        doc.lines().any(|l| {
            let t = l.trim().trim_start_matches("- ");
            t.strip_prefix("kind:").is_some_and(|k| k.trim().trim_matches(['"', '\'']).eq_ignore_ascii_case("secret"))
        })
    };
    // YAML documents are separated by `---` lines.
    let mut doc_start = 0;
    let mut docs = Vec::new();
    for i in memchr::memmem::find_iter(text.as_bytes(), b"\n---") {
        docs.push(doc_start..i + 1);
        doc_start = i + 4;
    }
    docs.push(doc_start..text.len());
    for doc in docs {
        let d = &text[doc.clone()];
        let has = |needle: &[u8]| memchr::memmem::find(d.as_bytes(), needle).is_some();
        if !(has(b"data:") || has(b"Data:")) || !lower_has_secret_kind(d) {
            continue;
        }
        let mut offset = doc.start;
        let mut in_data: Option<usize> = None;
        let mut string_data = false;
        for line in d.split_inclusive('\n') {
            let content = line.trim_end_matches(['\n', '\r']);
            let indent = content.len() - content.trim_start().len();
            let t = content.trim();
            if let Some(data_indent) = in_data {
                if t.is_empty() || t.starts_with('#') {
                    offset += line.len();
                    continue;
                }
                if indent <= data_indent {
                    in_data = None;
                } else if let Some(colon) = t.find(':') {
                    let v_start = offset + indent + colon + 1;
                    if let Some((range, _)) = value_after(text, v_start) {
                        let v = &text[range.clone()];
                        // Base64 of at least ten characters (`YmFyCg==`, "bar", is not a
                        // credential); `stringData` values are plain text.
                        let base64 = v.len() >= 10
                            && v.bytes().all(|c| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'/' | b'='));
                        if (base64 || string_data && v.len() >= 6 && !is_non_secret_value(v))
                            && !v.starts_with("{{")
                            && !v.starts_with('$')
                        {
                            out.push(range);
                        }
                    }
                }
            }
            if in_data.is_none() && (t == "data:" || t == "stringData:") {
                in_data = Some(indent);
                string_data = t == "stringData:";
            }
            offset += line.len();
        }
    }
}

/// A credential word followed by a random-looking value in prose: "the API token
/// 8f3kQ…", "password was Zq8#…", "key is …".
fn prose(text: &str, out: &mut Vec<Range<usize>>) {
    let b = text.as_bytes();
    for m in prose_words(text) {
        let (s, mut p) = (m.start, m.end);
        // A whole word followed by a blank (names like `public_key` are assignments).
        if p < b.len() && b[p].is_ascii_alphanumeric()
            || s > 0 && (b[s - 1].is_ascii_alphanumeric() || matches!(b[s - 1], b'_' | b'-' | b'.' | b'$'))
        {
            continue;
        }
        let mut hops = 0;
        loop {
            while p < b.len() && matches!(b[p], b' ' | b'\t') {
                p += 1;
            }
            let rest = &text[p..];
            let skip = ["is ", "was ", "of ", "value "].iter().find(|w| rest.starts_with(**w));
            match skip {
                Some(w) if hops < 2 => {
                    p += w.len();
                    hops += 1;
                }
                _ => break,
            }
        }
        if p == m.end {
            continue; // no blank: `token=` and `token:` are assignments
        }
        let Some((range, quoted)) = value_after(text, p) else { continue };
        let v = &text[range.clone()];
        let len = v.len();
        let (lower, upper, digit, _) = char_classes(v);
        let entropy = shannon_entropy(v);
        let numeric = v.bytes().all(|b| b.is_ascii_digit());
        let ok = if numeric {
            len >= 15 && entropy >= 2.5
        } else {
            len >= if quoted { 12 } else { 16 }
                && digit
                && (lower || upper)
                && (!is_hex(v) || len >= 24)
                && entropy >= if quoted { 2.6 } else { 3.5 }
        };
        if ok && !is_non_secret_value(v) {
            out.push(range);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The prefix search finds exactly what a case-insensitive search of the words does.
    #[test]
    fn prose_words_match_a_case_insensitive_search() {
        let reference = AhoCorasickBuilder::new().ascii_case_insensitive(true).build(PROSE_WORDS).unwrap();
        let texts = [
            "the API Token 8f3kQ and the PASSWORD was x",
            "pasecret passwdkey tokeNKEY pwdpwd credentialsecret",
            "pa",
            "pas",
            "paSSphrase; Key; kEy: sEcReT",
            "ünïcode pässword token🙂key",
            "",
        ];
        let mut rng = 0x2545_f491_4f6c_dd1du64;
        let alphabet = b"paswordkeytncrilPASWKEYTC _-.\n";
        let mut generated = Vec::new();
        for _ in 0..2000 {
            let mut t = String::new();
            for _ in 0..40 {
                rng ^= rng << 13;
                rng ^= rng >> 7;
                rng ^= rng << 17;
                t.push(alphabet[(rng % alphabet.len() as u64) as usize] as char);
            }
            generated.push(t);
        }
        for text in texts.iter().map(|t| t.to_string()).chain(generated) {
            let want: Vec<Range<usize>> = reference.find_iter(&text).map(|m| m.range()).collect();
            let got: Vec<Range<usize>> = prose_words(&text).collect();
            assert_eq!(got, want, "{text:?}");
        }
    }

    #[test]
    fn name_words_split() {
        assert_eq!(name_words("awsSecretAccessKey"), ["aws", "secret", "access", "key"]);
        assert_eq!(name_words("API_TOKEN"), ["api", "token"]);
        assert_eq!(name_words("HTTPAuthHeader"), ["http", "auth", "header"]);
        assert_eq!(name_words("db.password"), ["db", "password"]);
    }

    #[test]
    fn name_classes() {
        for n in ["password", "DB_PASSWORD", "apiKey", "x-api-key", "stripe_secret", "adafruitToken", "sumo"] {
            assert_eq!(classify_name(n), NameClass::Credential, "{n}");
        }
        for n in ["public_key", "key_id", "token_url", "csrf_token", "author", "KeyPair", "secretName", "user_id"] {
            assert_eq!(classify_name(n), NameClass::NotSecret, "{n}");
        }
        for n in ["timeout", "region_hint_2", "replicas"] {
            assert_ne!(classify_name(n), NameClass::Credential, "{n}");
        }
        // The per-thread cache answers what the classification says, every time.
        for n in ["password", "key_id", "timeout", "href", "x".repeat(100).as_str()] {
            assert_eq!(classify_name(n), classify_uncached(n), "{n}");
            assert_eq!(classify_name(n), classify_uncached(n), "{n}");
        }
    }

    #[test]
    fn entropy() {
        assert!(shannon_entropy("aaaa") < 0.01);
        assert!((shannon_entropy("abcd") - 2.0).abs() < 1e-9);
        assert_eq!(shannon_entropy(""), 0.0);
    }

    #[test]
    fn every_rule_has_literals_it_can_match() {
        for &(family, _, _, needs, _) in TOKEN_SPECS {
            assert!(!needs.is_empty(), "{family}: a token rule without literals would run on every text");
        }
    }
}
