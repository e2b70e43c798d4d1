//! An async MISP client on reqwest and tokio: it executes `misp-api` requests with retries,
//! pagination streams and streaming decode.
#![forbid(unsafe_code)]
#![warn(missing_docs)]
