//! The course as data: lessons made of scenes, questions, labs and the
//! interview bank, read from RON files under `lessons/`.
//!
//! Every type denies unknown fields, so a misspelt field is an error with a
//! position rather than a silently ignored line. Decisions about access are
//! never written here: decide questions and lab goals name a request, and the
//! engine computes the answer.

use serde::Deserialize;

/// One lesson file: `lessons/NN-topic.ron`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lesson {
    /// Stable id, used by progress files: `users`, `groups`.
    pub id: String,
    /// Its place in the course, from 1.
    pub number: u32,
    pub title: String,
    /// One sentence for the course map.
    pub summary: String,
    /// Minutes a learner needs, roughly.
    #[serde(default)]
    pub minutes: Option<u32>,
    /// The organization demos and decide questions of this lesson start
    /// from, unless they name their own: a file under `assets/orgs/`,
    /// without `.ron`.
    #[serde(default)]
    pub org: Option<String>,
    pub scenes: Vec<Scene>,
    /// The checkpoint quiz at the end of the lesson.
    pub checkpoint: Vec<Question>,
    /// Labs of this lesson.
    #[serde(default)]
    pub labs: Vec<Lab>,
}

/// One screen of a lesson: one idea.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum Scene {
    /// Text with light emphasis: `*key term*`, `` `code` ``, `[Key]`.
    /// Paragraphs are separated by a blank line.
    Prose { title: String, text: String },
    /// A table: a header row and rows of the same width.
    Table {
        title: String,
        #[serde(default)]
        intro: Option<String>,
        header: Vec<String>,
        rows: Vec<Vec<String>>,
    },
    /// Boxes and arrows drawn as text, at most 76 columns wide.
    Diagram {
        title: String,
        art: String,
        #[serde(default)]
        caption: Option<String>,
    },
    /// An aside with its own framing.
    Callout {
        kind: CalloutKind,
        title: String,
        text: String,
    },
    /// Sandbox commands played one at a time with narration; their output
    /// comes from the real shell when the scene is shown.
    Demo {
        title: String,
        #[serde(default)]
        intro: Option<String>,
        /// An organization to start from instead of the lesson's.
        #[serde(default)]
        org: Option<String>,
        steps: Vec<DemoStep>,
    },
    /// Points to take away, shown as a list.
    Takeaways { title: String, points: Vec<String> },
    /// A pointer to one of the lesson's labs, by id.
    LabIntro { lab: String },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum CalloutKind {
    Analogy,
    Warning,
    Tip,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DemoStep {
    /// What to say before the command runs.
    pub say: String,
    /// A sandbox command line (may use a here-document).
    pub run: String,
    /// The step is meant to fail (an AccessDenied to show, say).
    #[serde(default)]
    pub fails: bool,
}

/// A question, in a checkpoint or the question bank.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    /// Unique across the course: `users-03`.
    pub id: String,
    /// For the weak-topic report: users, groups, roles, policies, evaluation, ...
    pub topic: String,
    pub prompt: String,
    pub kind: QuestionKind,
    /// Shown after the answer, right or wrong.
    pub explanation: String,
    /// A deliberate repeat of an earlier question (its id), asked again to
    /// review it: the lint does not count the two as near-duplicates.
    #[serde(default)]
    pub review_of: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum QuestionKind {
    /// Exactly one option is correct.
    ChooseOne { options: Vec<Choice> },
    /// One or more options are correct; all must be picked.
    ChooseMany { options: Vec<Choice> },
    TrueFalse {
        answer: bool,
        /// Why the wrong answer is wrong.
        why_not: String,
    },
    /// Typed answers, compared ignoring case, spacing and surrounding quotes.
    ShortAnswer { accept: Vec<String> },
    /// Allowed, explicitly denied or implicitly denied: computed by the engine.
    Decide(DecideRequest),
    /// Items listed in their right order; shown shuffled.
    Order { items: Vec<String> },
    /// Spot the problem: which of these entities breaks a best practice?
    /// The advisor decides; the course check makes sure exactly one does.
    Spot(SpotQuestion),
}

/// An organization and the entities a learner chooses from.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpotQuestion {
    pub setup: Setup,
    /// Entities as the advisor names them: `developer1` (a user),
    /// `group/Developers`, `role/AppRole`, `policy/Name`, an access key id.
    pub options: Vec<String>,
    /// Only findings of this advisor rule count (its id, `shared-user`);
    /// without it, any finding does.
    #[serde(default)]
    pub rule: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    pub text: String,
    #[serde(default)]
    pub correct: bool,
    /// For a wrong option: the misconception it catches. Required there.
    #[serde(default)]
    pub why_not: Option<String>,
}

