//! Noticelists: list, get, enable/disable, update.

use crate::macros::op;
use crate::records::Noticelist;
use crate::wire::PathBuilder as P;
use crate::{Ack, Idempotency};

op! {
    /// Lists the noticelists (`GET /noticelists/index`).
    pub struct ListNoticelists;
    GET |s| "/noticelists/index".into() => Vec<Noticelist>: list("Noticelist")
}

op! {
    /// Fetches one noticelist with its entries (`GET /noticelists/view/{id}`).
    pub struct GetNoticelist(
        /// The noticelist's id.
        pub noticelist: u64
    );
    GET |s| P::new("noticelists/view").segment(s.noticelist).build() => Noticelist: entity("Noticelist")
}

op! {
    /// Enables or disables a noticelist (`POST /noticelists/enableNoticelist/{id}[/true]`).
    pub struct SetNoticelistEnabled {
        /// The noticelist's id.
        pub noticelist: u64,
        /// Enable or disable.
        pub enabled: bool,
    }
    POST |s| {
        let p = P::new("noticelists/enableNoticelist").segment(s.noticelist);
        if s.enabled { p.segment("true").build() } else { p.build() }
    } => Ack: ack();
    idempotency |s| Idempotency::Safe
}

op! {
    /// Updates the noticelists from the repository shipped with MISP (`POST /noticelists/update`).
    pub struct UpdateNoticelists;
    POST |s| "/noticelists/update".into() => Ack: ack();
    idempotency |s| Idempotency::Safe
}
