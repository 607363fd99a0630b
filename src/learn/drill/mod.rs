//! Endless practice: decide and spot questions generated from small
//! organizations and requests. The generator arranges a plausible
//! situation; the engine decides it, and its trail explains the answer.
//! A drill is named by its level, topic and seed: the same three give the
//! same questions on every machine, and a question missed comes back in
//! review by its id, which names them too.

mod generate;
pub mod pools;
mod rng;
mod scenario;

use std::collections::BTreeSet;

pub use generate::Feature;
use generate::{build, features_of};
use rng::Rng;
use scenario::{Effect, Holder, Scenario};

use crate::content::goals;
use crate::content::schema::{Choice, DecideRequest, Question, QuestionKind, Setup};
use crate::iam::eval::{Decision, Evaluation};
use crate::iam::principal::Layer;
use crate::learn::quiz::Session;

/// Questions in one drill.
pub const LENGTH: usize = 10;

/// The organization cross-account questions start from: two empty
/// accounts, the company's and a partner's.
pub const ORG_NAME: &str = "drill-two-accounts";
const ORG_RON: &str = r#"Org(
    accounts: [
        Account(id: "111122223333", alias: "home"),
        Account(id: "444455556666", alias: "partner"),
    ],
)"#;

/// The organizations drill questions name, for `Session::new`.
pub fn orgs(name: &str) -> Option<String> {
    (name == ORG_NAME).then(|| ORG_RON.to_string())
}

/// What a drill is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Topic {
    Identity,
    Groups,
    Boundaries,
    Resource,
    Conditions,
    CrossAccount,
}

impl Topic {
    pub const ALL: [Topic; 6] = [
        Topic::Identity,
        Topic::Groups,
        Topic::Boundaries,
        Topic::Resource,
        Topic::Conditions,
        Topic::CrossAccount,
    ];

    /// The name `--topic` takes.
    pub fn id(self) -> &'static str {
        match self {
            Topic::Identity => "identity",
            Topic::Groups => "groups",
            Topic::Boundaries => "boundaries",
            Topic::Resource => "resource",
            Topic::Conditions => "conditions",
            Topic::CrossAccount => "cross-account",
        }
    }

    /// What the topic practises, for lists and headers.
    pub fn about(self) -> &'static str {
        match self {
            Topic::Identity => "a user's own policies",
            Topic::Groups => "permissions that come through groups",
            Topic::Boundaries => "permissions boundaries as a ceiling",
            Topic::Resource => "bucket policies beside identity policies",
            Topic::Conditions => "conditions and the request's context",
            Topic::CrossAccount => "buckets and roles in another account",
        }
    }

    /// `identity`, `groups`, ...; an unknown name is an error that lists
    /// the valid ones.
    pub fn parse(name: &str) -> Result<Topic, String> {
        let wanted = name.trim().to_ascii_lowercase().replace('_', "-");
        Topic::ALL
            .into_iter()
            .find(|t| t.id() == wanted || (wanted == "crossaccount" && *t == Topic::CrossAccount))
            .ok_or_else(|| {
                format!(
                    "there is no drill topic `{name}`; the topics are: {}",
                    Topic::ALL.map(Topic::id).join(", ")
                )
            })
    }

    /// The course topic a drill answer counts for in the weak-topic report.
    fn course_topic(self) -> &'static str {
        match self {
            Topic::Identity => "evaluation",
            Topic::Groups => "groups",
            Topic::Boundaries | Topic::Resource => "policies-depth",
            Topic::Conditions => "conditions",
            Topic::CrossAccount => "roles-depth",
        }
    }

    fn feature(self) -> Option<Feature> {
        match self {
            Topic::Identity => None,
            Topic::Groups => Some(Feature::Group),
            Topic::Boundaries => Some(Feature::Boundary),
            Topic::Resource => Some(Feature::ResourcePolicy),
            Topic::Conditions => Some(Feature::Condition),
            Topic::CrossAccount => Some(Feature::CrossAccount),
        }
    }

    fn code(self) -> u64 {
        Topic::ALL.iter().position(|t| *t == self).unwrap_or(0) as u64 + 1
    }
}

