//! `communique init [DIR]`: a new instance (see [`crate::init`]). Values come from the flags;
//! what they leave out is asked on a terminal (with the default in brackets), or else takes its
//! default or placeholder. Prints the files written and the next commands on stdout.

use std::io::IsTerminal;
use std::path::Path;

use super::{Context, Error, Status};
use crate::cli::InitArgs;
use crate::init::{self, Answers};

/// Writes the instance; an error (exit status 2) when a file exists or a value is refused.
pub(crate) fn run(_ctx: &Context, args: &InitArgs) -> Result<Status, Error> {
    let today = chrono::Utc::now().date_naive();
    let interactive = !args.no_input && std::io::stdin().is_terminal();
    let answers = answers(args, today, interactive);
    let files = init::files(&absolute(&args.dir), &answers, today)?;
    let written = init::write(&args.dir, &files, shown)?;
    let mut out = String::new();
    for path in &written {
        out.push_str(&format!("created {}\n", shown(path)));
    }
    out.push_str(&next_steps(&args.dir, &answers));
    // The files exist now whatever happens to these lines.
    let _ = crate::out::write_all(out.as_bytes());
    Ok(Status::Ok)
}

/// A path as the user named it, without a leading `./`.
fn shown(path: &Path) -> String {
    path.strip_prefix(".").unwrap_or(path).display().to_string()
}

/// `dir` made absolute (relative paths in the configuration are resolved against it).
fn absolute(dir: &Path) -> std::path::PathBuf {
    std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf())
}

/// Every value: the flag's, else the answer on a terminal, else the default.
fn answers(args: &InitArgs, today: chrono::NaiveDate, interactive: bool) -> Answers {
    let pick = |given: &Option<String>, question: &str, default: &str| -> String {
        match given {
            Some(v) => v.trim().to_owned(),
            None if interactive => crate::ui::ask(question, default),
            None => default.to_owned(),
        }
    };
    let title = pick(&args.title, "Title of the feeds", Answers::TITLE);
    let base_url = pick(
        &args.base_url,
        "Address where the feeds will be served",
        Answers::BASE_URL,
    );
    let author = pick(
        &args.author,
        "Organisation that signs the statements",
        Answers::AUTHOR,
    );
    let lang = pick(
        &args.lang,
        "Usual language (en, pt, pt-BR, …)",
        Answers::LANG,
    );
    let authority = Answers::authority_of(&base_url).unwrap_or_else(|| "example.org".to_owned());
    let id_authority = pick(
        &args.id_authority,
        "Domain the organisation owns, for entry ids",
        &authority,
    );
    let year = today.format("%Y").to_string();
    let id_date = pick(
        &args.id_date,
        "A date it owned that domain (YYYY), for entry ids",
        &year,
    );
    Answers {
        title,
        base_url,
        author,
        lang,
        id_authority,
        id_date,
    }
}

/// What to run next, for the folder just made.
fn next_steps(dir: &Path, answers: &Answers) -> String {
    let mut s = String::from("\nNext:\n");
    if dir != Path::new(".") {
        s.push_str(&format!("  cd {}\n", dir.display()));
    }
    s.push_str(
        "  communique serve           preview on http://127.0.0.1:8000/, rebuilt as you edit\n\
         \x20 communique new --edit      write a statement in $EDITOR\n\
         \x20 communique check           every doubt about the statements\n\
         \x20 communique publish         build (and push to the [[push]] targets: see the README)\n",
    );
    let placeholders: Vec<&str> = [
        (answers.base_url == Answers::BASE_URL, "base_url"),
        (answers.id_authority == "example.org", "id_authority"),
    ]
    .into_iter()
    .filter_map(|(placeholder, key)| placeholder.then_some(key))
    .collect();
    if !placeholders.is_empty() {
        s.push_str(&format!(
            "\nBefore the first publish, set {} in config.toml (they hold placeholders).\n",
            placeholders.join(" and ")
        ));
    }
    s
}
