//! The learner's dashboard as lines of text: the app draws it, and
//! `iamtutor progress show` prints it.

use crate::content::course::Course;
use crate::content::words::plural;
use crate::learn::progress::{LabState, Progress};
use crate::learn::review;

/// The dashboard for `today` (days since 1970-01-01).
pub fn lines(course: &Course, p: &Progress, today: i64) -> Vec<String> {
    let t = p.totals(course);
    let mut out = Vec::new();
    out.push(format!(
        "{}/{} lessons done · {}/{} scenes read · {}/{} labs solved",
        t.lessons_done, t.lessons, t.scenes_seen, t.scenes, t.labs_solved, t.labs
    ));
    let due = review::due(&p.review, today).len();
    out.push(format!(
        "streak: {} · review: {} due of {} · interviews practised: {}",
        plural(p.streak(today), "day"),
        plural(due, "card"),
        p.review.len(),
        p.interviews.len()
    ));
    out.push(String::new());
    out.push(" #  lesson                                    scenes  checkpoint".into());
    for l in &course.lessons {
        let seen = p.seen(&l.id).min(l.scenes.len());
        let best = p
            .lessons
            .get(&l.id)
            .and_then(|x| x.best)
            .map_or("-".to_string(), |(r, o)| format!("{r}/{o}"));
        let title: String = l.title.chars().take(40).collect();
        out.push(format!(
            "{:>2}  {title:<40}  {:>6}  {best}",
            l.number,
            format!("{seen}/{}", l.scenes.len())
        ));
    }
    out.push(String::new());
    out.push("labs".into());
    for (_, lab) in course.labs() {
        let mark = match p.lab_state(&lab.id) {
            LabState::NotStarted => "○ to do  ",
            LabState::Started => "◐ started",
            LabState::Solved => "✓ solved ",
            LabState::SolvedPar => "★ par    ",
        };
        let extra = p
            .labs
            .get(&lab.id)
            .filter(|l| l.solved)
            .map_or(String::new(), |l| {
                let mut s = format!(" ({}", plural(l.hints, "hint"));
                if l.solution_shown {
                    s.push_str(", solution shown");
                }
                s + ")"
            });
        out.push(format!("  {mark} {}{extra}", lab.title));
    }
    if !p.topics.is_empty() {
        out.push(String::new());
        out.push("quiz accuracy by topic".into());
        for (topic, s) in &p.topics {
            // Bounded as a file can't be trusted to be: at most 100%.
            let pct = (s.right.min(s.answered).saturating_mul(100))
                .checked_div(s.answered)
                .unwrap_or(0);
            out.push(format!(
                "  {topic:<16} {:>3}/{:<3} {pct:>3}% {}",
                s.right,
                s.answered,
                "█".repeat(pct / 10)
            ));
        }
    }
    if let Some(last) = p.interviews.last() {
        out.push(String::new());
        out.push(format!(
            "last interview: {} of {} answered well{}",
            last.strong,
            last.asked,
            if last.weak_topics.is_empty() {
                String::new()
            } else {
                format!("; weak: {}", last.weak_topics.join(", "))
            }
        ));
    }
    out
}