/// One drill: level 1 to 3, a topic or all of them, a seed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spec {
    pub level: u8,
    pub topic: Option<Topic>,
    pub seed: u64,
}

impl Spec {
    pub fn new(level: u8, topic: Option<Topic>, seed: u64) -> Result<Spec, String> {
        if !(1..=3).contains(&level) {
            return Err(format!(
                "there is no drill level {level}; the levels are 1, 2 and 3"
            ));
        }
        Ok(Spec { level, topic, seed })
    }

    /// "level 2 · groups", for headers.
    pub fn title(&self) -> String {
        match self.topic {
            Some(t) => format!("level {} · {}", self.level, t.id()),
            None => format!("level {} · every topic", self.level),
        }
    }

    /// The id of question `index`: `drill-2-groups-1234-7`.
    fn id(&self, index: usize) -> String {
        format!(
            "drill-{}-{}-{}-{index}",
            self.level,
            self.topic.map_or("all", Topic::id),
            self.seed
        )
    }

    /// Reads an id back into the drill and the question's index.
    pub fn from_id(id: &str) -> Option<(Spec, usize)> {
        let rest = id.strip_prefix("drill-")?;
        let (level, rest) = rest.split_once('-')?;
        let (rest, index) = rest.rsplit_once('-')?;
        let (topic, seed) = rest.rsplit_once('-')?;
        let topic = match topic {
            "all" => None,
            t => Some(Topic::parse(t).ok()?),
        };
        let index: usize = index.parse().ok()?;
        let spec = Spec::new(level.parse().ok()?, topic, seed.parse().ok()?).ok()?;
        (index < LENGTH).then_some((spec, index))
    }

    /// Each question's plan: its topic, whether the answer should be
    /// allowed, and whether it is a spot question. Answers are balanced:
    /// half the questions aim at allowed, in a shuffled order.
    fn plan(&self) -> Vec<(Topic, bool, bool)> {
        let mut rng = Rng::for_part(self.seed, &[u64::from(self.level), 0xD1]);
        let mut allowed: Vec<bool> = (0..LENGTH).map(|i| i < LENGTH / 2).collect();
        rng.shuffle(&mut allowed);
        let pool: &[Topic] = match self.level {
            1 | 2 => &[Topic::Identity, Topic::Groups],
            _ => &Topic::ALL,
        };
        // Every topic of the pool once, then the rest at random.
        let mut topics: Vec<Topic> = match self.topic {
            Some(t) => vec![t; LENGTH],
            None => (0..LENGTH)
                .map(|i| pool.get(i).copied().unwrap_or_else(|| *rng.pick(pool)))
                .collect(),
        };
        rng.shuffle(&mut topics);
        // Level 1 asks decide questions only; from level 2 every third is
        // a spot question.
        let mut spot: Vec<bool> = (0..LENGTH).map(|i| self.level > 1 && i % 3 == 2).collect();
        rng.shuffle(&mut spot);
        topics
            .into_iter()
            .zip(allowed)
            .zip(spot)
            .map(|((t, a), s)| (t, a, s))
            .collect()
    }

    /// The features a question of `topic` at this level is built from.
    fn features(&self, topic: Topic, rng: &mut Rng) -> BTreeSet<Feature> {
        let mut f: BTreeSet<Feature> = topic.feature().into_iter().collect();
        match self.level {
            1 => {}
            2 => {
                let extra = [
                    Feature::Group,
                    Feature::Managed,
                    Feature::Deny,
                    Feature::Wildcard,
                ];
                // A Deny or a wildcard always, and maybe one more.
                f.insert(*rng.pick(&extra[2..]));
                if rng.chance(60) {
                    f.insert(*rng.pick(&extra));
                }
            }
            _ => {
                let mut extra: Vec<Feature> = Feature::ALL
                    .into_iter()
                    .filter(|x| !f.contains(x))
                    .collect();
                rng.shuffle(&mut extra);
                // At least three things to weigh in every question.
                let least = if f.is_empty() { 3 } else { 2 };
                f.extend(extra.into_iter().take(least + rng.below(2)));
            }
        }
        f
    }
}

