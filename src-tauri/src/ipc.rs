//! IPC from one source: the `#[tauri::command]` handlers in `commands.rs`. From their
//! signatures and doc comments this generates, and a test keeps current:
//! - `ui/src/lib/ipc/commands.ts`: the `Commands` interface the UI's `Backend` (and so its
//!   test double) extends, and `commandsOver(call)`, the wrappers `tauri.ts` uses;
//! - `capabilities/default.json`: the window may call exactly these commands;
//! - `src/command_names.rs`: the list `build.rs` gives Tauri's app manifest.
//!
//! The invoke handler in `lib.rs` is a macro over the handlers' paths and stays written by
//! hand; a test checks it lists every command. Regenerate after changing a command:
//! `DRIFTWATCH_WRITE_BINDINGS=1 cargo test -p driftwatch-desktop ipc`.

use std::collections::HashMap;

/// Where the generated files live, relative to this crate.
pub const COMMANDS_TS: &str = "../ui/src/lib/ipc/commands.ts";
pub const CAPABILITY: &str = "capabilities/default.json";
pub const COMMAND_NAMES: &str = "src/command_names.rs";

/// One command as its handler declares it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Command {
    pub name: String,
    pub doc: Vec<String>,
    /// The arguments the UI sends (the shell's own, such as `State` or `AppHandle`, left
    /// out): Rust name and Rust type.
    pub args: Vec<(String, String)>,
    /// `T` of `Answer<T>`.
    pub returns: String,
}

/// The commands of `source` (the text of `commands.rs`), in their order there.
pub fn commands(source: &str) -> Vec<Command> {
    let mut found = Vec::new();
    let lines: Vec<&str> = source.lines().collect();
    for (i, line) in lines.iter().enumerate() {
        if line.trim() != "#[tauri::command]" {
            continue;
        }
        let doc = lines[..i]
            .iter()
            .rev()
            .take_while(|l| l.trim_start().starts_with("///"))
            .map(|l| l.trim_start().trim_start_matches("///").trim().to_string())
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        let rest = lines[i + 1..].join("\n");
        let signature = &rest[..rest.find('{').expect("a handler has a body")];
        found.push(parse_signature(signature, doc));
    }
    found
}

fn parse_signature(signature: &str, doc: Vec<String>) -> Command {
    let after_fn = &signature[signature.find("fn ").expect("a handler is a fn") + 3..];
    let open = after_fn.find('(').expect("a parameter list");
    let name = after_fn[..open].trim().to_string();
    let close = after_fn.rfind(')').expect("a parameter list");
    let params = &after_fn[open + 1..close];
    let returns = after_fn[close + 1..]
        .trim()
        .strip_prefix("->")
        .map(str::trim)
        .and_then(|r| r.strip_prefix("Answer<"))
        .and_then(|r| r.strip_suffix('>'))
        .unwrap_or_else(|| panic!("{name} must answer `Answer<T>`"))
        .to_string();
    let args = split_top_level(params)
        .into_iter()
        .filter_map(|param| {
            let (arg, ty) = param.split_once(':')?;
            let ty = ty.trim();
            let from_shell = ty.starts_with("State<") || ty == "AppHandle" || ty == "Window";
            (!from_shell).then(|| (arg.trim().to_string(), ty.to_string()))
        })
        .collect();
    Command {
        name,
        doc,
        args,
        returns,
    }
}

