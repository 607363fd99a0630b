//! Interview grading: the verdict from the key points a candidate covered,
//! how follow-ups and the engine's grading of a case weigh in, the round's
//! choice of questions by difficulty, each question's clock, and what a
//! round keeps in progress. Pure: seeds and times come in.
//!
//! The verdict rule (docs/lesson-format.md gives it to authors):
//!
//! - A card's essential points are the ones it marks (`essential: [1, 3]`);
//!   a card that marks none makes every point essential.
//! - **Pass**: every essential point covered, and at least half of the
//!   others (rounded up).
//! - **Miss**: fewer than half of the essential points covered.
//! - **Borderline**: anything in between.
//! - A case the engine grades: a wrong answer (the principals, the reason,
//!   a fix not solved) is a miss whatever was ticked; a right one is at
//!   least borderline, and a pass with the points.
//! - Follow-ups: a missed first answer misses the card; otherwise any
//!   follow-up short of a pass makes the card borderline at best.

use std::collections::BTreeSet;

use rand::SeedableRng;
use rand::rngs::Xoshiro256PlusPlus;
use rand::seq::SliceRandom;
use serde::{Deserialize, Serialize};

use crate::content::cases;
use crate::content::goals::OrgSource;
use crate::content::schema::{AskKind, Card, Check, Difficulty, FixCase, FollowUp, Goal, Lab};

use super::lab::LabSession;

/// How an answer did, worst first.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Verdict {
    #[default]
    Miss,
    Borderline,
    Pass,
}

impl Verdict {
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Pass => "pass",
            Verdict::Borderline => "borderline",
            Verdict::Miss => "miss",
        }
    }

    /// A mark that says it without colour.
    pub fn mark(self) -> &'static str {
        match self {
            Verdict::Pass => "✓",
            Verdict::Borderline => "~",
            Verdict::Miss => "✗",
        }
    }

    /// Borderline and missed answers come back in review.
    pub fn needs_review(self) -> bool {
        self != Verdict::Pass
    }
}

/// The verdict on one answer's key points, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PointsVerdict {
    pub verdict: Verdict,
    /// The points not covered, by index from 0.
    pub missed: Vec<usize>,
    /// The rule's reason, in words: "3 of 4 essential points covered".
    pub reason: String,
}

/// Which of `count` points are essential: those `essential` names (by
/// number from 1), or all when it names none.
pub fn essential_points(count: usize, essential: &[usize]) -> Vec<bool> {
    if essential.is_empty() {
        return vec![true; count];
    }
    (1..=count).map(|n| essential.contains(&n)).collect()
}

/// The verdict from the points covered (indexes from 0), by the rule in
/// the module's documentation.
pub fn judge_points(count: usize, essential: &[usize], covered: &BTreeSet<usize>) -> PointsVerdict {
    let is_essential = essential_points(count, essential);
    let (mut e_all, mut e_cov, mut o_all, mut o_cov) = (0, 0, 0, 0);
    let mut missed = Vec::new();
    for (i, e) in is_essential.iter().enumerate() {
        let hit = covered.contains(&i);
        if !hit {
            missed.push(i);
        }
        if *e {
            e_all += 1;
            e_cov += usize::from(hit);
        } else {
            o_all += 1;
            o_cov += usize::from(hit);
        }
    }
    let all_marked = essential.is_empty();
    let essentials = if all_marked {
        format!("{e_cov} of {e_all} points covered")
    } else {
        format!("{e_cov} of {e_all} essential points (★) covered")
    };
    let (verdict, reason) = if e_cov * 2 < e_all {
        (Verdict::Miss, format!("{essentials}: fewer than half"))
    } else if e_cov == e_all && o_cov * 2 >= o_all {
        let reason = if all_marked {
            format!("all {e_all} points covered")
        } else {
            format!("every essential point, and {o_cov} of {o_all} others")
        };
        (Verdict::Pass, reason)
    } else if e_cov == e_all {
        (
            Verdict::Borderline,
            format!("every essential point, but only {o_cov} of {o_all} others"),
        )
    } else {
        (Verdict::Borderline, format!("{essentials}: not all"))
    };
    PointsVerdict {
        verdict,
        missed,
        reason,
    }
}

/// A part the engine also graded: wrong is a miss; right is at least
/// borderline.
pub fn with_engine(points: Verdict, right: bool) -> Verdict {
    if right {
        points.max(Verdict::Borderline)
    } else {
        Verdict::Miss
    }
}