/// One generated question, with what it was made from.
#[derive(Debug, Clone)]
pub struct Generated {
    pub question: Question,
    /// The organization in words, shown with the question.
    pub setting: Vec<String>,
    /// The engine's evaluation of the request.
    pub evaluation: Evaluation,
    /// What the situation holds.
    pub features: BTreeSet<Feature>,
    pub topic: Topic,
}

/// Tries per question to reach the planned answer (and, for a spot
/// question, a single deciding policy); the engine's answer stands either way.
const TRIES: u64 = 60;

/// The drill's questions, in order.
pub fn generate(spec: &Spec) -> Result<Vec<Generated>, String> {
    (0..LENGTH).map(|i| question(spec, i)).collect()
}

/// A question by its id (`drill-2-groups-1234-7`), as review asks for it.
pub fn by_id(id: &str) -> Option<Generated> {
    let (spec, index) = Spec::from_id(id)?;
    question(&spec, index).ok()
}

fn question(spec: &Spec, index: usize) -> Result<Generated, String> {
    let (topic, want_allowed, want_spot) = spec.plan()[index];
    let mut last = None;
    for attempt in 0..TRIES {
        let mut rng = Rng::for_part(
            spec.seed,
            &[u64::from(spec.level), topic.code(), index as u64, attempt],
        );
        let features = spec.features(topic, &mut rng);
        let s = build(&mut rng, &features);
        let g = make(spec, index, topic, &s, want_spot)?;
        let spot_ok = !want_spot || matches!(g.question.kind, QuestionKind::ChooseOne { .. });
        // Every feature asked for made it in (a wildcard is left to chance).
        let complete = features.iter().all(|f| g.features.contains(f));
        if g.evaluation.decision.is_allowed() == want_allowed && spot_ok && complete {
            return Ok(g);
        }
        last = Some(g);
    }
    last.ok_or_else(|| "no question could be made".to_string())
}

/// The setup a scenario's commands run in.
fn setup(s: &Scenario) -> Setup {
    let commands = s.commands();
    if s.cross_account() {
        Setup::OrgThen(ORG_NAME.into(), commands)
    } else {
        Setup::Commands(commands)
    }
}

/// The question for scenario `s`, decided by the engine.
fn make(
    spec: &Spec,
    index: usize,
    topic: Topic,
    s: &Scenario,
    want_spot: bool,
) -> Result<Generated, String> {
    let setup = setup(s);
    let shell = goals::build(&setup, &orgs).map_err(|e| format!("drill setup: {e}"))?;
    let evaluation = goals::evaluate(
        &shell.org,
        &shell.home,
        &s.person,
        &s.action,
        &s.resource,
        &s.context,
    )?;
    let explanation = explanation(&evaluation);
    let spot = want_spot.then(|| spot_choices(s, &evaluation)).flatten();
    let spot_kind = spot.is_some();
    let (prompt, kind) = match spot {
        Some(options) => (
            format!(
                "{}, {}, {}. Which policy decides, and how?",
                s.person, s.member, s.doing
            ),
            QuestionKind::ChooseOne { options },
        ),
        None => (
            format!(
                "{}, {}, {}. Allowed or denied?",
                s.person, s.member, s.doing
            ),
            QuestionKind::Decide(DecideRequest {
                setup,
                principal: s.person.clone(),
                action: s.action.clone(),
                resource: s.resource.clone(),
                context: s.context.clone(),
            }),
        ),
    };
    Ok(Generated {
        question: Question {
            id: spec.id(index),
            topic: topic.course_topic().to_string(),
            prompt,
            kind,
            explanation,
            review_of: None,
        },
        setting: setting_with_request(s, spot_kind),
        evaluation,
        features: features_of(s),
        topic,
    })
}

/// The organization in words; a spot question also states the request
/// (a decide question shows it below the prompt).
fn setting_with_request(s: &Scenario, spot: bool) -> Vec<String> {
    let mut out = s.setting();
    if spot {
        out.push(String::new());
        out.push(format!("request: {} calls {}", s.person, s.action));
        out.push(format!("  on {}", s.resource));
        for (k, v) in &s.context {
            out.push(format!("  with {k} = {v}"));
        }
    }
    out
}

