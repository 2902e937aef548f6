//! `cargo run --example eval` (what `scripts/eval` runs): scores the inference against the
//! evaluation corpus in `eval/` and prints accuracy per language and field, the overall figure
//! and every miss.
//!
//! Options: `--min PCT` exits 1 when the overall figure is below PCT (otherwise the exit status
//! is 0 whatever the figure); `--dir DIR` scores another corpus folder; `--all` scores the
//! corpus and the ten held-out sets (`eval/heldout`, `eval/heldout2`, `eval/heldout3`,
//! `eval/heldout4`, `eval/heldout5`, `eval/heldout6`, `eval/heldout7`, `eval/heldout8`,
//! `eval/heldout9`, `eval/heldout10`) one after the other; `--quiet` leaves out the misses; `--dated-names` copies
//! every file under a dated name first, so that no item is left out for lack of a date and the
//! other fields can be measured on their own. Exit 2 when the corpus itself cannot be read.

mod score;

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut min: Option<f64> = None;
    let mut dir = score::default_dir();
    let mut quiet = false;
    let mut dated_names = false;
    let mut all = false;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--quiet" => quiet = true,
            "--dated-names" => dated_names = true,
            "--all" => all = true,
            "--min" => match args.next().map(|v| v.parse()) {
                Some(Ok(pct)) => min = Some(pct),
                _ => return usage("--min needs a number"),
            },
            "--dir" => match args.next() {
                Some(v) => dir = PathBuf::from(v),
                None => return usage("--dir needs a folder"),
            },
            other => return usage(&format!("unknown argument {other}")),
        }
    }
    let dirs = if all {
        let root = score::default_dir();
        vec![
            root.clone(),
            root.join("heldout"),
            root.join("heldout2"),
            root.join("heldout3"),
            root.join("heldout4"),
            root.join("heldout5"),
            root.join("heldout6"),
            root.join("heldout7"),
            root.join("heldout8"),
            root.join("heldout9"),
            root.join("heldout10"),
        ]
    } else {
        vec![dir]
    };
    let mut status = ExitCode::SUCCESS;
    for (i, dir) in dirs.iter().enumerate() {
        if all {
            if i > 0 {
                println!();
            }
            println!("== {}", dir.display());
        }
        match score_one(dir, dated_names, quiet, min) {
            Ok(true) => {}
            Ok(false) => status = ExitCode::from(1),
            Err(code) => return code,
        }
    }
    status
}

/// Scores the corpus in `dir` and prints it; `Ok(false)` when its figure is below `min`.
fn score_one(
    dir: &std::path::Path,
    dated_names: bool,
    quiet: bool,
    min: Option<f64>,
) -> Result<bool, ExitCode> {
    let report = match score::run(dir, dated_names) {
        Ok(report) => report,
        Err(e) => {
            eprintln!("eval: error: {e}");
            return Err(ExitCode::from(2));
        }
    };
    if !quiet {
        print!("{}", report.misses());
        println!();
    }
    print!("{}", report.table());
    println!();
    print!("{}", report.totals());
    match min {
        Some(min) if report.overall() < min => {
            eprintln!(
                "eval: overall {:.1}% is below --min {min}",
                report.overall()
            );
            Ok(false)
        }
        _ => Ok(true),
    }
}

fn usage(problem: &str) -> ExitCode {
    eprintln!("eval: error: {problem}\nusage: scripts/eval [--min PCT] [--dir DIR | --all] [--quiet] [--dated-names]");
    ExitCode::from(2)
}
