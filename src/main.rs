//! The `firesim` binary: parse the command line, run it, print any error once with its
//! causes, and exit non-zero on failure.

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = firesim::cli::Cli::parse();
    match firesim::cli::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err}");
            for cause in err.chain().skip(1) {
                eprintln!("  caused by: {cause}");
            }
            ExitCode::FAILURE
        }
    }
}
