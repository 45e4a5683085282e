//! The registry of counterpart connectors: one line per connector crate. The
//! engine reaches a connection's connector only through here, and never names
//! a product itself.

use erp::{Checked, Connector};
use model::{Config, Connection, ConnectionId, Entity, System};

use crate::error::{Error, Result};

/// Every connector this build knows.
pub fn all() -> &'static [&'static dyn Connector] {
    &[&erp_business_central::CONNECTOR]
}

/// The connector of a connection's kind.
pub fn of(connection: &Connection) -> Result<&'static dyn Connector> {
    all()
        .iter()
        .copied()
        .find(|c| c.kind() == connection.kind)
        .ok_or_else(|| {
            let known: Vec<String> = all().iter().map(|c| format!("\"{}\"", c.kind())).collect();
            Error::Config(format!(
                "`{}` = \"{}\" is not a system Driftwatch can connect to: use {}",
                connection.key("kind"),
                connection.kind,
                known.join(" or ")
            ))
        })
}

/// The connection's settings checked by its connector; errors name the file's key.
pub fn check(connection: &Connection) -> Result<Checked> {
    of(connection)?.check(&connection.settings).map_err(|e| {
        let key = if e.key.is_empty() {
            connection.section.clone()
        } else {
            connection.key(&e.key)
        };
        Error::Config(format!("`{key}` {}", e.problem))
    })
}

/// Checks every counterpart connection of a configuration.
pub fn validate(config: &Config) -> Result<()> {
    config
        .connections
        .iter()
        .try_for_each(|c| check(c).map(drop))
}

/// The product name of a counterpart connection, for people.
pub fn display_name(connection: &Connection) -> &'static str {
    of(connection)
        .map(|c| c.display_name())
        .unwrap_or("the ERP")
}

/// Where one side of an entity's snapshots comes from: the connection, and the
/// shop or company within it. Parts are only compared with parts of the same
/// origin, so re-pointing a connection never mixes two companies' rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartOrigin {
    pub connection: ConnectionId,
    pub scope: String,
}

/// The origin of `entity`'s rows from `system`; `None` when the entity has no
/// counterpart connection.
pub fn origin(config: &Config, entity: Entity, system: System) -> Result<Option<PartOrigin>> {
    Ok(match system {
        System::Magento => Some(PartOrigin {
            connection: config.magento_id.clone(),
            scope: magento::connection::scope(&config.magento),
        }),
        System::Erp => match config.counterpart(entity) {
            None => None,
            Some(connection) => Some(PartOrigin {
                connection: connection.id.clone(),
                scope: check(connection)?.scope,
            }),
        },
    })
}

/// One connection as people see it: what it is, where reads go, what it is used for.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    pub id: ConnectionId,
    pub kind: String,
    /// "Magento", "Business Central".
    pub name: &'static str,
    /// Where reads go.
    pub endpoint: String,
    /// The entities it is read for (Magento: all of them).
    pub entities: Vec<Entity>,
}

/// Every connection of the configuration, Magento first.
pub fn summaries(config: &Config) -> Result<Vec<Summary>> {
    let mut all = vec![Summary {
        id: config.magento_id.clone(),
        kind: model::connection::MAGENTO_KIND.to_owned(),
        name: "Magento",
        endpoint: magento::connection::audience(&config.magento),
        entities: Entity::ALL.to_vec(),
    }];
    for connection in &config.connections {
        all.push(Summary {
            id: connection.id.clone(),
            kind: connection.kind.clone(),
            name: display_name(connection),
            endpoint: check(connection)?.endpoint,
            entities: Entity::ALL
                .into_iter()
                .filter(|e| {
                    config
                        .counterpart(*e)
                        .is_some_and(|c| c.id == connection.id)
                })
                .collect(),
        });
    }
    Ok(all)
}
