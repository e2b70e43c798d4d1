//! Many requests at once, with a bound on how many run together, and a result per item.

use std::future::Future;

use futures_util::{StreamExt, stream};
use misp_api::Endpoint;

use crate::client::Client;
use crate::error::Error;

/// The results of a bulk run, one per input item, in input order.
#[derive(Debug)]
pub struct BulkResults<T> {
    results: Vec<Result<T, Error>>,
}

impl<T> BulkResults<T> {
    /// The results, in the order of the input items.
    pub fn results(&self) -> &[Result<T, Error>] {
        &self.results
    }

    /// The results, in the order of the input items.
    pub fn into_results(self) -> Vec<Result<T, Error>> {
        self.results
    }

    /// How many items succeeded.
    pub fn succeeded(&self) -> usize {
        self.results.iter().filter(|r| r.is_ok()).count()
    }

    /// The failures, each with the index of its input item.
    pub fn failures(&self) -> impl Iterator<Item = (usize, &Error)> {
        self.results
            .iter()
            .enumerate()
            .filter_map(|(i, r)| r.as_ref().err().map(|e| (i, e)))
    }

    /// True when every item succeeded.
    pub fn all_ok(&self) -> bool {
        self.results.iter().all(Result::is_ok)
    }

    /// The number of items.
    pub fn len(&self) -> usize {
        self.results.len()
    }

    /// True when there were no items.
    pub fn is_empty(&self) -> bool {
        self.results.is_empty()
    }
}

impl Client {
    /// Sends one endpoint per item, at most `concurrency` at a time (at least 1), and reports
    /// a result per item: one failure does not stop the others.
    ///
    /// ```no_run
    /// # struct Op; impl misp_api::Endpoint for Op { type Output = (); fn request(&self) -> Result<http::Request<Vec<u8>>, misp_api::BuildError> { unimplemented!() } fn decode(&self, _: http::Response<bytes::Bytes>) -> Result<(), misp_api::ApiError> { Ok(()) } }
    /// # async fn run(client: misp_client::Client, ids: Vec<u64>, view: impl Fn(u64) -> Op) {
    /// let results = client.bulk(ids, 8, view).await;
    /// for (index, error) in results.failures() {
    ///     eprintln!("item {index}: {error}");
    /// }
    /// # }
    /// ```
    pub async fn bulk<I, E, F>(
        &self,
        items: I,
        concurrency: usize,
        make: F,
    ) -> BulkResults<E::Output>
    where
        I: IntoIterator,
        E: Endpoint,
        F: Fn(I::Item) -> E,
    {
        self.bulk_with(items, concurrency, |client, item| {
            let endpoint = make(item);
            async move { client.send(&endpoint).await }
        })
        .await
    }

    /// Runs `run(client, item)` for every item, at most `concurrency` at a time (at least 1),
    /// and reports a result per item in input order. Use it when each item needs more than a
    /// single [`Client::send`] (for example [`Client::send_or_find`]).
    pub async fn bulk_with<I, T, F, Fut>(
        &self,
        items: I,
        concurrency: usize,
        run: F,
    ) -> BulkResults<T>
    where
        I: IntoIterator,
        F: Fn(Client, I::Item) -> Fut,
        Fut: Future<Output = Result<T, Error>>,
    {
        let run = &run;
        let mut indexed: Vec<(usize, Result<T, Error>)> =
            stream::iter(items.into_iter().enumerate())
                .map(|(i, item)| {
                    let fut = run(self.clone(), item);
                    async move { (i, fut.await) }
                })
                .buffer_unordered(concurrency.max(1))
                .collect()
                .await;
        indexed.sort_by_key(|(i, _)| *i);
        BulkResults {
            results: indexed.into_iter().map(|(_, r)| r).collect(),
        }
    }
}
