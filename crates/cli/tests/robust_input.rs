//! Hostile and careless input end to end: text that once crashed the parser, typo'd front
//! matter keys, and floods of one warning. Every run must exit 0, 1 or 2 with the problem
//! named, never panic.

mod common;

use common::*;

fn timeline_postmortem(title: &str, started: &str, timeline: &str) -> String {
    postmortem(
        title,
        "SEV2",
        started,
        "resolved: 2025-03-14T11:00:00Z\n",
        &format!("## Summary\n\nCheckout failed for shoppers in the EU for two hours.\n\n## Timeline\n\n{timeline}"),
    )
}

/// `09:12+01:0é` once cut a string inside `é` while looking for a `+01:00` offset, and
/// `09:12-é:—` inside `—` (issue 11): both `check` and `build` exited 101.
#[test]
fn multi_byte_characters_after_a_timeline_time_do_not_crash() {
    let site = Site::new();
    site.write(
        "content/eu-checkout.md",
        timeline_postmortem(
            "EU checkout failures",
            "2025-03-14T09:00:00Z",
            "- 09:12+01:0é it broke\n- 09:40 rolled back the payment gateway\n",
        ),
    );
    site.write(
        "content/payment-retries.md",
        timeline_postmortem(
            "Payment retries stalled",
            "2025-03-14T08:00:00Z",
            "- 09:12-é:— retries queued\n- 09:50 queue drained\n",
        ),
    );
    let check = site.check(&[]);
    check.expect(0);
    assert!(check.errors().is_empty(), "{}", check.stderr);
    site.build(&[]).expect(0);
    let page = site.read_public("incidents/eu-checkout/index.html");
    assert!(page.contains("it broke"), "the event is published");
    assert!(page.contains("rolled back the payment gateway"), "the next event is published");
    let page = site.read_public("incidents/payment-retries/index.html");
    assert!(page.contains("retries queued"), "the event is published");
}
