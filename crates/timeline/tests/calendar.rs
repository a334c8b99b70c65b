//! Calendar correctness of the axis in a real zone (Europe/Paris), and sensible ticks for
//! incidents of minutes and of weeks.

mod common;

use common::*;
use debrief_timeline::*;
use jiff::Timestamp;
use jiff::civil::date;

fn ts(s: &str) -> i64 {
    s.parse::<Timestamp>().expect("timestamp").as_second()
}

#[test]
fn month_ticks_land_on_the_first_at_local_midnight_in_paris() {
    let tz = zone("Europe/Paris");
    let scale = TimeScale::new(ts("2024-01-15T00:00:00Z"), ts("2025-12-15T00:00:00Z"), 2000.0);
    let (step, ticks) = axis_ticks(&scale, &tz, 7.0);
    assert_eq!(step, TickStep::Months(1));
    assert!(ticks.len() >= 20, "{}", ticks.len());
    for t in &ticks {
        let dt = jzone("Europe/Paris").to_datetime(Timestamp::from_second(t.at).expect("ts"));
        assert_eq!((dt.day(), dt.hour(), dt.minute()), (1, 0, 0), "{t:?}");
        assert_eq!(t.major, dt.month() == 1);
    }
    assert_eq!(ticks[0].label, "Feb 2024");
    // Midnight in Paris is 23:00Z in winter and 22:00Z in summer.
    assert_eq!(ticks[0].at, ts("2024-01-31T23:00:00Z"));
    let june = ticks.iter().find(|t| t.label == "Jun 2024").expect("June");
    assert_eq!(june.at, ts("2024-05-31T22:00:00Z"));
}

#[test]
fn a_dst_day_spans_23_hours_and_the_autumn_one_25() {
    let tz = zone("Europe/Paris");
    let scale = TimeScale::new(ts("2025-03-26T00:00:00Z"), ts("2025-04-03T00:00:00Z"), 600.0);
    let (step, ticks) = axis_ticks(&scale, &tz, 7.0);
    assert_eq!(step, TickStep::Days(1));
    let sun = ticks.iter().position(|t| t.label == "Sun 30").expect("Sun 30");
    assert_eq!(ticks[sun + 1].label, "Mon 31");
    assert_eq!(ticks[sun + 1].at - ticks[sun].at, 23 * 3600);
    assert_eq!(ticks[sun].at - ticks[sun - 1].at, 24 * 3600);
    assert_eq!(ticks[sun + 2].label, "Apr 2025", "the 1st is major with the month");
    assert!(ticks[sun + 2].major);

    let scale = TimeScale::new(ts("2025-10-22T00:00:00Z"), ts("2025-10-30T00:00:00Z"), 600.0);
    let (_, ticks) = axis_ticks(&scale, &tz, 7.0);
    let sun = ticks.iter().position(|t| t.label == "Sun 26").expect("Sun 26");
    assert_eq!(ticks[sun + 1].at - ticks[sun].at, 25 * 3600);
}

#[test]
fn hour_ticks_skip_the_missing_hour_on_the_spring_dst_night() {
    let tz = zone("Europe/Paris");
    // 2025-03-30 00:00 to 06:00 Paris time (23:00Z to 04:00Z).
    let scale = TimeScale::new(ts("2025-03-29T23:00:00Z"), ts("2025-03-30T04:00:00Z"), 300.0);
    let (step, ticks) = axis_ticks(&scale, &tz, 7.0);
    assert_eq!(step, TickStep::Hours(1));
    let labels: Vec<&str> = ticks.iter().map(|t| t.label.as_str()).collect();
    assert_eq!(labels, vec!["Sun 30", "01:00", "03:00", "04:00", "05:00"]);
    assert!(ticks[0].major);
    for w in ticks.windows(2) {
        assert_eq!(w[1].at - w[0].at, 3600);
    }
}

#[test]
fn week_ticks_are_mondays_and_year_ticks_january_firsts() {
    let tz = zone("Europe/Paris");
    let scale = TimeScale::new(ts("2025-01-01T00:00:00Z"), ts("2025-04-01T00:00:00Z"), 700.0);
    let (step, ticks) = axis_ticks(&scale, &tz, 7.0);
    assert_eq!(step, TickStep::Week);
    for t in &ticks {
        let dt = jzone("Europe/Paris").to_datetime(Timestamp::from_second(t.at).expect("ts"));
        assert_eq!(dt.weekday(), jiff::civil::Weekday::Monday);
        assert_eq!((dt.hour(), dt.minute()), (0, 0));
    }
    assert_eq!(ticks[0].label, "Jan 6");

    let scale = TimeScale::new(ts("2001-06-01T00:00:00Z"), ts("2025-06-01T00:00:00Z"), 1000.0);
    let (step, ticks) = axis_ticks(&scale, &tz, 7.0);
    assert_eq!(step, TickStep::Years(1));
    assert_eq!(ticks[0].label, "2002");
    assert_eq!(
        ticks[0].at,
        date(2002, 1, 1).to_zoned_datetime(jzone("Europe/Paris")).expect("z").timestamp().as_second()
    );
    assert!(ticks.iter().find(|t| t.label == "2010").expect("2010").major);
    assert!(!ticks.iter().find(|t| t.label == "2011").expect("2011").major);
}

#[test]
fn every_rung_of_the_ladder_is_reachable() {
    let mut seen = Vec::new();
    let mut span = 120i64;
    while span < 400 * 365 * 86_400 {
        let scale = TimeScale::new(ts("1990-01-01T00:00:00Z"), ts("1990-01-01T00:00:00Z") + span, 800.0);
        let step = choose_step(&scale, 7.0);
        if !seen.contains(&step) {
            seen.push(step);
        }
        span = span * 11 / 10;
    }
    assert_eq!(seen, LADDER.to_vec());
}

#[test]
fn minutes_long_and_weeks_long_incidents_get_sensible_ticks() {
    let tz = zone("Europe/Paris");
    let short = Incident {
        started: T0,
        detected: Some(T0 + 120),
        mitigated: Some(T0 + 300),
        resolved: Some(T0 + 540),
        events: vec![Event { at: T0 + 60, label: "Alert".into(), text: "Alert fired".into() }],
    };
    let scene = layout_incident(&short, &tz, &IncidentOptions::new(T0 + 10_000, 720.0));
    assert_eq!(scene.step, TickStep::Minutes(1));
    assert!(scene.ticks.len() >= 5, "{:?}", scene.ticks);
    assert!(scene.ticks.iter().all(|t| t.label.contains(':') || t.label.contains(' ')));

    let long = Incident {
        started: T0,
        detected: Some(T0 + 2 * 86_400),
        mitigated: Some(T0 + 10 * 86_400),
        resolved: Some(T0 + 21 * 86_400),
        events: vec![],
    };
    let scene = layout_incident(&long, &tz, &IncidentOptions::new(T0, 720.0));
    assert!(matches!(scene.step, TickStep::Days(_) | TickStep::Week), "{:?}", scene.step);
    assert!(scene.ticks.len() >= 3);
    for t in &scene.ticks {
        let dt = jzone("Europe/Paris").to_datetime(Timestamp::from_second(t.at).expect("ts"));
        assert_eq!((dt.hour(), dt.minute()), (0, 0), "day ticks at local midnight");
    }
}
