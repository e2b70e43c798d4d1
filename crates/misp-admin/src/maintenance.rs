//! Maintenance: updating MISP, the database schema diagnostic and server signing.
//! (Updating taxonomies, warninglists, noticelists, galaxies and object templates is in
//! `misp-api`, with those areas.)

use misp_api::wire::{Body, PathBuilder as P};
use misp_api::{Ack, RawBody, op};
use serde_json::Value;

op! {
    /// Updates the MISP code from git (`POST /servers/update`); the answer's `results` lists
    /// what happened.
    pub struct UpdateMisp;
    POST |s| "/servers/update".into() => Ack: ack()
}

op! {
    /// The database schema diagnostic (`GET /servers/dbSchemaDiagnostic`): versions, and
    /// columns and indexes that differ from the expected schema.
    pub struct DbSchemaDiagnostic;
    GET |s| "/servers/dbSchemaDiagnostic".into() => Value: json()
}

op! {
    /// Signs a text with the instance's key (`POST /cryptographicKeys/serverSign`, the text
    /// sent as a JSON string); the answer is the signature as sent.
    pub struct SignBlob(
        /// The text to sign.
        pub blob: String
    );
    POST |s| P::new("cryptographicKeys/serverSign").build() => RawBody: raw();
    body |s| Body::json(&s.blob)
}
