//! What the app gives every shell it runs, in the sandbox and in labs: the
//! course's organizations for `import NAME`, and errors cut to fit its
//! panes. The command line (`iamtutor aws`, `iamtutor run`) keeps the AWS
//! CLI's full text.

use crate::content::course::Course;
use crate::shell::Shell;

/// Sets the shell up for the app, once (later calls find it done).
pub fn equip(course: &Course, shell: &mut Shell) {
    if shell.brief_usage {
        return;
    }
    shell.brief_usage = true;
    shell.named_orgs = std::sync::Arc::new(course.orgs().clone());
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::iam::model::Org;
    use crate::shell::Effect;

    #[test]
    fn an_equipped_shell_imports_the_course_organizations_by_name() {
        let course = Course::embedded().expect("the embedded course loads");
        let mut shell = Shell::new(Org::new());
        // Unequipped, a name is a file for the host to read.
        assert_eq!(
            shell.run("import startup").effect,
            Some(Effect::ReadFile {
                path: "startup".into()
            })
        );
        equip(&course, &mut shell);
        let o = shell.run("import startup");
        assert!(o.ok, "{}", o.stderr);
        assert!(o.stdout.starts_with("Imported startup: "), "{}", o.stdout);
        assert!(!shell.org.accounts.values().all(|a| a.users.is_empty()));
        let help = shell.run("help import").stdout;
        for name in course.orgs().keys() {
            assert!(help.contains(name.as_str()), "{name} in {help}");
        }
    }
}
