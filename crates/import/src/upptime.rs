//! Upptime: its incidents are GitHub issues, as the REST API returns them
//! (`GET /repos/OWNER/REPO/issues?state=all&labels=status`): `number`, `title`
//! (`🛑 Example Site is down`), `body` (Markdown), `state`, `created_at`, `closed_at`,
//! `labels` (`status` and the site's slug), `html_url`.
//!
//! Comments come either inside each issue, as a `comments` array of comment objects
//! (`{"body", "created_at"}`; GitHub's own `comments` count is ignored), or in a second
//! file of comment objects as `GET /repos/OWNER/REPO/issues/comments` returns them,
//! matched to their issue by `issue_url` (or `issue_number`). The source may also be
//! `{"issues": […], "comments": […]}` or a search result (`{"items": […]}`).

use crate::error::{ImportError, parse_json};
use crate::html::from_markdown;
use crate::json_str;
use crate::model::{Format, Incident, Parsed, Skipped, State, Update, order_facts};
use crate::time;
use jiff::tz::TimeZone;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

/// Labels Upptime sets that are not a site.
const OWN_LABELS: &[&str] = &["status", "maintenance"];

/// Reads Upptime issues from `text`, with comments from `comments` (a second file) when
/// given. Times are shown in `zone`.
pub fn parse(file: &Path, text: &str, comments: Option<(&Path, &str)>, zone: &TimeZone) -> Result<Parsed, ImportError> {
    let root = parse_json(file, text)?;
    let shape_error = || ImportError::Shape {
        file: file.to_path_buf(),
        message: "no issues found: expected a JSON array of GitHub issues, `{\"issues\": […]}` or `{\"items\": […]}`"
            .into(),
        hint: "save the output of `gh api --paginate 'repos/OWNER/REPO/issues?state=all&labels=status'`".into(),
    };
    let (issues, inline_comments): (Vec<&Value>, Vec<&Value>) = match &root {
        Value::Array(items) => (items.iter().collect(), Vec::new()),
        Value::Object(map) => {
            let list = map.get("issues").or_else(|| map.get("items")).and_then(Value::as_array);
            match list {
                Some(items) => (
                    items.iter().collect(),
                    map.get("comments").and_then(Value::as_array).map(|c| c.iter().collect()).unwrap_or_default(),
                ),
                None if map.contains_key("number") && map.contains_key("title") => (vec![&root], Vec::new()),
                None => return Err(shape_error()),
            }
        }
        _ => return Err(shape_error()),
    };
    let extra_root = match comments {
        Some((path, text)) => Some(parse_json(path, text)?),
        None => None,
    };
    let mut by_issue: BTreeMap<u64, Vec<&Value>> = BTreeMap::new();
    let external =
        extra_root.as_ref().and_then(|r| r.as_array().or_else(|| r.get("comments").and_then(Value::as_array)));
    if let Some((path, _)) = comments
        && external.is_none()
    {
        return Err(ImportError::Shape {
            file: path.to_path_buf(),
            message: "expected a JSON array of GitHub issue comments".into(),
            hint: "save the output of `gh api --paginate repos/OWNER/REPO/issues/comments`".into(),
        });
    }
    for comment in external.into_iter().flatten().chain(inline_comments) {
        if let Some(number) = comment_issue(comment) {
            by_issue.entry(number).or_default().push(comment);
        }
    }
    let any_status = issues.iter().any(|i| has_label(i, "status"));
    let name = file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let mut parsed = Parsed::default();
    for (index, issue) in issues.iter().enumerate() {
        let origin = format!("{name}: [{index}]");
        if !issue.is_object() {
            parsed.skipped.push(Skipped { origin, reason: "not an issue object".into() });
            continue;
        }
        if issue.get("pull_request").is_some_and(|p| !p.is_null()) {
            parsed.skipped.push(Skipped { origin, reason: "a pull request".into() });
            continue;
        }
        if any_status && !OWN_LABELS.iter().any(|l| has_label(issue, l)) {
            parsed.skipped.push(Skipped { origin, reason: "not an Upptime status issue (no `status` label)".into() });
            continue;
        }
        let number = issue.get("number").and_then(Value::as_u64);
        let attached = number.and_then(|n| by_issue.get(&n)).cloned().unwrap_or_default();
        match incident(issue, &attached, &origin, zone) {
            Ok(incident) => parsed.incidents.push(incident),
            Err(reason) => parsed.skipped.push(Skipped { origin, reason }),
        }
    }
    Ok(parsed)
}

