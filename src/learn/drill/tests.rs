use super::*;
use crate::iam::catalog::catalog;
use crate::iam::principal::Layer;

fn spec(level: u8, topic: Option<Topic>, seed: u64) -> Spec {
    Spec::new(level, topic, seed).unwrap()
}

fn all_specs(seeds: std::ops::Range<u64>) -> Vec<Spec> {
    let mut out = Vec::new();
    for seed in seeds {
        for level in 1..=3 {
            out.push(spec(level, None, seed));
            for t in Topic::ALL {
                out.push(spec(level, Some(t), seed));
            }
        }
    }
    out
}

/// The drills of `seeds` (at most 0 to 5), every level and topic, each with
/// its spec. Generated once for every test that reads them: generating is
/// most of those tests' time.
fn generated(seeds: std::ops::Range<u64>) -> impl Iterator<Item = &'static (Spec, Vec<Generated>)> {
    static ALL: std::sync::OnceLock<Vec<(Spec, Vec<Generated>)>> = std::sync::OnceLock::new();
    assert!(seeds.end <= 6, "only seeds 0 to 5 are generated");
    // Two halves side by side: the tests that wait for them have nothing
    // else to do.
    ALL.get_or_init(|| {
        let specs = all_specs(0..6);
        let (a, b) = specs.split_at(specs.len() / 2);
        let half = |part: &[Spec]| -> Vec<(Spec, Vec<Generated>)> {
            part.iter().map(|s| (*s, generate(s).unwrap())).collect()
        };
        std::thread::scope(|scope| {
            let first = scope.spawn(|| half(a));
            let mut all = half(b);
            let mut out = first.join().expect("generating the first half");
            out.append(&mut all);
            out
        })
    })
    .iter()
    .filter(move |(s, _)| seeds.contains(&s.seed))
}

/// What a question says, to compare drills.
fn shown(g: &Generated) -> (String, String, Vec<String>) {
    (
        g.question.id.clone(),
        g.question.prompt.clone(),
        g.setting.clone(),
    )
}

#[test]
fn the_same_seed_gives_the_same_drill_and_another_seed_another() {
    for level in 1..=3 {
        let a: Vec<_> = generate(&spec(level, None, 2026))
            .unwrap()
            .iter()
            .map(shown)
            .collect();
        let b: Vec<_> = generate(&spec(level, None, 2026))
            .unwrap()
            .iter()
            .map(shown)
            .collect();
        assert_eq!(a, b);
        let c: Vec<_> = generate(&spec(level, None, 2027))
            .unwrap()
            .iter()
            .map(shown)
            .collect();
        let same = a
            .iter()
            .zip(&c)
            .filter(|(x, y)| x.1 == y.1 && x.2 == y.2)
            .count();
        assert!(
            same < 3,
            "level {level}: seeds 2026 and 2027 share {same} questions"
        );
    }
    // The sequence itself is pinned, so every machine agrees.
    let first = &generate(&spec(1, None, 1)).unwrap()[0];
    assert_eq!(first.question.id, "drill-1-all-1-0");
}

#[test]
fn a_question_comes_back_from_its_id() {
    for s in [spec(2, Some(Topic::Groups), 99), spec(3, None, 5)] {
        for g in generate(&s).unwrap() {
            let again = by_id(&g.question.id).expect("the id names the question");
            assert_eq!(shown(&again), shown(&g));
            assert_eq!(again.question.kind, g.question.kind);
        }
    }
    assert!(by_id("drill-4-all-1-0").is_none());
    assert!(by_id("drill-2-all-1-10").is_none());
    assert!(by_id("drill-2-nothing-1-3").is_none());
    assert!(by_id("users-03").is_none());
}

/// The answer a question states: a decide question's, as the session's
/// engine decides it from the setup; a spot question's right option.
#[test]
fn every_stated_answer_is_the_engines_decision() {
    for (s, items) in generated(0..6) {
        let session = session(items, s.seed).unwrap();
        for item in &session.items {
            let g = items
                .iter()
                .find(|g| g.question.id == item.question.id)
                .unwrap();
            let decided = item.decided.as_ref().expect("every drill item is decided");
            assert_eq!(decided.decision, g.evaluation.decision, "{}", g.question.id);
            // A decide question, run again from the question alone.
            if let QuestionKind::Decide(d) = &item.question.kind {
                let (_, e) = goals::decide(d, &orgs).unwrap();
                assert_eq!(e.decision, decided.decision, "{}", g.question.id);
            }
            match &item.question.kind {
                QuestionKind::Decide(_) => {}
                QuestionKind::ChooseOne { options } => {
                    let right: Vec<_> = options.iter().filter(|o| o.correct).collect();
                    assert_eq!(right.len(), 1, "{}", g.question.id);
                    let allowed = right[0].text.starts_with("Allowed");
                    assert_eq!(allowed, decided.decision.is_allowed(), "{}", g.question.id);
                    let explicit = right[0].text.contains("explicit Deny");
                    assert_eq!(
                        explicit,
                        decided.decision == Decision::ExplicitDeny,
                        "{}",
                        g.question.id
                    );
                }
                other => panic!("a drill asked {other:?}"),
            }
        }
    }
}

