//! MISP administration: users, organisations, roles, sync servers, feeds, sharing groups,
//! settings, workers, logs, blocklists and data updates, as `misp-api` requests and a client
//! extension. This crate is being built; it holds no operation yet.
#![forbid(unsafe_code)]
#![warn(missing_docs)]
