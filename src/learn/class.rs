//! A teacher's class report: several learners' exported progress side by
//! side: who finished what, and which questions the class missed most.
//! Pure: the binary reads the files and hands over what they hold.

use std::collections::BTreeMap;

use unicode_width::UnicodeWidthStr;

use crate::content::course::Course;
use crate::learn::progress::{LabState, Progress};
use crate::learn::review::CardKind;

/// One learner's progress, under the name the report gives them.
#[derive(Debug, Clone)]
pub struct Learner {
    pub name: String,
    pub progress: Progress,
}

/// One row of the learner table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub name: String,
    /// Lessons with every scene seen and the checkpoint taken.
    pub lessons_done: usize,
    /// Checkpoints taken at least once.
    pub checkpoints: usize,
    /// The best checkpoint scores added up: right, out of.
    pub right: usize,
    pub of: usize,
    pub labs_solved: usize,
    /// The best checkpoint score by lesson, in course order.
    pub best: Vec<Option<(usize, usize)>>,
}

/// A question some learners answered wrong at least once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Missed {
    pub id: String,
    /// The question's prompt, when the course still has the question.
    pub prompt: Option<String>,
    /// Who missed it, in the table's order.
    pub learners: Vec<String>,
    /// How many learners answered it at all.
    pub answered: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub lessons: Vec<(u32, String)>,
    pub labs: usize,
    pub rows: Vec<Row>,
    /// Most missed first; ties by question id.
    pub missed: Vec<Missed>,
    /// Any learner's file records answers by question (files from before
    /// such records were kept have none).
    pub has_answers: bool,
}

/// Names for the table: each file's learner, or, where two files name the
/// same learner, the file's name (its path when even those clash). Takes
/// (learner, file name, path) for each file.
pub fn names(files: &[(String, String, String)]) -> Vec<String> {
    let count = |pick: &dyn Fn(&(String, String, String)) -> &String, value: &String| {
        files.iter().filter(|f| pick(f) == value).count()
    };
    files
        .iter()
        .map(|f| {
            if count(&|f| &f.0, &f.0) == 1 {
                f.0.clone()
            } else if count(&|f| &f.1, &f.1) == 1 {
                f.1.clone()
            } else {
                f.2.clone()
            }
        })
        .collect()
}

/// The report over `learners`, against `course`.
pub fn report(course: &Course, learners: &[Learner]) -> Report {
    let mut rows = Vec::new();
    let mut missed: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    let mut answered: BTreeMap<&str, usize> = BTreeMap::new();
    let mut has_answers = false;
    for l in learners {
        let p = &l.progress;
        let totals = p.totals(course);
        let best: Vec<Option<(usize, usize)>> = course
            .lessons
            .iter()
            .map(|lesson| p.lessons.get(&lesson.id).and_then(|x| x.best))
            .collect();
        let taken = best.iter().flatten();
        rows.push(Row {
            name: l.name.clone(),
            lessons_done: totals.lessons_done,
            checkpoints: taken.clone().count(),
            right: taken.clone().map(|b| b.0).sum(),
            of: taken.map(|b| b.1).sum(),
            labs_solved: course
                .labs()
                .filter(|(_, lab)| {
                    matches!(p.lab_state(&lab.id), LabState::Solved | LabState::SolvedPar)
                })
                .count(),
            best,
        });
        // A question's review card also says it was once answered wrong
        // (files from before answers were kept by question have those).
        let mut wrong: BTreeMap<&str, bool> = p
            .questions
            .iter()
            .map(|(id, r)| (id.as_str(), r.wrong > 0))
            .collect();
        for card in p.review.values() {
            if let CardKind::Question(id) = &card.kind {
                wrong.insert(id, true);
            }
        }
        has_answers |= !wrong.is_empty();
        for (id, wrong) in wrong {
            *answered.entry(id).or_default() += 1;
            if wrong {
                missed.entry(id).or_default().push(l.name.clone());
            }
        }
    }
    let prompt = |id: &str| {
        course
            .lessons
            .iter()
            .flat_map(|l| &l.checkpoint)
            .find(|q| q.id == id)
            .map(|q| q.prompt.clone())
            // A drill's question, made again from its id.
            .or_else(|| super::drill::by_id(id).map(|g| g.question.prompt))
    };
    let mut missed: Vec<Missed> = missed
        .into_iter()
        .map(|(id, learners)| Missed {
            id: id.to_string(),
            prompt: prompt(id),
            learners,
            answered: answered[id],
        })
        .collect();
    // Missed by most first; of those, by fewest answering (the larger
    // share); stable, so ties stay in id order.
    missed.sort_by_key(|m| (std::cmp::Reverse(m.learners.len()), m.answered));
    Report {
        lessons: course
            .lessons
            .iter()
            .map(|l| (l.number, l.id.clone()))
            .collect(),
        labs: course.labs().count(),
        rows,
        missed,
        has_answers,
    }
}

