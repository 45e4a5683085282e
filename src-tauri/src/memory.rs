//! Gives freed memory back to the system once the app is idle. A table of 100k mismatches
//! crosses IPC as several megabytes of JSON; glibc keeps what was freed in its heaps for
//! reuse, so without this an idle window would hold the peak of its last screen.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// Milliseconds since `EPOCH` of the last command; 0 once trimmed.
static LAST_USE: AtomicU64 = AtomicU64::new(0);
static EPOCH: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();

/// How long after the last command the app counts as idle.
const IDLE: Duration = Duration::from_secs(1);

/// Called on every command.
pub fn used() {
    let epoch = EPOCH.get_or_init(Instant::now);
    let now = epoch.elapsed().as_millis() as u64;
    LAST_USE.store(now.max(1), Ordering::Relaxed);
}

/// Starts the thread that trims the heaps once after each burst of commands.
pub fn trim_when_idle() {
    let epoch = *EPOCH.get_or_init(Instant::now);
    let spawned = std::thread::Builder::new()
        .name("memory-trim".into())
        .spawn(move || {
            loop {
                std::thread::sleep(IDLE);
                let last = LAST_USE.load(Ordering::Relaxed);
                let now = epoch.elapsed().as_millis() as u64;
                if last != 0
                    && now.saturating_sub(last) >= IDLE.as_millis() as u64
                    && LAST_USE
                        .compare_exchange(last, 0, Ordering::Relaxed, Ordering::Relaxed)
                        .is_ok()
                {
                    trim();
                }
            }
        });
    if let Err(e) = spawned {
        tracing::warn!("memory is not given back when idle: {e}");
    }
}

#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[allow(unsafe_code)]
fn trim() {
    // SAFETY: malloc_trim takes glibc's arena locks itself; it only releases free memory.
    unsafe {
        libc::malloc_trim(0);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn trim() {}
