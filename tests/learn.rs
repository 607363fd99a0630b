//! Quiz and lab sessions.

use iamtutor::content::load;
use iamtutor::content::schema::{Lab, Question};
use iamtutor::iam::eval::Decision;
use iamtutor::learn::lab::LabSession;
use iamtutor::learn::quiz::{Answer, Session, normalise};

const QUESTIONS: &str = r#"[
    Question(id: "q1", topic: "groups", prompt: "Can a group contain a group?",
        kind: ChooseOne(options: [
            Choice(text: "No", correct: true),
            Choice(text: "Yes, one level", why_not: "groups hold users only"),
            Choice(text: "Yes, any depth", why_not: "there is no nesting at all"),
        ]), explanation: "Groups contain users only."),
    Question(id: "q2", topic: "roles", prompt: "Temporary access key ids start with?",
        kind: ShortAnswer(accept: ["ASIA"]), explanation: "ASIA for temporary, AKIA for long-term."),
    Question(id: "q3", topic: "roles", prompt: "A role has a password.",
        kind: TrueFalse(answer: false, why_not: "roles have no long-term credentials"), explanation: "No password."),
    Question(id: "q4", topic: "evaluation", prompt: "Order the evaluation.",
        kind: Order(items: ["explicit deny", "SCPs", "identity policies"]), explanation: "Deny first."),
    Question(id: "q5", topic: "company", prompt: "Can John terminate an instance?",
        kind: Decide(DecideRequest(setup: Org("startup"), principal: "john", action: "ec2:TerminateInstances", resource: "*")),
        explanation: "Developers may start and stop, not terminate."),
    Question(id: "q6", topic: "groups", prompt: "Which are true of groups?",
        kind: ChooseMany(options: [
            Choice(text: "they hold users", correct: true),
            Choice(text: "policies attach to them", correct: true),
            Choice(text: "they can sign in", why_not: "a group is not a principal"),
        ]), explanation: "Groups are a way to attach policies to many users."),
]"#;

fn questions() -> Vec<Question> {
    load::parse("q.ron", QUESTIONS).unwrap()
}

fn orgs(name: &str) -> Option<String> {
    iamtutor::content::embedded::org(name).map(str::to_string)
}

fn order_of(s: &Session) -> Vec<String> {
    s.items
        .iter()
        .map(|i| format!("{}:{:?}", i.question.id, i.order))
        .collect()
}

#[test]
fn the_same_seed_gives_the_same_quiz_and_another_seed_another() {
    let q = questions();
    let a = Session::new(&q, 7, &orgs).unwrap();
    let b = Session::new(&q, 7, &orgs).unwrap();
    assert_eq!(order_of(&a), order_of(&b));
    let differs =
        (8..20).any(|seed| order_of(&Session::new(&q, seed, &orgs).unwrap()) != order_of(&a));
    assert!(differs, "twelve other seeds all gave the same order");
}

fn pos(s: &Session, id: &str) -> usize {
    s.items.iter().position(|i| i.question.id == id).unwrap()
}

