//! Decaying models: list, enable/disable, update from the shipped definitions.

use crate::macros::op;
use crate::records::DecayingModel;
use crate::wire::PathBuilder as P;
use crate::{Ack, Idempotency};

op! {
    /// Lists the decaying models (`GET /decayingModel/index`).
    pub struct ListDecayingModels;
    GET |s| "/decayingModel/index".into() => Vec<DecayingModel>: list("DecayingModel")
}

op! {
    /// Loads the default models shipped with MISP (`POST /decayingModel/update`).
    pub struct UpdateDecayingModels;
    POST |s| "/decayingModel/update".into() => Ack: ack();
    idempotency |s| Idempotency::Safe
}

op! {
    /// Enables a model (`POST /decayingModel/enable/{id}`).
    pub struct EnableDecayingModel(
        /// The model's numeric id.
        pub model: u64
    );
    POST |s| P::new("decayingModel/enable").segment(s.model).build() => Ack: ack();
    idempotency |s| Idempotency::Safe
}

op! {
    /// Disables a model (`POST /decayingModel/disable/{id}`).
    pub struct DisableDecayingModel(
        /// The model's numeric id.
        pub model: u64
    );
    POST |s| P::new("decayingModel/disable").segment(s.model).build() => Ack: ack();
    idempotency |s| Idempotency::Safe
}
