//! What a simulation costs: measured on the worker pool (wall-clock and CPU seconds), and
//! performance.json's figures from that cost ([`Cost`], summed over the shards by a merge).

use crate::report::Performance;
use crate::study::shard::Cost;

/// CPU seconds this process has used so far, all threads (`None` off Unix).
fn cpu_seconds() -> Option<f64> {
    #[cfg(unix)]
    {
        let t = rustix::time::clock_gettime(rustix::time::ClockId::ProcessCPUTime);
        Some(t.tv_sec as f64 + t.tv_nsec as f64 * 1e-9)
    }
    #[cfg(not(unix))]
    {
        None
    }
}

/// Run `f` on `pool` and measure it.
pub(crate) fn measure<T: Send>(
    pool: &rayon::ThreadPool,
    f: impl FnOnce() -> T + Send,
) -> (T, Cost) {
    let cpu0 = cpu_seconds();
    let started = std::time::Instant::now();
    let value = pool.install(f);
    let wall_s = started.elapsed().as_secs_f64();
    let cpu_s = cpu_seconds().zip(cpu0).map(|(b, a)| b - a);
    let threads = pool.current_num_threads();
    let cost = Cost {
        wall_s,
        cpu_s,
        threads,
        shards: 1,
        merge_s: None,
    };
    (value, cost)
}

/// performance.json for `cost` and the work done.
pub(crate) fn performance(
    cost: &Cost,
    incidents: u64,
    events: u64,
    replications: u32,
) -> Performance {
    Performance {
        wall_s: cost.wall_s,
        cpu_s: cost.cpu_s,
        shards: cost.shards,
        merge_s: cost.merge_s,
        incidents,
        events,
        incidents_per_s: incidents as f64 / cost.wall_s.max(1e-9),
        threads: cost.threads,
        replications,
        firesim_version: env!("CARGO_PKG_VERSION"),
    }
}
