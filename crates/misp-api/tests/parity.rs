//! `docs/parity.json` maps PyMISP methods to operations; every entry must name an operation
//! that exists (and is an `Endpoint`), and every operation must be listed.

use std::collections::BTreeSet;

use misp_api::*;

fn endpoint_name<T: Endpoint>() -> String {
    public_path(std::any::type_name::<T>())
}

/// `misp_api::search::index::SearchIndex` is re-exported as `misp_api::search::SearchIndex`.
fn public_path(name: &str) -> String {
    let parts: Vec<&str> = name.split("::").collect();
    format!("{}::{}::{}", parts[0], parts[1], parts[parts.len() - 1])
}

macro_rules! operations {
    ($($path:path),* $(,)?) => {
        vec![$(endpoint_name::<$path>()),*]
    };
}

fn all_operations() -> Vec<String> {
    operations![
        events::ListEvents,
        events::GetEvent,
        events::EventExists,
        events::AddEvent,
        events::UpdateEvent,
        events::DeleteEvent,
        events::PublishEvent,
        events::UnpublishEvent,
        events::ContactEventReporter,
        events::EnrichEvent,
        events::FreeTextImport,
        events::FreeTextSuggest,
        events::UploadStix,
        events::PushEventToZmq,
        event_reports::GetEventReport,
        event_reports::ListEventReports,
        event_reports::AddEventReport,
        event_reports::UpdateEventReport,
        event_reports::DeleteEventReport,
        attributes::ListAttributes,
        attributes::GetAttribute,
        attributes::AttributeExists,
        attributes::AddAttribute,
        attributes::AddAttributes,
        attributes::UpdateAttribute,
        attributes::DeleteAttribute,
        attributes::RestoreAttribute,
        attributes::EnrichAttribute,
        proposals::ListAttributeProposals,
        proposals::GetAttributeProposal,
        proposals::AddAttributeProposal,
        proposals::UpdateAttributeProposal,
        proposals::DeleteAttributeProposal,
        proposals::AcceptAttributeProposal,
        proposals::DiscardAttributeProposal,
        objects::GetObject,
        objects::ObjectExists,
        objects::AddObject,
        objects::UpdateObject,
        objects::DeleteObject,
        objects::AddObjectReference,
        objects::DeleteObjectReference,
        object_templates::ListObjectTemplates,
        object_templates::GetObjectTemplate,
        object_templates::GetRawObjectTemplate,
        object_templates::UpdateObjectTemplates,
        analyst_data::GetNote,
        analyst_data::AddNote,
        analyst_data::UpdateNote,
        analyst_data::DeleteNote,
        analyst_data::GetOpinion,
        analyst_data::AddOpinion,
        analyst_data::UpdateOpinion,
        analyst_data::DeleteOpinion,
        analyst_data::GetRelationship,
        analyst_data::AddRelationship,
        analyst_data::UpdateRelationship,
        analyst_data::DeleteRelationship,
        sightings::ListSightings,
        sightings::ListEventSightings,
        sightings::AddSighting,
        sightings::DeleteSighting,
        tags::ListTags,
        tags::GetTag,
        tags::AddTag,
        tags::UpdateTag,
        tags::SetTagHidden,
        tags::DeleteTag,
        tags::SearchTags,
        tags::AttachTag,
        tags::RemoveTag,
        taxonomies::ListTaxonomies,
        taxonomies::GetTaxonomy,
        taxonomies::EnableTaxonomy,
        taxonomies::DisableTaxonomy,
        taxonomies::DisableTaxonomyTags,
        taxonomies::EnableTaxonomyTags,
        taxonomies::UpdateTaxonomies,
        taxonomies::SetTaxonomyRequired,
        warninglists::ListWarninglists,
        warninglists::GetWarninglist,
        warninglists::ToggleWarninglists,
        warninglists::CheckWarninglistValues,
        warninglists::UpdateWarninglists,
        noticelists::ListNoticelists,
        noticelists::GetNoticelist,
        noticelists::SetNoticelistEnabled,
        noticelists::UpdateNoticelists,
        correlation_exclusions::ListCorrelationExclusions,
        correlation_exclusions::GetCorrelationExclusion,
        correlation_exclusions::AddCorrelationExclusion,
        correlation_exclusions::DeleteCorrelationExclusion,
        correlation_exclusions::CleanCorrelationExclusions,
        galaxies::ListGalaxies,
        galaxies::SearchGalaxies,
        galaxies::GetGalaxy,
        galaxies::UpdateGalaxies,
        galaxies::SearchGalaxyClusters,
        galaxies::GetGalaxyCluster,
        galaxies::AddGalaxyCluster,
        galaxies::UpdateGalaxyCluster,
        galaxies::PublishGalaxyCluster,
        galaxies::ForkGalaxyCluster,
        galaxies::DeleteGalaxyCluster,
        galaxies::AddGalaxyClusterRelation,
        galaxies::UpdateGalaxyClusterRelation,
        galaxies::DeleteGalaxyClusterRelation,
        galaxies::AttachGalaxyCluster,
        user_settings::ListUserSettings,
        user_settings::GetUserSetting,
        user_settings::SetUserSetting,
        user_settings::DeleteUserSetting,
        decaying_models::ListDecayingModels,
        decaying_models::UpdateDecayingModels,
        decaying_models::EnableDecayingModel,
        decaying_models::DisableDecayingModel,
        delegations::ListEventDelegations,
        delegations::AcceptEventDelegation,
        delegations::DiscardEventDelegation,
        delegations::DelegateEvent,
        communities::ListCommunities,
        communities::GetCommunity,
        communities::RequestCommunityAccess,
        statistics::AttributeStatistics,
        statistics::TagUsage,
        statistics::UsersStatistics,
        instance::GetVersion,
        instance::GetRecommendedPyMispVersion,
        instance::DescribeTypesRemote,
        instance::RemoteAcl,
        instance::ListAllFunctions,
        instance::DirectCall,
        search::SearchEvents,
        search::SearchAttributes,
        search::SearchObjects,
        search::Export,
        search::SearchIndex,
        search::SearchSightings,
    ]
}

