//! Sigil's edge worker: public, credential-less market data and indicators over HTTP.
//!
//! Routes (all GET; HEAD and the CORS preflight OPTIONS also answer):
//! - `/v1/health` → `{"ok":true,"version":"…"}`
//! - `/v1/candles?exchange=replay&symbol=BTC/USD&interval=1h&limit=500` → `[[ms,o,h,l,c,v],…]`
//! - `/v1/indicators?…same…&ind=rsi:14,ema:20` → `{"exchange","symbol","interval","time","columns","series"}`
//!
//! `exchange` may be omitted and then means `replay` (the embedded offline data);
//! `symbol` and `interval` are required; `limit` is 1..=1000, default 500. Errors are
//! `{"error":{"code","parameter"?,"message"}}` with 400 (bad query), 404 (unknown
//! route), 405 (other methods) or 500.
//!
//! Everything request-specific lives in [`api`], which has no workers-rs types and is
//! tested natively; this file only routes and sets headers.

use worker::{console_error, event, Context, Env, Request, Response, ResponseBuilder, Result, RouteContext, Router};

mod api;

use api::ApiError;

type Handler = fn(Request, RouteContext<()>) -> Result<Response>;

const ROUTES: &[(&str, Handler)] = &[("/v1/health", health), ("/v1/candles", candles), ("/v1/indicators", indicators)];

const ALLOWED_METHODS: &str = "GET, HEAD, OPTIONS";

/// Replay data is fixed for a given deployment, so browsers and the Cloudflare edge
/// may reuse it; an hour keeps a redeploy with new data visible the same day.
const CACHE_MARKET: &str = "public, max-age=3600";
/// Health must reflect the live worker, and errors must not outlive a fix.
const CACHE_NONE: &str = "no-store";

#[event(fetch)]
async fn fetch(req: Request, env: Env, _ctx: Context) -> Result<Response> {
    // workers-rs turns methods it does not know (PROPFIND, QUERY, ...) into GET, so
    // the raw method is checked before routing; after this the router sees only
    // methods that every route registers, and never answers 405 by itself.
    let method = req.inner().method();
    if !matches!(method.as_str(), "GET" | "HEAD" | "OPTIONS") {
        let path = req.path();
        let error = if ROUTES.iter().any(|(route, _)| *route == path) {
            ApiError::method_not_allowed(&method, &path)
        } else {
            not_found_error(&path)
        };
        return error_response(&error);
    }

    let mut router = Router::new();
    for &(path, handler) in ROUTES {
        router = router.get(path, handler).head(path, handler).options(path, preflight);
    }
    // matchit's catch-all needs at least one character after the slash, hence "/" too.
    let routed = router.or_else_any_method("/", not_found).or_else_any_method("/*path", not_found).run(req, env).await;

    // An Err escaping here would become workerd's bare 500 without CORS headers,
    // which a browser reports as an opaque network error.
    routed.or_else(|e| {
        console_error!("sigil-worker: {e}");
        error_response(&ApiError::internal())
    })
}

fn health(_: Request, _: RouteContext<()>) -> Result<Response> {
    json(200, api::health(), CACHE_NONE)
}

fn candles(req: Request, _: RouteContext<()>) -> Result<Response> {
    respond(query(&req).and_then(|q| api::candles(&q)))
}

fn indicators(req: Request, _: RouteContext<()>) -> Result<Response> {
    respond(query(&req).and_then(|q| api::indicators(&q)))
}

/// CORS preflight. The API is public and credential-less, so any origin, method of
/// the API and request header is allowed; browsers cache the answer for a day
/// (Chromium caps it at 2 hours).
fn preflight(_: Request, _: RouteContext<()>) -> Result<Response> {
    Ok(ResponseBuilder::new()
        .with_status(204)
        .with_header("Access-Control-Allow-Origin", "*")?
        .with_header("Access-Control-Allow-Methods", ALLOWED_METHODS)?
        .with_header("Access-Control-Allow-Headers", "*")?
        .with_header("Access-Control-Max-Age", "86400")?
        .empty())
}

fn not_found(req: Request, _: RouteContext<()>) -> Result<Response> {
    error_response(&not_found_error(&req.path()))
}

fn not_found_error(path: &str) -> ApiError {
    let routes: Vec<&str> = ROUTES.iter().map(|(route, _)| *route).collect();
    ApiError::not_found(path, &routes)
}

fn query(req: &Request) -> std::result::Result<Vec<(String, String)>, ApiError> {
    let url = req.url().map_err(|e| {
        console_error!("sigil-worker: request URL: {e}");
        ApiError::internal()
    })?;
    Ok(url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect())
}

fn respond(body: std::result::Result<String, ApiError>) -> Result<Response> {
    match body {
        Ok(body) => json(200, body, CACHE_MARKET),
        Err(error) => error_response(&error),
    }
}

fn error_response(error: &ApiError) -> Result<Response> {
    if error.status >= 500 {
        console_error!("sigil-worker: {} {}", error.code, error.message);
    }
    let response = json(error.status, error.to_json(), CACHE_NONE)?;
    if error.status == 405 {
        response.headers().set("Allow", ALLOWED_METHODS)?;
    }
    Ok(response)
}

fn json(status: u16, body: String, cache: &str) -> Result<Response> {
    Ok(ResponseBuilder::new()
        .with_status(status)
        .with_header("Content-Type", "application/json; charset=utf-8")?
        .with_header("Access-Control-Allow-Origin", "*")?
        .with_header("Cache-Control", cache)?
        .with_header("X-Content-Type-Options", "nosniff")?
        .fixed(body.into_bytes()))
}
