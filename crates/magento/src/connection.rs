//! What the Magento connection needs from the keychain, per sign-in method,
//! and how the found secrets become [`Credentials`].

use model::connection::SecretSpec;
use model::{MagentoAuthKind, MagentoConfig, SecretString};

use crate::{Credentials, OAuth1Credentials};

const TOKEN: SecretSpec = SecretSpec {
    name: "token",
    label: "Integration access token",
    help: "System > Extensions > Integrations > your integration > Access Token.",
};
const PASSWORD: SecretSpec = SecretSpec {
    name: "password",
    label: "Admin password",
    help: "The password of the admin user named in the connection.",
};
const CONSUMER_KEY: SecretSpec = SecretSpec {
    name: "consumer-key",
    label: "Consumer key",
    help: "System > Extensions > Integrations > your integration > Consumer Key.",
};
const CONSUMER_SECRET: SecretSpec = SecretSpec {
    name: "consumer-secret",
    label: "Consumer secret",
    help: "System > Extensions > Integrations > your integration > Consumer Secret.",
};
const ACCESS_TOKEN: SecretSpec = SecretSpec {
    name: "access-token",
    label: "Access token",
    help: "System > Extensions > Integrations > your integration > Access Token.",
};
const ACCESS_TOKEN_SECRET: SecretSpec = SecretSpec {
    name: "access-token-secret",
    label: "Access token secret",
    help: "System > Extensions > Integrations > your integration > Access Token Secret.",
};

/// The secrets a sign-in method needs, in the order they are asked for.
pub fn secret_specs(auth: MagentoAuthKind) -> &'static [SecretSpec] {
    match auth {
        MagentoAuthKind::IntegrationToken => &[TOKEN],
        MagentoAuthKind::Admin => &[PASSWORD],
        MagentoAuthKind::Oauth1 => &[
            CONSUMER_KEY,
            CONSUMER_SECRET,
            ACCESS_TOKEN,
            ACCESS_TOKEN_SECRET,
        ],
    }
}

/// The credentials of the configured method, from its secrets by name.
pub fn credentials<E>(
    config: &MagentoConfig,
    mut secret: impl FnMut(&'static SecretSpec) -> Result<SecretString, E>,
) -> Result<Credentials, E> {
    Ok(match config.auth {
        MagentoAuthKind::IntegrationToken => Credentials::IntegrationToken(secret(&TOKEN)?),
        MagentoAuthKind::Admin => Credentials::Admin {
            username: config.admin_username.clone().unwrap_or_default(),
            password: secret(&PASSWORD)?,
        },
        MagentoAuthKind::Oauth1 => Credentials::OAuth1(OAuth1Credentials {
            consumer_key: secret(&CONSUMER_KEY)?,
            consumer_secret: secret(&CONSUMER_SECRET)?,
            access_token: secret(&ACCESS_TOKEN)?,
            token_secret: secret(&ACCESS_TOKEN_SECRET)?,
        }),
    })
}

/// Where the secrets are sent: the shop's root URL (scheme, host, port, path).
pub fn audience(config: &MagentoConfig) -> String {
    config.base_url.trim_end_matches('/').to_owned()
}

/// Which shop and store view the reads come from.
pub fn scope(config: &MagentoConfig) -> String {
    format!("{} store {}", audience(config), config.store_code)
}
