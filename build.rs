//! Fetches the JavaScript library of the interactive HTML page (`derek viz --format html`) from
//! npm, at the exact version and checksum of `web/package-lock.json`, and puts its minified
//! file in OUT_DIR, where `src/export/html` embeds it. So the page works offline, the binary is
//! the only thing to ship, and no third-party code is kept in the repository.
//!
//! `npm ci` runs in a copy of `web/` inside OUT_DIR (the source tree stays clean) and only
//! when the lockfile changes. To build without npm, point `DEREK_CYTOSCAPE_JS` at a
//! `cytoscape.min.js` of the locked version. Builds without the `store` feature (the fuzz
//! targets) have no page and need neither.

use std::env;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

const PACKAGE: &str = "cytoscape";
const DIST: &str = "dist/cytoscape.min.js";

fn fail(msg: &str) -> ! {
    eprintln!("\nerror: derek's build could not embed the HTML page's graph library ({PACKAGE}).\n{msg}\n");
    std::process::exit(1);
}

/// The `"version"` of a package.json, read without a JSON parser (no build dependencies).
fn version_of(package_json: &str) -> Option<String> {
    let at = package_json.find("\"version\"")?;
    let rest = &package_json[at + "\"version\"".len()..];
    let rest = rest.trim_start().strip_prefix(':')?.trim_start();
    let rest = rest.strip_prefix('"')?;
    Some(rest[..rest.find('"')?].to_string())
}

/// The version `web/package-lock.json` pins for the package.
fn locked_version(lock: &str) -> Option<String> {
    let at = lock.find(&format!("\"node_modules/{PACKAGE}\""))?;
    version_of(&lock[at..])
}

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=web/package.json");
    println!("cargo:rerun-if-changed=web/package-lock.json");
    println!("cargo:rerun-if-env-changed=DEREK_CYTOSCAPE_JS");
    println!("cargo:rerun-if-env-changed=NPM");
    if env::var_os("CARGO_FEATURE_STORE").is_none() {
        return;
    }
    let out = PathBuf::from(env::var_os("OUT_DIR").unwrap_or_else(|| fail("OUT_DIR is not set")));
    let manifest = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let web = manifest.join("web");
    let lock = fs::read_to_string(web.join("package-lock.json"))
        .unwrap_or_else(|e| fail(&format!("{}: {e}", web.join("package-lock.json").display())));
    let want = locked_version(&lock)
        .unwrap_or_else(|| fail(&format!("web/package-lock.json does not lock {PACKAGE}")));

    let js = match env::var_os("DEREK_CYTOSCAPE_JS") {
        Some(p) => {
            let p = PathBuf::from(p);
            fs::read_to_string(&p)
                .unwrap_or_else(|e| fail(&format!("DEREK_CYTOSCAPE_JS={}: {e}", p.display())))
        }
        None => from_npm(&web, &out, &want),
    };
    if !js.contains("Permission is hereby granted") {
        fail("the library file has lost its licence header; it must be embedded with it");
    }
    if js.to_ascii_lowercase().contains("</script") {
        fail("the library contains \"</script\" and cannot be inlined in a page");
    }
    write(&out.join("cytoscape.min.js"), &js);
    write(&out.join("cytoscape.version"), &want);
}

fn write(path: &Path, text: &str) {
    // Rewrite only on change, so that dependent code is not rebuilt for nothing.
    if fs::read_to_string(path).ok().as_deref() != Some(text) {
        fs::write(path, text).unwrap_or_else(|e| fail(&format!("{}: {e}", path.display())));
    }
}

/// Runs `npm ci` in a copy of `web/` under OUT_DIR and returns the library's minified file.
fn from_npm(web: &Path, out: &Path, want: &str) -> String {
    let work = out.join("web");
    fs::create_dir_all(&work).unwrap_or_else(|e| fail(&format!("{}: {e}", work.display())));
    for f in ["package.json", "package-lock.json"] {
        fs::copy(web.join(f), work.join(f))
            .unwrap_or_else(|e| fail(&format!("copying web/{f}: {e}")));
    }
    let installed = work.join("node_modules").join(PACKAGE);
    let have = fs::read_to_string(installed.join("package.json"))
        .ok()
        .and_then(|p| version_of(&p));
    if have.as_deref() != Some(want) {
        let npm = env::var("NPM").unwrap_or_else(|_| "npm".to_string());
        let status = Command::new(&npm)
            .args([
                "ci",
                "--ignore-scripts",
                "--no-audit",
                "--no-fund",
                "--loglevel=error",
            ])
            .current_dir(&work)
            .status()
            .unwrap_or_else(|e| {
                fail(&format!(
                    "running `{npm} ci` failed: {e}.\n\
                     Install Node.js and npm (Debian: apt-get install nodejs npm), or set \
                     DEREK_CYTOSCAPE_JS to a copy of {PACKAGE}@{want}'s {DIST}."
                ))
            });
        if !status.success() {
            fail(&format!(
                "`{npm} ci` in {} exited with {status}: is the npm registry reachable? \
                 (or set DEREK_CYTOSCAPE_JS to a copy of {PACKAGE}@{want}'s {DIST})",
                work.display()
            ));
        }
    }
    let have = fs::read_to_string(installed.join("package.json"))
        .ok()
        .and_then(|p| version_of(&p));
    if have.as_deref() != Some(want) {
        fail(&format!(
            "npm installed {PACKAGE} {have:?}, but web/package-lock.json locks {want}"
        ));
    }
    fs::read_to_string(installed.join(DIST))
        .unwrap_or_else(|e| fail(&format!("{}: {e}", installed.join(DIST).display())))
}
