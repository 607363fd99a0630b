//! What a learner has done: scenes seen, checkpoint scores, labs solved, and
//! where they left off. Plain data; the store module saves it.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::content::course::Course;
use crate::learn::review::Deck;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Progress {
    /// By lesson id.
    pub lessons: BTreeMap<String, LessonProgress>,
    /// By lab id.
    pub labs: BTreeMap<String, LabProgress>,
    /// Where the learner was last, to continue from.
    pub last: Option<Place>,
    /// Days (counted from 1970-01-01, UTC) on which the learner practised.
    pub days: BTreeSet<i64>,
    /// Quiz answers by topic.
    pub topics: BTreeMap<String, TopicScore>,
    /// Cards for spaced repetition.
    pub review: Deck,
    /// Interview practice sessions, oldest first.
    pub interviews: Vec<InterviewRecord>,
    /// Quiz answers by question id, for a teacher's class report. Files
    /// from before it was kept load with none.
    #[serde(default)]
    pub questions: BTreeMap<String, QuestionRecord>,
    /// The sandbox used last, by name: `s` on home opens it.
    pub sandbox: Option<String>,
    /// The colour scheme picked with `t` (`dark`, `light`, `high-contrast`).
    pub theme: Option<String>,
}

/// One interview practice session, for the dashboard.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct InterviewRecord {
    pub day: i64,
    pub asked: usize,
    /// Cards graded Good or Easy (a pass, since answers are graded by
    /// their key points).
    pub strong: usize,
    /// Topics with an answer graded Again or Hard (borderline or missed,
    /// since answers are graded by their key points).
    pub weak_topics: Vec<String>,
    /// The round's level (`ladder`, `hard`, ...); files from before it was
    /// kept load with none.
    pub level: Option<String>,
    /// Each card's verdict, time used and missed points, in the order
    /// asked; empty in files from before it was kept.
    pub answers: Vec<crate::learn::interview::AnswerRecord>,
}

