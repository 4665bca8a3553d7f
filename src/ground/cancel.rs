//! Cancellation: a process-wide flag that a signal handler sets (the CLI installs it for
//! SIGINT and SIGTERM) and that long loops poll, so an interrupted run stops within a
//! moment, between events, and writes nothing.
//!
//! The flag holds the signal number (0: none). The simulation polls it every few thousand
//! events ([`POLL_EVERY`]) and the runner before each replication; results computed after
//! a request are incomplete, and every caller that writes files checks [`check`] first and
//! returns [`Interrupted`] instead.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// How many events the model plays between two looks at the flag (a power of two: the
/// test is a mask).
pub const POLL_EVERY: u64 = 4_096;

static FLAG: AtomicUsize = AtomicUsize::new(0);

/// The flag itself, for a signal handler to set to the signal's number.
pub fn flag() -> &'static AtomicUsize {
    &FLAG
}

/// The clock [`note_time`] reads: started by [`start_clock`] before any handler is
/// installed, so that a handler only reads it.
static CLOCK: OnceLock<Instant> = OnceLock::new();
/// When the first stop was asked for: nanoseconds after [`CLOCK`]'s start, plus one
/// (0: not yet).
static ASKED_NS: AtomicU64 = AtomicU64::new(0);

/// Start the clock stop requests are timed by (call once, before installing handlers).
pub fn start_clock() {
    CLOCK.get_or_init(Instant::now);
}

/// Note the time of a stop request; only the first counts. Async-signal-safe once
/// [`start_clock`] has run: an atomic load, `clock_gettime` and a compare-and-swap.
pub fn note_time() {
    if let Some(start) = CLOCK.get() {
        let ns = u64::try_from(start.elapsed().as_nanos()).unwrap_or(u64::MAX - 1) + 1;
        let _ = ASKED_NS.compare_exchange(0, ns, Ordering::Relaxed, Ordering::Relaxed);
    }
}

/// How long ago the first stop was asked for, when [`note_time`] noted it: the process
/// reports this as its stop time (`tests/signals.rs` holds it to a second).
pub fn since_request() -> Option<Duration> {
    let start = CLOCK.get()?;
    match ASKED_NS.load(Ordering::Relaxed) {
        0 => None,
        ns => Some(start.elapsed().saturating_sub(Duration::from_nanos(ns - 1))),
    }
}

/// Ask every running loop to stop, as if signal `signal` had arrived.
pub fn request(signal: i32) {
    note_time();
    FLAG.store(signal.max(1) as usize, Ordering::Relaxed);
}

/// The signal that asked to stop, if any.
pub fn requested() -> Option<i32> {
    match FLAG.load(Ordering::Relaxed) {
        0 => None,
        s => Some(s as i32),
    }
}

/// `Err(Interrupted)` once a stop was asked for.
pub fn check() -> Result<(), Interrupted> {
    match requested() {
        None => Ok(()),
        Some(signal) => Err(Interrupted { signal }),
    }
}

/// The run was stopped by a signal before its results were complete.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("interrupted by signal {signal} ({}); no results were written", signal_name(*signal))]
pub struct Interrupted {
    /// The signal number (2: SIGINT, 15: SIGTERM).
    pub signal: i32,
}

impl Interrupted {
    /// The conventional exit status: 128 + the signal number (130 for SIGINT, 143 for
    /// SIGTERM).
    pub fn exit_status(&self) -> u8 {
        (128 + self.signal).clamp(0, 255) as u8
    }
}

fn signal_name(signal: i32) -> &'static str {
    match signal {
        2 => "SIGINT",
        15 => "SIGTERM",
        _ => "signal",
    }
}
