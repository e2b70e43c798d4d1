//! Communities: list, get, request access.

use serde::Serialize;

use crate::macros::op;
use crate::records::Community;
use crate::wire::{Body, PathBuilder as P};
use crate::{Ack, IdOrUuid};

op! {
    /// Lists the known sharing communities (`GET /communities/index`).
    pub struct ListCommunities;
    GET |s| "/communities/index".into() => Vec<Community>: list("Community")
}

op! {
    /// Fetches one community (`GET /communities/view/{id}`).
    pub struct GetCommunity(
        /// The community.
        pub community: IdOrUuid
    );
    GET |s| P::new("communities/view").segment(s.community).build() => Community: entity("Community")
}

/// What an access request tells the community's operators.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct AccessRequest {
    /// The requesting organisation's name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub org_name: Option<String>,
    /// Its UUID.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub org_uuid: Option<uuid::Uuid>,
    /// Its description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub org_description: Option<String>,
    /// The contact address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// A PGP key for the answer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gpgkey: Option<String>,
    /// A message.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// Leave out the requester's identity.
    pub anonymise: bool,
    /// Ask for a sync connection.
    pub sync: bool,
    /// Only build the e-mail, do not send it.
    pub mock: bool,
}

op! {
    /// Requests access to a community (`POST /communities/requestAccess/{id}`).
    pub struct RequestCommunityAccess {
        /// The community.
        pub community: IdOrUuid,
        /// The request.
        pub request: AccessRequest,
    }
    POST |s| P::new("communities/requestAccess").segment(s.community).build() => Ack: ack();
    body |s| Body::json(&s.request)
}
