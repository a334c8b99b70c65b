//! The `secrets` detector per provider family: true positives built from each provider's
//! documented token format (prefix, alphabet, length), planted in a config snippet, a
//! log line and a sentence, must be reported whole; look-alikes (documented examples,
//! placeholders, identifiers, hashes) must not be reported. Then the generic assignment
//! reader, one case per syntax.

use debrief_redact::Builtin;

const UPPER: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const LOWER: &str = "abcdefghijklmnopqrstuvwxyz";
const DIGITS: &str = "0123456789";
const HEX: &str = "0123456789abcdef";
/// RFC 4648 base32 (AWS key ids).
const B32: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
/// Bech32 data characters (age keys), upper case.
const BECH32: &str = "QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L";

fn alnum() -> String {
    format!("{UPPER}{LOWER}{DIGITS}")
}

fn lower_alnum() -> String {
    format!("{LOWER}{DIGITS}")
}

fn upper_alnum() -> String {
    format!("{UPPER}{DIGITS}")
}

/// `len` characters of `alphabet`, pseudo-random but the same on every run.
fn body(alphabet: &str, len: usize, seed: u64) -> String {
    let chars: Vec<char> = alphabet.chars().collect();
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            chars[(x % chars.len() as u64) as usize]
        })
        .collect()
}

fn found(text: &str) -> Vec<&str> {
    Builtin::Secrets.find(text).into_iter().map(|r| &text[r]).collect()
}

/// The token, planted in a config snippet, a log line and a sentence, is found whole.
fn assert_caught(family: &str, token: &str) {
    for text in [
        format!("upstream:\n  credential: \"{token}\"\n"),
        format!("2025-03-14T09:12:44Z ERROR upstream rejected {token} (HTTP 401) after 3 retries"),
        format!("At 09:14 the on-call engineer pasted {token} into the incident channel."),
    ] {
        assert_eq!(found(&text), vec![token], "{family}: {text:?}");
    }
}

fn assert_kept(family: &str, text: &str) {
    assert!(found(text).is_empty(), "{family}: look-alike {text:?} was reported as {:?}", found(text));
}

