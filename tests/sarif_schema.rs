//! `check --output-format sarif` on the seed article is valid against the published SARIF
//! 2.1.0 schema (fetched by `.ci/fetch-sarif-schema`, which `.ci/run` calls; the test prints
//! that it was skipped when the schema is absent).

use std::path::Path;
use std::process::Command;

#[test]
fn sarif_output_is_valid_against_the_schema() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let schema_path = root.join("target/sarif-schema/sarif-2.1.0.json");
    let Ok(schema) = std::fs::read_to_string(&schema_path) else {
        eprintln!(
            "skipped: {} not found (run .ci/fetch-sarif-schema)",
            schema_path.display()
        );
        return;
    };
    let mut schema: serde_json::Value = serde_json::from_str(&schema).unwrap();
    // The published schema's pattern for `language` properties has an unbalanced `]`, which a
    // strict validator rejects; it is replaced by the pattern it means (a tag like `en-US`).
    repair_language_pattern(&mut schema);
    let validator = jsonschema::draft4::new(&schema).expect("the schema compiles");

    let output = Command::new(env!("CARGO_BIN_EXE_mtscrub"))
        .current_dir(root)
        .args([
            "check",
            "--output-format",
            "sarif",
            "corpus/donga-2024-10-26-nk-troops.txt",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let log: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&log)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    assert_eq!(log["runs"][0]["results"].as_array().unwrap().len(), 8);

    // The validator does catch a malformed log.
    let mut broken = log.clone();
    broken["runs"][0]["results"][0]["level"] = serde_json::json!("loud");
    assert!(!validator.is_valid(&broken));
}

fn repair_language_pattern(value: &mut serde_json::Value) {
    const BROKEN: &str = "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$";
    match value {
        serde_json::Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                if key == "pattern" && child.as_str() == Some(BROKEN) {
                    *child = serde_json::json!("^[a-zA-Z]{2}(-[a-zA-Z]{2})?$");
                } else {
                    repair_language_pattern(child);
                }
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(repair_language_pattern),
        _ => {}
    }
}
