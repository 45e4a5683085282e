//! `driftwatch connect`: the app's Connect screen in a terminal. Asks for the shop,
//! how to sign in, the counterpart and its settings (as each connector describes
//! them), and the secrets (typed without echo); saves the settings to the
//! configuration file and the secrets to the OS keychain, then tests every
//! connection. Without a terminal the answers are read from stdin, one per line,
//! in the order asked (for scripts).

use std::collections::BTreeMap;
use std::io::{BufRead, IsTerminal, Write};

use anyhow::Context as _;
use engine::setup::{self, ConnectRequest, CounterpartForm, MagentoForm};
use model::connection::{SecretSpec, SettingKind, SettingSpec};
use model::{ConnectionId, SecretString};

use super::credentials::blocking;
use crate::{Context, Failure};

#[derive(Debug, clap::Args)]
pub struct Args {}

pub async fn run(context: &Context, _args: Args) -> Result<u8, Failure> {
    let forms = setup::forms();
    let mut ask = Prompter::new();
    eprintln!("Connect Driftwatch to your Magento store and your ERP. It only reads from them.");
    eprintln!(
        "Settings go to {}; secrets to the OS keychain.\n",
        context.config_path.display()
    );

    let base_url = ask.line("Shop address (e.g. https://shop.example.com)", None)?;
    let store_code = ask.line("Store code (\"all\" reads every store view)", Some("all"))?;
    let methods: Vec<String> = forms
        .sign_in_methods
        .iter()
        .map(|m| format!("{} — {}", m.label, m.sentence))
        .collect();
    let method =
        &forms.sign_in_methods[ask.choice("How Driftwatch signs in to Magento", &methods)?];
    let admin_username = match method.auth {
        model::MagentoAuthKind::Admin => ask.line("Admin user name", None)?,
        _ => String::new(),
    };
    let magento_secrets = ask.secrets(&method.secrets)?;

    let names: Vec<String> = forms
        .counterparts
        .iter()
        .map(|c| c.name.to_owned())
        .collect();
    let connector = &forms.counterparts[ask.choice("Your ERP", &names)?];
    let mut settings = BTreeMap::new();
    for spec in &connector.settings {
        settings.insert(spec.key.to_owned(), ask.setting(spec)?);
    }
    let erp_secrets = ask.secrets(&connector.secrets)?;

    let request = ConnectRequest {
        magento: MagentoForm {
            base_url,
            store_code,
            auth: method.auth,
            admin_username,
            secrets: magento_secrets,
        },
        counterpart: CounterpartForm {
            kind: connector.kind.to_owned(),
            settings,
            secrets: erp_secrets,
        },
    };
    let path = context.config_path.clone();
    let config = blocking(move || setup::save(&path, &request)).await??;
    eprintln!("\nSaved. Testing the connections…");

    let mut all_passed = true;
    for id in [setup::MAGENTO_ID, setup::COUNTERPART_ID] {
        let id = ConnectionId::parse(id).map_err(anyhow::Error::msg)?;
        let report =
            engine::connection_test::run_and_record(&config, &context.data_dir, &id).await?;
        println!("{id}:");
        for found in &report.found {
            println!("  {}: {}", found.label, found.value);
        }
        match &report.problem {
            None => println!("  passed"),
            Some(p) => {
                all_passed = false;
                println!("  FAILED: {}", p.message);
            }
        }
    }
    if all_passed {
        println!(
            "\nNext: `driftwatch mapping` shows how sources and price lists match; then `driftwatch refresh`."
        );
    }
    Ok(if all_passed { 0 } else { 1 })
}

/// Questions on stderr; answers from the terminal, or from stdin lines without one.
struct Prompter {
    terminal: bool,
    lines: std::io::Lines<std::io::StdinLock<'static>>,
}

impl Prompter {
    fn new() -> Self {
        Prompter {
            terminal: std::io::stdin().is_terminal(),
            lines: std::io::stdin().lock().lines(),
        }
    }

    fn read(&mut self, prompt: &str) -> Result<String, Failure> {
        eprint!("{prompt}: ");
        let _ = std::io::stderr().flush();
        let line = self
            .lines
            .next()
            .context("the input ended before every question was answered")?
            .context("reading the answer")?;
        if !self.terminal {
            eprintln!();
        }
        Ok(line.trim().to_owned())
    }

    /// A line; blank takes `default`, and is refused when there is none.
    fn line(&mut self, question: &str, default: Option<&str>) -> Result<String, Failure> {
        let prompt = match default {
            Some(d) => format!("{question} [{d}]"),
            None => question.to_owned(),
        };
        let answer = self.read(&prompt)?;
        match (answer.is_empty(), default) {
            (false, _) => Ok(answer),
            (true, Some(d)) => Ok(d.to_owned()),
            (true, None) => Err(Failure::usage(anyhow::anyhow!(
                "{question}: an answer is needed"
            ))),
        }
    }

    /// One of `options`, by number (blank: the first).
    fn choice(&mut self, question: &str, options: &[String]) -> Result<usize, Failure> {
        if options.len() == 1 {
            eprintln!("{question}: {}", options[0]);
            return Ok(0);
        }
        eprintln!("{question}:");
        for (i, option) in options.iter().enumerate() {
            eprintln!("  {}) {option}", i + 1);
        }
        let answer = self.read(&format!("Choose 1 to {} [1]", options.len()))?;
        if answer.is_empty() {
            return Ok(0);
        }
        match answer.parse::<usize>() {
            Ok(n) if (1..=options.len()).contains(&n) => Ok(n - 1),
            _ => Err(Failure::usage(anyhow::anyhow!(
                "{question}: answer with a number from 1 to {}, not \"{answer}\"",
                options.len()
            ))),
        }
    }

    /// A connector setting as typed; blank keeps its default (checked when saving).
    fn setting(&mut self, spec: &SettingSpec) -> Result<String, Failure> {
        if !spec.help.is_empty() {
            eprintln!("  ({})", spec.help);
        }
        let hint = match (&spec.kind, spec.default) {
            (SettingKind::Bool, Some(d)) => {
                format!(" (yes/no) [{}]", if d == "true" { "yes" } else { "no" })
            }
            (SettingKind::Bool, None) => " (yes/no)".to_owned(),
            (_, Some(d)) => format!(" [{d}]"),
            (_, None) if spec.required => String::new(),
            (_, None) => " [leave blank if unsure]".to_owned(),
        };
        let answer = self.read(&format!("{}{hint}", spec.label))?;
        if answer.is_empty() && spec.required {
            return Err(Failure::usage(anyhow::anyhow!(
                "{}: an answer is needed",
                spec.label
            )));
        }
        Ok(match (&spec.kind, answer.to_ascii_lowercase().as_str()) {
            (SettingKind::Bool, "y" | "yes" | "true") => "true".to_owned(),
            (SettingKind::Bool, "n" | "no" | "false") => "false".to_owned(),
            _ => answer,
        })
    }

    /// Each secret, without echo on a terminal; blank keeps one already stored.
    fn secrets(&mut self, specs: &[SecretSpec]) -> Result<BTreeMap<String, SecretString>, Failure> {
        let mut typed = BTreeMap::new();
        for spec in specs {
            let prompt = format!("{} ({}; blank keeps the one stored)", spec.label, spec.help);
            let value = if self.terminal {
                rpassword::prompt_password(format!("{prompt}: "))
                    .context("reading the secret from the terminal")?
            } else {
                self.read(&prompt)?
            };
            typed.insert(
                spec.name.to_owned(),
                SecretString::new(value.trim().to_owned()),
            );
        }
        Ok(typed)
    }
}