#[test]
fn answers_are_balanced() {
    let mut allowed = 0;
    let mut total = 0;
    for (s, items) in generated(0..4) {
        let a = items
            .iter()
            .filter(|g| g.evaluation.decision.is_allowed())
            .count();
        assert!((3..=7).contains(&a), "{s:?}: {a} of 10 allowed");
        allowed += a;
        total += items.len();
    }
    let share = allowed * 100 / total;
    assert!((40..=60).contains(&share), "{share}% allowed");
}

#[test]
fn names_and_policies_come_from_the_pools() {
    let buckets: Vec<String> = pools::COMPANIES
        .iter()
        .chain(pools::PARTNERS)
        .flat_map(|c| pools::BUCKETS.iter().map(move |(p, _)| format!("{c}-{p}")))
        .collect();
    for (_, items) in generated(0..3) {
        for g in items {
            let q = &g.question;
            let person = q.prompt.split(',').next().unwrap();
            assert!(pools::PEOPLE.contains(&person), "{}", q.prompt);
            assert!(
                q.prompt.ends_with("Allowed or denied?")
                    || q.prompt.ends_with("Which policy decides, and how?")
            );
            for line in &g.setting {
                // Every action a policy lists is real, or a wildcard that
                // covers real ones.
                for word in line.split([' ', ',']) {
                    if let Some((prefix, _)) = word.split_once(':')
                        && [
                            "s3",
                            "ec2",
                            "dynamodb",
                            "lambda",
                            "sts",
                            "cloudwatch",
                            "logs",
                        ]
                        .contains(&prefix)
                        && !word.starts_with("arn")
                    {
                        if word.contains('*') {
                            assert!(
                                !catalog().actions_matching(word).is_empty(),
                                "{word} covers nothing"
                            );
                        } else {
                            assert!(catalog().action(word).is_some(), "{word} is not an action");
                        }
                    }
                    if let Some(b) = word.strip_prefix("arn:aws:s3:::") {
                        let b = b.split('/').next().unwrap();
                        assert!(
                            b == "*" || b.ends_with("-*") || buckets.contains(&b.to_string()),
                            "{b} is not a pool bucket"
                        );
                    }
                    if let Some(u) = word.strip_prefix("arn:aws:iam::111122223333:user/") {
                        let u = u.trim_end_matches(')');
                        assert!(pools::PEOPLE.contains(&u), "{u}");
                    }
                }
            }
        }
    }
}

#[test]
fn level_three_mixes_every_feature() {
    for seed in 0..5 {
        let items = generate(&spec(3, None, seed)).unwrap();
        let seen: BTreeSet<Feature> = items.iter().flat_map(|g| g.features.clone()).collect();
        for f in [
            Feature::Group,
            Feature::Boundary,
            Feature::ResourcePolicy,
            Feature::Condition,
            Feature::CrossAccount,
        ] {
            assert!(seen.contains(&f), "seed {seed}: no {f:?} in {seen:?}");
        }
        // Each question mixes at least three things.
        for g in &items {
            assert!(g.features.len() >= 3, "{}: {:?}", g.question.id, g.features);
        }
    }
    // Level 1 is one policy and an action.
    for g in generate(&spec(1, Some(Topic::Identity), 3)).unwrap() {
        let policies = g.setting.iter().filter(|l| l.contains("policy ")).count();
        assert_eq!(policies, 1, "{:?}", g.setting);
    }
}

#[test]
fn a_topic_is_in_every_question_of_its_drill() {
    for t in Topic::ALL {
        for g in generate(&spec(2, Some(t), 11)).unwrap() {
            if let Some(f) = t.feature() {
                assert!(g.features.contains(&f), "{t:?}: {:?}", g.features);
            }
            assert_eq!(g.topic, t);
        }
    }
}

#[test]
fn an_unknown_topic_names_the_valid_ones() {
    let e = Topic::parse("policies").unwrap_err();
    assert_eq!(
        e,
        "there is no drill topic `policies`; the topics are: identity, groups, boundaries, \
         resource, conditions, cross-account"
    );
    assert_eq!(Topic::parse("Cross-Account"), Ok(Topic::CrossAccount));
    assert!(Spec::new(4, None, 1).is_err());
}

#[test]
fn a_spot_question_names_the_policy_the_trail_marks() {
    let mut spots = 0;
    for (_, items) in generated(0..3) {
        for g in items {
            let QuestionKind::ChooseOne { options } = &g.question.kind else {
                continue;
            };
            spots += 1;
            let right = options.iter().find(|o| o.correct).unwrap();
            let matched: Vec<_> = g.evaluation.matched_statements().collect();
            if g.evaluation.decision == Decision::ExplicitDeny {
                let (p, _) = matched
                    .iter()
                    .find(|(_, st)| st.effect == crate::iam::policy::Effect::Deny)
                    .unwrap();
                let named = p.layer == Layer::Resource || right.text.contains(&p.name);
                assert!(named, "{}: {} vs {}", g.question.id, right.text, p.name);
            }
        }
    }
    assert!(spots > 20, "only {spots} spot questions");
}