#[test]
fn every_parity_entry_names_an_operation_and_every_operation_is_listed() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/parity.json");
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let known: BTreeSet<String> = all_operations().into_iter().collect();
    let helpers = [public_path(std::any::type_name::<search::Filter>())];
    let mut listed = BTreeSet::new();
    let mut methods = BTreeSet::new();
    let mut dangling = Vec::new();
    for entry in doc["entries"].as_array().unwrap() {
        let method = entry["pymisp"].as_str().unwrap();
        assert!(
            methods.insert(method.to_owned()),
            "`{method}` is listed twice"
        );
        let note = entry["note"].as_str().unwrap_or("");
        match entry["operation"].as_str() {
            Some(op) => {
                let full = format!("misp_api::{op}");
                if !known.contains(&full) && !helpers.contains(&full) {
                    dangling.push(format!("{method} -> {op}"));
                }
                listed.insert(full);
                // Operations named in the note count as listed too.
                for word in note.split(|c: char| !(c.is_alphanumeric() || c == ':' || c == '_')) {
                    if word.contains("::") {
                        listed.insert(format!("misp_api::{word}"));
                    }
                }
            }
            None => assert!(!note.is_empty(), "`{method}` has no operation and no note"),
        }
    }
    assert!(
        dangling.is_empty(),
        "entries naming no operation: {dangling:?}"
    );
    // Operations reached only through a note naming the short type (GetOpinion ...).
    let unlisted: Vec<&String> = known
        .iter()
        .filter(|op| !listed.contains(*op))
        .filter(|op| {
            let short = op.rsplit("::").next().unwrap();
            !doc["entries"]
                .as_array()
                .unwrap()
                .iter()
                .any(|e| e["note"].as_str().unwrap_or("").contains(short))
        })
        .collect();
    assert!(
        unlisted.is_empty(),
        "operations missing from docs/parity.json: {unlisted:?}"
    );
}
