//! The search family: restSearch for events, attributes and objects, the event index, and
//! the sightings search.