/// A card's verdict from its first answer's and its follow-ups'.
pub fn card_verdict(first: Verdict, follow_ups: &[Verdict]) -> Verdict {
    if first == Verdict::Miss {
        Verdict::Miss
    } else if follow_ups.iter().any(|v| *v != Verdict::Pass) {
        first.min(Verdict::Borderline)
    } else {
        first
    }
}

/// One question put to the candidate: a card's first question or one of
/// its follow-ups.
#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    pub question: String,
    pub answer: String,
    pub key_points: Vec<String>,
    pub essential: Vec<usize>,
}

/// A card's questions in the order they are asked: its own, then its
/// follow-ups (one naming a card that is not in `bank` is left out; the
/// course check makes sure none does).
pub fn parts(card: &Card, bank: &[Card]) -> Vec<Part> {
    let mut out = vec![Part {
        question: card.question.clone(),
        answer: card.answer.clone(),
        key_points: card.key_points.clone(),
        essential: card.essential.clone(),
    }];
    for f in &card.follow_ups {
        match f {
            FollowUp::Ask {
                question,
                answer,
                key_points,
                essential,
            } => out.push(Part {
                question: question.clone(),
                answer: answer.clone(),
                key_points: key_points.clone(),
                essential: essential.clone(),
            }),
            FollowUp::Card(id) => {
                if let Some(c) = bank.iter().find(|c| &c.id == id) {
                    out.push(Part {
                        question: c.question.clone(),
                        answer: c.answer.clone(),
                        key_points: c.key_points.clone(),
                        essential: c.essential.clone(),
                    });
                }
            }
        }
    }
    out
}

/// What a round asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// Starts easy and rises: the first third easy, then medium, then hard.
    Ladder,
    Easy,
    Medium,
    Hard,
    /// Any difficulty, shuffled.
    Mixed,
    /// Organizations to read and live troubleshooting, easiest first.
    Cases,
}

impl Level {
    pub const ALL: [Level; 6] = [
        Level::Ladder,
        Level::Easy,
        Level::Medium,
        Level::Hard,
        Level::Mixed,
        Level::Cases,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Level::Ladder => "Ladder",
            Level::Easy => "Easy",
            Level::Medium => "Medium",
            Level::Hard => "Hard",
            Level::Mixed => "Mixed",
            Level::Cases => "Cases",
        }
    }

    /// What the round is, in a few words.
    pub fn about(self) -> &'static str {
        match self {
            Level::Ladder => "starts easy and rises to hard, as a real interview does",
            Level::Easy => "definitions and first principles",
            Level::Medium => "how things work, and why",
            Level::Hard => "design, troubleshooting and the edge cases",
            Level::Mixed => "any difficulty, shuffled",
            Level::Cases => "organizations to read, and AccessDenied to fix live",
        }
    }

    /// The name `--level` takes.
    pub fn id(self) -> &'static str {
        match self {
            Level::Ladder => "ladder",
            Level::Easy => "easy",
            Level::Medium => "medium",
            Level::Hard => "hard",
            Level::Mixed => "mixed",
            Level::Cases => "cases",
        }
    }

    pub fn from_id(id: &str) -> Option<Level> {
        Level::ALL
            .into_iter()
            .find(|l| l.id().eq_ignore_ascii_case(id))
    }

    /// Does a card belong in a round of this level?
    pub fn admits(self, card: &Card) -> bool {
        let d = difficulty(card);
        match self {
            Level::Ladder | Level::Mixed => true,
            Level::Easy => d == Difficulty::Easy,
            Level::Medium => d == Difficulty::Medium,
            Level::Hard => d == Difficulty::Hard,
            Level::Cases => is_case(card),
        }
    }
}

/// A card's difficulty; one without counts as medium.
pub fn difficulty(card: &Card) -> Difficulty {
    card.difficulty.unwrap_or(Difficulty::Medium)
}

pub fn difficulty_label(d: Difficulty) -> &'static str {
    match d {
        Difficulty::Easy => "Easy",
        Difficulty::Medium => "Medium",
        Difficulty::Hard => "Hard",
    }
}

/// A case the engine grades.
pub fn is_case(card: &Card) -> bool {
    !matches!(card.kind, AskKind::Talk | AskKind::Junior)
}

/// A case played in the sandbox.
pub fn in_sandbox(card: &Card) -> bool {
    matches!(
        card.kind,
        AskKind::SmallestChange(_) | AskKind::Troubleshoot(_)
    )
}

/// How many questions fit in `minutes`: about three minutes each, at
/// least one.
pub fn questions_for(minutes: u64) -> usize {
    ((minutes / 3) as usize).max(1)
}

