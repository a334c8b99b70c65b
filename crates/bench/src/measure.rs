//! Waiting for a child process and reading *its own* resource usage.
//!
//! `getrusage(RUSAGE_CHILDREN)` reports the maximum RSS over every child the process
//! has ever waited for, so after the first run it can only grow. Instead this module
//! reaps the child with `wait4(2)`, which returns the `rusage` of exactly that child
//! (and of any descendants it waited for itself): its peak RSS (`ru_maxrss`) and CPU
//! times. This is the only module of the crate that uses `unsafe`.
#![allow(unsafe_code)]

use std::io;
use std::os::unix::process::ExitStatusExt;
use std::process::{Child, ExitStatus};
use std::time::Duration;

/// What a finished child used.
#[derive(Debug, Clone, Copy)]
pub struct ChildUsage {
    /// How it exited.
    pub status: ExitStatus,
    /// Peak resident set size, in bytes.
    pub max_rss_bytes: u64,
    /// User CPU time.
    pub user: Duration,
    /// System CPU time.
    pub system: Duration,
}

fn timeval(tv: libc::timeval) -> Duration {
    Duration::from_secs(tv.tv_sec.max(0) as u64) + Duration::from_micros(tv.tv_usec.max(0) as u64)
}

/// Reaps `child` with `wait4` and returns its exit status and resource usage.
///
/// The `Child` is consumed: it must not have been waited for already, and must not
/// be waited for again.
pub fn wait_with_usage(child: Child) -> io::Result<ChildUsage> {
    let pid = libc::pid_t::try_from(child.id()).map_err(|_| io::Error::other("child pid out of range"))?;
    let mut status: libc::c_int = 0;
    // SAFETY: `rusage` is plain old data, valid when zeroed.
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        // SAFETY: valid pointers to live locals; `pid` is our own unreaped child.
        let r = unsafe { libc::wait4(pid, &mut status, 0, &mut ru) };
        if r == pid {
            break;
        }
        let err = io::Error::last_os_error();
        if err.kind() != io::ErrorKind::Interrupted {
            return Err(err);
        }
    }
    // The child is reaped; dropping `Child` neither waits nor kills.
    drop(child);
    let maxrss = ru.ru_maxrss.max(0) as u64;
    // Linux and the BSDs report kilobytes; macOS reports bytes.
    let max_rss_bytes = if cfg!(target_os = "macos") { maxrss } else { maxrss * 1024 };
    Ok(ChildUsage {
        status: ExitStatus::from_raw(status),
        max_rss_bytes,
        user: timeval(ru.ru_utime),
        system: timeval(ru.ru_stime),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::process::Command;

    #[test]
    fn measures_a_child() {
        let child = Command::new("sh").args(["-c", "exit 3"]).spawn().expect("spawn sh");
        let u = wait_with_usage(child).expect("wait4");
        assert_eq!(u.status.code(), Some(3));
        assert!(u.max_rss_bytes > 0);
    }
}
