//! The SIGINT and SIGTERM handlers the command line installs before any command runs.

use crate::ground::cancel;
use anyhow::{Context, Result};

/// Install the SIGINT and SIGTERM handlers: the first signal asks every loop to stop
/// ([`cancel`]); a second one ends the process at once with 130 or 143.
pub(crate) fn install_signal_handlers() -> Result<()> {
    use signal_hook::consts::{SIGINT, SIGTERM};
    use signal_hook::flag;
    use std::sync::atomic::AtomicBool;
    static ARMED: AtomicBool = AtomicBool::new(false);
    cancel::start_clock();
    for (signal, status) in [(SIGINT, 130), (SIGTERM, 143)] {
        // The time first, so the stop time counts from the signal itself.
        // SAFETY: the action is async-signal-safe: `note_time` only loads an atomic
        // (`OnceLock::get`, the clock started above), reads the monotonic clock
        // (`clock_gettime`, async-signal-safe by POSIX) and swaps an atomic; it neither
        // allocates nor locks.
        unsafe { signal_hook::low_level::register(signal, cancel::note_time) }
            .context("cannot install the signal handlers")?;
        // The order matters: the shutdown must see the flag before this signal sets it.
        flag::register_conditional_shutdown(signal, status, &ARMED)
            .and_then(|_| flag::register(signal, &ARMED))
            .and_then(|_| flag::register_usize(signal, cancel::flag(), signal as usize))
            .context("cannot install the signal handlers")?;
    }
    Ok(())
}
