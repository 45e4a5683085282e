//! The TypeScript bindings of every type crossing IPC, generated from the Rust types into one
//! file the UI imports (`ui/src/lib/ipc/bindings.ts`). A test fails when the committed file
//! differs from what the types generate.

use ts_rs::{Config, TS};

/// Where the bindings live, relative to this crate.
pub const PATH: &str = "../ui/src/lib/ipc/bindings.ts";

/// The whole bindings file.
pub fn typescript() -> String {
    // Counts and ids stay far below 2^53: plain numbers, not bigint.
    let cfg = Config::new().with_large_int("number");
    let decls = [
        model::Entity::decl(&cfg),
        model::System::decl(&cfg),
        model::MismatchEntity::decl(&cfg),
        model::MismatchKind::decl(&cfg),
        model::MismatchState::decl(&cfg),
        model::MismatchKey::decl(&cfg),
        model::PricePoint::decl(&cfg),
        model::RunStatus::decl(&cfg),
        model::PartStatus::decl(&cfg),
        model::MagentoAuthKind::decl(&cfg),
        model::connection::SecretSpec::decl(&cfg),
        model::connection::SettingSpec::decl(&cfg),
        model::connection::SettingKind::decl(&cfg),
        model::connection::TestCode::decl(&cfg),
        model::connection::TestProblem::decl(&cfg),
        model::connection::Found::decl(&cfg),
        model::connection::TestReport::decl(&cfg),
        engine::setup::SignInMethod::decl(&cfg),
        engine::setup::ConnectorForm::decl(&cfg),
        engine::setup::ConnectForms::decl(&cfg),
        engine::setup::MagentoForm::decl(&cfg),
        engine::setup::CounterpartForm::decl(&cfg),
        engine::setup::ConnectRequest::decl(&cfg),
        crate::ConnectionTest::decl(&cfg),
        engine::connection_test::LastTest::decl(&cfg),
        engine::connections::SecretStatus::decl(&cfg),
        engine::connections::SecretState::decl(&cfg),
        engine::connections::ConnectionState::decl(&cfg),
        model::erp::CanonicalStatus::decl(&cfg),
        model::config::PriceKind::decl(&cfg),
        model::config::PriceListMapping::decl(&cfg),
        model::rules::ErpQuantity::decl(&cfg),
        engine::mapping::Link::decl(&cfg),
        engine::mapping::ToleranceForm::decl(&cfg),
        engine::mapping::StatusRow::decl(&cfg),
        engine::mapping::OrderRulesForm::decl(&cfg),
        engine::mapping::StockRulesForm::decl(&cfg),
        engine::mapping::PriceRulesForm::decl(&cfg),
        engine::mapping::RulesForm::decl(&cfg),
        engine::mapping::RulesDocument::decl(&cfg),
        engine::mapping::FieldProblem::decl(&cfg),
        engine::mapping::Choice::decl(&cfg),
        engine::mapping::UnmatchedItems::decl(&cfg),
        engine::mapping::MappingChoices::decl(&cfg),
        crate::RulesSaved::decl(&cfg),
        crate::AppMode::decl(&cfg),
        crate::AppStateView::decl(&cfg),
        crate::ErrorCode::decl(&cfg),
        crate::IpcError::decl(&cfg),
        engine::mismatches::MismatchView::decl(&cfg),
        crate::MismatchQuery::decl(&cfg),
        crate::Decision::decl(&cfg),
        engine::dashboard::FieldPair::decl(&cfg),
        engine::dashboard::EventView::decl(&cfg),
        engine::dashboard::MismatchDetail::decl(&cfg),
        engine::dashboard::StockPoint::decl(&cfg),
        engine::dashboard::StockHistory::decl(&cfg),
        engine::dashboard::OrdersMissing::decl(&cfg),
        engine::dashboard::StockDrift::decl(&cfg),
        engine::dashboard::PriceDrift::decl(&cfg),
        engine::dashboard::Amount::decl(&cfg),
        engine::dashboard::KindCount::decl(&cfg),
        engine::dashboard::LastSnapshot::decl(&cfg),
        engine::dashboard::TrendPoint::decl(&cfg),
        engine::dashboard::ControlTotalRow::decl(&cfg),
        engine::dashboard::Overview::decl(&cfg),
        engine::dashboard::PartView::decl(&cfg),
        engine::dashboard::SnapshotRunView::decl(&cfg),
        engine::dashboard::ReconSummary::decl(&cfg),
        crate::ProgressEvent::decl(&cfg),
    ];
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

    #[test]
    fn every_command_is_registered_and_granted() {
        let capability = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("capabilities/default.json"),
        )
        .unwrap();
        for command in crate::COMMANDS {
            let permission = format!("\"allow-{}\"", command.replace('_', "-"));
            assert!(
                capability.contains(&permission),
                "{permission} is not granted"
            );
        }
        let shell = include_str!("lib.rs");
        for command in crate::COMMANDS {
            assert!(
                shell.contains(&format!("commands::{command},")),
                "{command} is not in the invoke handler"
            );
        }
    }

    #[test]
    fn the_ui_calls_exactly_the_registered_commands() {
        let ui = include_str!("../../ui/src/lib/ipc/tauri.ts");
        let mut called: Vec<&str> = ui
            .split("call(\"")
            .skip(1)
            .filter_map(|rest| rest.split('"').next())
            .collect();
        called.sort_unstable();
        let mut registered = crate::COMMANDS.to_vec();
        registered.sort_unstable();
        assert_eq!(called, registered, "ui/src/lib/ipc/tauri.ts and COMMANDS");
    }
}
