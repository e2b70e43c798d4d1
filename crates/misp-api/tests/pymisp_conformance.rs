//! Each operation against the exact request PyMISP 2.5.34 sent for the same call and the
//! real MISP 2.5.1 answer (`fixtures/api/pymisp/`): the request must match PyMISP's (method,
//! path, body; ids may be numbers where PyMISP sends strings, and the restSearch flags PyMISP
//! always sends as 0 are not sent), except where the reference documents a PyMISP bug, and the
//! recorded answer must decode to the expected outcome.

mod common;

use std::fmt::Debug;

use bytes::Bytes;
use common::{Exchange, load, without_zero_flags};
use misp_api::analyst_data::*;
use misp_api::attributes::*;
use misp_api::communities::*;
use misp_api::correlation_exclusions::*;
use misp_api::decaying_models::*;
use misp_api::delegations::*;
use misp_api::event_reports::*;
use misp_api::events::*;
use misp_api::galaxies::*;
use misp_api::instance::*;
use misp_api::noticelists::*;
use misp_api::object_templates::*;
use misp_api::objects::*;
use misp_api::proposals::*;
use misp_api::search::*;
use misp_api::sightings::*;
use misp_api::statistics::*;
use misp_api::tags::*;
use misp_api::taxonomies::*;
use misp_api::user_settings::*;
use misp_api::warninglists::*;
use misp_api::{ApiError, BuildError, Endpoint, IdOrUuid};
use misp_types::compare::differences;
use serde_json::{Value, json};

trait Case {
    fn build(&self) -> Result<http::Request<Vec<u8>>, BuildError>;
    fn outcome(&self, response: http::Response<Bytes>) -> String;
}

impl<T: Endpoint> Case for T
where
    T::Output: Debug,
{
    fn build(&self) -> Result<http::Request<Vec<u8>>, BuildError> {
        self.request()
    }
    fn outcome(&self, response: http::Response<Bytes>) -> String {
        match self.decode(response) {
            Ok(_) => "ok".into(),
            Err(e) => kind(&e).into(),
        }
    }
}

fn kind(e: &ApiError) -> &'static str {
    match e {
        ApiError::Auth { .. } => "auth",
        ApiError::Permission { .. } => "permission",
        ApiError::NotFound { .. } => "not_found",
        ApiError::Conflict { .. } => "conflict",
        ApiError::Validation { .. } => "validation",
        ApiError::MethodNotAllowed { .. } => "method_not_allowed",
        ApiError::RateLimited { .. } => "rate_limited",
        ApiError::Server { .. } => "server",
        ApiError::Status { .. } => "status",
        ApiError::UnexpectedBody { .. } => "unexpected_body",
        ApiError::Decode { .. } => "decode",
        _ => "other",
    }
}

