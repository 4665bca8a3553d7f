//! The command line: parse the flags and call the command (in [`crate::commands`]).
//!
//! `app` holds the `Cli` type, its subcommands and the dispatch; one file per subcommand
//! holds its flags and calls one entry point of `commands`; `signals` installs the SIGINT
//! and SIGTERM handlers.

mod app;
mod calibrate;
mod compare;
mod import;
mod merge;
mod optimise;
mod report;
mod robustness;
mod rollout;
mod run;
mod signals;
mod sim;
mod travel;

pub use app::{Cli, reread, run};