/// `a: A, b: B<C, D>` split at the commas outside brackets.
fn split_top_level(text: &str) -> Vec<String> {
    let (mut parts, mut current, mut depth) = (Vec::new(), String::new(), 0i32);
    for c in text.chars() {
        match c {
            '<' | '(' | '[' => depth += 1,
            '>' | ')' | ']' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(std::mem::take(&mut current));
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    parts.push(current);
    parts
        .into_iter()
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect()
}

/// The TypeScript type of a Rust type as serde sends it; IPC types by their generated names.
fn ts_type(rust: &str, names: &HashMap<&'static str, String>) -> String {
    let rust = rust.trim();
    let inner = |prefix: &str| {
        rust.strip_prefix(prefix)
            .and_then(|r| r.strip_suffix('>'))
            .map(str::to_string)
    };
    if let Some(item) = inner("Vec<") {
        let item = ts_type(&item, names);
        return if item.contains(' ') {
            format!("({item})[]")
        } else {
            format!("{item}[]")
        };
    }
    if let Some(item) = inner("Option<") {
        return format!("{} | null", ts_type(&item, names));
    }
    match rust {
        "String" | "SecretString" => "string".into(),
        "bool" => "boolean".into(),
        "i32" | "i64" | "u32" | "u64" | "usize" | "f64" => "number".into(),
        "()" => "void".into(),
        other => {
            let ident = other.rsplit("::").next().unwrap_or(other);
            names.get(ident).cloned().unwrap_or_else(|| {
                panic!("`{other}` crosses IPC but is not in bindings.rs: add it to ipc_types")
            })
        }
    }
}

/// `file_name` -> `fileName`, as Tauri names arguments and as the UI names methods.
fn camel(snake: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for c in snake.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

const HEADER: &str = "Generated from the #[tauri::command] handlers in src-tauri/src/commands.rs \
     by src-tauri/src/ipc.rs: do not edit.\n\
     Regenerate: DRIFTWATCH_WRITE_BINDINGS=1 cargo test -p driftwatch-desktop ipc";

/// `ui/src/lib/ipc/commands.ts`.
pub fn commands_ts(commands: &[Command], names: &HashMap<&'static str, String>) -> String {
    let mut used: Vec<String> = Vec::new();
    let mut note = |ts: &str| {
        for word in ts.split(|c: char| !c.is_alphanumeric()) {
            if names.values().any(|n| n == word) && !used.iter().any(|u| u == word) {
                used.push(word.to_string());
            }
        }
    };
    let mut interface = String::new();
    let mut wrappers = String::new();
    for c in commands {
        let method = camel(&c.name);
        let params: Vec<(String, String)> = c
            .args
            .iter()
            .map(|(arg, ty)| (camel(arg), ts_type(ty, names)))
            .collect();
        let returns = ts_type(&c.returns, names);
        params.iter().for_each(|(_, ty)| note(ty));
        note(&returns);
        match c.doc.as_slice() {
            [] => {}
            [one] => interface.push_str(&format!("  /** {one} */\n")),
            many => {
                interface.push_str("  /**\n");
                for line in many {
                    interface.push_str(&format!("   * {line}\n").replace("* \n", "*\n"));
                }
                interface.push_str("   */\n");
            }
        }
        let typed: Vec<String> = params.iter().map(|(a, t)| format!("{a}: {t}")).collect();
        interface.push_str(&format!(
            "  {method}({}): Promise<{returns}>;\n",
            typed.join(", ")
        ));
        let plain: Vec<&str> = params.iter().map(|(a, _)| a.as_str()).collect();
        let call = if plain.is_empty() {
            format!("call(\"{}\")", c.name)
        } else {
            format!("call(\"{}\", {{ {} }})", c.name, plain.join(", "))
        };
        wrappers.push_str(&format!(
            "    {method}: ({}) => {call},\n",
            plain.join(", ")
        ));
    }
    used.sort();
    let header: String = HEADER.lines().map(|l| format!("// {l}\n")).collect();
    format!(
        "{header}\nimport type {{ {} }} from \"./bindings\";\n\n\
         /** Every command of the desktop shell, as the shell declares it. */\n\
         export interface Commands {{\n{interface}}}\n\n\
         /** Sends one command with its named arguments; rejects with an `IpcError`. */\n\
         export type Call = <T>(command: string, args?: Record<string, unknown>) => Promise<T>;\n\n\
         /** The commands over `call` (Tauri's `invoke` in the app). */\n\
         export function commandsOver(call: Call): Commands {{\n  return {{\n{wrappers}  }};\n}}\n",
        used.join(", ")
    )
}

/// `capabilities/default.json`.
pub fn capability(commands: &[Command]) -> String {
    let mut permissions = vec![
        "core:event:allow-listen".to_string(),
        "core:event:allow-unlisten".to_string(),
    ];
    permissions.extend(
        commands
            .iter()
            .map(|c| format!("allow-{}", c.name.replace('_', "-"))),
    );
    let value = serde_json::json!({
        "$schema": "../gen/schemas/desktop-schema.json",
        "identifier": "default",
        "description": "What the Driftwatch window may do: listen to progress events and call \
                        the app's own commands, nothing else. Generated by src/ipc.rs.",
        "windows": ["main"],
        "permissions": permissions,
    });
    serde_json::to_string_pretty(&value).expect("JSON") + "\n"
}

/// `src/command_names.rs`.
pub fn command_names(commands: &[Command]) -> String {
    let header: String = HEADER.lines().map(|l| format!("// {l}\n")).collect();
    let names: String = commands
        .iter()
        .map(|c| format!("    \"{}\",\n", c.name))
        .collect();
    format!(
        "{header}\n/// Every command the UI may call.\npub const COMMANDS: &[&str] = &[\n{names}];\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn handlers() -> Vec<Command> {
        commands(include_str!("commands.rs"))
    }

    #[test]
    fn generated_ipc_files_are_current() {
        let commands = handlers();
        let names = crate::bindings::typescript_names();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let files = [
            (COMMANDS_TS, commands_ts(&commands, &names)),
            (CAPABILITY, capability(&commands)),
            (COMMAND_NAMES, command_names(&commands)),
        ];
        for (path, generated) in files {
            let path = root.join(path);
            if std::env::var_os("DRIFTWATCH_WRITE_BINDINGS").is_some() {
                std::fs::write(&path, &generated).unwrap();
            }
            let committed = std::fs::read_to_string(&path).unwrap_or_default();
            assert!(
                committed == generated,
                "{} is not what the handlers generate: run \
                 DRIFTWATCH_WRITE_BINDINGS=1 cargo test -p driftwatch-desktop ipc, then commit it",
                path.display()
            );
        }
    }

    #[test]
    fn every_command_is_in_the_invoke_handler() {
        let shell = include_str!("lib.rs");
        let commands = handlers();
        assert!(commands.len() >= 20, "{commands:?}");
        for c in &commands {
            assert!(
                shell.contains(&format!("commands::{},", c.name)),
                "{} is not in the invoke handler",
                c.name
            );
        }
        let registered = shell.matches("commands::").count();
        assert_eq!(
            registered,
            commands.len(),
            "lib.rs registers a command that is not one"
        );
    }

    #[test]
    fn signatures_become_typescript() {
        let source = "
/// Saves it.
/// Twice.
#[tauri::command]
pub async fn save_things(
    handle: AppHandle,
    app: State<'_, App>,
    file_name: String,
    ids: Vec<i64>,
    note: Option<String>,
) -> Answer<Vec<MismatchView>> {
    todo!()
}
";
        let found = commands(source);
        assert_eq!(
            found,
            [Command {
                name: "save_things".into(),
                doc: vec!["Saves it.".into(), "Twice.".into()],
                args: vec![
                    ("file_name".into(), "String".into()),
                    ("ids".into(), "Vec<i64>".into()),
                    ("note".into(), "Option<String>".into()),
                ],
                returns: "Vec<MismatchView>".into(),
            }]
        );
        let names = crate::bindings::typescript_names();
        let ts = commands_ts(&found, &names);
        assert!(
            ts.contains("saveThings(fileName: string, ids: number[], note: string | null): Promise<MismatchRow[]>;"),
            "{ts}"
        );
        assert!(
            ts.contains(
                "saveThings: (fileName, ids, note) => call(\"save_things\", { fileName, ids, note }),"
            ),
            "{ts}"
        );
        assert!(
            ts.contains("import type { MismatchRow } from \"./bindings\";"),
            "{ts}"
        );
    }
}
