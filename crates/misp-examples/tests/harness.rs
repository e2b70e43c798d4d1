//! The harness the guide's examples run in: an exchange the example never asks for fails it.

#[tokio::test]
#[should_panic(expected = "Verifications failed")]
async fn an_exchange_never_asked_for_fails_the_example() {
    let server = misp_examples::serve(&["cli/01_servers_getVersion"]).await;
    drop(server);
}

#[tokio::test]
async fn an_exchange_answers_with_its_recorded_status_and_body() {
    let server = misp_examples::serve(&["client/native/52_error_bad_key"]).await;
    let client = misp_examples::client(&server);
    let error = client
        .send(&misp_api::events::ListEvents)
        .await
        .unwrap_err();
    assert!(error.is_auth(), "{error}");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(403));
    assert!(
        error.to_string().contains("Authentication failed"),
        "{error}"
    );
}

#[tokio::test]
async fn a_look_up_is_answered_only_for_the_recorded_query() {
    use misp_api::search::SearchQuery;
    let server = misp_examples::serve(&["client/native/47_attributes_restSearch_no_match"]).await;
    let client = misp_examples::client(&server);
    // Another value than the recorded one: no answer pretends to be the server's.
    let error = client
        .search()
        .collect_attributes(SearchQuery::new().value("203.0.113.10"))
        .await
        .unwrap_err();
    assert!(
        error
            .to_string()
            .contains("no recorded exchange answers POST /attributes/restSearch"),
        "{error}"
    );
    // The recorded query is answered (and so the server's expectation is met).
    let found = client
        .search()
        .collect_attributes(SearchQuery::new().value("nothing-matches-this.invalid"))
        .await
        .unwrap();
    assert!(found.is_empty());
}