/// The issue number a comment of the repository-wide list belongs to.
fn comment_issue(comment: &Value) -> Option<u64> {
    if let Some(n) = comment.get("issue_number").and_then(Value::as_u64) {
        return Some(n);
    }
    let url = json_str(comment, "issue_url").or_else(|| json_str(comment, "html_url"))?;
    let tail = url.split("/issues/").nth(1)?;
    tail.split(['#', '/', '?']).next()?.parse().ok()
}

fn label_names(issue: &Value) -> Vec<String> {
    issue
        .get("labels")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|l| match l {
            Value::String(s) => Some(s.trim().to_string()),
            other => json_str(other, "name").map(str::to_string),
        })
        .filter(|l| !l.is_empty())
        .collect()
}

fn has_label(issue: &Value, wanted: &str) -> bool {
    label_names(issue).iter().any(|l| l.eq_ignore_ascii_case(wanted))
}

fn incident(issue: &Value, attached: &[&Value], origin: &str, zone: &TimeZone) -> Result<Incident, String> {
    let title =
        json_str(issue, "title").map(|t| t.split_whitespace().collect::<Vec<_>>().join(" ")).ok_or("no `title`")?;
    let at = |v: &Value, key: &str| json_str(v, key).and_then(|t| time::parse(t, zone));
    let started = at(issue, "created_at").ok_or("no readable `created_at`")?;
    let closed = at(issue, "closed_at");
    let state = match json_str(issue, "state").map(str::to_ascii_lowercase).as_deref() {
        Some("open") => State::Ongoing,
        Some("closed") => State::Resolved,
        _ if closed.is_some() => State::Resolved,
        _ => State::Unstated,
    };
    let labels = label_names(issue);
    let lower = title.to_lowercase();
    let level = if labels.iter().any(|l| l.eq_ignore_ascii_case("maintenance")) {
        "maintenance"
    } else if lower.contains("degraded") || lower.contains("slow") || title.contains('⚠') || title.contains('🟨') {
        "degraded"
    } else {
        "down"
    };
    let services: Vec<String> =
        labels.into_iter().filter(|l| !OWN_LABELS.iter().any(|own| own.eq_ignore_ascii_case(l))).collect();
    let mut problems = Vec::new();
    let opening = match level {
        "maintenance" => "Maintenance",
        "degraded" => "Degraded",
        _ => "Down",
    };
    let mut updates = vec![Update {
        at: started,
        status: Some(opening.into()),
        body: from_markdown(json_str(issue, "body").unwrap_or("")),
    }];
    let inline = issue.get("comments").and_then(Value::as_array).into_iter().flatten();
    let mut comments: Vec<&Value> = inline.chain(attached.iter().copied()).collect();
    // The same comment may come inline and from the comments file.
    let mut seen = std::collections::BTreeSet::new();
    comments.retain(|c| c.get("id").and_then(Value::as_u64).is_none_or(|id| seen.insert(id)));
    for (i, comment) in comments.iter().enumerate() {
        let Some(when) = at(comment, "created_at") else {
            problems.push(format!("comment {i} has no readable `created_at`; left out"));
            continue;
        };
        // A comment says its own status (`**Resolved:** … is back up`): no label added.
        let body = from_markdown(json_str(comment, "body").unwrap_or(""));
        updates.push(Update { at: when, status: None, body });
    }
    let id = issue
        .get("number")
        .and_then(Value::as_u64)
        .map(|n| n.to_string())
        .or_else(|| json_str(issue, "id").map(str::to_string))
        .or_else(|| issue.get("id").and_then(Value::as_u64).map(|n| n.to_string()))
        .ok_or("no `number`")?;
    let mut extra = BTreeMap::new();
    if let Some(url) = json_str(issue, "html_url") {
        extra.insert("issue".to_string(), url.to_string());
    }
    let mut incident = Incident {
        format: Format::Upptime,
        id,
        origin: origin.to_string(),
        title,
        level: level.to_string(),
        started,
        detected: None,
        mitigated: None,
        resolved: if state == State::Ongoing { None } else { closed },
        state,
        services,
        updates,
        postmortem: None,
        notes: None,
        extra,
        zone: zone.clone(),
        problems,
    };
    order_facts(&mut incident);
    Ok(incident)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ISSUES: &str = r#"[
      {"number": 12, "title": "🛑 Example Site is down", "state": "closed", "created_at": "2024-02-01T10:00:00Z", "closed_at": "2024-02-01T10:30:00Z",
       "html_url": "https://github.com/acme/status/issues/12", "comments": 1,
       "labels": [{"name": "status"}, {"name": "example-site"}], "body": "In [`abc1234`](https://github.com/acme/status/commit/abc1234), Example Site was **down**:\n- HTTP code: 0\n- Response time: 0 ms\n"},
      {"number": 13, "title": "⚠️ API has degraded performance", "state": "open", "created_at": "2024-02-02T10:00:00Z", "closed_at": null,
       "labels": ["status", "api"], "body": null,
       "comments": [{"id": 7, "body": "Still slow.", "created_at": "2024-02-02T10:20:00Z"}]},
      {"number": 14, "title": "Bug in the README", "state": "open", "created_at": "2024-02-03T10:00:00Z", "labels": []},
      {"number": 15, "title": "PR", "pull_request": {"url": "x"}, "created_at": "2024-02-03T10:00:00Z", "labels": ["status"]}
    ]"#;

    #[test]
    fn reads_issues_with_comments_from_a_second_file() {
        let comments = r#"[{"id": 1, "issue_url": "https://api.github.com/repos/acme/status/issues/12", "created_at": "2024-02-01T10:30:00Z",
            "body": "**Resolved:** Example Site is back up in [`def5678`](https://github.com/acme/status/commit/def5678)."}]"#;
        let parsed =
            parse(Path::new("issues.json"), ISSUES, Some((Path::new("comments.json"), comments)), &TimeZone::UTC)
                .expect("parses");
        assert_eq!(parsed.incidents.len(), 2);
        assert_eq!(parsed.skipped.len(), 2);
        let down = &parsed.incidents[0];
        assert_eq!((down.id.as_str(), down.level.as_str(), down.state), ("12", "down", State::Resolved));
        assert_eq!(down.services, ["example-site"]);
        assert_eq!(down.resolved.map(|t| t.to_string()).as_deref(), Some("2024-02-01T10:30:00Z"));
        assert_eq!(down.updates.len(), 2);
        assert!(down.updates[1].body.starts_with("**Resolved:**"));
        assert_eq!(down.extra["issue"], "https://github.com/acme/status/issues/12");
        let slow = &parsed.incidents[1];
        assert_eq!((slow.level.as_str(), slow.state, slow.resolved), ("degraded", State::Ongoing, None));
        assert_eq!(slow.updates.iter().map(|u| u.body.as_str()).collect::<Vec<_>>(), ["", "Still slow."]);
    }

    #[test]
    fn refuses_other_shapes() {
        assert!(matches!(
            parse(Path::new("i.json"), "{\"x\":1}", None, &TimeZone::UTC),
            Err(ImportError::Shape { .. })
        ));
        let err = parse(Path::new("i.json"), "[]", Some((Path::new("c.json"), "[1,")), &TimeZone::UTC).unwrap_err();
        assert!(matches!(err, ImportError::Json { ref file, .. } if file == Path::new("c.json")), "{err:?}");
    }
}
