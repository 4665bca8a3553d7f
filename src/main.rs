//! The `firesim` binary: parse the command line, run it, print any error once with its
//! causes, and exit non-zero on failure (128 + the signal after SIGINT or SIGTERM).

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = firesim::cli::Cli::parse();
    let result = firesim::cli::run(cli);
    // Interrupted (SIGINT, SIGTERM): nothing half-written is left (the CLI stages its
    // results), and the exit status says which signal it was.
    if let Some(signal) = firesim::ground::cancel::requested() {
        let stop = firesim::ground::cancel::Interrupted { signal };
        eprintln!("error: {stop}");
        // Measured in the process, from the signal handler to here (tests/signals.rs
        // holds it to a second).
        if let Some(took) = firesim::ground::cancel::since_request() {
            eprintln!("stopped {:.3} s after the signal", took.as_secs_f64());
        }
        return ExitCode::from(stop.exit_status());
    }
    match result {
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
