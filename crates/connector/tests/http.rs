//! The client policy against real servers on loopback: redirects, reply size.

use std::time::Duration;

use axum::Router;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect};
use axum::routing::get;
use connector::http::{BodyError, client_builder, read_body};

async fn serve(app: Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    format!("http://{addr}")
}

/// A second site that answers with the Authorization header it was sent.
async fn elsewhere() -> String {
    serve(Router::new().route(
        "/steal",
        get(
            |headers: HeaderMap| async move { format!("{:?}", headers.get(header::AUTHORIZATION)) },
        ),
    ))
    .await
}

#[tokio::test]
async fn redirects_stay_on_the_origin_that_was_asked() {
    let other = elsewhere().await;
    let away = format!("{other}/steal");
    let site = serve(
        Router::new()
            .route("/here", get(|| async { Redirect::temporary("/target") }))
            .route("/target", get(|| async { "arrived" }))
            .route(
                "/away",
                get(move || async move { Redirect::temporary(&away) }),
            ),
    )
    .await;
    let client = client_builder(Duration::from_secs(5)).build().unwrap();

    let same = client.get(format!("{site}/here")).send().await.unwrap();
    assert_eq!(read_body(same, 1024).await.unwrap(), "arrived");

    let err = client
        .get(format!("{site}/away"))
        .bearer_auth("secret-token")
        .send()
        .await
        .unwrap_err();
    assert!(err.is_redirect(), "{err}");
    assert!(format!("{err:?}").contains("another site"), "{err:?}");
}

#[tokio::test]
async fn replies_past_the_cap_are_refused_whether_or_not_they_say_their_length() {
    let site = serve(
        Router::new()
            .route("/sized", get(|| async { "x".repeat(2048) }))
            .route(
                "/unsized",
                get(|| async {
                    let chunks = futures_util::stream::iter(
                        (0..4).map(|_| Ok::<_, std::io::Error>("y".repeat(600))),
                    );
                    (StatusCode::OK, axum::body::Body::from_stream(chunks)).into_response()
                }),
            ),
    )
    .await;
    let client = client_builder(Duration::from_secs(5)).build().unwrap();
    for path in ["/sized", "/unsized"] {
        let response = client.get(format!("{site}{path}")).send().await.unwrap();
        let err = read_body(response, 1024).await.unwrap_err();
        assert!(
            matches!(err, BodyError::TooLarge { limit: 1024 }),
            "{path}: {err}"
        );
    }
    let response = client.get(format!("{site}/sized")).send().await.unwrap();
    assert_eq!(read_body(response, 4096).await.unwrap().len(), 2048);
}