/// How often one question was answered right and wrong.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct QuestionRecord {
    pub right: usize,
    pub wrong: usize,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TopicScore {
    pub right: usize,
    pub answered: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct LessonProgress {
    /// Indexes of the scenes seen.
    pub seen: BTreeSet<usize>,
    /// The best checkpoint score: (right, out of).
    pub best: Option<(usize, usize)>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct LabProgress {
    pub solved: bool,
    /// The most hints asked for in one attempt.
    pub hints: usize,
    pub solution_shown: bool,
    pub met_par: bool,
    /// The fewest commands a solve took; files from before it was kept
    /// load with none.
    pub commands: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Place {
    /// A scene (`scene` = the lesson's scene count is its checkpoint page),
    /// with the demo steps run on it.
    Scene {
        lesson: String,
        scene: usize,
        #[serde(default)]
        step: usize,
    },
    Lab {
        lab: String,
    },
}

/// The state of a lab on the course map.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LabState {
    NotStarted,
    Started,
    Solved,
    /// Solved within par, without the solution.
    SolvedPar,
}

impl Progress {
    /// Notes that the learner practised on `day`.
    pub fn practised(&mut self, day: i64) {
        self.days.insert(day);
    }

    /// Days in a row, ending today or yesterday, with practice.
    pub fn streak(&self, today: i64) -> usize {
        let mut day = if self.days.contains(&today) {
            today
        } else {
            today - 1
        };
        let mut n = 0;
        while self.days.contains(&day) {
            n += 1;
            day -= 1;
        }
        n
    }

    /// Records one quiz answer on `topic`.
    pub fn answered(&mut self, topic: &str, correct: bool) {
        let t = self.topics.entry(topic.to_string()).or_default();
        t.answered += 1;
        t.right += usize::from(correct);
    }

    /// Records one answer to the question `id`.
    pub fn answered_question(&mut self, id: &str, correct: bool) {
        let q = self.questions.entry(id.to_string()).or_default();
        if correct {
            q.right += 1;
        } else {
            q.wrong += 1;
        }
    }

    /// Forgets one lesson: its scenes, its score, its labs.
    pub fn reset_lesson(&mut self, course: &Course, lesson: &str) {
        self.lessons.remove(lesson);
        if let Some(l) = course.lessons.iter().find(|l| l.id == lesson) {
            for lab in &l.labs {
                self.labs.remove(&lab.id);
            }
        }
        let here = match &self.last {
            Some(Place::Scene { lesson: l, .. }) => l == lesson,
            Some(Place::Lab { lab }) => course
                .lab(lab)
                .is_some_and(|(i, _)| course.lessons[i].id == lesson),
            None => false,
        };
        if here {
            self.last = None;
        }
    }

    pub fn see_scene(&mut self, lesson: &str, scene: usize) {
        self.lessons
            .entry(lesson.to_string())
            .or_default()
            .seen
            .insert(scene);
        self.last = Some(Place::Scene {
            lesson: lesson.to_string(),
            scene,
            step: 0,
        });
    }

    /// The learner is on `scene` of `lesson` (its checkpoint page when
    /// `scene` is the scene count), with `step` demo steps run.
    pub fn at(&mut self, lesson: &str, scene: usize, step: usize) {
        self.last = Some(Place::Scene {
            lesson: lesson.to_string(),
            scene,
            step,
        });
    }

    /// A lesson is done when every scene was seen and its checkpoint
    /// answered (a lesson without one needs only its scenes).
    pub fn lesson_done(&self, lesson: &crate::content::schema::Lesson) -> bool {
        let p = self.lessons.get(&lesson.id);
        let seen = p.map_or(0, |p| {
            p.seen.iter().filter(|s| **s < lesson.scenes.len()).count()
        });
        let checked = lesson.checkpoint.is_empty() || p.is_some_and(|p| p.best.is_some());
        seen >= lesson.scenes.len() && checked
    }

    fn lab_solved(&self, lab: &str) -> bool {
        self.labs.get(lab).is_some_and(|l| l.solved)
    }

    /// Where "continue" leads: the scene and demo step the learner was on
    /// (or the lab, while unsolved); past a finished lesson, lab or
    /// checkpoint, the next lesson with something unread or unanswered,
    /// then the next unsolved lab. `None` when there is nothing to go on
    /// with (a first visit, or everything done).
    pub fn next_place(&self, course: &Course) -> Option<Place> {
        let last = self.last.as_ref()?;
        // The lesson the learner was in, for where "next" starts.
        let from = match last {
            Place::Scene {
                lesson,
                scene,
                step,
            } => {
                let i = course.lesson_index(lesson)?;
                let l = &course.lessons[i];
                let checkpoint_done = self.lessons.get(lesson).is_some_and(|p| p.best.is_some());
                if *scene < l.scenes.len() || (!checkpoint_done && !l.checkpoint.is_empty()) {
                    return Some(Place::Scene {
                        lesson: lesson.clone(),
                        scene: (*scene).min(l.scenes.len()),
                        step: *step,
                    });
                }
                i
            }
            Place::Lab { lab } => {
                let (i, _) = course.lab(lab)?;
                if !self.lab_solved(lab) {
                    return Some(last.clone());
                }
                i
            }
        };
        let n = course.lessons.len();
        let order = (1..=n).map(|k| (from + k) % n);
        for i in order.clone() {
            let l = &course.lessons[i];
            if self.lesson_done(l) {
                continue;
            }
            let seen = self.lessons.get(&l.id);
            let scene = (0..l.scenes.len())
                .find(|s| seen.is_none_or(|p| !p.seen.contains(s)))
                .unwrap_or(l.scenes.len());
            return Some(Place::Scene {
                lesson: l.id.clone(),
                scene,
                step: 0,
            });
        }
        order
            .flat_map(|i| &course.lessons[i].labs)
            .find(|lab| !self.lab_solved(&lab.id))
            .map(|lab| Place::Lab {
                lab: lab.id.clone(),
            })
    }

    pub fn seen(&self, lesson: &str) -> usize {
        self.lessons.get(lesson).map_or(0, |l| l.seen.len())
    }

    /// Records a checkpoint score, keeping the best.
    pub fn checkpoint(&mut self, lesson: &str, right: usize, of: usize) {
        let entry = self.lessons.entry(lesson.to_string()).or_default();
        if entry.best.is_none_or(|(r, _)| right >= r) {
            entry.best = Some((right, of));
        }
    }

    pub fn lab_started(&mut self, lab: &str) {
        self.labs.entry(lab.to_string()).or_default();
        self.last = Some(Place::Lab {
            lab: lab.to_string(),
        });
    }

    pub fn lab_result(&mut self, lab: &str, hints: usize, solution_shown: bool, met_par: bool) {
        let e = self.labs.entry(lab.to_string()).or_default();
        e.solved = true;
        e.hints = e.hints.max(hints);
        e.solution_shown |= solution_shown;
        e.met_par |= met_par;
    }

    /// Records that a solve of `lab` took `commands` commands, keeping the
    /// fewest.
    pub fn lab_solved_in(&mut self, lab: &str, commands: usize) {
        let e = self.labs.entry(lab.to_string()).or_default();
        e.commands = Some(e.commands.map_or(commands, |c| c.min(commands)));
    }

    pub fn lab_state(&self, lab: &str) -> LabState {
        match self.labs.get(lab) {
            None => LabState::NotStarted,
            Some(l) if l.met_par => LabState::SolvedPar,
            Some(l) if l.solved => LabState::Solved,
            Some(_) => LabState::Started,
        }
    }

    /// Lessons with every scene seen, labs solved, and scenes seen in all,
    /// for the one-line summary.
    pub fn totals(&self, course: &Course) -> Totals {
        let mut t = Totals::default();
        for l in &course.lessons {
            t.scenes += l.scenes.len();
            let seen = self.seen(&l.id).min(l.scenes.len());
            t.scenes_seen += seen;
            if seen == l.scenes.len() && self.lessons.get(&l.id).is_some_and(|p| p.best.is_some()) {
                t.lessons_done += 1;
            }
        }
        t.lessons = course.lessons.len();
        for (_, lab) in course.labs() {
            t.labs += 1;
            if matches!(
                self.lab_state(&lab.id),
                LabState::Solved | LabState::SolvedPar
            ) {
                t.labs_solved += 1;
            }
        }
        t
    }
}

/// The largest count a progress file can honestly hold (answers, hints,
/// commands, reviews): a million is more than anyone gives; anything above
/// is a damaged or crafted file, and would overflow the arithmetic on it.
pub const COUNT_MAX: usize = 1_000_000;
/// Scene and step numbers: far beyond any lesson.
pub const PLACE_MAX: usize = 10_000;
/// Days are counted from 1970-01-01; the last one is 9999-12-31.
pub const DAY_MAX: i64 = 2_932_896;

impl Progress {
    /// Makes every number one that can be: counts within [`COUNT_MAX`],
    /// right answers no more than answers, days from 1970 to 9999, FSRS
    /// memory states that are finite and in FSRS's range (else the card
    /// starts over). Returns what was wrong, one phrase each; nothing when
    /// the progress was sound.
    pub fn repair(&mut self) -> Vec<String> {
        let mut fixes = Vec::new();
        let mut count = |what: String, n: &mut usize| {
            if *n > COUNT_MAX {
                fixes.push(format!("{what} was {n}"));
                *n = COUNT_MAX;
            }
        };
        for (id, l) in &mut self.lessons {
            if let Some((right, of)) = &mut l.best {
                count(format!("lesson `{id}`'s checkpoint total"), of);
                count(format!("lesson `{id}`'s checkpoint score"), right);
            }
        }
        for (id, lab) in &mut self.labs {
            count(format!("lab `{id}`'s hints"), &mut lab.hints);
            if let Some(c) = &mut lab.commands {
                count(format!("lab `{id}`'s commands"), c);
            }
        }
        for (topic, t) in &mut self.topics {
            count(format!("topic `{topic}`'s answers"), &mut t.answered);
            count(format!("topic `{topic}`'s right answers"), &mut t.right);
        }
        for (id, q) in &mut self.questions {
            count(format!("question `{id}`'s right answers"), &mut q.right);
            count(format!("question `{id}`'s wrong answers"), &mut q.wrong);
        }
        for (n, iv) in self.interviews.iter_mut().enumerate() {
            count(format!("interview {}'s questions", n + 1), &mut iv.asked);
            count(
                format!("interview {}'s strong answers", n + 1),
                &mut iv.strong,
            );
        }
        for (id, l) in &mut self.lessons {
            if let Some((right, of)) = &mut l.best
                && *right > *of
            {
                fixes.push(format!("lesson `{id}` scored {right} of {of}"));
                *right = *of;
            }
            let before = l.seen.len();
            l.seen.retain(|s| *s < PLACE_MAX);
            if l.seen.len() < before {
                fixes.push(format!(
                    "lesson `{id}` had scenes numbered past {PLACE_MAX}"
                ));
            }
        }
        for (topic, t) in &mut self.topics {
            if t.right > t.answered {
                fixes.push(format!(
                    "topic `{topic}` had {} right of {} answered",
                    t.right, t.answered
                ));
                t.right = t.answered;
            }
        }
        for (n, iv) in self.interviews.iter_mut().enumerate() {
            if iv.strong > iv.asked {
                fixes.push(format!(
                    "interview {} had {} strong answers of {}",
                    n + 1,
                    iv.strong,
                    iv.asked
                ));
                iv.strong = iv.asked;
            }
            if !(0..=DAY_MAX).contains(&iv.day) {
                fixes.push(format!("interview {} is dated day {}", n + 1, iv.day));
                iv.day = iv.day.clamp(0, DAY_MAX);
            }
        }
        if let Some(Place::Scene { scene, step, .. }) = &mut self.last
            && (*scene > PLACE_MAX || *step > PLACE_MAX)
        {
            fixes.push(format!(
                "the place to continue from was scene {scene}, step {step}"
            ));
            self.last = None;
        }
        let before = self.days.len();
        self.days.retain(|d| (0..=DAY_MAX).contains(d));
        if self.days.len() < before {
            fixes.push(format!(
                "{} practice days were before 1970 or after 9999",
                before - self.days.len()
            ));
        }
        for (key, card) in &mut self.review {
            for (what, day) in [("due", &mut card.due), ("last seen", &mut card.last)] {
                if !(0..=DAY_MAX).contains(day) {
                    fixes.push(format!("review card `{key}` was {what} on day {day}"));
                    *day = (*day).clamp(0, DAY_MAX);
                }
            }
            let sound = match (card.stability, card.difficulty) {
                (None, None) => true,
                (Some(s), Some(d)) => crate::learn::review::sound_memory(s, d),
                _ => false,
            };
            if !sound {
                fixes.push(format!(
                    "review card `{key}` had a memory state FSRS cannot use ({:?}, {:?}); it starts over",
                    card.stability, card.difficulty
                ));
                card.stability = None;
                card.difficulty = None;
            }
            for (what, n) in [("reviews", &mut card.reviews), ("lapses", &mut card.lapses)] {
                if *n as usize > COUNT_MAX {
                    fixes.push(format!("review card `{key}`'s {what} was {n}"));
                    *n = COUNT_MAX as u32;
                }
            }
        }
        if let Some(name) = &self.sandbox
            && (name.is_empty() || name.chars().count() > 40)
        {
            fixes.push("the last sandbox's name was not a sandbox name".into());
            self.sandbox = None;
        }
        fixes
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Totals {
    pub lessons: usize,
    /// Every scene seen and the checkpoint taken.
    pub lessons_done: usize,
    pub scenes: usize,
    pub scenes_seen: usize,
    pub labs: usize,
    pub labs_solved: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_streak_counts_days_in_a_row_up_to_today_or_yesterday() {
        let mut p = Progress::default();
        assert_eq!(p.streak(100), 0);
        for d in [95, 97, 98, 99] {
            p.practised(d);
        }
        // Yesterday counts until today is over.
        assert_eq!(p.streak(100), 3);
        p.practised(100);
        assert_eq!(p.streak(100), 4);
        // A missed day breaks it.
        assert_eq!(p.streak(102), 0);
    }

    #[test]
    fn answers_are_counted_by_question() {
        let mut p = Progress::default();
        p.answered_question("roles-01", false);
        p.answered_question("roles-01", true);
        p.answered_question("roles-02", true);
        assert_eq!(
            p.questions["roles-01"],
            QuestionRecord { right: 1, wrong: 1 }
        );
        assert_eq!(
            p.questions["roles-02"],
            QuestionRecord { right: 1, wrong: 0 }
        );
    }

    #[test]
    fn a_labs_fewest_commands_are_kept() {
        let mut p = Progress::default();
        assert_eq!(p.labs.get("users-john").and_then(|l| l.commands), None);
        p.lab_solved_in("users-john", 9);
        p.lab_solved_in("users-john", 12);
        assert_eq!(p.labs["users-john"].commands, Some(9));
        p.lab_solved_in("users-john", 4);
        assert_eq!(p.labs["users-john"].commands, Some(4));
        // A file written before the count was kept still loads.
        let old: LabProgress = ron::from_str("(solved: true, hints: 1)").unwrap();
        assert_eq!(old.commands, None);
        assert!(old.solved);
    }

    #[test]
    fn impossible_numbers_are_repaired_and_named() {
        let mut p = Progress::default();
        p.topics.insert(
            "roles".into(),
            TopicScore {
                right: usize::MAX,
                answered: 3,
            },
        );
        p.days.insert(-5);
        p.days.insert(20_000);
        p.review.insert(
            "q:x".into(),
            crate::learn::review::ReviewCard {
                kind: crate::learn::review::CardKind::Question("x".into()),
                due: i64::MAX,
                last: 0,
                stability: Some(f32::NAN),
                difficulty: Some(5.0),
                reviews: u32::MAX,
                lapses: 0,
            },
        );
        let fixes = p.repair();
        assert_eq!(
            p.topics["roles"],
            TopicScore {
                right: 3,
                answered: 3
            }
        );
        assert_eq!(p.days.iter().copied().collect::<Vec<_>>(), [20_000]);
        let card = &p.review["q:x"];
        assert_eq!((card.stability, card.difficulty), (None, None));
        assert_eq!(card.due, DAY_MAX);
        assert!(
            fixes.iter().any(|f| f.contains("topic `roles`")),
            "{fixes:?}"
        );
        assert!(fixes.iter().any(|f| f.contains("FSRS")), "{fixes:?}");
        // Sound progress needs no repair.
        assert_eq!(p.repair(), Vec::<String>::new());
    }

    #[test]
    fn the_best_checkpoint_score_is_kept() {
        let mut p = Progress::default();
        p.checkpoint("users", 5, 10);
        p.checkpoint("users", 3, 10);
        assert_eq!(p.lessons["users"].best, Some((5, 10)));
        p.checkpoint("users", 9, 10);
        assert_eq!(p.lessons["users"].best, Some((9, 10)));
    }
}