/// The cards of a round: `count` of them (fewer when the bank has fewer
/// of the level), drawn with `seed`. A ladder puts easy before medium
/// before hard; so do cases. A card that is another's follow-up is not
/// asked in the same round as that card, and a round other than Cases
/// takes at most one case played in the sandbox (it takes several
/// minutes).
pub fn pick(bank: &[Card], level: Level, count: usize, seed: u64) -> Vec<Card> {
    let mut order: Vec<usize> = (0..bank.len()).collect();
    order.shuffle(&mut Xoshiro256PlusPlus::seed_from_u64(seed));
    let mut chosen: Vec<usize> = Vec::new();
    let mut taken: BTreeSet<&str> = BTreeSet::new();
    let fits = |i: usize, chosen: &[usize], taken: &BTreeSet<&str>| {
        let card = &bank[i];
        let refs = follow_up_ids(card);
        let second_sandbox_case = level != Level::Cases
            && in_sandbox(card)
            && chosen.iter().any(|&c| in_sandbox(&bank[c]));
        level.admits(card)
            && !taken.contains(card.id.as_str())
            && !refs.iter().any(|r| taken.contains(r))
            && !second_sandbox_case
    };
    for slot in 0..count {
        let want = match level {
            Level::Ladder => Some(
                [Difficulty::Easy, Difficulty::Medium, Difficulty::Hard][slot * 3 / count.max(1)],
            ),
            _ => None,
        };
        // The wanted difficulty first; on a ladder short of it, the
        // nearest other.
        let found = order
            .iter()
            .copied()
            .find(|&i| want.is_none_or(|d| difficulty(&bank[i]) == d) && fits(i, &chosen, &taken))
            .or_else(|| {
                want.and_then(|_| order.iter().copied().find(|&i| fits(i, &chosen, &taken)))
            });
        let Some(i) = found else { break };
        chosen.push(i);
        taken.insert(bank[i].id.as_str());
        for r in follow_up_ids(&bank[i]) {
            taken.insert(r);
        }
    }
    let mut cards: Vec<Card> = chosen.into_iter().map(|i| bank[i].clone()).collect();
    if matches!(level, Level::Ladder | Level::Cases) {
        // Stable: the shuffle's order within a difficulty stays.
        cards.sort_by_key(difficulty);
    }
    cards
}

/// The ids of the cards a card asks as follow-ups.
fn follow_up_ids(card: &Card) -> Vec<&str> {
    card.follow_ups
        .iter()
        .filter_map(|f| match f {
            FollowUp::Card(id) => Some(id.as_str()),
            FollowUp::Ask { .. } => None,
        })
        .collect()
}

/// The clock for a card's first question: two, three or four minutes by
/// difficulty; a minute more to read an organization; a sandbox case its
/// own minutes, else eight.
pub fn time_limit_ms(card: &Card) -> u64 {
    let base = match difficulty(card) {
        Difficulty::Easy => 120_000,
        Difficulty::Medium => 180_000,
        Difficulty::Hard => 240_000,
    };
    match &card.kind {
        AskKind::Talk | AskKind::Junior => base,
        AskKind::WhoCan(_) | AskKind::WhyDenied(_) => base + 60_000,
        AskKind::SmallestChange(f) | AskKind::Troubleshoot(f) => {
            u64::from(f.minutes.unwrap_or(8)) * 60_000
        }
    }
}

/// The clock for a follow-up.
pub const FOLLOW_UP_MS: u64 = 90_000;

/// A sandbox case as a lab session: its start built, one goal (the
/// command's request is allowed, as a lab checks it), no hints, the
/// reference solution. Also returns the request (action, resource) the
/// command makes, as the engine saw it at the start.
pub fn fix_session(
    id: &str,
    case: &FixCase,
    orgs: OrgSource<'_>,
) -> Result<(LabSession, (String, String)), String> {
    let lab = Lab {
        id: format!("interview:{id}"),
        title: id.to_string(),
        story: String::new(),
        start: case.setup.clone(),
        goals: Vec::new(),
        hints: Vec::new(),
        solution: case.solution.clone(),
        par: None,
    };
    let mut session = LabSession::new(&lab, orgs)?;
    let request = cases::fix_request(&session.shell, case)?;
    session.lab.goals = vec![Goal {
        text: format!(
            "`{}` works as {}",
            case.command.lines().next().unwrap_or(""),
            case.principal
        ),
        check: Check::Access {
            principal: case.principal.clone(),
            action: request.0.clone(),
            resource: request.1.clone(),
            allowed: true,
            context: Vec::new(),
        },
    }];
    session.met = vec![false];
    // An empty line counts no command: it only checks the goal again.
    session.recheck_after("");
    Ok((session, request))
}