/// (family, token) for every documented format, several seeds each.
fn true_positives() -> Vec<(&'static str, String)> {
    let a = alnum();
    let la = lower_alnum();
    let ua = upper_alnum();
    let url = format!("{a}_-");
    let b64 = format!("{a}+/");
    let mut out = Vec::new();
    for seed in 1..=3u64 {
        let s = |alpha: &str, len: usize| body(alpha, len, seed * 7919 + len as u64);
        let t: Vec<(&'static str, String)> = vec![
            // Cloud.
            ("aws access key id", format!("AKIA{}", s(B32, 16))),
            ("aws temporary key id", format!("ASIA{}", s(B32, 16))),
            ("gcp api key", format!("AIza{}", s(&url, 35))),
            ("gcp oauth client secret", format!("GOCSPX-{}", s(&url, 28))),
            ("azure ad client secret", format!("{}8Q~{}", s(&a, 3), s(&a, 34))),
            ("alibaba access key id", format!("LTAI{}", s(&a, 20))),
            ("digitalocean token", format!("dop_v1_{}", s(HEX, 64))),
            ("digitalocean oauth", format!("doo_v1_{}", s(HEX, 64))),
            ("heroku api key", format!("HRKU-AA{}", s(&url, 58))),
            ("fly.io token", format!("fo1_{}", s(&url, 43))),
            ("scalingo token", format!("tk-us-{}", s(&url, 48))),
            ("databricks token", format!("dapi{}", s(HEX, 32))),
            ("doppler token", format!("dp.pt.{}", s(&a, 43))),
            ("dynatrace token", format!("dt0c01.{}.{}", s(&ua, 24), s(&ua, 64))),
            ("vault service token", format!("hvs.{}", s(&url, 95))),
            ("terraform cloud token", format!("{}.atlasv1.{}", s(&la, 14), s(&url, 67))),
            ("pulumi token", format!("pul-{}", s(HEX, 40))),
            ("planetscale token", format!("pscale_tkn_{}", s(&url, 43))),
            ("1password service account", format!("ops_eyJ{}", s(&b64, 260))),
            ("age secret key", format!("AGE-SECRET-KEY-1{}", s(BECH32, 58))),
            ("openshift token", format!("sha256~{}", s(&url, 43))),
            // Source hosting and CI.
            ("github personal token", format!("ghp_{}", s(&a, 36))),
            ("github oauth token", format!("gho_{}", s(&a, 36))),
            ("github app user token", format!("ghu_{}", s(&a, 36))),
            ("github app server token", format!("ghs_{}", s(&a, 36))),
            ("github refresh token", format!("ghr_{}", s(&a, 36))),
            ("github fine-grained token", format!("github_pat_11{}_{}", s(&ua, 20), s(&a, 59))),
            ("gitlab personal token", format!("glpat-{}", s(&url, 20))),
            ("gitlab routable token", format!("glpat-{}.01.{}", s(&url, 27), s(&la, 7))),
            ("gitlab deploy token", format!("gldt-{}", s(&url, 20))),
            ("gitlab runner token", format!("glrt-{}", s(&url, 20))),
            ("gitlab trigger token", format!("glptt-{}", s(HEX, 40))),
            ("gitlab feed token", format!("glft-{}", s(&url, 20))),
            ("gitlab incoming mail token", format!("glimt-{}", s(&url, 25))),
            ("gitlab agent token", format!("glagent-{}", s(&url, 50))),
            ("gitlab oauth secret", format!("gloas-{}", s(&url, 64))),
            ("gitlab ci job token", format!("glcbt-1_{}", s(&url, 20))),
            ("gitlab scim token", format!("glsoat-{}", s(&url, 20))),
            ("gitlab feature flag token", format!("glffct-{}", s(&url, 20))),
            ("gitlab runner registration", format!("GR1348941{}", s(&url, 20))),
            ("bitbucket app password", format!("ATBB{}", s(&a, 32))),
            ("atlassian api token", format!("ATATT3{}", s(&url, 186))),
            ("sourcegraph token", format!("sgp_{}_{}", s(HEX, 16), s(HEX, 40))),
            ("artifactory api key", format!("AKCp{}", s(&a, 69))),
            // Chat.
            ("slack bot token", format!("xoxb-{}-{}-{}", s(DIGITS, 10), s(DIGITS, 13), s(&a, 24))),
            ("slack user token", format!("xoxp-{}-{}-{}-{}", s(DIGITS, 11), s(DIGITS, 11), s(DIGITS, 13), s(HEX, 32))),
            ("slack app token", format!("xapp-1-A{}-{}-{}", s(&ua, 10), s(DIGITS, 13), s(HEX, 64))),
            ("slack webhook", format!("https://hooks.slack.com/services/T{}/B{}/{}", s(&ua, 8), s(&ua, 10), s(&a, 24))),
            ("discord webhook", format!("https://discord.com/api/webhooks/{}/{}", s(DIGITS, 18), s(&url, 68))),
            ("telegram bot token", format!("{}:AA{}", s(DIGITS, 10), s(&url, 33))),
            (
                "teams webhook",
                format!(
                    "https://contoso.webhook.office.com/webhookb2/{}@{}/IncomingWebhook/{}/{}",
                    uuid(seed),
                    uuid(seed + 1),
                    s(HEX, 32),
                    uuid(seed + 2)
                ),
            ),
            // Payments.
            ("stripe secret key", format!("sk_live_{}", s(&a, 24))),
            ("stripe restricted key", format!("rk_live_{}", s(&a, 24))),
            ("stripe webhook secret", format!("whsec_{}", s(&a, 32))),
            ("square access token", format!("EAAA{}", s(&url, 60))),
            ("square oauth secret", format!("sq0csp-{}", s(&url, 43))),
            ("braintree access token", format!("access_token$production${}${}", s(&la, 16), s(HEX, 32))),
            ("flutterwave secret key", format!("FLWSECK_TEST-{}-X", s(HEX, 32))),
            ("shopify access token", format!("shpat_{}", s(HEX, 32))),
            ("shopify shared secret", format!("shpss_{}", s(HEX, 32))),
            ("easypost key", format!("EZAK{}", s(&a, 54))),
            ("shippo token", format!("shippo_live_{}", s(HEX, 40))),
            ("duffel token", format!("duffel_live_{}", s(&url, 43))),
            ("facebook page token", format!("EAAC{}", s(&a, 120))),
            ("facebook app token", format!("{}|{}", s(DIGITS, 15), s(&url, 32))),
            // Package registries.
            ("npm token", format!("npm_{}", s(&a, 36))),
            ("pypi token", format!("pypi-AgEIcHlwaS5vcmc{}", s(&url, 70))),
            ("rubygems key", format!("rubygems_{}", s(HEX, 48))),
            ("nuget key", format!("oy2{}", s(&la, 43))),
            ("clojars token", format!("CLOJARS_{}", s(&la, 60))),
            ("docker hub token", format!("dckr_pat_{}", s(&url, 27))),
            ("readme key", format!("rdme_{}", s(&la, 70))),
            // Observability.
            ("new relic user key", format!("NRAK-{}", s(&ua, 27))),
            ("grafana cloud token", format!("glc_{}", s(&b64, 40))),
            ("grafana service account", format!("glsa_{}_{}", s(&a, 32), s(HEX, 8))),
            ("sentry user token", format!("sntryu_{}", s(HEX, 64))),
            ("honeycomb ingest key", format!("hcaik_{}", s(&a, 58))),
            // AI APIs.
            ("openai project key", format!("sk-proj-{}T3BlbkFJ{}", s(&url, 74), s(&url, 74))),
            ("anthropic api key", format!("sk-ant-api03-{}AA", s(&url, 93))),
            ("hugging face token", format!("hf_{}", s(&a, 34))),
            ("groq key", format!("gsk_{}", s(&a, 52))),
            ("perplexity key", format!("pplx-{}", s(&a, 48))),
            ("replicate token", format!("r8_{}", s(&a, 37))),
            ("xai key", format!("xai-{}", s(&a, 80))),
            ("langsmith key", format!("lsv2_pt_{}_{}", s(HEX, 32), s(HEX, 10))),
            // Mail and messaging.
            ("sendgrid key", format!("SG.{}.{}", s(&url, 22), s(&url, 43))),
            ("mailgun key", format!("key-{}", s(HEX, 32))),
            ("mailchimp key", format!("{}-us14", s(HEX, 32))),
            ("twilio api key", format!("SK{}", s(HEX, 32))),
            ("brevo key", format!("xkeysib-{}-{}", s(HEX, 64), s(&a, 16))),
            // SaaS.
            ("linear key", format!("lin_api_{}", s(&a, 40))),
            ("notion token", format!("ntn_{}{}", s(DIGITS, 11), s(&a, 35))),
            ("airtable token", format!("pat{}.{}", s(&a, 14), s(HEX, 64))),
            ("postman key", format!("PMAK-{}-{}", s(HEX, 24), s(HEX, 34))),
            ("typeform token", format!("tfp_{}", s(&url, 59))),
            ("adobe client secret", format!("p8e-{}", s(&a, 32))),
            ("prefect key", format!("pnu_{}", s(&a, 36))),
            ("infracost key", format!("ico-{}", s(&a, 32))),
            ("frame.io token", format!("fio-u-{}", s(&url, 64))),
            ("maxmind license key", format!("{}_{}_mmk", s(&a, 6), s(&a, 29))),
            ("settlemint token", format!("sm_pat_{}", s(&a, 16))),
            ("clickhouse secret", format!("4b1d{}", s(&a, 38))),
            ("mapbox secret token", format!("sk.{}.{}", s(&a, 60), s(&a, 22))),
            ("twitter bearer token", format!("{}{}", "A".repeat(22), s(&a, 90))),
            ("intra42 secret", format!("s-s4t2ud-{}", s(HEX, 64))),
        ];
        out.extend(t);
    }
    out
}