/// The engine's one-sentence reason, as the explanation.
fn explanation(e: &Evaluation) -> String {
    let mut r = e.reason.clone();
    if let Some(first) = r.get(0..1) {
        let upper = first.to_uppercase();
        r.replace_range(0..1, &upper);
    }
    format!("{r}.")
}

/// The options of a spot question, the right one chosen from the engine's
/// trail; `None` when no single policy decides (several allow, or both
/// sides of a cross-account request must).
fn spot_choices(s: &Scenario, e: &Evaluation) -> Option<Vec<Choice>> {
    let label_of = |layer: Layer, name: &str| -> Option<String> {
        let p = s.policies.iter().find(|p| match layer {
            Layer::Resource => matches!(p.holder, Holder::Bucket | Holder::Trust),
            Layer::Boundary => p.holder == Holder::Boundary,
            _ => matches!(p.holder, Holder::User | Holder::Group) && p.name == name,
        })?;
        Some(s.label(p))
    };
    let matched = |effect: scenario::Effect| -> Vec<String> {
        let mut out: Vec<String> = e
            .matched_statements()
            .filter(|(p, st)| st.effect == to_engine(effect) && p.layer != Layer::Boundary)
            .filter_map(|(p, _)| label_of(p.layer, &p.name))
            .collect();
        out.dedup();
        out
    };
    let nothing = "Denied: no policy allows it".to_string();
    let right = match (e.decision, e.decided_by) {
        (Decision::ExplicitDeny, _) => match matched(Effect::Deny).as_slice() {
            [one] => format!("Denied by the explicit Deny in {one}"),
            _ => return None,
        },
        (Decision::Allowed, _) if !s.cross_account() => match matched(Effect::Allow).as_slice() {
            [one] => format!("Allowed by {one}"),
            _ => return None,
        },
        (Decision::ImplicitDeny, Some(Layer::Boundary)) => {
            let b = s.policies.iter().find(|p| p.holder == Holder::Boundary)?;
            format!("Denied: {} does not allow it", s.label(b))
        }
        (Decision::ImplicitDeny, Some(Layer::Identity)) if matched(Effect::Allow).is_empty() => {
            nothing.clone()
        }
        _ => return None,
    };
    let mut options: Vec<String> = Vec::new();
    for p in &s.policies {
        let label = s.label(p);
        if p.holder == Holder::Boundary {
            options.push(format!("Denied: {label} does not allow it"));
            continue;
        }
        if p.has(Effect::Allow) {
            options.push(format!("Allowed by {label}"));
        }
        if p.has(Effect::Deny) {
            options.push(format!("Denied by the explicit Deny in {label}"));
        }
    }
    options.push(nothing);
    let mut seen = BTreeSet::new();
    options.retain(|o| seen.insert(o.clone()));
    if !options.contains(&right) || options.len() < 2 {
        return None;
    }
    Some(
        options
            .into_iter()
            .map(|text| {
                let correct = text == right;
                Choice {
                    why_not: (!correct).then(|| why_not(e)),
                    text,
                    correct,
                }
            })
            .collect(),
    )
}

/// Why a wrong spot option is wrong, from the engine's decision.
fn why_not(e: &Evaluation) -> String {
    format!("the request is {}: {}", e.decision.adjective(), e.reason)
}

fn to_engine(e: Effect) -> crate::iam::policy::Effect {
    match e {
        Effect::Allow => crate::iam::policy::Effect::Allow,
        Effect::Deny => crate::iam::policy::Effect::Deny,
    }
}

/// A quiz session over generated questions: the engine decides each decide
/// question again from its setup, and spot questions carry the evaluation
/// their options were chosen from, so the trail shows after the answer.
pub fn session(items: &[Generated], seed: u64) -> Result<Session, String> {
    let questions: Vec<Question> = items.iter().map(|g| g.question.clone()).collect();
    let mut session = Session::new(&questions, seed, &orgs)?;
    for item in &mut session.items {
        if let Some(g) = items.iter().find(|g| g.question.id == item.question.id) {
            item.setting = g.setting.clone();
            if item.decided.is_none() {
                item.decided = Some(g.evaluation.clone());
            }
        }
    }
    Ok(session)
}

#[cfg(test)]
mod tests;