/// One question's answer, as progress keeps it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PartRecord {
    pub verdict: Verdict,
    /// Time used, in milliseconds.
    pub ms: u64,
    /// The clock ran out before the answer.
    pub timed_out: bool,
    /// The key points not covered.
    pub missed: Vec<String>,
}

/// One card of a round, as progress keeps it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AnswerRecord {
    pub card: String,
    pub topic: String,
    pub verdict: Verdict,
    /// The first question, then the follow-ups asked.
    pub parts: Vec<PartRecord>,
    /// For a case: whether the engine found the answer right.
    pub engine_right: Option<bool>,
}

impl AnswerRecord {
    /// Time used on the card, in milliseconds.
    pub fn ms(&self) -> u64 {
        self.parts.iter().map(|p| p.ms).sum()
    }
}

/// Topics with a borderline or missed card, each once, sorted.
pub fn weak_topics(answers: &[AnswerRecord]) -> Vec<String> {
    let mut t: Vec<String> = answers
        .iter()
        .filter(|a| a.verdict.needs_review())
        .map(|a| a.topic.clone())
        .collect();
    t.sort();
    t.dedup();
    t
}

/// "2:05".
pub fn clock(ms: u64) -> String {
    let s = ms.div_ceil(1000);
    format!("{}:{:02}", s / 60, s % 60)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::schema::Setup;

    fn covered(list: &[usize]) -> BTreeSet<usize> {
        list.iter().copied().collect()
    }

    #[test]
    fn without_essentials_every_point_counts_pass_needs_all_miss_is_under_half() {
        let v = |c: &[usize]| judge_points(4, &[], &covered(c));
        let all = v(&[0, 1, 2, 3]);
        assert_eq!(all.verdict, Verdict::Pass);
        assert_eq!(all.reason, "all 4 points covered");
        assert!(all.missed.is_empty());
        let three = v(&[0, 2, 3]);
        assert_eq!(three.verdict, Verdict::Borderline);
        assert_eq!(three.missed, vec![1]);
        assert_eq!(three.reason, "3 of 4 points covered: not all");
        assert_eq!(
            v(&[1, 3]).verdict,
            Verdict::Borderline,
            "half is not a miss"
        );
        let one = v(&[2]);
        assert_eq!(one.verdict, Verdict::Miss);
        assert_eq!(one.reason, "1 of 4 points covered: fewer than half");
        assert_eq!(v(&[]).verdict, Verdict::Miss);
    }

    #[test]
    fn essentials_must_all_be_covered_and_half_the_others() {
        // Points 1 and 3 are essential (numbers from 1).
        let v = |c: &[usize]| judge_points(5, &[1, 3], &covered(c));
        assert_eq!(v(&[0, 2, 1, 3]).verdict, Verdict::Pass);
        assert_eq!(
            v(&[0, 2, 1, 3]).reason,
            "every essential point, and 2 of 3 others"
        );
        // 1 of 3 others is under half (half of 3 rounds up to 2).
        assert_eq!(v(&[0, 2, 4]).verdict, Verdict::Borderline);
        assert_eq!(
            v(&[0, 2, 4]).reason,
            "every essential point, but only 1 of 3 others"
        );
        assert_eq!(v(&[0, 2]).verdict, Verdict::Borderline);
        assert_eq!(
            v(&[0, 2]).reason,
            "every essential point, but only 0 of 3 others"
        );
        // One essential of two is half: borderline, whatever else.
        let half = v(&[0, 1, 3, 4]);
        assert_eq!(half.verdict, Verdict::Borderline);
        assert_eq!(half.reason, "1 of 2 essential points (★) covered: not all");
        // No essential at all is a miss, however many others.
        assert_eq!(v(&[1, 3, 4]).verdict, Verdict::Miss);
    }

    #[test]
    fn the_engine_and_the_follow_ups_weigh_in() {
        assert_eq!(with_engine(Verdict::Pass, false), Verdict::Miss);
        assert_eq!(with_engine(Verdict::Miss, true), Verdict::Borderline);
        assert_eq!(with_engine(Verdict::Pass, true), Verdict::Pass);
        assert_eq!(card_verdict(Verdict::Pass, &[]), Verdict::Pass);
        assert_eq!(
            card_verdict(Verdict::Pass, &[Verdict::Pass, Verdict::Pass]),
            Verdict::Pass
        );
        assert_eq!(
            card_verdict(Verdict::Pass, &[Verdict::Pass, Verdict::Miss]),
            Verdict::Borderline
        );
        assert_eq!(card_verdict(Verdict::Miss, &[Verdict::Pass]), Verdict::Miss);
        assert!(Verdict::Borderline.needs_review() && !Verdict::Pass.needs_review());
    }

    fn card(id: &str, d: Difficulty, kind: AskKind, follow_ups: Vec<FollowUp>) -> Card {
        Card {
            id: id.into(),
            topic: "t".into(),
            difficulty: Some(d),
            question: format!("{id}?"),
            answer: "a".into(),
            key_points: vec!["k".into()],
            essential: Vec::new(),
            from_article: false,
            kind,
            follow_ups,
            revisit: Vec::new(),
        }
    }

    fn fix() -> AskKind {
        AskKind::Troubleshoot(FixCase {
            setup: Setup::Commands(Vec::new()),
            principal: "john".into(),
            command: "aws iam list-users".into(),
            solution: Vec::new(),
            minutes: Some(6),
        })
    }

    fn bank() -> Vec<Card> {
        let mut b = Vec::new();
        for (i, d) in [Difficulty::Easy, Difficulty::Medium, Difficulty::Hard]
            .into_iter()
            .cycle()
            .take(12)
            .enumerate()
        {
            b.push(card(&format!("c{i}"), d, AskKind::Talk, Vec::new()));
        }
        b.push(card("t1", Difficulty::Hard, fix(), Vec::new()));
        b.push(card("t2", Difficulty::Medium, fix(), Vec::new()));
        b
    }

    #[test]
    fn a_ladder_rises_and_a_level_keeps_to_its_difficulty() {
        let bank = bank();
        for seed in 0..20 {
            let ladder = pick(&bank, Level::Ladder, 5, seed);
            let ds: Vec<Difficulty> = ladder.iter().map(difficulty).collect();
            assert_eq!(
                ds,
                [
                    Difficulty::Easy,
                    Difficulty::Easy,
                    Difficulty::Medium,
                    Difficulty::Medium,
                    Difficulty::Hard
                ],
                "seed {seed}"
            );
            let hard = pick(&bank, Level::Hard, 3, seed);
            assert!(hard.iter().all(|c| difficulty(c) == Difficulty::Hard));
            // At most one sandbox case outside a Cases round.
            let mixed = pick(&bank, Level::Mixed, 14, seed);
            assert_eq!(mixed.iter().filter(|c| in_sandbox(c)).count(), 1);
            let cases = pick(&bank, Level::Cases, 5, seed);
            assert_eq!(
                cases.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(),
                ["t2", "t1"],
                "only cases, easiest first"
            );
        }
        // The same seed, the same round.
        assert_eq!(
            pick(&bank, Level::Mixed, 5, 7),
            pick(&bank, Level::Mixed, 5, 7)
        );
    }

    #[test]
    fn a_card_and_its_follow_up_are_not_asked_in_one_round() {
        let mut bank = vec![
            card(
                "a",
                Difficulty::Easy,
                AskKind::Talk,
                vec![FollowUp::Card("b".into())],
            ),
            card("b", Difficulty::Easy, AskKind::Talk, Vec::new()),
        ];
        for seed in 0..10 {
            assert_eq!(pick(&bank, Level::Easy, 2, seed).len(), 1, "seed {seed}");
        }
        bank[0].follow_ups.push(FollowUp::Ask {
            question: "and then?".into(),
            answer: "x".into(),
            key_points: vec!["y".into()],
            essential: Vec::new(),
        });
        let p = parts(&bank[0], &bank);
        assert_eq!(
            p.iter().map(|p| p.question.as_str()).collect::<Vec<_>>(),
            ["a?", "b?", "and then?"]
        );
    }

    #[test]
    fn clocks_follow_difficulty_and_kind() {
        let c = |d, k| time_limit_ms(&card("x", d, k, Vec::new()));
        assert_eq!(c(Difficulty::Easy, AskKind::Talk), 120_000);
        assert_eq!(c(Difficulty::Hard, AskKind::Junior), 240_000);
        assert_eq!(c(Difficulty::Hard, fix()), 360_000);
        assert_eq!(clock(125_000), "2:05");
        assert_eq!(clock(1), "0:01");
        assert_eq!(questions_for(15), 5);
        assert_eq!(questions_for(1), 1);
    }
}
