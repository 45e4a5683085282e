//! A collection being read in the background: pages arrive on a bounded channel (so memory
//! stays flat whatever the size), failures name the page that was lost and what was wrong,
//! counters say how much work it took. One type for every connector: the snapshot engine
//! pulls any of them the same way.

use std::fmt;
use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use tokio::sync::mpsc;

/// What a connector's error must tell the reader of a failed page.
pub trait PageError: fmt::Display + Send + 'static {
    /// The system refused the sign-in itself: asking again for other pages only brings a
    /// lockout closer (Magento locks an admin after 6 failures).
    fn sign_in_refused(&self) -> bool;
}

/// One part of a read: rows, or a page that could not be read (the read goes on with the
/// other pages where it can; the failure names what was lost).
#[derive(Debug)]
pub enum PageEvent<T, E> {
    Rows(Vec<T>),
    Failed(PageFailure<E>),
}

#[derive(Debug)]
pub struct PageFailure<E> {
    /// Which page, in words a person can look up ("orders with entity_id after 41200").
    pub page: String,
    pub error: E,
}

/// What a finished read learned besides its rows.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct ReadReport {
    /// Rows the system counted when the read started (0 when it does not say).
    pub expected_rows: u64,
    pub delivered_rows: u64,
    pub failed_pages: u64,
    /// Said loudly to the user (e.g. "stock per location unavailable: totals only").
    pub warnings: Vec<String>,
}

/// Counters of a read so far.
#[derive(Debug, Clone, Copy, Default, serde::Serialize)]
pub struct ReadStats {
    /// Rows the system counted when the read started (0 until known, or unknown).
    pub expected_rows: u64,
    pub requests: u64,
    pub pages: u64,
    pub retries: u64,
}

/// The live counters of one read, shared by its tasks and the HTTP layer under them.
#[derive(Debug, Default)]
pub struct Counters {
    pub expected_rows: AtomicU64,
    pub requests: AtomicU64,
    pub pages: AtomicU64,
    pub retries: AtomicU64,
    pub failed: AtomicU64,
    pub delivered: AtomicU64,
}

impl Counters {
    pub fn count_request(&self) {
        self.requests.fetch_add(1, Ordering::Relaxed);
    }

    pub fn count_retry(&self) {
        self.retries.fetch_add(1, Ordering::Relaxed);
    }

    fn get(counter: &AtomicU64) -> u64 {
        counter.load(Ordering::Relaxed)
    }

    /// Adds the requests and retries of a request made for the read outside it (the list
    /// of sources a source-item read pages over).
    pub fn absorb(&self, other: &Counters) {
        self.requests
            .fetch_add(Self::get(&other.requests), Ordering::Relaxed);
        self.retries
            .fetch_add(Self::get(&other.retries), Ordering::Relaxed);
    }
}

/// A read in progress; pull its pages with [`Read::next`], then [`Read::finish`].
#[derive(Debug)]
pub struct Read<T, E> {
    rx: mpsc::Receiver<PageEvent<T, E>>,
    counters: Arc<Counters>,
    task: tokio::task::JoinHandle<ReadReport>,
}

/// The connector's end of a [`Read`].
#[derive(Debug)]
pub struct ReadSender<T, E> {
    tx: mpsc::Sender<PageEvent<T, E>>,
    counters: Arc<Counters>,
}

impl<T, E> Clone for ReadSender<T, E> {
    fn clone(&self) -> Self {
        Self {
            tx: self.tx.clone(),
            counters: self.counters.clone(),
        }
    }
}

impl<T: Send + 'static, E: Send + 'static> Read<T, E> {
    /// Runs `producer` in the background with room for `buffer_pages` pages not yet
    /// pulled; it sends pages through the sender and returns its report.
    pub fn spawn<F, Fut>(buffer_pages: usize, producer: F) -> Read<T, E>
    where
        F: FnOnce(ReadSender<T, E>) -> Fut,
        Fut: Future<Output = ReadReport> + Send + 'static,
    {
        let (tx, rx) = mpsc::channel(buffer_pages.max(1));
        let counters = Arc::new(Counters::default());
        let sender = ReadSender {
            tx,
            counters: counters.clone(),
        };
        let task = tokio::spawn(producer(sender));
        Read { rx, counters, task }
    }