/// How our request compares with PyMISP's.
enum Wire {
    /// Same method, path and body.
    Same,
    /// Deliberately different (a PyMISP bug the reference names); the reason is kept.
    Fixed(&'static str),
    /// Refused when built, with a message containing this text.
    Refused(&'static str),
}

fn uuid(s: &str) -> uuid::Uuid {
    uuid::Uuid::parse_str(s).unwrap()
}

/// PyMISP's recorded request body, read into whatever the operation takes (a model record, a
/// list of them, or plain JSON) through the model's tolerant reader.
fn body<T: serde::de::DeserializeOwned>(x: &Exchange) -> T {
    let body = x.body.as_ref().expect("the recorded request has a body");
    let bytes = serde_json::to_vec(body).expect("a JSON value serialises");
    misp_types::json::from_slice(&bytes)
        .unwrap_or_else(|e| panic!("PyMISP's body does not read into the model: {e}\n{body}"))
}

type Make = fn(&Exchange) -> Box<dyn Case>;

fn cases() -> Vec<(&'static str, Make, Wire, &'static str)> {
    vec![
        (
            "000_init_PyMISP",
            |_| Box::new(GetVersion),
            Wire::Same,
            "ok",
        ),
        (
            "001_server_describe_types_remote",
            |_| Box::new(DescribeTypesRemote),
            Wire::Same,
            "ok",
        ),
        (
            "002_server_remote_acl",
            |_| Box::new(RemoteAcl::new(AclReport::FindMissingFunctionNames)),
            Wire::Same,
            "ok",
        ),
        (
            "003_server_remote_acl_printAllFunctionNames",
            |_| Box::new(RemoteAcl::new(AclReport::PrintAllFunctionNames)),
            Wire::Same,
            "ok",
        ),
        (
            "004_server_get_all_functions",
            |_| Box::new(ListAllFunctions),
            Wire::Same,
            "ok",
        ),
        (
            "005_server_direct_call",
            |_| Box::new(DirectCall::get("servers/getVersion")),
            Wire::Same,
            "ok",
        ),
        (
            "006_server_direct_call_post",
            |_| Box::new(DirectCall::post("events/index", json!({"limit": 1}))),
            Wire::Same,
            "ok",
        ),
        // Events
        (
            "066_events_add_event",
            |x| Box::new(AddEvent::new(body(x))),
            Wire::Same,
            "ok",
        ),
        (
            "067_events_add_event_metadata",
            |x| {
                Box::new(AddEvent {
                    event: body(x),
                    metadata: true,
                })
            },
            Wire::Same,
            "ok",
        ),
        (
            "068_events_add_event_no_info",
            |x| Box::new(AddEvent::new(body(x))),
            Wire::Same,
            "validation",
        ),
        (
            "069_events_add_event_duplicate_uuid",
            |x| Box::new(AddEvent::new(body(x))),
            Wire::Same,
            // 404 "Event already exists" with the stored event's Location.
            "conflict",
        ),
        (
            "070_events_get_event",
            |_| Box::new(GetEvent::new(10)),
            Wire::Same,
            "ok",
        ),
        (
            "071_events_get_event_uuid",
            |_| Box::new(GetEvent::new(uuid("35ec5522-10de-43c8-a274-d1d5dfb955e5"))),
            Wire::Same,
            "ok",
        ),
        (
            "072_events_get_event_deleted_extended",
            |_| Box::new(GetEvent::new(10).deleted(Deleted::Both).extended(true)),
            // PyMISP's `deleted=True` goes as `true`, which events/view reads as 1: live and
            // deleted content. `Deleted::Both` sends that 1; `Deleted::Only` sends 2.
            Wire::Same,
            "ok",
        ),
        (
            "073_events_get_event_unknown",
            |_| Box::new(GetEvent::new(999_999)),
            Wire::Same,
            "not_found",
        ),
        (
            "074_events_event_exists",
            |_| Box::new(EventExists::new(10)),
            Wire::Same,
            "ok",
        ),
        (
            "075_events_event_exists_missing",
            |_| {
                Box::new(EventExists::new(uuid(
                    "00000000-0000-4000-8000-000000000001",
                )))
            },
            Wire::Same,
            "ok",
        ),
        (
            "076_events_update_event",
            |x| {
                Box::new(UpdateEvent::new(
                    uuid("35ec5522-10de-43c8-a274-d1d5dfb955e5"),
                    body(x),
                ))
            },
            Wire::Same,
            "ok",
        ),
        (
            "077_events_update_event_metadata",
            |x| {
                Box::new(UpdateEvent {
                    target: uuid("676b77ae-f3de-44c3-9084-c0762fa75083").into(),
                    event: body(x),
                    metadata: true,
                })
            },
            Wire::Same,
            "not_found",
        ),
        (
            "078_events_events",
            |_| Box::new(ListEvents),
            Wire::Same,
            "ok",
        ),
        (
            "266_events_publish",
            |_| Box::new(PublishEvent::new(10)),
            Wire::Same,
            "ok",
        ),
        (
            "267_events_publish_alert",
            |_| {
                Box::new(PublishEvent {
                    event: 10.into(),
                    alert: true,
                })
            },
            Wire::Same,
            "ok",
        ),
        (
            "268_events_unpublish",
            |_| Box::new(UnpublishEvent::new(10)),
            Wire::Same,
            "ok",
        ),
        (
            "270_events_contact_event_reporter",
            |_| {
                Box::new(ContactEventReporter {
                    event: 10.into(),
                    message: "hello from the corpus".into(),
                })
            },
            Wire::Same,
            "ok",
        ),
        (
            "271_events_enrich_event",
            |_| {
                Box::new(EnrichEvent {
                    event: 10.into(),
                    modules: vec!["dns".into()],
                })
            },
            Wire::Same,
            "server",
        ),
        (
            "272_events_push_event_to_ZMQ",
            |_| Box::new(PushEventToZmq::new(10)),
            Wire::Same,
            "ok",
        ),
        (
            "380_events_delete_event",
            |_| Box::new(DeleteEvent::new(11)),
            Wire::Same,
            "ok",
        ),
        (
            "381_events_delete_event_again",
            |_| Box::new(DeleteEvent::new(11)),
            Wire::Same,
            // 403 "Could not delete Event": MISP's refusal for lack of rights on the event.
            "permission",
        ),
        (
            "091_attributes_freetext",
            |_| {
                Box::new(FreeTextImport::new(
                    10,
                    "203.0.113.77 evil.corpus.example.org 44d88612fea8a8f36de82e1278abb02f",
                ))
            },
            Wire::Same,
            "ok",
        ),
        (
            "092_attributes_freetext_meta",
            |_| {
                Box::new(FreeTextSuggest {
                    event: 10.into(),
                    text: "8.8.8.8 1.1.1.1 https://corpus.example.org/ft".into(),
                    warninglists: WarninglistPolicy::Soft,
                })
            },
            Wire::Same,
            "ok",
        ),
        (
            "363_admin_upload_stix",
            |_| {
                Box::new(UploadStix::stix2(br#"{"type": "bundle", "id": "bundle--00000000-0000-4000-8000-000000000003", "objects": []}"#.to_vec()))
            },
            Wire::Fixed(
                "the document goes as is; PyMISP sends a str document as a quoted JSON string",
            ),
            "server",
        ),
        // Event reports
        (
            "140_event_reports_add_event_report",
            |x| {
                Box::new(AddEventReport {
                    event: 10.into(),
                    report: body(x),
                })
            },
            Wire::Same,
            "ok",
        ),
        (
            "141_event_reports_get_event_report",
            |_| Box::new(GetEventReport::new(5)),
            Wire::Same,
            "ok",
        ),
        (
            "142_event_reports_update_event_report",
            |x| {
                Box::new(UpdateEventReport {
                    target: uuid("71f0e27d-e32e-40fa-b7db-f8230bc8cbde").into(),
                    report: body(x),
                })
            },
            Wire::Same,
            "not_found",
        ),
        (
            "143_event_reports_get_event_reports",
            |_| Box::new(ListEventReports::new(10)),
            Wire::Same,
            "ok",
        ),
        (
            "144_event_reports_get_event_report_unknown",
            |_| Box::new(GetEventReport::new(999_999)),
            Wire::Same,
            "not_found",
        ),
        (
            "146_event_reports_delete_event_report",
            |_| {
                Box::new(DeleteEventReport {
                    report: 6.into(),
                    hard: false,
                })
            },
            Wire::Same,
            "ok",
        ),
        (
            "147_event_reports_delete_event_report_hard",
            |_| {
                Box::new(DeleteEventReport {
                    report: 6.into(),
                    hard: true,
                })
            },
            Wire::Same,
            "ok",
        ),
        // Attributes
        (
            "079_attributes_add_attribute",
            |x| Box::new(AddAttribute::new(10, body(x))),
            Wire::Same,
            "ok",
        ),
        (
            "080_attributes_add_attribute_duplicate",
            |x| Box::new(AddAttribute::new(10, body(x))),
            Wire::Same,
            "validation",
        ),
        (
            "081_attributes_add_attribute_list_with_invalid",
            |x| Box::new(AddAttributes::new(10, body(x))),
            Wire::Same,
            "ok",
        ),
        (
            "082_attributes_add_attribute_list",
            |x| Box::new(AddAttributes::new(10, body(x))),
            Wire::Same,
            "ok",
        ),
        (
            "083_attributes_add_attribute_invalid_type",
            |x| Box::new(AddAttribute::new(10, body(x))),
            Wire::Same,
            "validation",
        ),
        (
            "084_attributes_get_attribute",
            |_| Box::new(GetAttribute::new(70)),
            Wire::Same,
            "ok",
        ),
        (
            "085_attributes_get_attribute_uuid",
            |_| {
                Box::new(GetAttribute::new(uuid(
                    "b2e25455-0929-492c-883f-da7ca0c5f54d",
                )))
            },
            Wire::Same,
            "ok",
        ),
        (
            "086_attributes_get_attribute_unknown",
            |_| Box::new(GetAttribute::new(999_999)),
            Wire::Same,
            "not_found",
        ),
        (
            "087_attributes_attribute_exists",
            |_| Box::new(AttributeExists::new(70)),
            Wire::Same,
            "ok",
        ),
        (
            "088_attributes_attribute_exists_missing",
            |_| Box::new(AttributeExists::new(999_999)),
            Wire::Same,
            "ok",
        ),
        (
            "089_attributes_update_attribute",
            |x| {
                Box::new(UpdateAttribute {
                    target: uuid("b2e25455-0929-492c-883f-da7ca0c5f54d").into(),
                    attribute: body(x),
                })
            },
            Wire::Same,
            "ok",
        ),
        (
            "090_attributes_attributes",
            |_| Box::new(ListAttributes),
            Wire::Same,
            "ok",
        ),
        (
            "093_attributes_enrich_attribute",
            |_| {
                Box::new(EnrichAttribute {
                    attribute: 70.into(),
                    modules: vec!["dns".into()],
                })
            },
            Wire::Same,
            "ok",
        ),
        (
            "094_attributes_delete_attribute",
            |_| {
                Box::new(DeleteAttribute {
                    attribute: 73.into(),
                    hard: false,
                })
            },
            Wire::Same,
            "ok",
        ),
        (
            "095_attributes_restore_attribute",
            |_| Box::new(RestoreAttribute::new(73)),
            Wire::Same,
            "ok",
        ),
        (
            "096_attributes_delete_attribute_hard",
            |_| {
                Box::new(DeleteAttribute {
                    attribute: 73.into(),
                    hard: true,
                })
            },
            Wire::Same,
            "ok",
        ),
        (
            "097_attributes_delete_attribute_unknown",
            |_| {
                Box::new(DeleteAttribute {
                    attribute: 999_999.into(),
                    hard: false,
                })
            },
            Wire::Same,
            "not_found",
        ),
        // Proposals
        (
            "098_proposals_add_attribute_proposal_admin",
            |x| {
                Box::new(AddAttributeProposal {
                    event: 10.into(),
                    attribute: body(x),
                })
            },
            Wire::Same,
            "ok",
        ),
        (
            "101_proposals_attribute_proposals",
            |_| Box::new(ListAttributeProposals::new(None)),
            Wire::Same,
            "ok",
        ),
        (
            "102_proposals_attribute_proposals_event",
            |_| Box::new(ListAttributeProposals::new(Some(IdOrUuid::Id(11)))),
            Wire::Same,
            "ok",
        ),
        (
            "103_proposals_get_attribute_proposal",
            |_| Box::new(GetAttributeProposal::new(12u64)),
            Wire::Same,
            "ok",
        ),
        (
            "104_proposals_accept_attribute_proposal",
            |_| Box::new(AcceptAttributeProposal::new(12u64)),
            Wire::Same,
            "ok",
        ),
        (
            "105_proposals_discard_attribute_proposal",
            |_| Box::new(DiscardAttributeProposal::new(13u64)),
            Wire::Same,
            "ok",
        ),
        (
            "106_proposals_get_attribute_proposal_unknown",
            |_| Box::new(GetAttributeProposal::new(999_999u64)),
            Wire::Same,
            "not_found",
        ),
        (
            "107_proposals_update_attribute_proposal",
            |x| {
                Box::new(UpdateAttributeProposal {
                    attribute: 69.into(),
                    changes: body(x),
                })
            },
            Wire::Same,
            "ok",
        ),
        (
            "108_proposals_delete_attribute_proposal",
            |_| Box::new(DeleteAttributeProposal::new(69)),
            Wire::Same,
            "ok",
        ),
        // Objects
        (
            "110_objects_add_object",
            |x| Box::new(AddObject::new(10, body(x))),
            Wire::Same,
            "ok",
        ),
        (
            "111_objects_add_object_break_on_duplicate",
            |x| {
                Box::new(AddObject {
                    event: 10.into(),
                    object: body(x),
                    break_on_duplicate: true,
                })
            },
            Wire::Same,
            "validation",
        ),
        (
            "112_objects_get_object",
            |_| Box::new(GetObject::new(11)),
            Wire::Same,
            "ok",
        ),
        (
            "113_objects_get_object_uuid",
            |_| Box::new(GetObject::new(uuid("90b52957-59c8-4ef9-bffc-1da6c890c13f"))),
            Wire::Same,
            "ok",
        ),
        (
            "114_objects_object_exists",
            |_| Box::new(ObjectExists::new(11)),
            Wire::Same,
            "ok",
        ),
        (
            "115_objects_object_exists_missing",
            |_| Box::new(ObjectExists::new(999_999)),
            Wire::Same,
            "ok",
        ),
        (
            "116_objects_update_object",
            |x| {
                Box::new(UpdateObject {
                    target: uuid("90b52957-59c8-4ef9-bffc-1da6c890c13f").into(),
                    object: body(x),
                })
            },
            Wire::Same,
            "ok",
        ),
        (
            "117_objects_add_object_reference",
            |x| {
                Box::new(AddObjectReference::new(
                    body::<misp_types::ObjectReference>(x),
                ))
            },
            Wire::Same,
            "ok",
        ),
        (
            "119_objects_delete_object_reference",
            |_| {
                Box::new(DeleteObjectReference {
                    reference: 5.into(),
                    hard: false,
                })
            },
            Wire::Same,
            "ok",
        ),
        (
            "120_objects_delete_object_reference_hard",
            |_| {
                Box::new(DeleteObjectReference {
                    reference: 6.into(),
                    hard: true,
                })
            },
            Wire::Same,
            "ok",
        ),
        (
            "122_objects_delete_object",
            |_| {
                Box::new(DeleteObject {
                    object: 12.into(),
                    hard: false,
                })
            },
            Wire::Same,
            "ok",
        ),
        (
            "123_objects_delete_object_hard",
            |_| {
                Box::new(DeleteObject {
                    object: 12.into(),
                    hard: true,
                })
            },
            Wire::Same,
            "ok",
        ),
        // Object templates
        (
            "124_object_templates_object_templates",
            |_| Box::new(ListObjectTemplates),
            Wire::Same,
            "ok",
        ),
        (
            "125_object_templates_get_object_template",
            |_| Box::new(GetObjectTemplate::new(93)),
            Wire::Same,
            "ok",
        ),
        (
            "126_object_templates_get_object_template_uuid",
            |_| {
                Box::new(GetObjectTemplate::new(uuid(
                    "43b3b146-77eb-4931-b4cc-b66c60f28734",
                )))
            },
            Wire::Same,
            "ok",
        ),
        (
            "127_object_templates_get_raw_object_template",
            |_| Box::new(GetRawObjectTemplate::new("domain-ip")),
            Wire::Same,
            "ok",
        ),
        (
            "128_object_templates_get_raw_object_template_unknown",
            |_| Box::new(GetRawObjectTemplate::new("no-such-template")),
            Wire::Same,
            "not_found",
        ),
        (
            "365_admin_update_object_templates",
            |_| Box::new(UpdateObjectTemplates),
            Wire::Same,
            "ok",
        ),
        // Analyst data
        (
            "148_analyst_data_add_note",
            |x| {
                Box::new(AddNote {
                    target: uuid("35ec5522-10de-43c8-a274-d1d5dfb955e5"),
                    target_type: TargetType::Event,
                    data: body(x),
                })
            },
            Wire::Same,
            "ok",
        ),
        (
            "149_analyst_data_get_note",
            |_| Box::new(GetNote::new(5)),
            Wire::Fixed(
                "the kind is always named (`/Note/5`); PyMISP's `/all/5` is refused by the server",
            ),
            "method_not_allowed",
        ),
        (
            "150_analyst_data_update_note",
            |x| {
                Box::new(UpdateNote {
                    target: 5.into(),
                    data: body(x),
                })
            },
            Wire::Same,
            "ok",
        ),
        (
            "151_analyst_data_add_opinion",
            |x| {
                Box::new(AddOpinion {
                    target: uuid("35ec5522-10de-43c8-a274-d1d5dfb955e5"),
                    target_type: TargetType::Event,
                    data: body(x),
                })
            },
            Wire::Same,
            "ok",
        ),
        (
            "153_analyst_data_update_opinion",
            |x| {
                Box::new(UpdateOpinion {
                    target: 3.into(),
                    data: body(x),
                })
            },
            Wire::Same,
            "ok",
        ),
        (
            "154_analyst_data_add_relationship",
            |x| {
                Box::new(AddRelationship {
                    target: uuid("35ec5522-10de-43c8-a274-d1d5dfb955e5"),
                    target_type: TargetType::Event,
                    data: body(x),
                })
            },
            Wire::Same,
            "ok",
        ),
        (
            "156_analyst_data_update_relationship",
            |x| {
                Box::new(UpdateRelationship {
                    target: 3.into(),
                    data: body(x),
                })
            },
            Wire::Same,
            "ok",
        ),
        (
            "157_analyst_data_add_analyst_data",
            |x| {
                Box::new(AddNote {
                    target: uuid("b2e25455-0929-492c-883f-da7ca0c5f54d"),
                    target_type: TargetType::Attribute,
                    data: body(x),
                })
            },
            Wire::Same,
            "ok",
        ),
        (
            "373_analyst_data_delete_note",
            |_| Box::new(DeleteNote::new(5)),
            Wire::Fixed("`/delete/Note/5` instead of PyMISP's refused `/delete/all/5`"),
            "method_not_allowed",
        ),
        (
            "391_analyst_data_get_analyst_data",
            |_| Box::new(GetNote::new(uuid("a928b6de-a5c0-46d6-b909-89e7e31fcd21"))),
            Wire::Same,
            "ok",
        ),
        (
            "393_analyst_data_update_analyst_data",
            |x| {
                Box::new(UpdateNote {
                    target: uuid("a928b6de-a5c0-46d6-b909-89e7e31fcd21").into(),
                    data: body(x),
                })
            },
            Wire::Same,
            "ok",
        ),
        (
            "394_analyst_data_delete_analyst_data",
            |_| {
                Box::new(DeleteNote::new(uuid(
                    "a928b6de-a5c0-46d6-b909-89e7e31fcd21",
                )))
            },
            Wire::Same,
            "ok",
        ),
        // Sightings
        (
            "159_sightings_add_sighting",
            |x| {
                Box::new(AddSighting {
                    attribute: None,
                    sighting: body(x),
                })
            },
            Wire::Same,
            "ok",
        ),
        (
            "160_sightings_add_sighting_attribute",
            |x| {
                Box::new(AddSighting {
                    attribute: Some(63.into()),
                    sighting: body(x),
                })
            },
            Wire::Same,
            "ok",
        ),
        (
            "162_sightings_add_sighting_no_match",
            |x| {
                Box::new(AddSighting {
                    attribute: None,
                    sighting: body(x),
                })
            },
            Wire::Same,
            "validation",
        ),
        (
            "163_sightings_sightings",
            |_| Box::new(ListSightings::new(SightingContext::Attribute(63))),
            Wire::Same,
            "ok",
        ),
        (
            "164_sightings_sightings_org",
            |_| {
                Box::new(ListSightings {
                    context: SightingContext::Attribute(63),
                    org_id: Some(1),
                })
            },
            Wire::Same,
            "ok",
        ),
        (
            "165_sightings_sightings_event",
            |_| Box::new(ListSightings::new(SightingContext::Event(10))),
            Wire::Same,
            "ok",
        ),
        (
            "166_sightings_search_sightings",
            |_| Box::new(SearchSightings::new().context(SightingsContext::Attribute(63))),
            Wire::Same,
            "ok",
        ),
        (
            "167_sightings_search_sightings_event",
            |_| {
                Box::new(
                    SearchSightings::new()
                        .context(SightingsContext::Event(10))
                        .include_attribute(true)
                        .include_event(true),
                )
            },
            Wire::Same,
            "ok",
        ),
        (
            "168_sightings_search_sightings_event_str_id",
            |_| Box::new(SearchSightings::new().context(SightingsContext::Event(10))),
            Wire::Same,
            "status",
        ),
        // (PyMISP sent the id as the string "10" and got the recorded 400; ids here are always JSON integers.)
        (
            "169_sightings_search_sightings_filters",
            |_| Box::new(SearchSightings::new().kind(1).source("fp-check")),
            Wire::Same,
            "ok",
        ),
        (
            "170_sightings_search_sightings_all",
            |_| Box::new(SearchSightings::new()),
            Wire::Same,
            "ok",
        ),
        (
            "171_sightings_delete_sighting",
            |_| Box::new(DeleteSighting::new(21u64)),
            Wire::Same,
            "ok",
        ),
        (
            "172_sightings_delete_sighting_unknown",
            |_| Box::new(DeleteSighting::new(999_999u64)),
            Wire::Same,
            "not_found",
        ),
        // Tags
        (
            "054_tags_add_tag",
            |x| Box::new(AddTag::new(body::<misp_types::Tag>(x))),
            Wire::Same,
            "ok",
        ),
        (
            "055_tags_add_tag_duplicate",
            |x| Box::new(AddTag::new(body::<misp_types::Tag>(x))),
            Wire::Same,
            "ok",
        ),
        (
            "056_tags_get_tag",
            |_| Box::new(GetTag::new(79u64)),
            Wire::Same,
            "ok",
        ),
        (
            "057_tags_get_tag_unknown",
            |_| Box::new(GetTag::new(999_999u64)),
            Wire::Same,
            "not_found",
        ),
        (
            "058_tags_update_tag",
            |x| {
                Box::new(UpdateTag {
                    target: 79,
                    tag: body(x),
                })
            },
            Wire::Same,
            "ok",
        ),
        (
            "059_tags_disable_tag",
            |_| {
                Box::new(SetTagHidden {
                    tag: 79,
                    hidden: true,
                })
            },
            Wire::Fixed("only `id` and `hide_tag` are sent; PyMISP sends the whole tag"),
            "ok",
        ),
        (
            "061_tags_tags",
            |_| Box::new(ListTags::all()),
            Wire::Same,
            "ok",
        ),
        (
            "062_tags_search_tags",
            |_| {
                Box::new(SearchTags {
                    name: "rust-corpus".into(),
                    strict: false,
                })
            },
            Wire::Same,
            "ok",
        ),
        (
            "063_tags_search_tags_strict",
            |_| {
                Box::new(SearchTags {
                    name: "rust-corpus:kind=\"test\"".into(),
                    strict: true,
                })
            },
            Wire::Same,
            "ok",
        ),
        (
            "129_tagging_tag_event",
            |_| {
                Box::new(AttachTag::new(
                    uuid("35ec5522-10de-43c8-a274-d1d5dfb955e5"),
                    "rust-corpus:temp",
                ))
            },
            Wire::Same,
            "ok",
        ),
        (
            "130_tagging_tag_attribute_local",
            |_| {
                Box::new(
                    AttachTag::new(uuid("661b98f4-5473-45fd-94c0-248104790566"), "tlp:green")
                        .local(true),
                )
            },
            Wire::Same,
            "ok",
        ),
        (
            "131_tagging_tag_relationship_type",
            |_| {
                Box::new(
                    AttachTag::new(
                        uuid("35ec5522-10de-43c8-a274-d1d5dfb955e5"),
                        "rust-corpus:rel",
                    )
                    .relationship_type("related-to"),
                )
            },
            Wire::Same,
            "ok",
        ),
        (
            "132_tagging_tag_unknown_entity",
            |_| {
                Box::new(AttachTag::new(
                    uuid("00000000-0000-4000-8000-000000000002"),
                    "tlp:green",
                ))
            },
            Wire::Same,
            "not_found",
        ),
        (
            "133_tagging_untag_event",
            |_| {
                Box::new(RemoveTag {
                    target: uuid("35ec5522-10de-43c8-a274-d1d5dfb955e5"),
                    tag: "rust-corpus:temp".into(),
                })
            },
            Wire::Same,
            "ok",
        ),
        (
            "135_tagging_untag_not_attached",
            |_| {
                Box::new(RemoveTag {
                    target: uuid("35ec5522-10de-43c8-a274-d1d5dfb955e5"),
                    tag: "never-attached".into(),
                })
            },
            Wire::Same,
            "not_found",
        ),
        (
            "136_tags_delete_tag",
            |_| Box::new(DeleteTag::new(100u64)),
            Wire::Same,
            "ok",
        ),
        (
            "137_tags_delete_tag_unknown",
            |_| Box::new(DeleteTag::new(999_999u64)),
            Wire::Same,
            "not_found",
        ),
        (
            "138_tags_tags_statistics",
            |_| {
                Box::new(TagUsage {
                    percentage: false,
                    name_sort: false,
                })
            },
            Wire::Same,
            "ok",
        ),
        (
            "139_tags_tags_statistics_percentage_name_sort",
            |_| {
                Box::new(TagUsage {
                    percentage: true,
                    name_sort: true,
                })
            },
            Wire::Same,
            "ok",
        ),
        // Taxonomies
        (
            "173_taxonomies_taxonomies",
            |_| Box::new(ListTaxonomies),
            Wire::Same,
            "ok",
        ),
        (
            "174_taxonomies_get_taxonomy",
            |_| Box::new(GetTaxonomy::new(11u64)),
            Wire::Same,
            "ok",
        ),
        (
            "175_taxonomies_get_taxonomy_namespace",
            |_| Box::new(GetTaxonomy::new("admiralty-scale")),
            Wire::Same,
            "ok",
        ),
        (
            "176_taxonomies_enable_taxonomy",
            |_| Box::new(EnableTaxonomy::new(11u64)),
            Wire::Same,
            "ok",
        ),
        (
            "177_taxonomies_enable_taxonomy_tags_2",
            |_| Box::new(EnableTaxonomyTags::new(11u64)),
            Wire::Same,
            "ok",
        ),
        (
            "178_taxonomies_disable_taxonomy_tags",
            |_| Box::new(DisableTaxonomyTags::new(11u64)),
            Wire::Same,
            "ok",
        ),
        (
            "179_taxonomies_set_taxonomy_required",
            |_| {
                Box::new(SetTaxonomyRequired {
                    taxonomy: 11,
                    required: true,
                })
            },
            Wire::Same,
            "ok",
        ),
        (
            "180_taxonomies_set_taxonomy_required_false",
            |_| {
                Box::new(SetTaxonomyRequired {
                    taxonomy: 11,
                    required: false,
                })
            },
            Wire::Same,
            "ok",
        ),
        (
            "181_taxonomies_disable_taxonomy_2",
            |_| Box::new(DisableTaxonomy::new(11u64)),
            Wire::Same,
            "ok",
        ),
        (
            "182_taxonomies_get_taxonomy_unknown",
            |_| Box::new(GetTaxonomy::new(999_999u64)),
            Wire::Same,
            "not_found",
        ),
        (
            "366_admin_update_taxonomies",
            |_| Box::new(UpdateTaxonomies),
            Wire::Same,
            "ok",
        ),
        // Warninglists
        (
            "183_warninglists_warninglists",
            |_| Box::new(ListWarninglists),
            Wire::Same,
            "ok",
        ),
        (
            "184_warninglists_get_warninglist",
            |_| Box::new(GetWarninglist::new(115u64)),
            Wire::Same,
            "ok",
        ),
        (
            "185_warninglists_toggle_warninglist",
            |_| {
                Box::new(ToggleWarninglists {
                    ids: vec![96],
                    names: vec![],
                    enabled: None,
                })
            },
            Wire::Same,
            "ok",
        ),
        (
            "186_warninglists_toggle_warninglist_name_force_enable",
            |_| {
                Box::new(ToggleWarninglists {
                    ids: vec![],
                    names: vec!["List of known IPv4 public DNS resolvers".into()],
                    enabled: Some(true),
                })
            },
            Wire::Same,
            "ok",
        ),
        (
            "187_warninglists_disable_warninglist",
            |_| Box::new(ToggleWarninglists::set(96, false)),
            Wire::Same,
            "ok",
        ),
        (
            "188_warninglists_enable_warninglist",
            |_| Box::new(ToggleWarninglists::set(96, true)),
            Wire::Same,
            "ok",
        ),
        (
            "189_warninglists_values_in_warninglist",
            |_| {
                Box::new(CheckWarninglistValues::new(vec![
                    "8.8.8.8".to_owned(),
                    "198.51.100.7".to_owned(),
                ]))
            },
            Wire::Same,
            "ok",
        ),
        (
            "190_warninglists_get_warninglist_unknown",
            |_| Box::new(GetWarninglist::new(999_999u64)),
            Wire::Same,
            "not_found",
        ),
        (
            "367_admin_update_warninglists",
            |_| Box::new(UpdateWarninglists),
            Wire::Same,
            "ok",
        ),
        // Noticelists
        (
            "191_noticelists_noticelists",
            |_| Box::new(ListNoticelists),
            Wire::Same,
            "ok",
        ),
        (
            "192_noticelists_get_noticelist",
            |_| Box::new(GetNoticelist::new(1u64)),
            Wire::Same,
            "ok",
        ),
        (
            "193_noticelists_enable_noticelist",
            |_| {
                Box::new(SetNoticelistEnabled {
                    noticelist: 1,
                    enabled: true,
                })
            },
            Wire::Same,
            "ok",
        ),
        (
            "194_noticelists_disable_noticelist",
            |_| {
                Box::new(SetNoticelistEnabled {
                    noticelist: 1,
                    enabled: false,
                })
            },
            Wire::Same,
            "ok",
        ),
        (
            "368_admin_update_noticelists",
            |_| Box::new(UpdateNoticelists),
            Wire::Same,
            "ok",
        ),
        // Correlation exclusions
        (
            "195_correlation_exclusions_add_correlation_exclusion",
            |_| {
                Box::new(AddCorrelationExclusion {
                    value: "198.51.100.*".into(),
                    comment: Some("corpus exclusion".into()),
                })
            },
            Wire::Same,
            "ok",
        ),
        (
            "196_correlation_exclusions_add_correlation_exclusion_duplicate",
            |_| {
                Box::new(AddCorrelationExclusion {
                    value: "198.51.100.*".into(),
                    comment: Some("corpus exclusion".into()),
                })
            },
            Wire::Same,
            "validation",
        ),
        (
            "197_correlation_exclusions_correlation_exclusions",
            |_| Box::new(ListCorrelationExclusions),
            Wire::Same,
            "ok",
        ),
        (
            "198_correlation_exclusions_get_correlation_exclusion",
            |_| Box::new(GetCorrelationExclusion::new(3u64)),
            Wire::Same,
            "ok",
        ),
        (
            "199_correlation_exclusions_delete_correlation_exclusion",
            |_| Box::new(DeleteCorrelationExclusion::new(3u64)),
            Wire::Same,
            "ok",
        ),
        (
            "200_correlation_exclusions_clean_correlation_exclusions",
            |_| Box::new(CleanCorrelationExclusions),
            Wire::Same,
            "ok",
        ),
        // Galaxies
        (
            "201_galaxies_galaxies",
            |_| Box::new(ListGalaxies),
            Wire::Same,
            "ok",
        ),
        (
            "202_galaxies_get_galaxy",
            |_| Box::new(GetGalaxy::new(116)),
            Wire::Same,
            "ok",
        ),
        (
            "204_galaxies_get_galaxy_unknown",
            |_| Box::new(GetGalaxy::new(999_999)),
            Wire::Same,
            "not_found",
        ),
        (
            "205_galaxies_search_galaxy",
            |_| Box::new(SearchGalaxies::new("tea-matrix")),
            Wire::Same,
            "ok",
        ),
        (
            "206_galaxies_search_galaxy_clusters",
            |_| {
                Box::new(SearchGalaxyClusters {
                    galaxy: 116.into(),
                    context: ClusterContext::All,
                    searchall: Some("tea".into()),
                })
            },
            Wire::Same,
            "ok",
        ),
        (
            "207_galaxies_search_galaxy_clusters_custom",
            |_| {
                Box::new(SearchGalaxyClusters {
                    galaxy: 116.into(),
                    context: ClusterContext::Custom,
                    searchall: None,
                })
            },
            Wire::Same,
            "ok",
        ),
        (
            "208_galaxies_get_galaxy_cluster",
            |_| Box::new(GetGalaxyCluster::new(33952)),
            Wire::Same,
            "ok",
        ),
        (
            "209_galaxies_get_galaxy_cluster_uuid",
            |_| {
                Box::new(GetGalaxyCluster::new(uuid(
                    "24430dc6-9c27-4b3c-a5e7-6dda478fffa0",
                )))
            },
            Wire::Same,
            "ok",
        ),
        (
            "210_galaxies_add_galaxy_cluster",
            |x| {
                Box::new(AddGalaxyCluster {
                    galaxy: 116.into(),
                    cluster: body(x),
                })
            },
            Wire::Same,
            "ok",
        ),
        (
            "211_galaxies_update_galaxy_cluster",
            |x| {
                Box::new(UpdateGalaxyCluster {
                    target: uuid("26680732-6023-4107-a7f1-9bf430aedc3f").into(),
                    cluster: body(x),
                })
            },
            Wire::Same,
            "ok",
        ),
        (
            "212_galaxies_publish_galaxy_cluster",
            |_| Box::new(PublishGalaxyCluster::new(46030)),
            Wire::Same,
            "ok",
        ),
        (
            "213_galaxies_fork_galaxy_cluster",
            |x| {
                Box::new(ForkGalaxyCluster {
                    galaxy: 116.into(),
                    source: uuid("26680732-6023-4107-a7f1-9bf430aedc3f"),
                    cluster: body(x),
                })
            },
            Wire::Same,
            "ok",
        ),
        (
            "215_galaxies_attach_galaxy_cluster_event",
            |_| Box::new(AttachGalaxyCluster::new(ClusterTarget::Event(10), 33952)),
            Wire::Same,
            "ok",
        ),
        (
            "216_galaxies_attach_galaxy_cluster_event_local",
            |_| {
                Box::new(AttachGalaxyCluster {
                    target: ClusterTarget::Event(10),
                    cluster: uuid("26680732-6023-4107-a7f1-9bf430aedc3f").into(),
                    local: true,
                })
            },
            Wire::Refused("numeric id"),
            "not_found",
        ),
        (
            "217_galaxies_attach_galaxy_cluster_attribute",
            |_| {
                Box::new(AttachGalaxyCluster::new(
                    ClusterTarget::Attribute(63),
                    33952,
                ))
            },
            Wire::Same,
            "ok",
        ),
        (
            "218_galaxies_add_galaxy_cluster_relation",
            |x| {
                Box::new(AddGalaxyClusterRelation::new(body::<
                    misp_types::GalaxyClusterRelation,
                >(x)))
            },
            Wire::Same,
            "ok",
        ),
        (
            "219_galaxies_update_galaxy_cluster_relation",
            |x| {
                Box::new(UpdateGalaxyClusterRelation {
                    target: 60144,
                    relation: body(x),
                })
            },
            Wire::Same,
            "ok",
        ),
        (
            "220_galaxies_delete_galaxy_cluster_relation",
            |_| Box::new(DeleteGalaxyClusterRelation::new(60144u64)),
            Wire::Same,
            "ok",
        ),
        (
            "369_admin_update_galaxies",
            |_| Box::new(UpdateGalaxies),
            Wire::Same,
            "ok",
        ),
        (
            "376_galaxies_delete_galaxy_cluster",
            |_| {
                Box::new(DeleteGalaxyCluster {
                    cluster: 46030.into(),
                    hard: false,
                })
            },
            Wire::Same,
            "ok",
        ),
        (
            "377_galaxies_delete_galaxy_cluster_hard",
            |_| {
                Box::new(DeleteGalaxyCluster {
                    cluster: 46030.into(),
                    hard: true,
                })
            },
            Wire::Same,
            "ok",
        ),
        // User settings
        (
            "046_user_settings_set_user_setting",
            |_| {
                Box::new(SetUserSetting {
                    setting: "homepage".into(),
                    value: json!({"path": "/events/index"}),
                    user_id: None,
                })
            },
            Wire::Fixed("the value's JSON text is compact"),
            "ok",
        ),
        (
            "047_user_settings_set_user_setting_other_user",
            |_| {
                Box::new(SetUserSetting {
                    setting: "dashboard_access".into(),
                    value: json!(true),
                    user_id: Some(6),
                })
            },
            Wire::Same,
            "ok",
        ),
        (
            "048_user_settings_set_user_setting_invalid",
            |_| {
                Box::new(SetUserSetting {
                    setting: "not_a_setting".into(),
                    value: json!("x"),
                    user_id: None,
                })
            },
            Wire::Same,
            "method_not_allowed",
        ),
        (
            "049_user_settings_get_user_setting",
            |_| {
                Box::new(GetUserSetting {
                    setting: "homepage".into(),
                    user_id: None,
                })
            },
            Wire::Same,
            "ok",
        ),
        (
            "050_user_settings_get_user_setting_missing",
            |_| {
                Box::new(GetUserSetting {
                    setting: "publish_alert_filter".into(),
                    user_id: None,
                })
            },
            Wire::Same,
            "not_found",
        ),
        (
            "051_user_settings_user_settings",
            |_| Box::new(ListUserSettings),
            Wire::Same,
            "ok",
        ),
        (
            "052_user_settings_delete_user_setting",
            |_| {
                Box::new(DeleteUserSetting {
                    setting: "homepage".into(),
                    user_id: None,
                })
            },
            Wire::Same,
            "ok",
        ),
        (
            "053_user_settings_delete_user_setting_other_user",
            |_| {
                Box::new(DeleteUserSetting {
                    setting: "dashboard_access".into(),
                    user_id: Some(6),
                })
            },
            Wire::Same,
            "ok",
        ),
        // Statistics
        (
            "325_statistics_attributes_statistics",
            |_| {
                Box::new(AttributeStatistics {
                    by: AttributeStatisticsBy::Type,
                    percentage: false,
                })
            },
            Wire::Same,
            "ok",
        ),
        (
            "326_statistics_attributes_statistics_category_percentage",
            |_| {
                Box::new(AttributeStatistics {
                    by: AttributeStatisticsBy::Category,
                    percentage: true,
                })
            },
            Wire::Same,
            "ok",
        ),
        (
            "036_users_users_statistics",
            |_| Box::new(UsersStatistics::new(StatisticsContext::Data)),
            Wire::Same,
            "ok",
        ),
        (
            "040_users_users_statistics_attributehistogram",
            |_| Box::new(UsersStatistics::new(StatisticsContext::AttributeHistogram)),
            Wire::Same,
            "ok",
        ),
        // Decaying models
        (
            "327_decaying_decaying_models",
            |_| Box::new(ListDecayingModels),
            Wire::Same,
            "ok",
        ),
        (
            "328_decaying_update_decaying_models",
            |_| Box::new(UpdateDecayingModels),
            Wire::Same,
            "not_found",
        ),
        (
            "329_decaying_enable_decaying_model",
            |_| Box::new(EnableDecayingModel::new(1u64)),
            Wire::Same,
            "not_found",
        ),
        (
            "330_decaying_disable_decaying_model",
            |_| Box::new(DisableDecayingModel::new(1u64)),
            Wire::Same,
            "not_found",
        ),
        // Communities
        (
            "341_communities_communities",
            |_| Box::new(ListCommunities),
            Wire::Same,
            "ok",
        ),
        (
            "342_communities_get_community",
            |_| Box::new(GetCommunity::new(1)),
            Wire::Same,
            "ok",
        ),
        (
            "343_communities_request_community_access",
            |_| {
                Box::new(RequestCommunityAccess {
                    community: 1.into(),
                    request: AccessRequest {
                        email: Some("rust@corpus.test".into()),
                        message: Some("corpus".into()),
                        mock: true,
                        ..AccessRequest::default()
                    },
                })
            },
            Wire::Same,
            "server",
        ),
        // Delegations
        (
            "344_delegations_event_delegations",
            |_| Box::new(ListEventDelegations),
            Wire::Same,
            "ok",
        ),
        (
            "345_delegations_delegate_event",
            |_| {
                Box::new(DelegateEvent {
                    event: 11,
                    org_id: 6,
                    distribution: 1,
                    sharing_group_id: None,
                    message: "please take it".into(),
                })
            },
            Wire::Same,
            "method_not_allowed",
        ),
        (
            "347_delegations_accept_event_delegation_unknown",
            |_| Box::new(AcceptEventDelegation::new(999_999u64)),
            Wire::Same,
            "method_not_allowed",
        ),
        (
            "395_delegations_delegate_event_org_only_event",
            |_| {
                Box::new(DelegateEvent {
                    event: 10,
                    org_id: 6,
                    distribution: 0,
                    sharing_group_id: None,
                    message: "please take it".into(),
                })
            },
            Wire::Same,
            "ok",
        ),
        (
            "397_delegations_discard_event_delegation",
            |_| Box::new(DiscardEventDelegation::new(1u64)),
            Wire::Same,
            "ok",
        ),
        // restSearch
        (
            "273_search_search_events_eventid",
            |_| Box::new(SearchEvents::new(SearchQuery::new().event_ids("10"))),
            Wire::Same,
            "ok",
        ),
        (
            "274_search_search_events_value",
            |_| Box::new(SearchEvents::new(SearchQuery::new().value("198.51.100.7"))),
            Wire::Same,
            "ok",
        ),
        (
            "275_search_search_events_tags",
            |_| {
                Box::new(SearchEvents::new(
                    SearchQuery::new().tags(Filter::any(["tlp:amber"])),
                ))
            },
            Wire::Fixed("a single value goes as a scalar, not a one-element list"),
            "ok",
        ),
        (
            "276_search_search_events_tags_or_not",
            |_| {
                Box::new(SearchEvents::new(
                    SearchQuery::new().tags(Filter::any(["tlp:amber", "tlp:green"]).not("tlp:red")),
                ))
            },
            Wire::Same,
            "ok",
        ),
        (
            "277_search_search_events_tags_and",
            |_| {
                Box::new(SearchEvents::new(
                    SearchQuery::new()
                        .tags(Filter::all(["tlp:amber", "rust-corpus:kind=\"test\""])),
                ))
            },
            Wire::Same,
            "ok",
        ),
        (
            "279_search_search_events_type_to_ids",
            |_| {
                Box::new(SearchEvents::new(
                    SearchQuery::new().types("ip-dst").to_ids(true),
                ))
            },
            Wire::Same,
            "ok",
        ),
        (
            "280_search_search_events_timestamp_1d",
            |_| {
                Box::new(SearchEvents::new(
                    SearchQuery::new().metadata(true).timestamp(Time::days(1)),
                ))
            },
            Wire::Same,
            "ok",
        ),
        (
            "281_search_search_events_date_range",
            |_| {
                Box::new(SearchEvents::new(
                    SearchQuery::new()
                        .metadata(true)
                        .date_from(Time::date(2026, 10, 1).unwrap())
                        .date_to(Time::date(2026, 12, 31).unwrap()),
                ))
            },
            Wire::Same,
            "ok",
        ),
        (
            "282_search_search_events_publish_timestamp_range",
            |_| {
                Box::new(SearchEvents::new(
                    SearchQuery::new()
                        .metadata(true)
                        .publish_timestamp(TimeFilter::between(Time::days(30), Time::hours(0))),
                ))
            },
            Wire::Same,
            "ok",
        ),
        (
            "283_search_search_events_limit_page",
            |_| {
                Box::new(SearchEvents::new(
                    SearchQuery::new()
                        .metadata(true)
                        .published(true)
                        .limit(1)
                        .page(1),
                ))
            },
            Wire::Same,
            "ok",
        ),
        (
            "284_search_search_events_eventinfo",
            |_| {
                Box::new(SearchEvents::new(
                    SearchQuery::new().metadata(true).event_info("Rust corpus%"),
                ))
            },
            Wire::Same,
            "ok",
        ),
        (
            "286_search_search_events_enforce_warninglist",
            |_| {
                Box::new(SearchEvents::new(
                    SearchQuery::new()
                        .value("8.8.8.8")
                        .enforce_warninglist(true),
                ))
            },
            Wire::Same,
            "ok",
        ),
        (
            "287_search_search_events_uuid_sightings_correlations",
            |_| {
                Box::new(SearchEvents::new(
                    SearchQuery::new()
                        .uuids(uuid("35ec5522-10de-43c8-a274-d1d5dfb955e5"))
                        .include_sightings(true)
                        .include_correlations(true),
                ))
            },
            Wire::Refused("includeCorrelations"),
            "ok",
        ),
        (
            "288_search_search_events_quick_filter",
            |_| {
                Box::new(SearchEvents::new(
                    SearchQuery::new().param("quickFilter", "corpus-bad"),
                ))
            },
            Wire::Refused("quickFilter"),
            "ok",
        ),
        (
            "289_search_search_events_no_match",
            |_| {
                Box::new(SearchEvents::new(
                    SearchQuery::new().value("nothing-matches-this"),
                ))
            },
            Wire::Same,
            "ok",
        ),
        (
            "290_search_search_events_csv",
            |_| {
                Box::new(Export::new(
                    Scope::Events,
                    ReturnFormat::Csv,
                    SearchQuery::new().event_ids("10"),
                ))
            },
            Wire::Same,
            "ok",
        ),
        (
            "291_search_search_events_csv_requested_headerless",
            |_| {
                Box::new(Export::new(
                    Scope::Events,
                    ReturnFormat::Csv,
                    SearchQuery::new()
                        .event_ids("10")
                        .requested_attributes(["value", "type"])
                        .headerless(true),
                ))
            },
            Wire::Same,
            "ok",
        ),
        (
            "292_search_search_events_text",
            |_| {
                Box::new(Export::new(
                    Scope::Events,
                    ReturnFormat::Text,
                    SearchQuery::new().event_ids("10"),
                ))
            },
            Wire::Same,
            "ok",
        ),
        (
            "293_search_search_events_xml",
            |_| {
                Box::new(Export::new(
                    Scope::Events,
                    ReturnFormat::Xml,
                    SearchQuery::new().event_ids("10"),
                ))
            },
            Wire::Same,
            "ok",
        ),
        (
            "294_search_search_events_rpz",
            |_| {
                Box::new(Export::new(
                    Scope::Events,
                    ReturnFormat::Rpz,
                    SearchQuery::new().event_ids("10"),
                ))
            },
            Wire::Same,
            "ok",
        ),
        (
            "295_search_search_events_suricata",
            |_| {
                Box::new(Export::new(
                    Scope::Events,
                    ReturnFormat::Suricata,
                    SearchQuery::new().event_ids("10"),
                ))
            },
            Wire::Same,
            "ok",
        ),
        (
            "296_search_search_events_openioc",
            |_| {
                Box::new(Export::new(
                    Scope::Events,
                    ReturnFormat::OpenIoc,
                    SearchQuery::new().event_ids("10"),
                ))
            },
            Wire::Same,
            "ok",
        ),
        (
            "297_search_search_events_stix2",
            |_| {
                Box::new(Export::new(
                    Scope::Events,
                    ReturnFormat::Stix2,
                    SearchQuery::new().event_ids("10"),
                ))
            },
            Wire::Same,
            "server",
        ),
        (
            "298_search_search_attributes_value",
            |_| {
                Box::new(SearchAttributes::new(
                    SearchQuery::new().value("198.51.100.7"),
                ))
            },
            Wire::Same,
            "ok",
        ),
        (
            "299_search_search_attributes_wildcard_context",
            |_| {
                Box::new(SearchAttributes::new(
                    SearchQuery::new()
                        .value("%corpus%")
                        .include_event_tags(true)
                        .include_context(true),
                ))
            },
            Wire::Same,
            "ok",
        ),
        (
            "300_search_search_attributes_types_limit",
            |_| {
                Box::new(SearchAttributes::new(
                    SearchQuery::new()
                        .types(["ip-dst", "domain"])
                        .to_ids(false)
                        .limit(2)
                        .page(1),
                ))
            },
            Wire::Same,
            "ok",
        ),
        (
            "301_search_search_attributes_deleted_both",
            |_| {
                Box::new(SearchAttributes::new(
                    SearchQuery::new()
                        .event_ids("10")
                        .deleted(DeletedFilter::Both),
                ))
            },
            Wire::Fixed(
                "`deleted: [0, 1]`, the server's form for both; PyMISP passes the caller's \"both\" through and matches nothing",
            ),
            "ok",
        ),
        (
            "302_search_search_attributes_decay_event_uuid",
            |_| {
                Box::new(SearchAttributes::new(
                    SearchQuery::new()
                        .event_ids("10")
                        .include_event_uuid(true)
                        .include_decay_score(true),
                ))
            },
            Wire::Same,
            "ok",
        ),
        (
            "303_search_search_attributes_event_tags_timestamp",
            |_| {
                Box::new(SearchAttributes::new(
                    SearchQuery::new()
                        .tags("tlp:amber")
                        .timestamp(Time::days(1)),
                ))
            },
            Wire::Fixed("a single tag goes as a scalar"),
            "ok",
        ),
        (
            "304_search_search_attributes_object_name",
            |_| {
                Box::new(SearchAttributes::new(
                    SearchQuery::new().object_names("file"),
                ))
            },
            Wire::Refused("object_name"),
            "ok",
        ),
        (
            "305_search_search_attributes_enforce_warninglist",
            |_| {
                Box::new(SearchAttributes::new(
                    SearchQuery::new()
                        .value("8.8.8.8")
                        .enforce_warninglist(true),
                ))
            },
            Wire::Same,
            "ok",
        ),
        (
            "306_search_search_attributes_csv",
            |_| {
                Box::new(Export::new(
                    Scope::Attributes,
                    ReturnFormat::Csv,
                    SearchQuery::new().event_ids("10"),
                ))
            },
            Wire::Same,
            "ok",
        ),
        (
            "307_search_search_attributes_text",
            |_| {
                Box::new(Export::new(
                    Scope::Attributes,
                    ReturnFormat::Text,
                    SearchQuery::new().event_ids("10"),
                ))
            },
            Wire::Same,
            "ok",
        ),
        (
            "308_search_search_attributes_text_ipdst",
            |_| {
                Box::new(Export::new(
                    Scope::Attributes,
                    ReturnFormat::Text,
                    SearchQuery::new().types("ip-dst"),
                ))
            },
            Wire::Same,
            "ok",
        ),
        (
            "310_search_search_objects_name",
            |_| Box::new(SearchObjects::new(SearchQuery::new().object_names("file"))),
            Wire::Same,
            "ok",
        ),
        (
            "311_search_search_objects_eventid",
            |_| Box::new(SearchObjects::new(SearchQuery::new().event_ids("10"))),
            Wire::Same,
            "ok",
        ),
        (
            "312_search_search_objects_csv",
            |_| {
                Box::new(Export::new(
                    Scope::Objects,
                    ReturnFormat::Csv,
                    SearchQuery::new().event_ids("10"),
                ))
            },
            Wire::Refused("json only"),
            "not_found",
        ),
        (
            "314_search_search_index",
            |_| Box::new(SearchIndex::new()),
            Wire::Same,
            "ok",
        ),
        (
            "315_search_search_index_eventinfo_published",
            |_| Box::new(SearchIndex::new().published(true).event_info("Rust corpus")),
            Wire::Same,
            "ok",
        ),
        (
            "316_search_search_index_tags_minimal",
            |_| {
                Box::new(
                    SearchIndex::new()
                        .tags(Filter::any(["tlp:amber"]))
                        .minimal(true),
                )
            },
            Wire::Fixed("a single tag goes as a scalar"),
            "ok",
        ),
        (
            "317_search_search_index_timestamp_sort_limit",
            |_| {
                Box::new(
                    SearchIndex::new()
                        .sort("timestamp", true)
                        .limit(2)
                        .page(1)
                        .timestamp(Time::days(1)),
                )
            },
            Wire::Fixed("`desc` is not sent: the server reads `direction`"),
            "ok",
        ),
        (
            "318_search_search_index_filters",
            |_| {
                Box::new(
                    SearchIndex::new()
                        .threat_levels(&[1, 2])
                        .distributions(&[0, 1])
                        .analysis(&[1, 2])
                        .orgs(1u64)
                        .date_from(Time::date(2026, 1, 1).unwrap()),
                )
            },
            Wire::Same,
            "ok",
        ),
        (
            "319_search_search_index_attribute",
            |_| Box::new(SearchIndex::new().attribute("198.51.100.7")),
            Wire::Same,
            "ok",
        ),
        (
            "320_search_search_index_hasproposal",
            |_| Box::new(SearchIndex::new().has_proposal(true)),
            Wire::Same,
            "ok",
        ),
    ]
}

/// The request as text: method, path, headers other than the User-Agent, and the body
/// (pretty JSON, or text).
fn render(request: &http::Request<Vec<u8>>) -> String {
    let mut out = format!("{} {}\n", request.method(), request.uri());
    for (k, v) in request.headers() {
        if k != "user-agent" {
            out.push_str(&format!("{k}: {}\n", v.to_str().unwrap()));
        }
    }
    if !request.body().is_empty() {
        out.push('\n');
        match serde_json::from_slice::<Value>(request.body()) {
            Ok(v) => out.push_str(&serde_json::to_string_pretty(&v).unwrap()),
            Err(_) => out.push_str(&String::from_utf8_lossy(request.body())),
        }
        out.push('\n');
    }
    out
}

#[test]
fn requests_match_pymisp_and_recorded_answers_decode() {
    let mut failures = Vec::new();
    for (name, make, wire, expected) in cases() {
        let exchange = load("pymisp", name);
        let op = make(&exchange);
        match (op.build(), &wire) {
            (Err(e), Wire::Refused(text)) => {
                if !e.to_string().contains(text) {
                    failures.push(format!(
                        "{name}: refused with `{e}`, expected a message about `{text}`"
                    ));
                }
                continue;
            }
            (Err(e), _) => {
                failures.push(format!("{name}: cannot build: {e}"));
                continue;
            }
            (Ok(_), Wire::Refused(text)) => {
                failures.push(format!("{name}: built, but should be refused ({text})"));
                continue;
            }
            (Ok(request), wire) => {
                let same_method = request.method().as_str() == exchange.method;
                let same_path = request.uri().to_string() == exchange.path;
                let ours: Option<Value> = if request.body().is_empty() {
                    None
                } else {
                    Some(serde_json::from_slice(request.body()).unwrap_or_else(|_| {
                        Value::String(String::from_utf8_lossy(request.body()).into_owned())
                    }))
                };
                let theirs = exchange.body.as_ref().map(without_zero_flags);
                // Semantic equality: a number equals its string form, a boolean its 0/1 forms,
                // a date-time any notation of the same instant.
                let body_differences = match (&ours, &theirs) {
                    (None, None) => Vec::new(),
                    (Some(ours), Some(theirs)) => differences(ours, theirs)
                        .iter()
                        .map(ToString::to_string)
                        .collect(),
                    (Some(_), None) => vec!["we send a body, PyMISP does not".to_owned()],
                    (None, Some(_)) => vec!["PyMISP sends a body, we do not".to_owned()],
                };
                let same = same_method && same_path && body_differences.is_empty();
                match wire {
                    Wire::Same if !same => failures.push(format!(
                        "{name}: request differs from PyMISP's:\n  ours:   {} {} {}\n  pymisp: {} {} {}\n  body differences (ours/pymisp): {}",
                        request.method(),
                        request.uri(),
                        ours.map(|b| b.to_string()).unwrap_or_default(),
                        exchange.method,
                        exchange.path,
                        theirs.map(|b| b.to_string()).unwrap_or_default(),
                        body_differences.join("; "),
                    )),
                    Wire::Fixed(why) if same => failures.push(format!("{name}: marked as fixed ({why}) but identical to PyMISP's")),
                    _ => {}
                }
                insta::assert_snapshot!(name, render(&request));
                let headers = request.headers();
                assert_eq!(headers["accept"], "application/json", "{name}");
                assert_eq!(headers["user-agent"], misp_api::USER_AGENT, "{name}");
                assert_eq!(
                    headers.contains_key("content-type"),
                    !request.body().is_empty(),
                    "{name}"
                );
                assert!(!headers.contains_key("authorization"), "{name}");
            }
        }
        let outcome = op.outcome(exchange.response);
        if outcome != expected {
            failures.push(format!(
                "{name}: decoded to `{outcome}`, expected `{expected}`"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