#[test]
fn grading_each_kind_with_explanations_and_why_not() {
    let mut s = Session::new(&questions(), 3, &orgs).unwrap();
    // ChooseOne: find where the shuffled options put each choice.
    let i = pos(&s, "q1");
    let right = s.items[i].order.iter().position(|&o| o == 0).unwrap();
    let wrong = s.items[i].order.iter().position(|&o| o == 2).unwrap();
    let g = s.answer(i, &Answer::One(wrong));
    assert!(!g.correct);
    assert_eq!(g.why_not.as_deref(), Some("there is no nesting at all"));
    assert_eq!(g.explanation, "Groups contain users only.");
    assert!(s.answer(i, &Answer::One(right)).correct);

    let i = pos(&s, "q2");
    assert!(s.answer(i, &Answer::Text("  a s i a ".into())).correct);
    assert!(!s.answer(i, &Answer::Text("AKIA".into())).correct);

    let i = pos(&s, "q3");
    let g = s.answer(i, &Answer::Bool(true));
    assert!(!g.correct && g.why_not.as_deref() == Some("roles have no long-term credentials"));

    let i = pos(&s, "q4");
    let in_file_order: Vec<usize> = (0..3)
        .map(|k| s.items[i].order.iter().position(|&o| o == k).unwrap())
        .collect();
    assert!(s.answer(i, &Answer::Order(in_file_order.clone())).correct);
    let mut swapped = in_file_order;
    swapped.swap(0, 1);
    assert!(!s.answer(i, &Answer::Order(swapped)).correct);

    // Decide: the engine's answer, with its trail.
    let i = pos(&s, "q5");
    let g = s.answer(i, &Answer::Decision(Decision::Allowed));
    assert!(!g.correct);
    assert_eq!(g.right_answer, "implicitly denied");
    assert!(g.trail.unwrap().contains("DeveloperEC2Access"));
    assert!(
        s.answer(i, &Answer::Decision(Decision::ImplicitDeny))
            .correct
    );

    let i = pos(&s, "q6");
    let p = |k: usize| s.items[i].order.iter().position(|&o| o == k).unwrap();
    let (p0, p1, p2) = (p(0), p(1), p(2));
    assert!(s.answer(i, &Answer::Many(vec![p1, p0])).correct);
    let g = s.answer(i, &Answer::Many(vec![p0, p2]));
    assert!(!g.correct && g.why_not.as_deref() == Some("a group is not a principal"));
}

#[test]
fn retry_offers_only_the_wrong_ones() {
    let mut s = Session::new(&questions(), 11, &orgs).unwrap();
    let i = pos(&s, "q3");
    s.answer(i, &Answer::Bool(false));
    let i = pos(&s, "q2");
    s.answer(i, &Answer::Text("asia".into()));
    assert_eq!(s.score(), (2, 6));
    let retry = s.retry_wrong(12, &orgs).unwrap();
    let mut ids: Vec<&str> = retry.items.iter().map(|i| i.question.id.as_str()).collect();
    ids.sort();
    assert_eq!(ids, ["q1", "q4", "q5", "q6"]);
    assert_eq!(normalise(" Access  Key "), "accesskey");
}

const LAB: &str = r#"Lab(
    id: "lab1", title: "Onboard Mike", story: "Mike joins the developers.",
    start: Commands(["aws iam create-user --user-name mike", "aws iam create-group --group-name Developers",
        "aws iam attach-group-policy --group-name Developers --policy-arn arn:aws:iam::aws:policy/AmazonEC2ReadOnlyAccess"]),
    goals: [
        Goal(text: "Mike is a developer", check: InGroup(user: "mike", group: "Developers")),
        Goal(text: "Mike can list instances", check: Access(principal: "mike", action: "ec2:DescribeInstances", resource: "*", allowed: true)),
        Goal(text: "Mike has no policy of his own", check: NoDirectPolicies("mike")),
    ],
    hints: ["Groups carry the permissions.", "aws iam add-user-to-group ...", "aws iam add-user-to-group --group-name Developers --user-name mike"],
    solution: ["aws iam add-user-to-group --group-name Developers --user-name mike"],
    par: 1,
)"#;

#[test]
fn a_lab_rechecks_goals_after_every_command() {
    let lab: Lab = load::parse("lab.ron", LAB).unwrap();
    let mut s = LabSession::new(&lab, &orgs).unwrap();
    assert_eq!(s.met, [false, false, true]);
    assert_eq!(s.next_hint(), Some("Groups carry the permissions."));
    let (o, p) = s.run("aws iam add-user-to-group --group-name Developers --user-name mike");
    assert!(o.ok, "{}", o.stderr);
    assert_eq!(p.newly_met, [0, 1]);
    assert!(s.solved());
    assert!(s.met_par());
    let (_, p) = s.run("aws iam remove-user-from-group --group-name Developers --user-name mike");
    assert_eq!(p.newly_lost, [0, 1]);
    assert!(!s.solved());
}
