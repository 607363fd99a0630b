use super::*;

type Entries<'a> = &'a [(&'a str, &'a [&'a str])];

fn ctx(entries: Entries) -> Context {
    let mut ctx = Context::new();
    for (key, values) in entries {
        ctx.set(key, values.iter().map(|v| v.to_string()).collect());
    }
    ctx
}

fn strings(values: &[&str]) -> Vec<String> {
    values.iter().map(|v| v.to_string()).collect()
}

/// One row: operator, key, policy values, request context, expected result.
type Case<'a> = (&'a str, &'a str, &'a [&'a str], Entries<'a>, bool);

fn run(cases: &[Case], variables: bool) {
    for (op_name, key, policy, entries, want) in cases {
        let op = parse_operator(op_name).unwrap_or_else(|e| panic!("{op_name}: {e}"));
        let ctx = ctx(entries);
        let policy = strings(policy);
        let got = evaluate(&op, key, &policy, &ctx, variables);
        assert_eq!(
            got, *want,
            "{op_name} {{ {key}: {policy:?} }} with {entries:?} (variables {variables})"
        );
        // The explanation is built from the same verdict.
        let why = explain_failure(&op, key, &policy, &ctx, variables);
        assert_eq!(why.ends_with("holds"), got, "{op_name}: {why}");
    }
}

const NONE: Entries = &[];

mod explanations;
mod parsing;
mod qualifiers;
mod string_operators;
mod typed_operators;
mod variables;