fn percent(right: usize, of: usize) -> Option<usize> {
    (right * 100).checked_div(of)
}

/// `text` on one line, at most `max` columns, cut with `…`.
pub fn shorten(text: &str, max: usize) -> String {
    let one: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one.width() <= max {
        return one;
    }
    let mut out = String::new();
    for c in one.chars() {
        if out.width() + 1 >= max {
            break;
        }
        out.push(c);
    }
    out.trim_end().to_string() + "…"
}

/// Pads `s` to `w` columns.
fn pad(s: &str, w: usize) -> String {
    format!("{s}{}", " ".repeat(w.saturating_sub(s.width())))
}

/// The report for people: the learner table, then the questions the class
/// missed most (at most `top` of them).
pub fn to_text(r: &Report, top: usize) -> String {
    let mut out = String::new();
    let n = r.rows.len();
    out.push_str(&format!(
        "Class report: {n} learner{} · {} lessons, {} labs in the course\n\n",
        if n == 1 { "" } else { "s" },
        r.lessons.len(),
        r.labs
    ));
    let header = [
        "learner",
        "lessons done",
        "checkpoints",
        "best scores",
        "labs solved",
    ];
    let cells: Vec<[String; 5]> = r
        .rows
        .iter()
        .map(|row| {
            let score = match percent(row.right, row.of) {
                Some(p) => format!("{}/{} ({p}%)", row.right, row.of),
                None => "-".to_string(),
            };
            [
                row.name.clone(),
                format!("{}/{}", row.lessons_done, r.lessons.len()),
                format!("{}/{}", row.checkpoints, r.lessons.len()),
                score,
                format!("{}/{}", row.labs_solved, r.labs),
            ]
        })
        .collect();
    let mut widths = header.map(UnicodeWidthStr::width);
    for c in &cells {
        for (i, cell) in c.iter().enumerate() {
            widths[i] = widths[i].max(cell.width());
        }
    }
    let line = |cells: &[String]| {
        let parts: Vec<String> = cells
            .iter()
            .enumerate()
            .map(|(i, c)| pad(c, widths[i]))
            .collect();
        parts.join("  ").trim_end().to_string() + "\n"
    };
    out.push_str(&line(&header.map(String::from)));
    out.push_str(&line(&widths.map(|w| "─".repeat(w))));
    for c in &cells {
        out.push_str(&line(c));
    }
    out.push_str(
        "\n(lessons done: every scene seen and the checkpoint taken; best scores: \
         each checkpoint's best, added up)\n",
    );
    out.push_str("\nQuestions the class missed most (missed by how many of those who answered)\n");
    if r.missed.is_empty() {
        out.push_str(if r.has_answers {
            "  none: every answer recorded was right\n"
        } else {
            "  no answers by question in these files (nobody has taken a checkpoint \
             yet, or the files come from an older iamtutor)\n"
        });
        return out;
    }
    for m in r.missed.iter().take(top) {
        let prompt = m.prompt.as_deref().map_or_else(
            || "(no longer in the course)".to_string(),
            |p| shorten(p, 60),
        );
        let lead = format!("  {:>2} of {:<2}  ", m.learners.len(), m.answered);
        out.push_str(&format!("{lead}{}  {prompt}\n", m.id));
        out.push_str(&format!(
            "{}missed by {}\n",
            " ".repeat(lead.width()),
            m.learners.join(", ")
        ));
    }
    if r.missed.len() > top {
        out.push_str(&format!("  and {} more\n", r.missed.len() - top));
    }
    out
}

