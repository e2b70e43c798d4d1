//! Organisations: list, get, exists, add, edit, delete.

use misp_api::wire::{Body, PathBuilder as P};
use misp_api::{Ack, IdOrUuid, Idempotency, op};
use misp_types::Organisation;

/// Which organisations [`ListOrganisations`] lists.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum OrgScope {
    /// The organisations with users on this instance.
    #[default]
    Local,
    /// The others (known from synchronised data).
    External,
    /// Both.
    All,
}

impl OrgScope {
    fn as_str(self) -> &'static str {
        match self {
            OrgScope::Local => "local",
            OrgScope::External => "external",
            OrgScope::All => "all",
        }
    }
}

op! {
    /// Lists organisations (`GET /organisations/index/scope:{scope}[/searchall:{text}]`).
    ///
    /// ```
    /// use misp_admin::organisations::{ListOrganisations, OrgScope};
    /// use misp_api::Endpoint;
    /// let op = ListOrganisations { scope: OrgScope::All, search: Some("CERT".into()) };
    /// assert_eq!(op.request().unwrap().uri(), "/organisations/index/scope:all/searchall:CERT");
    /// ```
    pub struct ListOrganisations {
        /// Local, external or all.
        pub scope: OrgScope,
        /// A text to find in their fields.
        pub search: Option<String>,
    }
    GET |s| {
        let p = P::new("organisations/index").named("scope", s.scope.as_str());
        match &s.search { Some(t) => p.named("searchall", t).build(), None => p.build() }
    } => Vec<Organisation>: list("Organisation")
}

impl ListOrganisations {
    /// The organisations in `scope`.
    pub fn new(scope: OrgScope) -> Self {
        ListOrganisations {
            scope,
            search: None,
        }
    }
}

op! {
    /// One organisation (`GET /organisations/view/{id|uuid}`).
    pub struct GetOrganisation(
        /// The organisation.
        pub organisation: IdOrUuid
    );
    GET |s| P::new("organisations/view").segment(s.organisation).build() => Organisation: entity("Organisation")
}

op! {
    /// Whether an organisation exists (`HEAD /organisations/view/{id|uuid}`).
    pub struct OrganisationExists(
        /// The organisation.
        pub organisation: IdOrUuid
    );
    HEAD |s| P::new("organisations/view").segment(s.organisation).build() => bool: exists()
}

op! {
    /// Creates an organisation (`POST /admin/organisations/add`, flat).
    pub struct AddOrganisation(
        /// The new organisation (at least `name`).
        pub organisation: Organisation
    );
    POST |s| "/admin/organisations/add".into() => Organisation: entity("Organisation");
    body |s| Body::json(&s.organisation)
}

op! {
    /// Edits an organisation (`POST /admin/organisations/edit/{id}`): only the fields given
    /// change.
    pub struct UpdateOrganisation {
        /// The organisation.
        pub target: IdOrUuid,
        /// The fields to change.
        pub organisation: Organisation,
    }
    POST |s| P::new("admin/organisations/edit").segment(s.target).build() => Organisation: entity("Organisation");
    body |s| Body::json(&s.organisation);
    idempotency |s| Idempotency::Safe
}

impl UpdateOrganisation {
    /// Changes `organisation`'s fields on `target`.
    pub fn new(target: impl Into<IdOrUuid>, organisation: Organisation) -> Self {
        UpdateOrganisation {
            target: target.into(),
            organisation,
        }
    }
}

op! {
    /// Deletes an organisation (`POST /admin/organisations/delete/{id}`); refused while it
    /// has users.
    pub struct DeleteOrganisation(
        /// The organisation.
        pub organisation: IdOrUuid
    );
    POST |s| P::new("admin/organisations/delete").segment(s.organisation).build() => Ack: ack();
    idempotency |s| Idempotency::Safe
}
