//! Where an interview card sends a candidate back to: a lesson, a scene
//! (named by its title, so reordering scenes does not break the link) or a
//! lab. The course check resolves every link; the interview report opens
//! them.

use super::schema::{Card, Lesson, Revisit, Scene};

/// Where a card sends a candidate back to: its own links, or without
/// any, the lesson whose id is the card's topic (when there is one).
pub fn links_of(card: &Card, lessons: &[Lesson]) -> Vec<Revisit> {
    if !card.revisit.is_empty() {
        return card.revisit.clone();
    }
    lessons
        .iter()
        .find(|l| l.id == card.topic)
        .map(|l| vec![Revisit::Lesson(l.id.clone())])
        .unwrap_or_default()
}

/// A link, resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// A lesson by index, at a scene.
    Scene { lesson: usize, scene: usize },
    /// A lab, by id.
    Lab(String),
}

/// A scene's own title; a lab's introduction has none (it takes its lab's).
pub fn own_title(scene: &Scene) -> Option<&str> {
    match scene {
        Scene::Prose { title, .. }
        | Scene::Table { title, .. }
        | Scene::Diagram { title, .. }
        | Scene::Callout { title, .. }
        | Scene::Demo { title, .. }
        | Scene::Takeaways { title, .. } => Some(title),
        Scene::LabIntro { .. } => None,
    }
}

/// A scene's title, as the lesson's page shows it (a lab's introduction
/// takes the lab's title).
pub fn scene_title<'a>(scene: &'a Scene, lesson: &'a Lesson) -> &'a str {
    match scene {
        Scene::LabIntro { lab } => lesson
            .labs
            .iter()
            .find(|l| &l.id == lab)
            .map_or(lab.as_str(), |l| l.title.as_str()),
        _ => own_title(scene).unwrap_or_default(),
    }
}

/// Resolves a link among `lessons` (in course order); the error says what
/// is missing.
pub fn resolve(lessons: &[Lesson], link: &Revisit) -> Result<Place, String> {
    let lesson = |id: &str| {
        lessons
            .iter()
            .position(|l| l.id == id)
            .ok_or_else(|| format!("there is no lesson `{id}`"))
    };
    match link {
        Revisit::Lesson(id) => Ok(Place::Scene {
            lesson: lesson(id)?,
            scene: 0,
        }),
        Revisit::Scene(id, title) => {
            let i = lesson(id)?;
            let l = &lessons[i];
            l.scenes
                .iter()
                .position(|s| scene_title(s, l).eq_ignore_ascii_case(title))
                .map(|scene| Place::Scene { lesson: i, scene })
                .ok_or_else(|| format!("lesson `{id}` has no scene titled `{title}`"))
        }
        Revisit::Lab(id) => lessons
            .iter()
            .any(|l| l.labs.iter().any(|lab| &lab.id == id))
            .then(|| Place::Lab(id.clone()))
            .ok_or_else(|| format!("there is no lab `{id}`")),
    }
}

/// The link in words: `Lesson 4 · IAM roles › Two policies on every role`,
/// `Lab · Take the keys off the server`. A link that does not resolve says
/// what it names.
pub fn label(lessons: &[Lesson], link: &Revisit) -> String {
    let lesson = |i: usize| format!("Lesson {} · {}", lessons[i].number, lessons[i].title);
    match (resolve(lessons, link), link) {
        (Ok(Place::Scene { lesson: i, .. }), Revisit::Lesson(_)) => lesson(i),
        (Ok(Place::Scene { lesson: i, scene }), _) => format!(
            "{} › {}",
            lesson(i),
            scene_title(&lessons[i].scenes[scene], &lessons[i])
        ),
        (Ok(Place::Lab(id)), _) => {
            let title = lessons
                .iter()
                .flat_map(|l| &l.labs)
                .find(|l| l.id == id)
                .map_or(id.as_str(), |l| l.title.as_str());
            format!("Lab · {title}")
        }
        (Err(_), Revisit::Lesson(id)) => format!("lesson {id}"),
        (Err(_), Revisit::Scene(id, title)) => format!("lesson {id} › {title}"),
        (Err(_), Revisit::Lab(id)) => format!("lab {id}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::course::Course;

    #[test]
    fn links_resolve_by_id_and_scene_title_and_say_where_they_lead() {
        let course = Course::embedded().unwrap();
        let l = &course.lessons;
        let roles = l.iter().position(|x| x.id == "roles").unwrap();
        let title = scene_title(&l[roles].scenes[1], &l[roles]).to_string();
        let link = Revisit::Scene("roles".into(), title.to_lowercase());
        assert_eq!(
            resolve(l, &link),
            Ok(Place::Scene {
                lesson: roles,
                scene: 1
            })
        );
        assert_eq!(
            label(l, &link),
            format!("Lesson {} · {} › {title}", l[roles].number, l[roles].title)
        );
        assert_eq!(
            resolve(l, &Revisit::Scene("roles".into(), "No such scene".into())),
            Err("lesson `roles` has no scene titled `No such scene`".into())
        );
        assert!(resolve(l, &Revisit::Lesson("nope".into())).is_err());
        let lab = &l[roles].labs[0];
        assert_eq!(
            label(l, &Revisit::Lab(lab.id.clone())),
            format!("Lab · {}", lab.title)
        );
    }
}
