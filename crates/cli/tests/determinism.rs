//! Two builds of the same input are byte-identical, whatever the site root's location, the
//! output folder or the number of worker threads.

mod common;

use common::*;

#[test]
fn two_builds_of_the_same_input_are_byte_identical() {
    let first = Site::example();
    let second = Site::example();
    // A few extra shapes the example lacks: TOML front matter, a bundle, many facets, and
    // several incidents starting at the same instant (ordering ties).
    for site in [&first, &second] {
        for (i, name) in ["zeta", "alpha", "mu", "beta"].iter().enumerate() {
            site.write(
                &format!("content/ties/{name}.md"),
                postmortem(
                    &format!("Same-instant incident {name}"),
                    ["SEV1", "SEV2", "SEV3", "SEV4"][i],
                    "2025-05-05T05:05:00Z",
                    &format!(
                        "resolved: 2025-05-05T06:0{i}:00Z\nservices: [svc-{name}, shared]\ntags: [t{i}, common]\n"
                    ),
                    "## Summary\n\nTied start.\n",
                ),
            );
        }
    }
    let out_a = first.path("out-a");
    let out_b = second.path("elsewhere/out-b");
    let a = first.build(&["--out", out_a.to_str().unwrap()]);
    a.expect(0);
    let b = run_with_env(
        second.root(),
        &["build", "--root", second.root().to_str().unwrap(), "--out", out_b.to_str().unwrap()],
        &[("RAYON_NUM_THREADS", "1")],
    );
    b.expect(0);
    let (snap_a, snap_b) = (snapshot(&out_a), snapshot(&out_b));
    assert!(snap_a.len() > 50, "a real site was built: {} files", snap_a.len());
    assert_same_tree(&snap_a, &snap_b);
    // Nothing in the output may name where it was built.
    for snap_root in [first.root(), second.root()] {
        let needle = snap_root.to_str().unwrap();
        assert!(files_containing(&out_a, needle).is_empty() && files_containing(&out_b, needle).is_empty());
    }
}

#[test]
fn rebuilding_in_place_gives_the_same_bytes() {
    let site = Site::example();
    site.build(&[]).expect(0);
    let before = snapshot(&site.public());
    site.build(&[]).expect(0);
    assert_same_tree(&before, &snapshot(&site.public()));
    assert!(site.leftovers().is_empty(), "staging folders left: {:?}", site.leftovers());
}