    /// A read that fails at once (the capability is missing, the sign-in failed...).
    pub fn failed(page: impl Into<String>, error: E) -> Read<T, E> {
        let page = page.into();
        Read::spawn(1, move |sender| async move {
            sender.fail(page, error).await;
            ReadReport::default()
        })
    }
}

impl<T, E> Read<T, E> {
    pub async fn next(&mut self) -> Option<PageEvent<T, E>> {
        self.rx.recv().await
    }

    /// The read's live counters, for requests made on its behalf outside it.
    pub fn counters(&self) -> &Counters {
        &self.counters
    }

    pub fn stats(&self) -> ReadStats {
        let c = &self.counters;
        ReadStats {
            expected_rows: Counters::get(&c.expected_rows),
            requests: Counters::get(&c.requests),
            pages: Counters::get(&c.pages),
            retries: Counters::get(&c.retries),
        }
    }

    /// Waits for the producer (drain `next` first) and reports. A producer that died is a
    /// failed read, never a complete one.
    pub async fn finish(self) -> ReadReport {
        drop(self.rx);
        let c = &self.counters;
        let mut report = self.task.await.unwrap_or_else(|e| ReadReport {
            failed_pages: 1,
            warnings: vec![format!("the read stopped unexpectedly: {e}")],
            ..ReadReport::default()
        });
        report.failed_pages = report.failed_pages.max(Counters::get(&c.failed));
        report.delivered_rows = report.delivered_rows.max(Counters::get(&c.delivered));
        report.expected_rows = report.expected_rows.max(Counters::get(&c.expected_rows));
        report
    }
}

impl<T, E> ReadSender<T, E> {
    /// Sends one page; `false` when the consumer has gone (stop reading).
    pub async fn rows(&self, rows: Vec<T>) -> bool {
        self.counters.pages.fetch_add(1, Ordering::Relaxed);
        self.counters
            .delivered
            .fetch_add(rows.len() as u64, Ordering::Relaxed);
        self.tx.send(PageEvent::Rows(rows)).await.is_ok()
    }

    /// Reports a page that could not be read.
    pub async fn fail(&self, page: impl Into<String>, error: E) {
        self.counters.failed.fetch_add(1, Ordering::Relaxed);
        let failure = PageFailure {
            page: page.into(),
            error,
        };
        let _ = self.tx.send(PageEvent::Failed(failure)).await;
    }

    /// The read's counters, for the HTTP layer to count requests and retries into.
    pub fn counters(&self) -> &Counters {
        &self.counters
    }

    pub fn count_request(&self) {
        self.counters.count_request();
    }

    pub fn count_retry(&self) {
        self.counters.count_retry();
    }

    pub fn set_expected_rows(&self, rows: u64) {
        self.counters.expected_rows.store(rows, Ordering::Relaxed);
    }

    pub fn failed_pages(&self) -> u64 {
        Counters::get(&self.counters.failed)
    }

    pub fn delivered_rows(&self) -> u64 {
        Counters::get(&self.counters.delivered)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn pages_and_failures_arrive_in_order_and_are_counted() {
        let mut read = Read::spawn(2, |sender| async move {
            sender.count_request();
            sender.set_expected_rows(3);
            assert!(sender.rows(vec![1, 2]).await);
            sender.fail("page 2", "refused").await;
            ReadReport::default()
        });
        let mut rows = Vec::new();
        let mut failures = Vec::new();
        while let Some(event) = read.next().await {
            match event {
                PageEvent::Rows(r) => rows.extend(r),
                PageEvent::Failed(f) => failures.push((f.page, f.error)),
            }
        }
        assert_eq!(rows, [1, 2]);
        assert_eq!(failures, [("page 2".to_string(), "refused")]);
        let stats = read.stats();
        assert_eq!(
            (stats.pages, stats.requests, stats.expected_rows),
            (1, 1, 3)
        );
        let report = read.finish().await;
        assert_eq!((report.failed_pages, report.delivered_rows), (1, 2));
    }

    #[tokio::test]
    async fn a_producer_that_dies_is_a_failed_read() {
        let read: Read<u8, &str> = Read::spawn(1, |_sender| async move {
            panic!("reader task lost");
        });
        let report = read.finish().await;
        assert_eq!(report.failed_pages, 1);
        assert!(
            report.warnings[0].contains("stopped unexpectedly"),
            "{report:?}"
        );
    }
}
