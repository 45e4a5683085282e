//! The TypeScript bindings of every type crossing IPC, generated from the Rust types into one
//! file the UI imports (`ui/src/lib/ipc/bindings.ts`). A test fails when the committed file
//! differs from what the types generate.

use ts_rs::{Config, TS};

/// Where the bindings live, relative to this crate.
pub const PATH: &str = "../ui/src/lib/ipc/bindings.ts";

/// Every type crossing IPC, in the order the bindings file declares them.
macro_rules! ipc_types {
    ($m:ident) => {
        $m!(
            model::Entity,
            model::System,
            model::MismatchEntity,
            model::MismatchKind,
            model::MismatchState,
            model::MismatchKey,
            model::PricePoint,
            model::RunStatus,
            model::PartStatus,
            model::MagentoAuthKind,
            model::connection::SecretSpec,
            model::connection::SettingSpec,
            model::connection::SettingKind,
            model::connection::TestCode,
            model::connection::TestProblem,
            model::connection::Found,
            model::connection::TestReport,
            engine::setup::SignInMethod,
            engine::setup::ConnectorForm,
            engine::setup::ConnectForms,
            engine::setup::MagentoForm,
            engine::setup::CounterpartForm,
            engine::setup::ConnectRequest,
            crate::ConnectionTest,
            engine::connection_test::LastTest,
            engine::connections::SecretStatus,
            engine::connections::SecretState,
            engine::connections::ConnectionState,
            model::erp::CanonicalStatus,
            model::config::PriceKind,
            model::config::PriceListMapping,
            model::rules::ErpQuantity,
            engine::mapping::Link,
            engine::mapping::ToleranceForm,
            engine::mapping::StatusRow,
            engine::mapping::OrderRulesForm,
            engine::mapping::StockRulesForm,
            engine::mapping::PriceRulesForm,
            engine::mapping::RulesForm,
            engine::mapping::RulesDocument,
            engine::mapping::FieldProblem,
            engine::mapping::Choice,
            engine::mapping::UnmatchedItems,
            engine::mapping::MappingChoices,
            crate::RulesSaved,
            crate::AppMode,
            crate::AppStateView,
            crate::ErrorCode,
            crate::IpcError,
            engine::mismatches::MismatchView,
            crate::MismatchQuery,
            crate::Decision,
            engine::dashboard::FieldPair,
            engine::dashboard::EventView,
            engine::dashboard::MismatchDetail,
            engine::dashboard::StockPoint,
            engine::dashboard::StockHistory,
            engine::dashboard::OrdersMissing,
            engine::dashboard::StockDrift,
            engine::dashboard::PriceDrift,
            engine::dashboard::Amount,
            engine::dashboard::KindCount,
            engine::dashboard::LastSnapshot,
            engine::dashboard::TrendPoint,
            engine::dashboard::ControlTotalRow,
            engine::dashboard::Overview,
            engine::dashboard::PartView,
            engine::dashboard::SnapshotRunView,
            engine::dashboard::ReconSummary,
            crate::ProgressEvent,
        )
    };
}

/// Counts and ids stay far below 2^53: plain numbers, not bigint.
fn config() -> Config {
    Config::new().with_large_int("number")
}

/// The TypeScript name of each IPC type by its Rust name (the last path segment), for the
/// command wrappers generated from the handlers' signatures (crate::ipc).
pub fn typescript_names() -> std::collections::HashMap<&'static str, String> {
    let cfg = config();
    macro_rules! names {
        ($($t:ty),* $(,)?) => {
            [$((
                std::any::type_name::<$t>().rsplit("::").next().unwrap_or_default(),
                <$t as TS>::name(&cfg),
            )),*]
        };
    }
    ipc_types!(names).into_iter().collect()
}

/// The whole bindings file.
pub fn typescript() -> String {
    let cfg = config();
    macro_rules! decls {
        ($($t:ty),* $(,)?) => { [$(<$t as TS>::decl(&cfg)),*] };
    }
    let decls = ipc_types!(decls);
    let mut text = String::from(
        "// Generated from the Rust types by src-tauri/src/bindings.rs: do not edit.\n\
         // Regenerate: DRIFTWATCH_WRITE_BINDINGS=1 cargo test -p driftwatch-desktop bindings\n\
         // Money and quantities are decimal strings; timestamps RFC 3339 UTC; days YYYY-MM-DD.\n",
    );
    for decl in decls {
        text.push_str("\nexport ");
        text.push_str(decl.trim_end());
        if !decl.trim_end().ends_with(';') {
            text.push(';');
        }
        text.push('\n');
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bindings_are_current() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(PATH);
        let generated = typescript();
        if std::env::var_os("DRIFTWATCH_WRITE_BINDINGS").is_some() {
            std::fs::write(&path, &generated).unwrap();
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == generated,
            "{} is not what the Rust types generate: run \
             DRIFTWATCH_WRITE_BINDINGS=1 cargo test -p driftwatch-desktop bindings, then commit it",
            path.display()
        );
    }
}
