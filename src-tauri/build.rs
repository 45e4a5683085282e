fn main() {
    // Only the commands listed here exist for the webview, and each must be granted by a
    // capability (capabilities/default.json): nothing is callable by default.
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(desktop_commands::COMMANDS)),
    )
    .expect("building the Tauri context");
}

/// Kept beside the handlers in src/commands.rs (a test checks both lists agree).
mod desktop_commands {
    include!("src/command_names.rs");
}