/// One CSV field, quoted when it must be (RFC 4180).
pub fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// The learner table as CSV, with each lesson's best score in per cent.
pub fn to_csv(r: &Report) -> String {
    let mut header: Vec<String> = [
        "learner",
        "lessons_done",
        "lessons",
        "checkpoints_taken",
        "best_right",
        "best_of",
        "labs_solved",
        "labs",
    ]
    .map(String::from)
    .to_vec();
    for (number, id) in &r.lessons {
        header.push(format!("lesson_{number}_{id}_percent"));
    }
    let mut out = String::new();
    let mut push = |fields: Vec<String>| {
        let f: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        out.push_str(&f.join(","));
        out.push('\n');
    };
    push(header);
    for row in &r.rows {
        let mut fields = vec![
            row.name.clone(),
            row.lessons_done.to_string(),
            r.lessons.len().to_string(),
            row.checkpoints.to_string(),
            row.right.to_string(),
            row.of.to_string(),
            row.labs_solved.to_string(),
            r.labs.to_string(),
        ];
        for best in &row.best {
            fields.push(
                best.and_then(|(right, of)| percent(right, of))
                    .map_or(String::new(), |p| p.to_string()),
            );
        }
        push(fields);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn course() -> Course {
        Course::embedded().expect("the embedded course loads")
    }

    /// A learner who read every scene of `lesson`, scored `right` of `of`,
    /// and missed the questions `wrong`.
    fn learner(name: &str, course: &Course, lesson: &str, right: usize, wrong: &[&str]) -> Learner {
        let mut p = Progress::default();
        let l = &course.lessons[course.lesson_index(lesson).unwrap()];
        for s in 0..l.scenes.len() {
            p.see_scene(lesson, s);
        }
        p.checkpoint(lesson, right, l.checkpoint.len());
        for q in &l.checkpoint {
            p.answered_question(&q.id, !wrong.contains(&q.id.as_str()));
        }
        Learner {
            name: name.to_string(),
            progress: p,
        }
    }

    #[test]
    fn two_learners_and_the_question_both_missed_comes_first() {
        let course = course();
        let ana = learner("ana", &course, "roles", 12, &["roles-03", "roles-07"]);
        let mut bo = learner("bo", &course, "roles", 13, &["roles-07"]);
        bo.progress.lab_result("roles-ec2-s3", 1, false, true);
        let r = report(&course, &[ana, bo]);
        assert_eq!(r.rows.len(), 2);
        let of = course.lessons[course.lesson_index("roles").unwrap()]
            .checkpoint
            .len();
        assert_eq!(
            (
                r.rows[0].lessons_done,
                r.rows[0].checkpoints,
                r.rows[0].right
            ),
            (1, 1, 12)
        );
        assert_eq!(r.rows[0].of, of);
        assert_eq!((r.rows[0].labs_solved, r.rows[1].labs_solved), (0, 1));
        assert_eq!(r.missed[0].id, "roles-07");
        assert_eq!(r.missed[0].learners, ["ana", "bo"]);
        assert_eq!(r.missed[1].id, "roles-03");
        assert_eq!(r.missed[1].learners, ["ana"]);
        assert_eq!(r.missed.len(), 2);
        assert!(r.missed[0].prompt.is_some());
        let text = to_text(&r, 10);
        assert!(text.contains("2 learners"), "{text}");
        assert!(text.contains(" 2 of 2   roles-07  "), "{text}");
        assert!(text.contains("missed by ana, bo"), "{text}");
        assert!(text.contains(" 1 of 2   roles-03  "), "{text}");
    }

    #[test]
    fn a_question_answered_right_in_the_end_still_counts_as_missed() {
        let course = course();
        let mut ana = learner("ana", &course, "roles", 14, &[]);
        ana.progress.answered_question("roles-05", false);
        // Cy's file is from before answers were kept by question.
        let cy = Learner {
            name: "cy".into(),
            progress: Progress::default(),
        };
        let r = report(&course, &[ana, cy]);
        assert_eq!(r.missed.len(), 1);
        assert_eq!(r.missed[0].id, "roles-05");
        // Of the one learner who answered it, not of the two.
        assert_eq!((r.missed[0].learners.len(), r.missed[0].answered), (1, 1));
        assert!(to_text(&r, 10).contains("  1 of 1   roles-05  "));
    }

    #[test]
    fn a_review_card_counts_as_a_miss_in_files_without_answers_by_question() {
        let course = course();
        let mut p = Progress::default();
        crate::learn::review::add(&mut p.review, CardKind::Question("roles-02".into()), 1);
        crate::learn::review::add(&mut p.review, CardKind::Interview("iv-01".into()), 1);
        let r = report(
            &course,
            &[Learner {
                name: "dee".into(),
                progress: p,
            }],
        );
        assert_eq!(r.missed.len(), 1);
        assert_eq!(
            (r.missed[0].id.as_str(), r.missed[0].answered),
            ("roles-02", 1)
        );
    }

    #[test]
    fn a_class_drill_question_missed_shows_its_prompt() {
        let course = course();
        // The class ran `iamtutor drill --level 2 --seed 42`.
        let id = "drill-2-all-42-3";
        let mut ana = learner("ana", &course, "roles", 13, &[]);
        ana.progress.answered_question(id, false);
        let r = report(&course, &[ana]);
        let m = r
            .missed
            .iter()
            .find(|m| m.id == id)
            .expect("the drill miss");
        let prompt = crate::learn::drill::by_id(id).unwrap().question.prompt;
        assert_eq!(m.prompt.as_deref(), Some(prompt.as_str()));
    }

    #[test]
    fn csv_quotes_a_comma_and_doubles_quotes() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("Smith, Ana"), "\"Smith, Ana\"");
        assert_eq!(csv_field("Ana \"A\" Smith"), "\"Ana \"\"A\"\" Smith\"");
        let course = course();
        let ana = learner("Smith, Ana", &course, "roles", 10, &[]);
        let csv = to_csv(&report(&course, &[ana]));
        let mut lines = csv.lines();
        let header = lines.next().unwrap();
        assert!(
            header.starts_with("learner,lessons_done,lessons,"),
            "{header}"
        );
        assert!(header.contains(",lesson_4_roles_percent"), "{header}");
        let row = lines.next().unwrap();
        assert!(row.starts_with("\"Smith, Ana\",1,"), "{row}");
        // The header and the row have as many fields (the quoted comma is
        // not a separator).
        assert_eq!(header.split(',').count() + 1, row.split(',').count());
    }

    #[test]
    fn names_fall_back_to_the_file_name_when_learners_clash() {
        let files = |v: &[(&str, &str, &str)]| -> Vec<(String, String, String)> {
            v.iter()
                .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
                .collect()
        };
        let f = files(&[
            ("default", "ana.ron", "a/ana.ron"),
            ("default", "bo.ron", "b/bo.ron"),
            ("cy", "cy.ron", "cy.ron"),
        ]);
        assert_eq!(names(&f), ["ana.ron", "bo.ron", "cy"]);
        let f = files(&[("x", "p.ron", "a/p.ron"), ("x", "p.ron", "b/p.ron")]);
        assert_eq!(names(&f), ["a/p.ron", "b/p.ron"]);
    }

    #[test]
    fn shorten_cuts_long_prompts_with_an_ellipsis() {
        assert_eq!(shorten("a  b\nc", 10), "a b c");
        let s = shorten(&"word ".repeat(30), 20);
        assert!(s.ends_with('…') && s.chars().count() <= 20, "{s}");
    }
}