/// A request for the engine to decide.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DecideRequest {
    /// Where the organization comes from: a file under `assets/orgs/`, or
    /// sandbox commands that build it from an empty account.
    pub setup: Setup,
    /// `john`, `role/S3AccessRole`, or an ARN.
    pub principal: String,
    pub action: String,
    pub resource: String,
    /// Context keys with their values.
    #[serde(default)]
    pub context: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum Setup {
    Org(String),
    Commands(Vec<String>),
    /// An organization file, then commands on top of it.
    OrgThen(String, Vec<String>),
}

/// A sandbox exercise with goals the engine checks after every command.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lab {
    pub id: String,
    pub title: String,
    pub story: String,
    pub start: Setup,
    pub goals: Vec<Goal>,
    /// From the concept to the exact command, one more per request.
    pub hints: Vec<String>,
    /// Commands that reach every goal from the start state.
    pub solution: Vec<String>,
    /// The fewest commands that do it, for those who like to golf.
    #[serde(default)]
    pub par: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Goal {
    /// What the learner reads: "John can start instances".
    pub text: String,
    pub check: Check,
}

/// A check the engine decides.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum Check {
    /// The decision for a request is allowed (`true`) or denied (`false`).
    Access {
        principal: String,
        action: String,
        resource: String,
        allowed: bool,
        #[serde(default)]
        context: Vec<(String, String)>,
    },
    UserExists(String),
    /// The user does not exist (it was deleted, or never made).
    UserAbsent(String),
    GroupExists(String),
    RoleExists(String),
    /// The user belongs to the group.
    InGroup {
        user: String,
        group: String,
    },
    /// The user has no policies of its own (attached or inline).
    NoDirectPolicies(String),
    /// The user has at least this many access keys.
    HasAccessKey(String),
    /// The user has no access keys.
    NoAccessKeys(String),
    HasLoginProfile(String),
    /// An MFA device is enabled for the user.
    HasMfa(String),
    /// This principal (a service such as `ec2.amazonaws.com`, a user or
    /// role name, or an ARN) may assume the role. The role is a name in the
    /// home account or a role ARN in any account of the organization
    /// (`arn:aws:iam::444455556666:role/AuditReader`); across accounts the
    /// caller's own policies must allow `sts:AssumeRole` too, as in AWS.
    Trusts {
        role: String,
        principal: String,
    },
    /// An instance profile holds this role.
    InstanceProfileHasRole {
        profile: String,
        role: String,
    },
    /// What the principal may do as a whole, compared with a stand-in who
    /// holds only `policies` (managed policy ARNs, or policy documents
    /// written out as JSON): nothing the stand-in may not do, the story's
    /// "and nothing more"; with `exact`, nothing less either, the story's
    /// "the same access". `content::whole_access` says which requests are
    /// compared.
    AccessWithin {
        principal: String,
        policies: Vec<String>,
        #[serde(default)]
        exact: bool,
    },
    /// A request decided for a new member of `group`: a user in that group
    /// and nothing else, with no policy of its own. The story's "where the
    /// next hire gets it too".
    NewMemberAccess {
        group: String,
        action: String,
        resource: String,
        allowed: bool,
        #[serde(default)]
        context: Vec<(String, String)>,
    },
    /// The advisor has nothing to say: no finding at all, or none of the
    /// rules listed (by id, `shared-user`).
    AdvisorQuiet(Vec<String>),
    /// This principal (`john`, `role/Deployer`) has no way to gain power
    /// it does not have: the escalation search finds no path.
    NoEscalation(String),
    /// Every check in the list holds.
    All(Vec<Check>),
}