fn uuid(seed: u64) -> String {
    let h = |n| body(HEX, n, seed * 31 + n as u64);
    format!("{}-{}-{}-{}-{}", h(8), h(4), h(4), h(4), h(12))
}

#[test]
fn documented_token_formats_are_found_whole() {
    let tps = true_positives();
    assert!(tps.len() > 300);
    for (family, token) in &tps {
        assert_caught(family, token);
    }
}

#[test]
fn tokens_are_never_cut() {
    // Long tokens, `id|secret` pairs and dotted tokens are reported in one piece.
    let long = format!("ops_eyJ{}", body(&format!("{}+/", alnum()), 900, 3));
    assert_eq!(found(&format!("OP_SERVICE_ACCOUNT_TOKEN={long}")), vec![long.as_str()]);
    let pair = format!("{}|{}", body(DIGITS, 16, 5), body(&alnum(), 32, 5));
    assert_eq!(found(&format!("access_token = \"{pair}\"")), vec![pair.as_str()]);
    let routable = format!("glpat-{}.01.{}", body(&alnum(), 40, 9), body(&lower_alnum(), 7, 9));
    assert_eq!(found(&format!("CI_TOKEN: {routable}")), vec![routable.as_str()]);
}

#[test]
fn look_alikes_per_family_are_kept() {
    let cases: &[(&str, &str)] = &[
        ("aws", "aws_access_key_id = AKIAIOSFODNN7EXAMPLE"),
        ("aws", "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
        ("aws", "the prefix AKIA marks long-term keys"),
        ("aws", "akiaq3egrt5lxpz7uw2k is not an access key id"),
        ("gcp", "key=AIzaSyXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX"),
        ("github", "GITHUB_TOKEN=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        ("github", "tokens start with ghp_ or github_pat_"),
        ("github", "github_token: ${{ secrets.GITHUB_TOKEN }}"),
        ("gitlab", "export GITLAB_TOKEN=glpat-xxxxxxxxxxxxxxxxxxxx"),
        ("gitlab", "glpat-<your token>"),
        ("slack", "SLACK_BOT_TOKEN=xoxb-abcdef-abcdef"),
        ("slack", "slack_token: xoxp-xxxxxxxxx-xxxx"),
        ("slack", "use a xoxb-your-token-here value"),
        ("stripe", "STRIPE_KEY=sk_test_xxxxxxxxxxxxxxxxxxxxxxxx"),
        ("stripe", "stripe_key = \"sk_live_...\""),
        ("stripe", "publishable key pk_live_51H8k2LmZ0pXv7RtY4nBw1CsJ9dFg3Ae5"),
        ("openai", "OPENAI_API_KEY=sk-..."),
        ("openai", "openai_api_key = \"sk-your-api-key-here\""),
        ("twilio", "Skip the SKU listing"),
        ("mailgun", "a key-value store"),
        ("sendgrid", "SG.example.com is the mail gateway"),
        ("vault", "this is a s.hortcut"),
        ("url", "postgres://app:${PGPASSWORD}@db.internal:5432/orders"),
        ("url", "https://user:password@example.invalid/"),
        ("url", "https://docs.example.org/api/authentication"),
        ("curl", "curl -u $USER:$TOKEN https://api.example.com"),
        ("curl", "curl -u user:password https://api.example.com"),
        ("curl", "curl -u \"xxx:yyy\" https://api.example.com"),
        ("header", "Authorization: Bearer <token>"),
        ("header", "curl -H \"Authorization: Bearer $API_KEY\" https://api.example.com"),
        ("header", "-H \"Authorization: Token **********\""),
        ("kubernetes", "apiVersion: v1\nkind: Secret\ndata:\n  extra: YmFyCg==\n  token: \"\"\n"),
        (
            "kubernetes",
            "kind: ExternalSecret\nspec:\n  data:\n    - secretKey: api-key\n      remoteRef:\n        key: prod-api\n",
        ),
    ];
    for (family, text) in cases {
        assert_kept(family, text);
    }
}

#[test]
fn generic_look_alikes_are_kept() {
    for text in [
        "KeyPair = X25519.KeyPair",
        // A list escaped by the Markdown writer is not a CSV row; an HTML list item is
        // not an XML value (both found by fuzzing).
        "<li>lBYWozWN_FXZqL5h0KUcXl_QAkxE84YDw0/edit?usp=sharing)</li>",
        "<a href=\"https:/www.dt.example.com/archives/C514ETYJX/p1596814746202600\">thread</a>",
        "<a href=\"https:!//docs.example.com/document/d/1s5posQ3kZ9xV7bN2mL8pR4tY6uW0eHc/edit#\">doc</a>",
        "<a href=\"httAps:n//github.com/example-org/cloud-platform/issues/3501\">#3501</a>",
        "<img src=\"i/Zx9Kq2mLp4Rt7Wv1Yb3Nc5Hd8Gf0Js6Ae.png\" alt=\"graph\">",
        "<a href=\"https:%EF%BF%BD%EF%BF%BDdocs.example.com/document/d/1ysz7KYjFrZ7YJ3QhyWQGvbgoPW8D0XHJpMgfJB6g2hc/edit#heading=h.ttkde0ugh32m\">doc</a>",
        "services: \\[checkout-api, payments\\] regions: \\[us-east-1\\]",
        "BlindKeySignatures = Ed25519.BlindKeySignatures",
        "key_length = XSalsa20.key_length",
        "api_key = \"your_api_key_here\"",
        "password: <token>",
        "token: ${GITHUB_TOKEN}",
        "secret = \"{{ .Values.secret }}\"",
        "API_KEY=xxxxxxxxxxxxxxxxxxxxxxxx",
        "password = \"********\"",
        "password: changeme",
        "auth_token = \"aaaaaaaaaaaaaaaaaaaaaaaa\"",
        "token = \"1234567890abcdef1234567890abcdef\"",
        "commit 70c7229f0bf735a0ebb5087eb3a232288d9a7cf6 fixed the leak",
        "sha256: 3f786850e387550fdab836ed7e6dc881de23001b3f786850e387550fdab836ed",
        "\"integrity\": \"sha512-v2kDEe57lecTulaDIuNTPy3Ry4gLGJ6Z1O3vE1krgXZNrsQ+LFTGHVxVjcXGOdVQoZ8vgsdYxOmvq6+7KVXHzQ==\"",
        "image: registry.example.net/api@sha256:4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945",
        "request_id: 123e4567-e89b-12d3-a456-426614174000",
        "trace_id=4bf92f3577b34da6a3ce929d0e0e4736",
        "clientId = \"73082700-1f09-405b-80d0-3131bfd6272d\"",
        "key_file: /etc/ssl/private/server.key",
        "token_url = \"https://oauth2.googleapis.com/token\"",
        "api_version: 2023-10-01",
        "secret_name: prod-db-credentials",
        "public_key = \"9Cnzj4p4WGeKLs1Pt8QuKUpRKfFLfRYC9AIKjbJTWit\"",
        "primary_key: customer_id_and_timestamp",
        "password_length = 32",
        "token_ttl: 3600s",
        "author = \"Jane Doe\"",
        "const apiKey = process.env.API_KEY;",
        "password = os.getenv(\"DB_PASSWORD\")",
        "token = request.headers.get(\"Authorization\")",
        "secret_key = settings.SECRET_KEY",
        "csrf_token = \"Mj2qykJO5rELyHgezQ69nzUX0i3OH67V7\"",
        "version = \"1.2.3-rc.1\"",
        "<password>${DB_PASS}</password>",
        "<add key=\"ClearTextPassword\" value=\"%NUGET_PASSWORD%\" />",
        "LLM_SECRET_NAME = \"NEXUS-GPT4-API-KEY\"",
        "\"bucket_key\": \"SalesResults-1.2\"",
        "GITHUB_API_KEY=\nDYNATRACE_API_KEY=",
        "The token was rotated at 10:42 UTC after the leak.",
        "We rotated the API key and the webhook secret.",
        "password reset emails were delayed by 14 minutes",
        "the key: rotation happened at 10:00",
        "[PM2019-009]: PM2019-009%20-%20Kubernetes%20network%20IP%20starvation.md",
        "The secret scanner flagged 12 false positives in build 20240314.5.",
        "<a href=\"#why-customer-9s-checkout-failed-first\" class=\"anchor\"></a>",
        "slack_channel: \"#inc-zebrafish-war-room\"",
        // A list of tags in compact JSON (JSON-LD keywords, an API): items, not `name,value`.
        "\"keywords\":[\"config\",\"rate-limiting\",\"api-gateway\",\"http-503\"]",
        "tags = [\"api-token\", \"secret-rotation\", \"http-503\"]",
        "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJkZXBsb3kifQ.Xk3fP9qLm2Rt7Vb4Nc8Yw1",
    ] {
        assert_kept("generic", text);
    }
}

/// One credential value in every assignment syntax the reader knows.
#[test]
fn assignments_in_every_syntax() {
    let v = "Zq8rT2vL9pXw4mK7nB3c";
    let cases = [
        format!("DB_PASSWORD={v}"),
        format!("export API_TOKEN=\"{v}\""),
        format!("API_TOKEN := {v}"),
        format!("API_TOKEN ::= \"{v}\""),
        format!("API_TOKEN :::= \"{v}\""),
        format!("API_TOKEN ?= \"{v}\""),
        format!("API_TOKEN += \"{v}\""),
        format!("$apiToken .= \"{v}\";"),
        format!("db:\n  password: {v}\n"),
        format!("db:\n  password: '{v}'\n"),
        format!("db:\n  password: |\n    {v}\n"),
        format!("{{\n  \"client_secret\": \"{v}\"\n}}"),
        format!("\\{{\\\"client_secret\\\": \\\"{v}\\\"\\}}"),
        format!("[database]\npassword = \"{v}\"\n"),
        format!("[auth]\nsecret={v}\n"),
        format!("<apiToken>{v}</apiToken>"),
        format!("<apiToken>\n    {v}\n</apiToken>"),
        format!("<add key=\"Password\" value=\"{v}\" />"),
        format!("<property name=\"db.password\" value=\"{v}\"/>"),
        format!("resource \"x\" \"y\" {{\n  admin_password = \"{v}\"\n}}"),
        format!("var apiToken string = \"{v}\""),
        format!("apiToken := `{v}`"),
        format!("private static final String API_KEY = \"{v}\";"),
        format!("string apiToken = \"{v}\";"),
        format!("val apiToken: String = \"{v}\""),
        format!("API_KEY = '{v}'"),
        format!("const apiKey = \"{v}\";"),
        format!("props.setProperty(\"mail.smtp.password\", \"{v}\");"),
        format!("os.environ[\"API_TOKEN\"] = \"{v}\""),
        format!("  \"apiToken\" => \"{v}\""),
        format!("apiToken,{v},"),
        format!("\"db_password\",\"{v}\""),
        format!("Authorization: Bearer {v}"),
        format!("curl -H \"X-Api-Key: {v}\" https://api.example.com/v1/jobs"),
        format!("The deploy password was {v} until we rotated it."),
        format!("DATADOG: \"{v}\""),
        format!("webhook_signing = \"{v}\""),
        format!("token = \"ab12.{v}.x9\""),
    ];
    for text in &cases {
        let hits = found(text);
        assert!(hits.len() == 1 && hits[0].contains(v), "{text:?} gave {hits:?}");
        let whole = hits[0];
        assert!(whole == v || whole == format!("ab12.{v}.x9"), "{text:?} gave {whole:?}");
    }
}

#[test]
fn headers_curl_urls_and_kubernetes_secrets() {
    let basic = "ZGVwbG95OlpxOHJUMnZMOXBYdzRt";
    assert_eq!(found(&format!("curl -H 'Authorization: Basic {basic}' https://x.example/api")), vec![basic]);
    assert_eq!(
        found("curl -s --user 'deploy:Zq8rT2vL9pXw' https://registry.example/v2/"),
        vec!["'deploy:Zq8rT2vL9pXw'"]
    );
    assert_eq!(
        found("curl -X POST https://registry.example/v2/ \\\n  -u deploy:Zq8rT2vL9pXw"),
        vec!["deploy:Zq8rT2vL9pXw"]
    );
    assert_eq!(found("DATABASE_URL=postgres://orders:Zq8rT2vL9p@db.internal:5432/orders"), vec!["orders:Zq8rT2vL9p"]);
    let yaml = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ntype: Opaque\ndata:\n  username: YWRtaW5pc3RyYXRvcg==\n  password: c3VwZXJzZWNyZXRwYXNzd29yZDEyMw==\n";
    assert_eq!(found(yaml), vec!["YWRtaW5pc3RyYXRvcg==", "c3VwZXJzZWNyZXRwYXNzd29yZDEyMw=="]);
    let before =
        "apiVersion: v1\ndata:\n  .dockercfg: |\n    eyJhdXRocyI6eyJyZWdpc3RyeS5leGFtcGxlIjp7fX19\nkind: Secret\n";
    assert_eq!(found(before), vec!["eyJhdXRocyI6eyJyZWdpc3RyeS5leGFtcGxlIjp7fX19"]);
    // A link's URL is not a secret, but a credential in its query or user info still is.
    assert_eq!(
        found("<a href=\"https://api.example.net/v1/export?api_key=Zx9Kq2mLp4Rt7Wv1Yb3Nc5Hd8Gf0Js6Ae\">export</a>"),
        vec!["Zx9Kq2mLp4Rt7Wv1Yb3Nc5Hd8Gf0Js6Ae"]
    );
    assert_eq!(
        found("<a href=\"https://deploy:Zq8rT2vL9pXw@registry.example/v2/\">registry</a>"),
        vec!["deploy:Zq8rT2vL9pXw"]
    );
}

#[test]
fn unnamed_high_entropy_values_are_found() {
    // No credential word in the name, but the value is long and random.
    let v = "k8Hq2LmZ0pXv7RtY4nBw1CsJ9dFg3Ae5";
    assert_eq!(found(&format!("UPSTREAM_VALUE = \"{v}\"")), vec![v]);
    // A short or word-like value under such a name is not.
    assert!(found("UPSTREAM_VALUE = \"primary-eu-west-1\"").is_empty());
}
