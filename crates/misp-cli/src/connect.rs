//! Building the client from the connection flags, the environment and the config file.

use misp_client::{Client, ClientBuilder, RetryPolicy, env};

use crate::args::ConnectionArgs;
use crate::error::CliError;

/// The client from the flags, over the environment, over the config file's profile.
pub fn client(args: &ConnectionArgs) -> Result<Client, CliError> {
    Ok(builder(args)?.build()?)
}

/// The builder the flags, the environment and the config file describe.
pub fn builder(args: &ConnectionArgs) -> Result<ClientBuilder, CliError> {
    let mut builder = ClientBuilder::from_vars(|name| {
        if name == env::PROFILE
            && let Some(profile) = &args.profile
        {
            return Some(profile.clone());
        }
        std::env::var(name).ok()
    })?;
    if let Some(url) = &args.url {
        builder = builder.url(url.clone());
    }
    if let Some(key) = &args.key {
        builder = builder.key(key.0.clone());
    }
    if args.insecure {
        builder = builder.danger_accept_invalid_certs(true);
    }
    if let Some(retries) = args.retries {
        builder = builder.retry(RetryPolicy::default().max_retries(retries));
    }
    if let Some(timeout) = args.timeout {
        builder = builder.total_timeout(timeout);
    }
    if let Some(timeout) = args.walk_timeout {
        builder = builder.walk_timeout(timeout);
    }
    if let Some(pages) = args.max_pages {
        builder = builder.max_pages(pages);
    }
    if let Some(bytes) = args.max_body_size {
        builder = builder.max_body_size(bytes);
    }
    Ok(builder)
}

/// The key the client uses, as far as the command line can tell (flag, environment, the
/// profile of the config file), so output can hide it even when a server echoes it.
pub fn known_key(args: &ConnectionArgs) -> Option<String> {
    use secrecy::ExposeSecret;
    if let Some(k) = &args.key {
        return Some(k.0.clone());
    }
    if let Some(k) = std::env::var(env::KEY)
        .ok()
        .or_else(|| std::env::var(env::API_KEY).ok())
    {
        return Some(k);
    }
    let profile = args
        .profile
        .clone()
        .or_else(|| std::env::var(env::PROFILE).ok());
    let file = misp_client::ConfigFile::load_default().ok().flatten()?;
    let p = file.profile(profile.as_deref()).ok()?;
    p.key.as_ref().map(|k| k.expose_secret().to_owned())
}
