//! A collection being read from an ERP in the background: pages arrive on a
//! bounded channel (so memory stays flat whatever the size), failures name
//! the page that was lost, counters say how much work it took.

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use tokio::sync::mpsc;

use crate::error::Error;

#[derive(Debug)]
pub enum PageEvent<T> {
    Rows(Vec<T>),
    Failed(PageFailure),
}

#[derive(Debug)]
pub struct PageFailure {
    /// Which page, in words a person can look up.
    pub page: String,
    pub error: Error,
}

/// What a finished read learned besides its rows.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct ReadReport {
    pub failed_pages: u64,
    /// Said loudly to the user (e.g. "stock per location unavailable: totals only").
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, Copy, Default, serde::Serialize)]
pub struct ReadStats {
    /// Rows the ERP said there are, when it says (0 when unknown).
    pub expected_rows: u64,
    pub requests: u64,
    pub pages: u64,
    pub retries: u64,
}

#[derive(Debug, Default)]
struct Counters {
    expected_rows: AtomicU64,
    requests: AtomicU64,
    pages: AtomicU64,
    retries: AtomicU64,
    failed: AtomicU64,
}

#[derive(Debug)]
pub struct Read<T> {
    rx: mpsc::Receiver<PageEvent<T>>,
    counters: Arc<Counters>,
    task: tokio::task::JoinHandle<ReadReport>,
}

/// The connector's end of a [`Read`].
#[derive(Debug)]
pub struct ReadSender<T> {
    tx: mpsc::Sender<PageEvent<T>>,
    counters: Arc<Counters>,
}

impl<T> Clone for ReadSender<T> {
    fn clone(&self) -> Self {
        Self {
            tx: self.tx.clone(),
            counters: self.counters.clone(),
        }
    }
}

impl<T: Send + 'static> Read<T> {
    /// Runs `producer` in the background; it sends pages through the sender.
    pub fn spawn<F, Fut>(buffer_pages: usize, producer: F) -> Read<T>
    where
        F: FnOnce(ReadSender<T>) -> Fut,
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

    /// A read that fails at once (the capability is missing, say).
    pub fn failed(page: impl Into<String>, error: Error) -> Read<T> {
        let page = page.into();
        Read::spawn(1, move |sender| async move {
            sender.fail(page, error).await;
            ReadReport {
                failed_pages: 1,
                warnings: Vec::new(),
            }
        })
    }
}

impl<T> Read<T> {
    pub async fn next(&mut self) -> Option<PageEvent<T>> {
        self.rx.recv().await
    }

    pub fn stats(&self) -> ReadStats {
        let c = &self.counters;
        ReadStats {
            expected_rows: c.expected_rows.load(Ordering::Relaxed),
            requests: c.requests.load(Ordering::Relaxed),
            pages: c.pages.load(Ordering::Relaxed),
            retries: c.retries.load(Ordering::Relaxed),
        }
    }

    /// Waits for the producer (drain `next` first) and reports.
    pub async fn finish(self) -> ReadReport {
        drop(self.rx);
        let failed = self.counters.failed.load(Ordering::Relaxed);
        let mut report = self.task.await.unwrap_or_else(|e| ReadReport {
            failed_pages: 1,
            warnings: vec![format!("the read stopped unexpectedly: {e}")],
        });
        report.failed_pages = report.failed_pages.max(failed);
        report
    }
}

impl<T> ReadSender<T> {
    /// Sends one page; `false` when the consumer has gone (stop reading).
    pub async fn rows(&self, rows: Vec<T>) -> bool {
        self.counters.pages.fetch_add(1, Ordering::Relaxed);
        self.tx.send(PageEvent::Rows(rows)).await.is_ok()
    }

    pub async fn fail(&self, page: impl Into<String>, error: Error) {
        self.counters.failed.fetch_add(1, Ordering::Relaxed);
        let failure = PageFailure {
            page: page.into(),
            error,
        };
        let _ = self.tx.send(PageEvent::Failed(failure)).await;
    }

    pub fn count_request(&self) {
        self.counters.requests.fetch_add(1, Ordering::Relaxed);
    }

    pub fn count_retry(&self) {
        self.counters.retries.fetch_add(1, Ordering::Relaxed);
    }

    pub fn set_expected_rows(&self, rows: u64) {
        self.counters.expected_rows.store(rows, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn pages_and_failures_arrive_in_order_and_are_counted() {
        let mut read = Read::spawn(2, |sender| async move {
            sender.count_request();
            assert!(sender.rows(vec![1, 2]).await);
            sender
                .fail(
                    "page 2",
                    Error::Inconsistent {
                        what: "t".into(),
                        detail: "d".into(),
                    },
                )
                .await;
            ReadReport::default()
        });
        let mut rows = Vec::new();
        let mut failures = Vec::new();
        while let Some(event) = read.next().await {
            match event {
                PageEvent::Rows(r) => rows.extend(r),
                PageEvent::Failed(f) => failures.push(f.page),
            }
        }
        assert_eq!(rows, [1, 2]);
        assert_eq!(failures, ["page 2"]);
        let stats = read.stats();
        assert_eq!((stats.pages, stats.requests), (1, 1));
        assert_eq!(read.finish().await.failed_pages, 1);
    }
}
