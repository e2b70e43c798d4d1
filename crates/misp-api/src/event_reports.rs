//! Event reports: get, list, add, update, delete.

use crate::macros::op;
use crate::model::EventReport;
use crate::wire::{Body, PathBuilder as P};
use crate::{Ack, EventRef, IdOrUuid, Idempotency, creation, delete_body};

op! {
    /// Fetches one event report (`GET /eventReports/view/{id}`).
    pub struct GetEventReport(
        /// The report, by id or UUID.
        pub report: IdOrUuid
    );
    GET |s| P::new("eventReports/view").segment(s.report).build() => EventReport: entity("EventReport")
}

op! {
    /// Lists the reports of an event (`GET /eventReports/index/event_id:{id}`).
    pub struct ListEventReports(
        /// The event.
        pub event: EventRef
    );
    GET |s| P::new("eventReports/index").named("event_id", s.event).build() => Vec<EventReport>: list("EventReport")
}

op! {
    /// Adds a report to an event (`POST /eventReports/add/{event}`), sent flat.
    pub struct AddEventReport {
        /// The event.
        pub event: EventRef,
        /// The report (`name`, `content`, `distribution` ...).
        pub report: EventReport,
    }
    POST |s| P::new("eventReports/add").segment(s.event).build() => EventReport: entity("EventReport");
    body |s| Body::json(&s.report);
    idempotency |s| creation(&s.report)
}

op! {
    /// Updates a report (`POST /eventReports/edit/{id}`).
    pub struct UpdateEventReport {
        /// The report to update.
        pub target: IdOrUuid,
        /// Its new content.
        pub report: EventReport,
    }
    POST |s| P::new("eventReports/edit").segment(s.target).build() => EventReport: entity("EventReport");
    body |s| Body::json(&s.report);
    idempotency |s| Idempotency::Safe
}

op! {
    /// Deletes a report, softly or for good (`POST /eventReports/delete/{id}`).
    pub struct DeleteEventReport {
        /// The report.
        pub report: IdOrUuid,
        /// Delete for good instead of marking deleted.
        pub hard: bool,
    }
    POST |s| P::new("eventReports/delete").segment(s.report).build() => Ack: ack();
    body |s| delete_body(s.hard);
    idempotency |s| Idempotency::Safe
}