/// One card of the interview bank: `lessons/interview.ron` holds a list.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Card {
    pub id: String,
    pub topic: String,
    /// How hard an interviewer would consider it.
    #[serde(default)]
    pub difficulty: Option<Difficulty>,
    pub question: String,
    /// The model answer, two to five sentences.
    pub answer: String,
    /// What a good answer must mention: at most nine, ticked with 1 to 9.
    pub key_points: Vec<String>,
    /// The key points an answer cannot pass without, by their numbers
    /// from 1 (`essential: [1, 3]`); none marked makes every point
    /// essential. See `learn::interview::judge_points` for the verdict.
    #[serde(default)]
    pub essential: Vec<usize>,
    /// Asked in the source article.
    #[serde(default)]
    pub from_article: bool,
    /// How the question is put and answered; talked through by default.
    #[serde(default)]
    pub kind: AskKind,
    /// One or two questions asked after the first answer, each graded by
    /// its own key points.
    #[serde(default)]
    pub follow_ups: Vec<FollowUp>,
    /// Where to go back to when the answer falls short: the report links it.
    #[serde(default)]
    pub revisit: Vec<Revisit>,
}

/// How an interview card is put and answered.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum AskKind {
    /// Answered aloud or in the notes; then the candidate ticks the key
    /// points covered.
    #[default]
    Talk,
    /// Explain it to a junior colleague: what it is, an example, the catch.
    Junior,
    /// Who can do this? The candidate ticks the principals of an
    /// organization (shown as inventory text); the engine decides.
    WhoCan(WhoCanCase),
    /// Why is this request denied? The candidate picks the reason from
    /// the layers the engine looked at; its decision settles it.
    WhyDenied(RequestCase),
    /// The smallest change that lets one command work and nothing more,
    /// made in the sandbox; the engine checks it as it checks a lab.
    SmallestChange(FixCase),
    /// Live troubleshooting: the sandbox opens on a command that fails
    /// with AccessDenied, the "why?" pane switched off and a clock running.
    Troubleshoot(FixCase),
}

/// An organization and one action on one resource: who may do it?
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WhoCanCase {
    pub setup: Setup,
    pub action: String,
    pub resource: String,
}

/// An organization and a request the engine denies.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequestCase {
    pub setup: Setup,
    /// `john`, `role/AppRole`, or an ARN.
    pub principal: String,
    pub action: String,
    pub resource: String,
    /// Context keys with their values.
    #[serde(default)]
    pub context: Vec<(String, String)>,
}

/// An organization where one command fails for one principal, and the
/// change that makes it work. Solved when the command works as the
/// principal and the access grid shows nobody gained anything else.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FixCase {
    pub setup: Setup,
    /// Who runs the command: `john`, `role/AppRole`.
    pub principal: String,
    /// A sandbox command line, run as the principal.
    pub command: String,
    /// Commands (as the administrator) that solve it: the course check
    /// replays them.
    pub solution: Vec<String>,
    /// The clock, when the card's difficulty does not say enough.
    #[serde(default)]
    pub minutes: Option<u32>,
}

/// A question asked after a card's first answer.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum FollowUp {
    /// Written here, with its own answer and key points.
    Ask {
        question: String,
        answer: String,
        key_points: Vec<String>,
        #[serde(default)]
        essential: Vec<usize>,
    },
    /// Another card of the bank, by id, asked as the follow-up.
    Card(String),
}

/// A place in the course to go back to.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum Revisit {
    /// A lesson, by id.
    Lesson(String),
    /// A scene, by lesson id and the scene's title.
    Scene(String, String),
    /// A lab, by id.
    Lab(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
pub enum Difficulty {
    Easy,
    Medium,
    Hard,
}

/// The interview bank file.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InterviewBank {
    pub cards: Vec<Card>,
}
